// A lock file that several processes (VS Code windows, extension hosts, CLI tools) agree on: one
// holder at a time for a path such as a download's destination or an archive being extracted.
//
// Taking it is one atomic step: the holder's record (pid, host name, a random nonce, when) is
// written to a temporary file first and then hard-linked to the lock path, which fails with EEXIST
// when someone holds it, so nobody ever reads half a record (on file systems without hard links,
// an exclusive create is used instead). The holder touches the file every `refreshMs`.
//
// A lock is taken over when its holder is gone. On this host the pid decides, never the age: a
// holder whose process runs keeps its lock however long its refresh is late (a suspended laptop or a
// blocked event loop delays the timer past `staleMs` while the holder still works on the file), and
// one whose pid is not running, or runs a process that started at another time than the holder
// (the pid was reused), has lost it. A holder on another host (a shared home) is gone when its lock
// was not touched for `staleMs`, as its pid means nothing here. Two waiters that both
// find the same stale lock must not both remove it (the second would delete the first one's new
// lock), so removing a stale lock happens under a short-lived second lock, `<lock>.break`, and only
// when the lock still carries the nonce that was judged stale. Locks still held when the process
// exits are removed by an exit handler; a killed process leaves its lock, which the pid rule frees.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { processStartTime } from './processStart';

/** What a lock file says about its holder. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly nonce: string;
  /** ISO time the lock was taken. */
  readonly acquiredAt: string;
  /** What the holder is doing, for messages ("downloading …"). */
  readonly purpose?: string;
  /** When the holder's process started (processStart.ts), where the system says: tells a reused pid apart. */
  readonly startTime?: string;
}

export interface LockOptions {
  /** A lock of another host not touched for this long is taken over. Default 2 minutes. */
  readonly staleMs?: number;
  /** How often the holder touches its lock (for waiters on other hosts). Default 10 s; keep it well below staleMs. */
  readonly refreshMs?: number;
  /** How often a waiter looks again. Default 250 ms. */
  readonly pollMs?: number;
  readonly purpose?: string;
  /** Stops waiting: acquireLock then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called once, when the lock is found held and the caller starts to wait. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
}

const DEFAULTS = { staleMs: 120_000, refreshMs: 10_000, pollMs: 250 };
/** A breaker older than this was left by a process that died within the few milliseconds it is held. */
const BREAKER_STALE_MS = 10_000;

/** Locks this process holds, removed when it exits. */
const held = new Map<string, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [file, nonce] of held) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as LockHolder).nonce === nonce) unlinkSync(file);
      } catch {
        // Gone already, or not readable: nothing of ours to remove.
      }
    }
  });
}

/** A lock this process holds. */
export class HeldLock {
  private timer: NodeJS.Timeout | undefined;
  private released = false;

  constructor(
    readonly file: string,
    readonly holder: LockHolder,
    /** True when another holder had it first and this process waited. */
    readonly waited: boolean,
    refreshMs: number,
  ) {
    held.set(file, holder.nonce);
    installExitHook();
    // Touching the file tells waiters on other hosts that the holder is alive; unref'd so that a
    // held lock never keeps a process running.
    this.timer = setInterval(() => void this.refresh(), refreshMs);
    this.timer.unref();
  }

  /** Whether the lock file still carries this holder's nonce (false when it was taken over). */
  async isHeld(): Promise<boolean> {
    if (this.released) return false;
    return (await readHolder(this.file))?.nonce === this.holder.nonce;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    held.delete(this.file);
    if ((await readHolder(this.file))?.nonce === this.holder.nonce) await unlink(this.file).catch(() => undefined);
  }

