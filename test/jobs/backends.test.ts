// Service tier: the job backends against the real thing — the local runner's processes, and a real
// single-node Slurm 22.05 (slurmctld, slurmd with two fake GPUs, slurmrestd with JWT) started here.
// The same contract runs for each backend: submit, RUNNING then COMPLETED with the exit code, the
// log, a failing job, cancel, a GPU request, a request no node can meet.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackendError, type JobBackend } from '../../core/jobs/backend';
import { isFinal, newJobId, type JobRecord, runsElsewhere } from '../../core/jobs/jobRecord';
import { RunMetrics } from '../../core/jobs/runMetrics';
import type { JobSpec } from '../../core/jobs/jobSpec';
import { JobStore } from '../../core/jobs/jobStore';
import { JobTracker } from '../../core/jobs/jobTracker';
import { LocalRunner } from '../../core/jobs/localRunner';
import { SlurmCli } from '../../core/jobs/slurmCli';
import { clusterValues } from '../../core/jobs/specClusterValues';
import { SlurmRest } from '../../core/jobs/slurmRest';
import { JOB_USER, SLURM_ROOT, SlurmCluster } from '../support/slurmCluster';
import { rejection } from '../support/rejection';
import { until } from '../support/until';

interface Harness {
  readonly backend: JobBackend;
  /** A working directory the job's user can write. */
  workdir(): string;
}

/** Submits a spec and follows the record as a controller would. */
async function submit(h: Harness, spec: JobSpec): Promise<JobRecord> {
  const workdir = h.workdir();
  const id = newJobId(spec.name);
  const jobDir = path.join(workdir, '.hai', 'jobs', id);
  mkdirSync(jobDir, { recursive: true });
  // The job runs as its user; our folder must be theirs too (it is, when VS Code runs as that user).
  if (process.getuid?.() === 0 && workdir.startsWith(SLURM_ROOT)) {
    for (const d of [path.join(workdir, '.hai'), path.join(workdir, '.hai', 'jobs'), jobDir]) chownSync(d, ...ids(JOB_USER));
  }
  return h.backend.submit({ id, spec, workdir, jobDir });
}

function ids(user: string): [number, number] {
  return [Number(execFileSync('id', ['-u', user], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }))];
}

async function follow(h: Harness, rec: JobRecord, until_: (r: JobRecord) => boolean, timeoutMs = 30_000): Promise<JobRecord> {
  let current = rec;
  return until(
    async () => {
      const u = (await h.backend.refresh([current])).get(current.id);
      if (u) current = { ...current, ...u };
      return until_(current) ? current : undefined;
    },
    `job ${rec.name} satisfies the condition (last state ${current.state})`,
    timeoutMs,
  );
}

