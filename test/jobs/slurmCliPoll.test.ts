// Service tier: what slurm-cli asks a real Slurm 22.05 on each poll. It must name our jobs (squeue
// --jobs, scontrol with an id) and never read every job of the cluster, which on a big one (20k
// jobs) outgrows any output limit; array tasks (123_4) and a job slurmctld forgot are answered too.
// The real commands run behind a PATH entry that only notes their arguments.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isFinal, newJobId, type JobRecord } from '../../core/jobs/jobRecord';
import { SlurmCli } from '../../core/jobs/slurmCli';
import { SLURM_ROOT, SlurmCluster } from '../support/slurmCluster';
import { until } from '../support/until';

describe('slurm-cli: a poll asks Slurm only about our jobs', function () {
  this.timeout(120_000);
  let cluster: SlurmCluster;
  let shims: string;
  let log: string;
  const oldPath = process.env.PATH;
  const cli = new SlurmCli();

  before(async function () {
    this.timeout(180_000);
    cluster = await SlurmCluster.start();
    shims = mkdtempSync(path.join(os.tmpdir(), 'hai-slurm-shims-'));
    log = path.join(shims, 'calls.log');
    for (const name of ['squeue', 'scontrol', 'sacct']) {
      const file = path.join(shims, name);
      writeFileSync(file, `#!/bin/bash\nprintf '%s\\n' "${name} $*" >> '${log}'\nexec /usr/bin/${name} "$@"\n`);
      chmodSync(file, 0o755);
    }
    process.env.PATH = `${shims}:${oldPath}`;
  });
  after(async function () {
    this.timeout(60_000);
    process.env.PATH = oldPath;
    rmSync(shims, { recursive: true, force: true });
    await cluster?.stop();
  });

  const sbatch = (...args: string[]): string => execFileSync('/usr/bin/sbatch', ['--parsable', '-o', '/dev/null', ...args], { encoding: 'utf8', cwd: os.tmpdir() }).trim();

  it('names our jobs, reads array tasks and an exit code, and ends a job Slurm forgot', async () => {
    // Other people's jobs on the cluster, which a poll must not read.
    const others = [1, 2, 3].map(() => sbatch('--hold', '--wrap', 'true'));
    const workdir = path.join(SLURM_ROOT, 'jobs');
    const id = newJobId('poll-fails');
    const jobDir = path.join(workdir, '.hai', 'jobs', id);
    mkdirSync(jobDir, { recursive: true });
    const failing = await cli.submit({ id, spec: { name: 'poll-fails', command: 'exit 3' }, workdir, jobDir });
    const array = sbatch('--array=0-1', '--wrap', 'sleep 60');
    const like = (name: string, backendId: string): JobRecord => ({ ...failing, id: name, name, backendId, state: 'pending' });
    const records = [failing, like('task', `${array}_1`), like('whole-array', array), like('forgotten', '987654')];
    writeFileSync(log, '');

    const byName = await until(
      async () => {
        const updates = await cli.refresh(records);
        const now = new Map(records.map((r) => [r.name, { ...r, ...updates.get(r.id) }]));
        return isFinal(now.get('poll-fails')!) && now.get('task')!.state === 'running' ? now : undefined;
      },
      'the failing job ends and the array task runs',
      60_000,
    );
    assert.equal(byName.get('poll-fails')!.state, 'failed');
    assert.equal(byName.get('poll-fails')!.exitCode, 3);
    assert.ok(['pending', 'running'].includes(byName.get('whole-array')!.state), byName.get('whole-array')!.state);
    assert.equal(byName.get('forgotten')!.state, 'ended', 'no accounting here: it ends, state not known');

    const calls = readFileSync(log, 'utf8').trim().split('\n');
    const mine = [failing.backendId, `${array}_1`, array, '987654'];
    for (const call of calls) {
      const [command, ...args] = call.split(' ');
      if (command === 'squeue') {
        const jobs = args.find((a) => a.startsWith('--jobs='))?.slice('--jobs='.length).split(',');
        assert.deepEqual(jobs?.sort(), [...mine].sort(), call);
      } else if (command === 'scontrol') {
        assert.match(call, /^scontrol show job -o \d+(_\d+)?$/, 'one named job at a time');
        assert.ok(mine.includes(args[3]), call);
      }
      for (const other of others) assert.ok(!call.split(/[ ,=]/).includes(other), `${call} names another's job ${other}`);
    }
    assert.ok(calls.some((c) => c.startsWith('squeue')), calls.join('\n'));
  });
});
