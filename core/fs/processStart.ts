// When a process started, as the system tells it. A pid and its start time name one process, where
// a pid alone may name a later one: pids are reused, and a lock (fileLock.ts) whose holder died must
// not pass for held because an unrelated process got the same number. Linux: the start time in
// /proc/<pid>/stat (clock ticks since boot) with the boot's id; macOS and other Unixes: `ps -o
// lstart=`; elsewhere (Windows) unknown, and the pid alone has to do.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

let bootId: Promise<string> | undefined;
let ownStart: Promise<string | undefined> | undefined;

/** An opaque text that differs between two processes that had the same pid; undefined when unknown (or not running). */
export function processStartTime(pid: number): Promise<string | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return Promise.resolve(undefined);
  // Every lock this process takes records it: asked once.
  if (pid === process.pid) return (ownStart ??= read(pid));
  return read(pid);
}

async function read(pid: number): Promise<string | undefined> {
  if (process.platform === 'linux') {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (!stat) return undefined;
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    // The first of them is field 3; the start time is field 22.
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    if (!ticks || !/^\d+$/.test(ticks)) return undefined;
    // Ticks count from boot: with the boot's id, a process of an earlier boot never matches.
    bootId ??= readFile('/proc/sys/kernel/random/boot_id', 'utf8').then(
      (t) => t.trim(),
      () => '',
    );
    return `linux:${await bootId}:${ticks}`;
  }
  if (process.platform === 'win32') return undefined;
  // The C locale and UTC: the holder and whoever checks it may differ in both, and the text must not.
  return new Promise((resolve) =>
    execFile('ps', ['-o', 'lstart=', '-p', String(pid)], { timeout: 5000, env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } }, (err, out) => {
      const text = String(out ?? '').trim();
      resolve(!err && text ? `ps:${text}` : undefined);
    }),
  );
}