function contract(name: string, make: () => Harness, options: { gpuEnv: RegExp }): void {
  describe(`${name}: the job contract`, function () {
    this.timeout(60_000);
    let h: Harness;
    before(() => {
      h = make();
    });

    it('runs a job: running, then completed with exit code 0, and its output in the log', async () => {
      const rec = await submit(h, { name: 'hello', command: ['bash', '-c', 'echo "hello from $0"; sleep 2; echo done', 'the job'], env: { GREETING: "it's; $(not run)" } });
      assert.ok(/^\d+$/.test(rec.backendId));
      const running = await follow(h, rec, (r) => r.state === 'running' || r.state === 'completed');
      const done = await follow(h, running, (r) => r.state === 'completed');
      assert.equal(done.exitCode, 0);
      const log = await until(async () => {
        const text = readFileSync(done.logPath, 'utf8');
        return text.includes('done') ? text : undefined;
      }, 'the log has the last line');
      assert.match(log, /hello from the job/);
      assert.match(log, /\[HAI\] job hello started on/);
    });

    it('passes hostile values through untouched: quotes, ;, $() and newlines reach the program as plain text', async () => {
      const weird = `a'b"c; echo PWNED $(id) \`id\`\nsecond line`;
      const rec = await submit(h, { name: 'quoting', command: ['printf', '[%s]\\n', weird], env: { WEIRD: weird } });
      const done = await follow(h, rec, (r) => r.state === 'completed' || r.state === 'failed');
      assert.equal(done.state, 'completed');
      const log = readFileSync(done.logPath, 'utf8');
      assert.ok(log.includes(`[${weird}]`), log);
      assert.ok(!/^PWNED/m.test(log));
    });

    it('reports a failing job with its exit code', async () => {
      const rec = await submit(h, { name: 'fails', command: 'echo about to fail; exit 3' });
      const done = await follow(h, rec, (r) => r.state === 'failed' || r.state === 'completed');
      assert.equal(done.state, 'failed');
      assert.equal(done.exitCode, 3);
    });

    it('cancels a running job', async () => {
      const rec = await submit(h, { name: 'long', command: ['sleep', '300'] });
      const running = await follow(h, rec, (r) => r.state === 'running');
      const update = await h.backend.cancel(running);
      assert.equal(update.state, 'cancelled');
      const after = await follow(h, { ...running, ...update, state: 'running' }, (r) => r.state === 'cancelled' || r.state === 'failed', 30_000);
      assert.ok(after.state === 'cancelled' || (h.backend.kind === 'local' && after.state === 'failed'), after.state);
    });

    it('gives a GPU job its GPU (CUDA_VISIBLE_DEVICES)', async () => {
      const rec = await submit(h, { name: 'gpu', command: ['bash', '-c', 'echo "devices=$CUDA_VISIBLE_DEVICES"'], resources: { gpus: 1 } });
      const done = await follow(h, rec, (r) => r.state === 'completed' || r.state === 'failed');
      assert.equal(done.state, 'completed');
      assert.match(readFileSync(done.logPath, 'utf8'), options.gpuEnv);
    });

    it('rejects a request no node can meet, saying why', async () => {
      const err = await rejection(submit(h, { name: 'toomany', command: ['true'], resources: { gpus: 3 } }));
      assert.equal(err.kind, 'rejected');
      assert.match(err.message, /GPU|node/i);
    });
  });
}

