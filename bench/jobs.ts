// Job latency as the user feels it, for each backend, medians over repeated runs, printed as JSON:
// - submitMs: from Submit to the job in the Jobs view (the backend's submit call returns the record,
//   which the view shows at once);
// - visibleRunningMs: from Submit until a status refresh reports it running (polling every 100 ms;
//   the extension polls every hai.jobs.refreshSeconds);
// - logLagMs: from the job writing a line to the log view having it (file-change events, plus a
//   read every LOG_POLL_MS for file systems that send none).
// Baselines in the same run: `sbatch --wrap` + `squeue` polling for submit→running, and `tail -F`
// for the log lag. Slurm parts need root and Debian's slurm packages (a real single-node Slurm with
// slurmrestd is started, as in the tests). Run: npm run bench:jobs [-- --runs 5]
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobBackend } from '../core/jobs/backend';
import { LiveFile, LOG_POLL_MS, readTail } from '../core/jobs/fileFollower';
import { newJobId, type JobRecord } from '../core/jobs/jobRecord';
import type { JobSpec } from '../core/jobs/jobSpec';
import { LocalRunner } from '../core/jobs/localRunner';
import { SlurmCli } from '../core/jobs/slurmCli';
import { SlurmRest } from '../core/jobs/slurmRest';
import { JOB_USER, SLURM_ROOT, SlurmCluster } from '../test/support/slurmCluster';
import { arg } from './lspSession';

const median = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A job that prints its wall clock (ms) every 200 ms, 25 times. */
const TICKER: JobSpec = { name: 'ticker', command: ['bash', '-c', 'for i in $(seq 25); do echo "tick $(date +%s%3N)"; sleep 0.2; done'] };

async function waitRunning(backend: JobBackend, rec: JobRecord): Promise<void> {
  if (rec.state === 'running') return;
  for (;;) {
    const u = (await backend.refresh([rec])).get(rec.id);
    if (u?.state === 'running' || u?.state === 'completed') return;
    if (u?.state === 'failed' || u?.state === 'cancelled') throw new Error(`job ${rec.id} ${u.state}: ${u.reason}`);
    await sleep(100);
  }
}

/** Adds the lag of each complete "tick <ms>" line stamped after `since`; returns the partial last line. */
function collectLags(text: string, since: number, lags: number[]): string {
  const now = Date.now();
  const parts = text.split('\n');
  for (const l of parts.slice(0, -1)) {
    const m = /^tick (\d+)$/.exec(l);
    if (m && Number(m[1]) >= since) lags.push(now - Number(m[1]));
  }
  return parts[parts.length - 1];
}

/** Follows the log as the log view does (LiveFile); for each tick line written after it started, how long after its stamp we had it. */
function logLags(file: string, lines = 8): Promise<number[]> {
  const since = Date.now();
  return new Promise((resolve) => {
    const lags: number[] = [];
    let partial = '';
    const finish = () => {
      live.dispose();
      clearTimeout(timer);
      resolve(lags);
    };
    const timer = setTimeout(finish, 60_000);
    const live = new LiveFile(file, 0, (text) => {
      partial = collectLags(partial + text, since, lags);
      if (lags.length >= lines) finish();
    });
  });
}

async function measure(name: string, backend: JobBackend, workdir: () => string, owner?: string): Promise<Record<string, number>> {
  const submit: number[] = [];
  const running: number[] = [];
  const lag: number[] = [];
  for (let i = 0; i < Number(arg('runs', '5')); i++) {
    const dir = workdir();
    const id = newJobId(TICKER.name);
    const jobDir = path.join(dir, '.hai', 'jobs', id);
    mkdirSync(jobDir, { recursive: true });
    if (owner) for (const d of [path.join(dir, '.hai'), path.join(dir, '.hai', 'jobs'), jobDir]) chownSync(d, uid(owner), gid(owner));
    const t0 = performance.now();
    const rec = await backend.submit({ id, spec: TICKER, workdir: dir, jobDir });
    submit.push(performance.now() - t0);
    await waitRunning(backend, rec);
    running.push(performance.now() - t0);
    lag.push(median(await logLags(rec.logPath)));
  }
  console.error(`[bench] ${name} done`);
  return { submitMs: median(submit), visibleRunningMs: median(running), logLagMs: median(lag) };
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
}
function gid(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
}

