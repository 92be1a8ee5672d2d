// The cross-process lock with real processes: children (test/support/lockChild.ts) take the lock,
// are killed while holding it, or race for a stale one, and the test checks what each one got.
import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { acquireLock, createExclusive, HeldLock, type LockHolder, processAlive, tryLock } from './fileLock';
import { processStartTime } from './processStart';

// The child script lives with the other test processes; core/ cannot import test/, so this file
// spawns it by path and reads its lines itself.
const CHILD = path.resolve(__dirname, '../../test/support/lockChild.ts');

interface LineProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  waitFor(pattern: RegExp): Promise<string>;
  send(line: string): void;
  readonly exited: Promise<number | string>;
}

/** Starts the lock child; waitFor resolves on the first matching stdout line, or rejects once it has exited without one. */
function startChild(args: readonly string[]): LineProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: 'pipe' });
  const lines: string[] = [];
  let closed = false;
  const changed = new Set<() => void>();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const f of changed) f();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => {
      closed = true;
      for (const f of changed) f();
      resolve(code ?? signal ?? -1);
    }),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = lines.find((l) => pattern.test(l));
        if (line !== undefined || closed) changed.delete(check);
        if (line !== undefined) resolve(line);
        else if (closed) reject(new Error(`the child exited before printing ${pattern}: ${lines.join(' | ')}`));
      };
      changed.add(check);
      check();
    });
  return { child, lines, exited, waitFor, send: (line) => child.stdin.write(`${line}\n`) };
}

/** The pid of a process that has just exited: not running (unless the system reuses it at once). */
function deadPid(): number {
  const pid = Number(execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).trim());
  assert.equal(processAlive(pid), false);
  return pid;
}

function writeLock(file: string, holder: Partial<LockHolder>): void {
  writeFileSync(file, JSON.stringify({ hostname: os.hostname(), nonce: 'n0', acquiredAt: new Date().toISOString(), ...holder }));
}