describe('job backends', function () {
  this.timeout(120_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-jobs-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  contract('local runner', () => ({
    backend: new LocalRunner({ gpus: async () => [{ index: '0', name: 'Test GPU' }, { index: '1', name: 'Test GPU' }], killGraceMs: 2000 }),
    workdir: () => tmp,
  }), { gpuEnv: /devices=0$/m });

  describe('local runner', () => {
    it('says so when the machine has no GPU', async () => {
      const runner = new LocalRunner({ gpus: async () => [] });
      const jobDir = path.join(tmp, 'nogpu');
      const err = await rejection(runner.submit({ id: 'x', spec: { name: 'x', command: ['true'], resources: { gpus: 1 } }, workdir: tmp, jobDir }));
      assert.match(err.message, /has none/);
    });

    it('keeps a running job’s GPUs out of the next job', async () => {
      const gpus = async () => [{ index: '0', name: 'A' }, { index: '1', name: 'A' }];
      const jobs: JobRecord[] = [];
      const runner = new LocalRunner({ gpus, running: () => jobs, killGraceMs: 1000 });
      const spec: JobSpec = { name: 'g', command: ['sleep', '30'], resources: { gpus: 1 } };
      const first = await runner.submit({ id: 'g1', spec, workdir: tmp, jobDir: path.join(tmp, 'g1') });
      jobs.push(first);
      const second = await runner.submit({ id: 'g2', spec, workdir: tmp, jobDir: path.join(tmp, 'g2') });
      jobs.push(second);
      assert.deepEqual([first.devices, second.devices], ['0', '1']);
      const err = await rejection(runner.submit({ id: 'g3', spec, workdir: tmp, jobDir: path.join(tmp, 'g3') }));
      assert.match(err.message, /0 of 2 are free/);
      await Promise.all(jobs.map((j) => runner.cancel(j)));
    });

    it("leaves another machine's jobs out of this machine's busy GPUs (a home folder shared by login nodes)", async () => {
      const gpus = async () => [{ index: '0', name: 'A' }];
      const elsewhere = { ...(await new LocalRunner({ gpus, hostname: 'login02' }).submit({ id: 'e1', spec: { name: 'e1', command: ['sleep', '30'], resources: { gpus: 1 } }, workdir: tmp, jobDir: path.join(tmp, 'e1') })) };
      const here = new LocalRunner({ gpus, running: () => [elsewhere], hostname: 'login01', killGraceMs: 1000 });
      const mine = await here.submit({ id: 'e2', spec: { name: 'e2', command: ['sleep', '30'], resources: { gpus: 1 } }, workdir: tmp, jobDir: path.join(tmp, 'e2') });
      assert.equal(mine.devices, '0', "login02's GPU 0 is not this machine's");
      assert.ok(runsElsewhere(elsewhere, 'login01') && !runsElsewhere(mine, 'login01'));
      await here.cancel(mine);
      await new LocalRunner({ hostname: 'login02', killGraceMs: 1000 }).cancel(elsewhere);
    });

    it('finds out how a job ended after a restart (a new runner, the same record)', async () => {
      const rec = await new LocalRunner().submit({ id: 'r1', spec: { name: 'r1', command: 'sleep 1; exit 7' }, workdir: tmp, jobDir: path.join(tmp, 'r1') });
      const later = new LocalRunner();
      const done = await follow({ backend: later, workdir: () => tmp }, rec, (r) => r.state !== 'running');
      assert.deepEqual([done.state, done.exitCode], ['failed', 7]);
    });

    it('marks a job killed from outside as failed, without an exit status', async () => {
      const runner = new LocalRunner();
      const rec = await runner.submit({ id: 'k1', spec: { name: 'k1', command: ['sleep', '60'] }, workdir: tmp, jobDir: path.join(tmp, 'k1') });
      process.kill(-Number(rec.backendId), 'SIGKILL');
      const done = await follow({ backend: runner, workdir: () => tmp }, rec, (r) => r.state !== 'running');
      assert.equal(done.state, 'failed');
      assert.match(done.reason ?? '', /without an exit status/);
    });

    it('gives each run of a spec its own metrics: none for a run that wrote none, and a finished run keeps its curves', async () => {
      const workdir = mkdtempSync(path.join(tmp, 'runs-'));
      const store = new JobStore(path.join(workdir, 'jobs.json'));
      const tracker = new JobTracker(store, () => new LocalRunner());
      const run = async (name: string, command: string): Promise<JobRecord> => {
        const rec = await tracker.submit({ spec: { name, command }, workdir, backend: 'local' });
        return until(async () => {
          await tracker.refresh();
          const r = store.get(rec.id);
          return r && isFinal(r) ? r : undefined;
        }, `${name} ends`, 30_000);
      };
      const epochs = async (rec: JobRecord): Promise<number[]> => {
        const m = new RunMetrics(rec);
        await m.update();
        return m.series().points.map((p) => p.x);
      };
      // Each run writes metrics.jsonl in the working folder, as the demo's train.py does.
      const write = (n: number) => `for e in $(seq 1 ${n}); do echo "{\\"epoch\\": $e, \\"loss\\": 0.$e}"; done > metrics.jsonl`;
      const first = await run('tagger', write(3));
      const crashed = await run('tagger', 'echo "No module named torch" >&2; exit 1');
      const appended = await run('tagger', 'echo \'{"epoch": 4, "loss": 0.1}\' >> metrics.jsonl');
      const second = await run('tagger', write(2));
      // A rerun with a fixed seed writes the same lines again: it empties the file first (as open(…, "w")
      // does), which the tracker sees while it runs.
      const same = await run('tagger', `: > metrics.jsonl; sleep 1.5; ${write(2)}`);
      assert.deepEqual([first.state, crashed.state, appended.state, second.state, same.state], ['completed', 'failed', 'completed', 'completed', 'completed']);
      assert.deepEqual(await epochs(same), [1, 2]);
      assert.equal(crashed.metricsPath, path.join(crashed.jobDir, 'metrics.jsonl'), 'an ended run follows its own copy');
      assert.equal(crashed.metricsStart, undefined);
      assert.deepEqual(await epochs(first), [1, 2, 3], 'the first run keeps its curves after the file was rewritten');
      assert.deepEqual(await epochs(crashed), [], 'the crashed run shows none of the others\' epochs');
      assert.deepEqual(await epochs(appended), [4]);
      assert.deepEqual(await epochs(second), [1, 2]);
    });

    it('keeps overlapping runs of a spec apart when the script writes where HAI_METRICS_FILE points', async () => {
      const workdir = mkdtempSync(path.join(tmp, 'own-'));
      const store = new JobStore(path.join(workdir, 'jobs.json'));
      const tracker = new JobTracker(store, () => new LocalRunner());
      const epochs = async (rec: JobRecord): Promise<number[]> => {
        const m = new RunMetrics(rec);
        await m.update();
        return m.series().points.map((p) => p.x);
      };
      // As the demo's train.py does: --metrics defaults to $HAI_METRICS_FILE, else metrics.jsonl.
      const write = (n: number, pause: number) =>
        `out="\${HAI_METRICS_FILE:-metrics.jsonl}"; : > "$out"; for e in $(seq 1 ${n}); do echo "{\\"epoch\\": $e, \\"loss\\": 0.$e}" >> "$out"; sleep ${pause}; done`;
      const slow = await tracker.submit({ spec: { name: 'tagger', command: write(3, 1) }, workdir, backend: 'local' });
      const quick = await tracker.submit({ spec: { name: 'tagger', command: write(2, 0.2) }, workdir, backend: 'local' });
      // While the slow run goes on, its record already follows its own file.
      const following = await until(async () => {
        await tracker.refresh();
        const r = store.get(slow.id);
        return r && !isFinal(r) && r.metricsPath === path.join(slow.jobDir, 'metrics.jsonl') ? r : undefined;
      }, 'the running job follows its own metrics file', 30_000);
      assert.equal(following.metricsStart, undefined);
      const [a, b] = await until(async () => {
        await tracker.refresh();
        const both = [store.get(slow.id), store.get(quick.id)];
        return both.every((r) => r && isFinal(r)) ? (both as JobRecord[]) : undefined;
      }, 'both runs end', 30_000);
      assert.deepEqual([a.state, b.state], ['completed', 'completed']);
      assert.deepEqual([a.metricsPath, b.metricsPath], [path.join(slow.jobDir, 'metrics.jsonl'), path.join(quick.jobDir, 'metrics.jsonl')]);
      assert.deepEqual(await epochs(a), [1, 2, 3]);
      assert.deepEqual(await epochs(b), [1, 2]);
      assert.ok(!existsSync(path.join(workdir, 'metrics.jsonl')), 'nothing was written to the shared file');
    });
  });

  describe('with a real Slurm', function () {
    let cluster: SlurmCluster;
    let token: string;
    const userDir = () => {
      const d = path.join(SLURM_ROOT, 'jobs', JOB_USER, 'work');
      mkdirSync(d, { recursive: true });
      chownSync(d, ...ids(JOB_USER));
      chmodSync(d, 0o755);
      return d;
    };
    before(async function () {
      this.timeout(60_000);
      cluster = await SlurmCluster.start();
      token = cluster.token(JOB_USER);
    });
    after(async function () {
      this.timeout(60_000);
      await cluster?.stop();
    });

    const rest = (tok: () => string): SlurmRest => new SlurmRest({ url: cluster.restUrl, user: JOB_USER, version: 'v0.0.38', token: async () => tok() });

    contract('slurm-cli', () => ({ backend: new SlurmCli(), workdir: () => path.join(SLURM_ROOT, 'jobs') }), { gpuEnv: /devices=0$/m });
    contract('slurm-rest', () => ({ backend: rest(() => token), workdir: userDir }), { gpuEnv: /devices=0$/m });

    it('slurm-cli: lists the partition and its GPUs from sinfo', async () => {
      const parts = await new SlurmCli().partitions();
      assert.deepEqual(parts.map((p) => [p.name, p.isDefault, p.up, p.gres]), [['debug', true, true, [{ name: 'gpu', count: 2 }]]]);
    });

    it('slurm-cli: offers the partition and GRES name sinfo lists for a spec being written', async () => {
      const parts = await new SlurmCli().partitions();
      assert.deepEqual(clusterValues('slurm.partition', parts).map((v) => [v.value, v.partition?.isDefault]), [['debug', true]]);
      assert.deepEqual(clusterValues('slurm.gres', parts, 'debug'), [{ value: 'gpu', offeredOn: [{ partition: 'debug', count: 2 }] }]);
      // The fake GPUs have no type: none is offered rather than one made up.
      assert.deepEqual(clusterValues('resources.gpuType', parts), []);
    });

    it('slurm-rest: lists the partition and its GPUs', async () => {
      const parts = await rest(() => token).partitions();
      assert.deepEqual(parts.map((p) => [p.name, p.up, p.gres]), [['debug', true, [{ name: 'gpu', count: 2 }]]]);
    });

    it('a cluster without slurmdbd has no accounts to list: slurm-cli and slurm-rest say so without an error', async () => {
      assert.equal(await new SlurmCli().accounting(), undefined);
      assert.equal(await rest(() => token).accounting(), undefined);
    });

    it('a job Slurm no longer knows, on a cluster without accounting, ends as "ended, state not known" for slurm-cli and slurm-rest', async () => {
      // A record as a window left it (running) for a job id slurmctld has no job for, as after MinJobAge.
      const rec: JobRecord = { id: 'gone-1', name: 'gone', backend: 'slurm-cli', backendId: '987654', workdir: SLURM_ROOT, jobDir: SLURM_ROOT, logPath: '/dev/null', weaverLog: false, submittedAt: Date.now(), state: 'running' };
      for (const [backend, r] of [[new SlurmCli(), rec], [rest(() => token), { ...rec, backend: 'slurm-rest' as const }]] as const) {
        const u = (await backend.refresh([r])).get(r.id);
        assert.equal(u?.state, 'ended', `${r.backend}: ${u?.reason}`);
        assert.ok(isFinal({ ...r, ...u }), 'final: no longer polled, and Remove works');
        assert.match(u?.reason ?? '', /no accounting record of it; see its log/);
      }
    });

    it('slurm-cli: an unknown partition is refused with what to do', async () => {
      const err = await rejection(submit({ backend: new SlurmCli(), workdir: () => path.join(SLURM_ROOT, 'jobs') }, { name: 'p', command: ['true'], slurm: { partition: 'nosuch' } }));
      assert.match(err.message, /does not know this partition/);
    });

    it('slurm-rest: an expired token is reported as such, and a new one works', async () => {
      const shortLived = cluster.token(JOB_USER, 1);
      await new Promise((r) => setTimeout(r, 2500)); // the token's lifetime is the point of this test
      const err = await rejection(rest(() => shortLived).ping().then(() => rest(() => shortLived).partitions()));
      assert.equal(err.kind, 'auth');
      assert.match(err.message, /HAI: Set Slurm REST Token/);
      assert.ok(!err.message.includes(shortLived), 'the token is not in the message');
      await rest(() => token).ping();
    });

    it('slurm-rest: no token at all says how to set one', async () => {
      const err = await rejection(new SlurmRest({ url: cluster.restUrl, user: JOB_USER, version: 'v0.0.38', token: async () => undefined }).ping());
      assert.equal(err.kind, 'auth');
    });

    it('a record whose Slurm id is an option (--user=…) is refused by scancel and slurmrestd alike; no job is cancelled', async () => {
      const h: Harness = { backend: new SlurmCli(), workdir: () => path.join(SLURM_ROOT, 'jobs') };
      const rec = await submit(h, { name: 'bystander', command: ['sleep', '120'] });
      const running = await follow(h, rec, (r) => r.state === 'running');
      try {
        // Jobs submitted here run as the test's user (root): --user=<that user> would cancel them all.
        const tampered: JobRecord = { ...running, id: 'tampered', backendId: `--user=${os.userInfo().username}` };
        const viaCli = await new SlurmCli().cancel(tampered).then((u) => u, (e: unknown) => e);
        const viaRest = await rest(() => token).cancel({ ...tampered, backend: 'slurm-rest', backendId: `--user=${JOB_USER}` }).then((u) => u, (e: unknown) => e);
        // Right after a scancel the job is COMPLETING (which reads as running): ask for the raw state.
        const state = /JobState=(\S+)/.exec(execFileSync('scontrol', ['show', 'job', '-o', running.backendId], { encoding: 'utf8' }))?.[1];
        assert.equal(state, 'RUNNING', 'the bystander job was cancelled');
        for (const outcome of [viaCli, viaRest]) {
          assert.ok(outcome instanceof BackendError, `expected a refusal, got ${JSON.stringify(outcome)}`);
          assert.equal(outcome.kind, 'invalid');
          assert.match(outcome.message, /not a Slurm job id/);
        }
      } finally {
        await h.backend.cancel(running);
      }
    });

    for (const kind of ['slurm-cli', 'slurm-rest'] as const) {
      it(`${kind}: slurmctld stopped mid-job — the record is kept and marked unreachable, then recovers and completes`, async () => {
        const h: Harness = kind === 'slurm-cli' ? { backend: new SlurmCli(), workdir: () => path.join(SLURM_ROOT, 'jobs') } : { backend: rest(() => token), workdir: userDir };
        const storeFile = path.join(tmp, `outage-${kind}.json`);
        const store = new JobStore(storeFile);
        const ended: JobRecord[] = [];
        const tracker = new JobTracker(store, () => h.backend, { ended: (r) => ended.push(r) });
        const workdir = h.workdir();
        // The REST job runs as its token's user, who must be able to write our job folder; in real use
        // VS Code runs as that user. Here (root), the folder is created writable for everyone.
        const umask = process.umask(kind === 'slurm-rest' ? 0 : process.umask());
        let rec: JobRecord;
        try {
          rec = await tracker.submit({ spec: { name: `outage-${kind}`, command: ['sleep', '8'] }, workdir, backend: kind });
        } finally {
          process.umask(umask);
        }
        await until(async () => {
          await tracker.refresh();
          return store.get(rec.id)?.state === 'running' ? true : undefined;
        }, 'the job runs');
        await cluster.stopController();
        try {
          await tracker.refresh();
          const during = store.get(rec.id);
          assert.equal(during?.state, 'running', 'the last known state is kept');
          assert.match(during?.unreachable ?? '', /controller|does not answer/i);
          // Kept on disk too: a reloaded window still lists it.
          const reloaded = new JobStore(storeFile);
          await reloaded.load();
          assert.ok(reloaded.get(rec.id)?.unreachable);
        } finally {
          await cluster.startController();
        }
        await until(async () => {
          await tracker.refresh();
          return store.get(rec.id)?.state === 'completed' ? true : undefined;
        }, 'the job is found again and completes', 45_000);
        const done = store.get(rec.id)!;
        assert.equal(done.unreachable, undefined);
        assert.equal(done.exitCode, 0);
        assert.deepEqual(ended.map((r) => r.id), [rec.id]);
      });
    }
  });
});

