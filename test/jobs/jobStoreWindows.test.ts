// Service tier: two VS Code windows share the job records in global storage. Each window here is a
// real Node process (storeWindow.ts) with its own JobStore over one folder; both start working at
// the same moment and add, update and remove jobs. No job may be lost and every update must survive.
// Two windows that poll the same jobs update THE SAME records: a job one window saw end stays ended
// and one it removed stays removed, whatever the other window, which read it a moment earlier, writes.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { JobStore } from '../../core/jobs/jobStore';

const WINDOW = path.join(__dirname, 'storeWindow.ts');
const COUNT = 40;
const SEEDS = 2 * COUNT;

function seed(i: number): JobRecord {
  return { id: `seed-${i}`, name: `seed-${i}`, backend: 'slurm-cli', backendId: String(100 + i), workdir: '/w', jobDir: `/w/.hai/jobs/seed-${i}`, logPath: `/w/.hai/jobs/seed-${i}/slurm.log`, weaverLog: true, submittedAt: 1 + i, state: 'running' };
}

interface Window {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  /** Resolves once the window has printed this line. */
  saw(line: string): Promise<void>;
  readonly exited: Promise<{ code: number | null; stderr: string; worked: [number, number]; writes: number }>;
}

function openWindow(file: string, role: string, count = COUNT): Window {
  const child = spawn(process.execPath, ['--import', 'tsx', WINDOW, file, role, String(count), String(SEEDS)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const saw = (line: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!stdout.includes(`${line}\n`)) return;
        child.stdout!.off('data', check);
        resolve();
      };
      child.stdout!.on('data', check);
      child.once('exit', () => reject(new Error(`window ${role} exited before it printed "${line}": ${stderr}`)));
      check();
    });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('ready\n')) resolve();
    });
    child.once('exit', () => reject(new Error(`window ${role} exited before it was ready: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; stderr: string; worked: [number, number]; writes: number }>((resolve) =>
    child.once('exit', (code) => {
      const m = /done (\d+) (\d+)(?: (\d+))?/.exec(stdout);
      resolve({ code, stderr, worked: [Number(m?.[1] ?? NaN), Number(m?.[2] ?? NaN)], writes: Number(m?.[3] ?? NaN) });
    }),
  );
  return { child, ready, saw, exited };
}

/** Both windows get "go" only when both are up, so that their work overlaps. */
async function runTwoWindows(file: string): Promise<void> {
  const windows = [openWindow(file, 'A'), openWindow(file, 'B')];
  await Promise.all(windows.map((w) => w.ready));
  for (const w of windows) w.child.stdin!.end('go\n');
  const results = await Promise.all(windows.map((w) => w.exited));
  for (const { code, stderr } of results) assert.equal(code, 0, stderr);
  const [[a0, a1], [b0, b1]] = results.map((r) => r.worked);
  assert.ok(a0 < b1 && b0 < a1, `the two windows worked at the same time (A ${a0}–${a1}, B ${b0}–${b1})`);
}

/** What both windows must have left behind, read by a third store as a newly opened window would. */
async function assertNothingLost(file: string): Promise<void> {
  const store = new JobStore(file);
  await store.load();
  assert.equal(store.problem, undefined);
  const ids = new Set(store.all().map((j) => j.id));
  const expected: string[] = [];
  for (let i = 0; i < SEEDS; i++) expected.push(`seed-${i}`);
  for (const role of ['A', 'B']) {
    for (let i = 0; i < COUNT; i++) {
      const removed = i + 2 < COUNT && (i + 2) % 5 === 4;
      if (!removed) expected.push(`${role}-${i}`);
    }
  }
  const missing = expected.filter((id) => !ids.has(id));
  assert.deepEqual(missing, [], `jobs lost: ${missing.length} of ${expected.length}`);
  assert.equal(store.all().length, expected.length, 'removed jobs stay removed');
  const notUpdated = store
    .all()
    .filter((j) => j.id.startsWith('seed-'))
    .filter((j) => {
      const byA = Number(j.id.slice(5)) % 2 === 0;
      return j.state !== 'failed' || j.reason !== `updated by ${byA ? 'A' : 'B'}` || j.exitCode !== (byA ? 10 : 11);
    })
    .map((j) => j.id);
  assert.deepEqual(notUpdated, [], 'every update from both windows survives');
}

/** A running Slurm job that the finisher removes while the poller keeps updating it. */
function doomed(i: number): JobRecord {
  return { ...seed(i), id: `doomed-${i}`, name: `doomed-${i}` };
}

const SHARED = 150;

describe('job records across windows (two real processes)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-store-windows-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('two windows add, update and remove jobs at once without losing any', async () => {
    const file = path.join(dir, 'jobs.json');
    const first = new JobStore(file);
    await first.load();
    for (let i = 0; i < SEEDS; i++) await first.add(seed(i));
    await runTwoWindows(file);
    await assertNothingLost(file);
  });

  it('two windows that start at once take over an old jobs.json (version 1) once, and lose nothing', async () => {
    const file = path.join(dir, 'jobs.json');
    const jobs = Array.from({ length: SEEDS }, (_, i) => seed(i));
    writeFileSync(file, JSON.stringify({ version: 1, jobs }, null, 1));
    await runTwoWindows(file);
    await assertNothingLost(file);
    const left = readdirSync(dir);
    assert.ok(!left.includes('jobs.json'), `the old file is not read again: ${left.join(', ')}`);
    assert.ok(left.some((f) => f.startsWith('jobs.json.migrated-')), `the old file is kept under another name: ${left.join(', ')}`);
  });

  it('a job one window ended or removed stays so while another window keeps updating the same records', async () => {
    const file = path.join(dir, 'jobs.json');
    const first = new JobStore(file);
    for (let i = 0; i < SHARED; i++) {
      await first.add(seed(i));
      await first.add(doomed(i));
    }
    const finisher = openWindow(file, 'finisher', SHARED);
    const poller = openWindow(file, 'poller', SHARED);
    await Promise.all([finisher.ready, poller.ready]);
    // The poller writes first, so that it is at work on the first records when the finisher starts:
    // started together, a fast finisher could end every record before the poller's first write.
    poller.child.stdin!.write('go\n');
    await poller.saw('polling');
    finisher.child.stdin!.end('go\n');
    const finished = await finisher.exited;
    // The poller goes on until the finisher is done, so every record was raced at least once.
    poller.child.stdin!.end('stop\n');
    const polled = await poller.exited;
    assert.equal(finished.code, 0, finished.stderr);
    assert.equal(polled.code, 0, polled.stderr);
    assert.ok(polled.worked[0] < finished.worked[1] && finished.worked[0] < polled.worked[1], 'the two windows worked at the same time');
    assert.ok(polled.writes > 0 && finished.writes === SHARED, `both windows wrote (poller ${polled.writes}, finisher ${finished.writes} updates)`);
    const store = new JobStore(file);
    await store.load();
    assert.equal(store.problem, undefined);
    const resurrected = store.all().filter((j) => j.id.startsWith('doomed-')).map((j) => j.id);
    const reopened = store
      .all()
      .filter((j) => j.id.startsWith('seed-') && (j.state !== 'completed' || j.exitCode !== 0 || j.unreachable !== undefined))
      .map((j) => `${j.id}: ${j.state}${j.unreachable ? ' (unreachable)' : ''}`);
    assert.deepEqual(
      { resurrected, reopened },
      { resurrected: [], reopened: [] },
      `removed jobs that came back: ${resurrected.length}, ended jobs written back as running: ${reopened.length} (of ${SHARED} each)`,
    );
    assert.equal(store.all().length, SHARED);
  });
});