/** Baseline: sbatch --wrap, then squeue every 100 ms until RUNNING; and tail -F on its output. */
async function sbatchBaseline(): Promise<Record<string, number>> {
  const running: number[] = [];
  const lags: number[] = [];
  const dir = path.join(SLURM_ROOT, 'jobs', 'baseline');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < Number(arg('runs', '5')); i++) {
    const out = path.join(dir, `base-${i}.log`);
    const t0 = performance.now();
    const id = execFileSync('sbatch', ['--parsable', `--output=${out}`, '--wrap', 'for i in $(seq 25); do echo "tick $(date +%s%3N)"; sleep 0.2; done'], { encoding: 'utf8' }).trim();
    for (;;) {
      const state = execFileSync('squeue', ['-h', '-j', id, '-o', '%T'], { encoding: 'utf8' }).trim();
      if (state === 'RUNNING' || state === '' || state === 'COMPLETED') break;
      await sleep(100);
    }
    running.push(performance.now() - t0);
    lags.push(median(await tailLags(out)));
  }
  return { visibleRunningMs: median(running), tailLogLagMs: median(lags) };
}

/** tail -F's lag on a file the job writes. */
function tailLags(file: string, lines = 8): Promise<number[]> {
  const since = Date.now();
  return new Promise((resolve) => {
    const tail = spawn('tail', ['-n', '+1', '-F', file], { stdio: ['ignore', 'pipe', 'ignore'] });
    const lags: number[] = [];
    let partial = '';
    const done = () => {
      tail.kill();
      resolve(lags);
    };
    const timer = setTimeout(done, 30_000);
    tail.stdout.on('data', (chunk: Buffer) => {
      partial = collectLags(partial + chunk.toString(), since, lags);
      if (lags.length >= lines) {
        clearTimeout(timer);
        done();
      }
    });
  });
}

/** Opening a 1 GiB log as the log view does: its last hai.jobs.logTailKB (1 MiB by default). */
async function bigLogOpen(dir: string): Promise<Record<string, number>> {
  const file = path.join(dir, 'big.log');
  const line = Buffer.from('[2026-11-28 10:00:00,000] INFO: Train AvgLoss: 0.60000, AvgAcc: 0.70000 and some more text to fill\n');
  const block = Buffer.concat(Array.from({ length: Math.ceil((8 << 20) / line.length) }, () => line));
  const fd = openSync(file, 'w');
  for (let written = 0; written < 1 << 30; written += block.length) writeSync(fd, block);
  closeSync(fd);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const tail = await readTail(file, 1024 * 1024);
    times.push(performance.now() - t0);
    if (tail.text.length === 0) throw new Error('empty tail');
  }
  rmSync(file);
  return { bytes: 1 << 30, tailBytes: 1 << 20, openMs: median(times) };
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-bench-jobs-'));
  const result: Record<string, unknown> = {
    bench: 'jobs',
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
    runs: Number(arg('runs', '5')),
    logPollMs: LOG_POLL_MS,
  };
  try {
    result.bigLog = await bigLogOpen(tmp);
    result.local = await measure('local', new LocalRunner(), () => tmp);
    result.localTailBaseline = { tailLogLagMs: median(await runTailBaseline(tmp)) };
    const why = SlurmCluster.available();
    if (why) {
      result.slurm = `not measured: ${why}`;
    } else {
      const cluster = await SlurmCluster.start();
      try {
        const token = cluster.token(JOB_USER);
        result.slurmCli = await measure('slurm-cli', new SlurmCli(), () => path.join(SLURM_ROOT, 'jobs'));
        const userDir = path.join(SLURM_ROOT, 'jobs', JOB_USER, 'bench');
        mkdirSync(userDir, { recursive: true });
        chownSync(userDir, uid(JOB_USER), gid(JOB_USER));
        result.slurmRest = await measure('slurm-rest', new SlurmRest({ url: cluster.restUrl, user: JOB_USER, version: 'v0.0.38', token: async () => token }), () => userDir, JOB_USER);
        result.sbatchBaseline = await sbatchBaseline();
      } finally {
        await cluster.stop();
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result, null, 2));
}

/** tail -F on a local ticker started as a plain background process. */
async function runTailBaseline(dir: string): Promise<number[]> {
  const all: number[] = [];
  for (let i = 0; i < Number(arg('runs', '5')); i++) {
    const file = path.join(dir, `plain-${i}.log`);
    const child = spawn('bash', ['-c', `for i in $(seq 25); do echo "tick $(date +%s%3N)"; sleep 0.2; done > '${file}'`], { stdio: 'ignore' });
    all.push(median(await tailLags(file)));
    child.kill();
  }
  return all;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