  private async refresh(): Promise<void> {
    if (!(await this.isHeld())) {
      clearInterval(this.timer);
      return;
    }
    const now = new Date();
    await utimes(this.file, now, now).catch(() => undefined);
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.nonce === 'string' ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  return parseHolder(await readFile(file, 'utf8').catch(() => ''));
}

/**
 * The lock file's record and mtime, read through one handle so that both belong to the same file
 * (a lock replaced between a read and a stat would mix two holders); undefined when there is none.
 */
async function readLock(file: string): Promise<{ holder: LockHolder | undefined; mtimeMs: number } | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const st = await handle.stat();
    return { holder: parseHolder(await handle.readFile('utf8')), mtimeMs: st.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** Whether a process with this id runs on this machine (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false; // 0 and negatives would address process groups
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `file` holding `record` only when it does not exist; false when it does (someone else's).
 * Exported for the tests, which recreate what a retried NFS request leaves behind.
 */
export async function createExclusive(file: string, record: LockHolder): Promise<boolean> {
  const text = JSON.stringify(record);
  const tmp = `${file}.${record.nonce}.tmp`;
  await writeFile(tmp, text);
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // NFSv3 retries a LINK whose reply was lost, and the retry finds the link the first one made:
    // EEXIST although the lock is ours. Our temporary file then has a second name, and the lock
    // carries our nonce, which no other holder has.
    if (code === 'EEXIST') return (await stat(tmp).catch(() => undefined))?.nlink === 2 || (await readHolder(file))?.nonce === record.nonce;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    // No hard links here (some FUSE and FAT file systems): an exclusive create, written at once.
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(text).finally(() => handle.close());
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Why the lock at `file` (holder as read, file's mtime) no longer protects anything, or undefined while it does. */
async function staleReason(holder: LockHolder | undefined, mtimeMs: number, staleMs: number): Promise<string | undefined> {
  const age = Date.now() - mtimeMs;
  if (!holder) return age > 2000 ? 'unreadable' : undefined; // written by the fallback path just now
  if (holder.hostname === os.hostname()) {
    // Here the process tells, not the age (see the module comment).
    if (!processAlive(holder.pid)) return `process ${holder.pid} is not running`;
    if (holder.startTime === undefined) return undefined;
    const started = await processStartTime(holder.pid);
    // Unknown now (it exited since, or the system stopped saying): the next look decides.
    return started !== undefined && started !== holder.startTime ? `process ${holder.pid} is not the holder (the pid was reused)` : undefined;
  }
  if (age > staleMs) return `not refreshed for ${Math.round(age / 1000)} s`;
  return undefined;
}

/**
 * Removes the lock at `file` when it still is the stale one we looked at (same nonce, or still
 * unreadable), under the breaker lock so that two waiters never remove two different locks.
 */
async function breakStale(file: string, judged: LockHolder | undefined, staleMs: number): Promise<void> {
  const breaker = `${file}.break`;
  const me: LockHolder = { pid: process.pid, hostname: os.hostname(), nonce: randomBytes(8).toString('hex'), acquiredAt: new Date().toISOString() };
  if (!(await createExclusive(breaker, me))) {
    const st = await stat(breaker).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > BREAKER_STALE_MS) await unlink(breaker).catch(() => undefined);
    return; // someone else is breaking it now; look again on the next round
  }
  try {
    const now = await readLock(file);
    if (!now || now.holder?.nonce !== judged?.nonce) return; // gone, or a new holder has it
    if (await staleReason(now.holder, now.mtimeMs, staleMs)) await unlink(file).catch(() => undefined);
  } finally {
    if ((await readHolder(breaker))?.nonce === me.nonce) await unlink(breaker).catch(() => undefined);
  }
}

/** One attempt: the lock, or who holds it. Takes over a stale lock. */
export function tryLock(file: string, options: LockOptions = {}): Promise<HeldLock | { busy: LockHolder | undefined }> {
  return attempt(file, options, false);
}

async function attempt(file: string, options: LockOptions, waited: boolean): Promise<HeldLock | { busy: LockHolder | undefined }> {
  const staleMs = options.staleMs ?? DEFAULTS.staleMs;
  const startTime = await processStartTime(process.pid);
  // Rounds until there is an answer: a stale lock broken in one round is free in the next, a lock
  // released while we read it too; while another process breaks it, we give it a moment.
  for (let round = 0; round < 100; round++) {
    const record: LockHolder = {
      pid: process.pid,
      hostname: os.hostname(),
      nonce: randomBytes(12).toString('hex'),
      acquiredAt: new Date().toISOString(),
      ...(options.purpose ? { purpose: options.purpose } : {}),
      ...(startTime !== undefined ? { startTime } : {}),
    };
    if (await createExclusive(file, record)) return new HeldLock(file, record, waited, options.refreshMs ?? DEFAULTS.refreshMs);
    const found = await readLock(file);
    if (!found) continue; // released between our attempt and the look
    if (!(await staleReason(found.holder, found.mtimeMs, staleMs))) return { busy: found.holder };
    await breakStale(file, found.holder, staleMs);
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { busy: await readHolder(file) };
}

/** Takes the lock, waiting (polling) while a live holder has it. Rejects with the signal's reason when aborted. */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<HeldLock> {
  let waited = false;
  for (;;) {
    options.signal?.throwIfAborted();
    // A lock taken after waiting says so, so that callers look at what the other holder did.
    const got = await attempt(file, options, waited);
    if (got instanceof HeldLock) return got;
    if (!waited) options.onWait?.(got.busy);
    waited = true;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(done, options.pollMs ?? DEFAULTS.pollMs);
      function done() {
        options.signal?.removeEventListener('abort', abort);
        resolve();
      }
      function abort() {
        clearTimeout(timer);
        reject(options.signal?.reason);
      }
      options.signal?.addEventListener('abort', abort, { once: true });
    });
  }
}