describe('a lock file shared by processes', function () {
  this.timeout(60_000);
  let dir: string;
  let lockFile: string;
  const children: LineProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-lock-'));
    lockFile = path.join(dir, 'thing.lock');
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.child.kill('SIGKILL');
      await c.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const start = (mode: string, log?: string) => {
    const c = startChild([lockFile, mode, ...(log ? [log] : [])]);
    children.push(c);
    return c;
  };

  it('lets four processes in one at a time', async () => {
    const log = path.join(dir, 'log');
    writeFileSync(log, '');
    const procs = [0, 1, 2, 3].map(() => start('turn', log));
    await Promise.all(procs.map((p) => p.waitFor(/^ready$/)));
    procs.forEach((p) => p.send('go'));
    assert.deepEqual(await Promise.all(procs.map((p) => p.exited)), [0, 0, 0, 0], procs.map((p) => p.lines.join(' / ')).join(' | '));
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(lines.length, 8);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i].split(' ')[1];
      assert.deepEqual([lines[i], lines[i + 1]], [`enter ${pid}`, `leave ${pid}`], `no overlap: ${lines.join(', ')}`);
    }
    assert.ok(procs.some((p) => p.lines.some((l) => l.endsWith('after-waiting'))), `some waited for another: ${procs.map((p) => p.lines.join(' / ')).join(' | ')}`);
    assert.ok(!existsSync(lockFile), 'released');
  });

  it('makes a waiter wait for a live holder and hands the lock over on release', async () => {
    const holder = start('hold');
    await holder.waitFor(/^ready$/);
    holder.send('go');
    await holder.waitFor(/^got /);
    const seen: (LockHolder | undefined)[] = [];
    const waiting = acquireLock(lockFile, { pollMs: 20, onWait: (h) => seen.push(h) });
    assert.equal((await tryLock(lockFile)) instanceof HeldLock, false, 'held by the child');
    holder.send('release');
    const lock = await waiting;
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.pid, holder.child.pid);
    assert.equal(lock.waited, true);
    assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, process.pid);
    await lock.release();
    assert.ok(!existsSync(lockFile));
  });

  it('takes over the lock of a process that was killed while holding it', async () => {
    const holder = start('hold');
    await holder.waitFor(/^ready$/);
    holder.send('go');
    await holder.waitFor(/^got /);
    holder.child.kill('SIGKILL');
    await holder.exited;
    assert.ok(existsSync(lockFile), 'a killed process leaves its lock behind');
    const lock = await tryLock(lockFile);
    assert.ok(lock instanceof HeldLock, 'taken over');
    assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, process.pid);
    await lock.release();
  });

  it('takes over a lock whose pid is not running, and removes a lock it holds when the process exits', async () => {
    writeLock(lockFile, { pid: deadPid() });
    const child = start('hold');
    await child.waitFor(/^ready$/);
    child.send('go');
    await child.waitFor(/^got \d+ at-once$/);
    child.send('exit');
    assert.equal(await child.exited, 0);
    assert.ok(!existsSync(lockFile), 'removed on exit');
  });

  it('gives a stale lock to exactly one of several processes that find it at once', async () => {
    for (let round = 0; round < 3; round++) {
      writeLock(lockFile, { pid: deadPid(), nonce: `stale${round}` });
      const procs = [0, 1, 2, 3].map(() => start('try'));
      await Promise.all(procs.map((p) => p.waitFor(/^ready$/)));
      procs.forEach((p) => p.send('go'));
      const answers = await Promise.all(procs.map((p) => p.waitFor(/^(got|busy|error) /)));
      const winners = procs.filter((_, i) => answers[i].startsWith('got '));
      assert.equal(winners.length, 1, `round ${round}: ${answers.join(', ')}`);
      const winner = winners[0].child.pid;
      assert.ok(answers.every((a) => a.startsWith('got ') || a === `busy ${winner}`), answers.join(', '));
      assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, winner);
      for (const p of procs) p.send('exit');
      await Promise.all(procs.map((p) => p.exited));
      children.length = 0;
      assert.ok(!existsSync(lockFile));
    }
  });

  it('takes over a lock from another host only once it has not been refreshed for the stale time', async () => {
    writeLock(lockFile, { pid: process.pid, hostname: 'login02.example', purpose: 'downloading x' });
    const busy = await tryLock(lockFile, { staleMs: 60_000 });
    assert.ok(!(busy instanceof HeldLock));
    assert.equal(busy.busy?.purpose, 'downloading x');
    const old = new Date(Date.now() - 120_000);
    utimesSync(lockFile, old, old);
    const lock = await tryLock(lockFile, { staleMs: 60_000 });
    assert.ok(lock instanceof HeldLock);
    await lock.release();
  });

  it('keeps its own lock fresh while held, for waiters on other hosts, who go by its age', async () => {
    const lock = await acquireLock(lockFile, { refreshMs: 50, staleMs: 400 });
    const old = new Date(Date.now() - 200_000);
    utimesSync(lockFile, old, old);
    // The holder's refresh timer runs in this process: wait for its touch on the event loop.
    while (Date.now() - statSync(lockFile).mtimeMs > 400) await new Promise((resolve) => setTimeout(resolve, 20));
    const other = start('try');
    await other.waitFor(/^ready$/);
    other.send('go');
    assert.match(await other.waitFor(/^(got|busy) /), new RegExp(`^busy ${process.pid}$`));
    assert.equal(await lock.isHeld(), true);
    await lock.release();
  });

  it('never takes over the lock of a running process on this host, however late its refresh', async () => {
    // The holder's event loop is blocked (as by a suspended machine or a long synchronous task), so
    // its refresh cannot run, and its lock is far older than the stale time the others use.
    const holder = start('hold');
    await holder.waitFor(/^ready$/);
    holder.send('go');
    await holder.waitFor(/^got /);
    const thaw = path.join(dir, 'thaw');
    holder.send(`freeze ${thaw}`);
    await holder.waitFor(/^frozen$/);
    const old = new Date(Date.now() - 600_000);
    utimesSync(lockFile, old, old);
    const mine = await tryLock(lockFile, { staleMs: 1000 });
    assert.ok(!(mine instanceof HeldLock), 'not taken from a live holder');
    assert.equal(mine.busy?.pid, holder.child.pid);
    const other = start('try');
    await other.waitFor(/^ready$/);
    other.send('go');
    assert.equal(await other.waitFor(/^(got|busy|error) /), `busy ${holder.child.pid}`, 'nor by another process');
    assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, holder.child.pid);
    writeFileSync(thaw, '');
    await holder.waitFor(/^thawed$/);
    holder.send('release');
    await holder.waitFor(/^released$/);
    assert.ok(!existsSync(lockFile), 'the holder still had it and released it');
  });

  it('records when the holder started, and takes over a lock whose pid now runs another process', async function () {
    const started = await processStartTime(process.pid);
    if (started === undefined) return this.skip(); // a system that does not say (Windows): the pid alone decides
    const holder = start('hold');
    await holder.waitFor(/^ready$/);
    holder.send('go');
    await holder.waitFor(/^got /);
    assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).startTime, await processStartTime(holder.child.pid!));
    holder.send('exit');
    await holder.exited;
    // This process is running, but it is not the process that took the lock: its pid was reused.
    writeLock(lockFile, { pid: process.pid, nonce: 'earlier', startTime: `${started}0` });
    const lock = await tryLock(lockFile);
    assert.ok(lock instanceof HeldLock, 'taken over');
    await lock.release();
    // The same process as the record: held, even when it looks stale by age.
    writeLock(lockFile, { pid: process.pid, nonce: 'same', startTime: started });
    const old = new Date(Date.now() - 600_000);
    utimesSync(lockFile, old, old);
    const busy = await tryLock(lockFile, { staleMs: 1000 });
    assert.ok(!(busy instanceof HeldLock));
    assert.equal(busy.busy?.nonce, 'same');
  });

  it('counts a link that a retried NFS request reports as existing as taken, when the lock is its own', async () => {
    // NFSv3 retries a LINK whose reply was lost; the retry answers EEXIST for the link the first one
    // made. What that leaves: the lock file already carries this attempt's record.
    const record: LockHolder = { pid: process.pid, hostname: os.hostname(), nonce: 'retried', acquiredAt: new Date().toISOString() };
    writeFileSync(lockFile, JSON.stringify(record));
    assert.equal(await createExclusive(lockFile, record), true, 'our own record: ours');
    // The same with the temporary file still linked to the lock (both names on one file).
    rmSync(lockFile);
    const tmp = `${lockFile}.${record.nonce}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...record, nonce: 'unreadable-yet' }));
    linkSync(tmp, lockFile);
    assert.equal(await createExclusive(lockFile, record), true, 'our temporary file has two names: ours');
    assert.ok(!existsSync(tmp), 'the temporary name is removed');
    // Someone else's lock stays someone else's.
    writeLock(lockFile, { pid: process.pid, nonce: 'other' });
    assert.equal(await createExclusive(lockFile, record), false);
    assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).nonce, 'other');
  });

  it('stops waiting when cancelled', async () => {
    writeLock(lockFile, { pid: process.pid, nonce: 'mine-elsewhere' });
    const abort = new AbortController();
    const waiting = acquireLock(lockFile, { pollMs: 20, signal: abort.signal, onWait: () => abort.abort(new Error('user cancelled')) });
    await assert.rejects(waiting, /user cancelled/);
    assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).nonce, 'mine-elsewhere', 'the other holder keeps it');
  });
});
