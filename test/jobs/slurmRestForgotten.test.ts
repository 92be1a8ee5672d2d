// Service tier: a job slurmctld has forgotten (as it does MinJobAge after the job ended), against a
// real Slurm that keeps accounting (MariaDB, slurmdbd, slurmrestd's openapi/dbv0.0.38): slurm-rest
// reads how it ended from the accounting API, as slurm-cli does from sacct, and a job no accounting
// knows ends as "ended, state not known" instead of being asked about forever. slurmctld is restarted
// without its saved state to forget the jobs now rather than after MinJobAge.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { isFinal, newJobId, type JobRecord } from '../../core/jobs/jobRecord';
import { SlurmRest } from '../../core/jobs/slurmRest';
import { english } from '../../core/text/message';
import { JOB_USER, SLURM_ROOT, SlurmCluster } from '../support/slurmCluster';
import { until } from '../support/until';

describe('slurm-rest: a job slurmctld no longer knows', function () {
  this.timeout(120_000);
  let cluster: SlurmCluster;
  let rest: SlurmRest;

  before(async function () {
    this.timeout(180_000);
    cluster = await SlurmCluster.start({ accounting: true });
    const token = cluster.token(JOB_USER);
    rest = new SlurmRest({ url: cluster.restUrl, user: JOB_USER, version: 'v0.0.38', token: async () => token });
  });
  after(async function () {
    this.timeout(60_000);
    await cluster?.stop();
  });

  async function submitted(name: string, command: string): Promise<JobRecord> {
    const workdir = path.join(SLURM_ROOT, 'jobs', JOB_USER, 'forgotten');
    const id = newJobId(name);
    const jobDir = path.join(workdir, '.hai', 'jobs', id);
    mkdirSync(jobDir, { recursive: true });
    const [uid, gid] = ['-u', '-g'].map((f) => Number(execFileSync('id', [f, JOB_USER], { encoding: 'utf8' })));
    for (let d = jobDir; d.startsWith(path.join(SLURM_ROOT, 'jobs', JOB_USER)); d = path.dirname(d)) {
      chownSync(d, uid, gid);
      chmodSync(d, 0o755);
    }
    return rest.submit({ id, spec: { name, command }, workdir, jobDir });
  }

  /** The job's state in slurmdbd, as sacct shows it (empty until slurmctld has sent it). */
  const accounted = (id: string): string => execFileSync('sacct', ['-n', '-P', '-X', '-j', id, '-o', 'State'], { encoding: 'utf8' }).trim();

  it('reads the final state and exit code from slurmdbd, and ends one that no accounting knows', async () => {
    const failing = await submitted('forgotten-fails', 'echo about to fail; exit 3');
    const passing = await submitted('forgotten-passes', 'echo fine');
    await until(async () => (/FAILED/.test(accounted(failing.backendId)) && /COMPLETED/.test(accounted(passing.backendId)) ? true : undefined), 'slurmdbd has both jobs’ ends', 60_000);

    await cluster.stopController();
    await cluster.startController({ clearState: true });
    // As a window last saw them: running. slurmctld now answers "Invalid job id" for both.
    const seenRunning = (r: JobRecord): JobRecord => ({ ...r, state: 'running' });
    const never: JobRecord = { ...seenRunning(failing), id: 'never-known', backendId: '987654' };
    const updates = await rest.refresh([seenRunning(failing), seenRunning(passing), never]);

    const failed = { ...failing, ...updates.get(failing.id) };
    assert.equal(failed.state, 'failed');
    // slurmrestd 22.05's accounting API gives return_code 0 for this job (sacct shows 3:0): no code
    // is better than a wrong one. A later slurmrestd gives the 3.
    assert.ok(failed.exitCode === 3 || failed.exitCode === undefined, `exit code ${failed.exitCode}`);
    assert.ok(failed.endedAt && failed.startedAt && failed.endedAt >= failed.startedAt, 'the times slurmdbd recorded');
    const completed = { ...passing, ...updates.get(passing.id) };
    assert.equal(completed.state, 'completed');
    assert.equal(completed.exitCode, 0);

    const ended = { ...never, ...updates.get(never.id) };
    assert.equal(ended.state, 'ended');
    assert.ok(isFinal(ended), 'final: not polled again, and it can be removed');
    assert.match(english(ended.reasonText!), /no accounting record of it; see its log/);
  });

  it('keeps asking while slurmdbd does not answer, and reads the end once it is back', async () => {
    const rec = await submitted('forgotten-outage', 'exit 0');
    await until(async () => (/COMPLETED/.test(accounted(rec.backendId)) ? true : undefined), 'slurmdbd has the job’s end', 60_000);
    await cluster.stopController();
    await cluster.startController({ clearState: true });
    await cluster.accountingDb!.stopDbd();
    try {
      const during = (await rest.refresh([{ ...rec, state: 'running' }])).get(rec.id);
      assert.equal(during?.state, 'unknown');
      assert.match(english(during!.reasonText!), /accounting database does not answer .*HAI asks again/);
    } finally {
      await cluster.accountingDb!.startDbd();
    }
    const after = (await rest.refresh([{ ...rec, state: 'unknown' }])).get(rec.id);
    assert.equal(after?.state, 'completed');
  });
});
