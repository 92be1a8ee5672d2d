// The last line of a local job's log, which says how the job ended, in the style of the first
// ("[HAI] job <name> started on <host> at <time>", written by the job's script, jobScript.ts): read
// later, a log that just stops cannot tell a cancel from a hang or a crash. Like the first line it
// is the log's own text, in English. The local runner's wrapper writes it when the job's process
// exits by itself (with its exit code or signal); the runner writes it here when it cancels the job,
// or finds the job's processes gone without an exit status, each time after the processes are gone,
// so that nothing the job still writes lands after it. Slurm writes its jobs' logs itself, and
// nothing is added to them: the log view says there how HAI saw the job end (`endNote`).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatDuration } from '../text/formatting';
import { type Message, msg } from '../text/message';
import { isFinal, type JobRecord } from './jobRecord';

/** Local time as the start line writes it (`date '+%Y-%m-%d %H:%M:%S'`). */
export function logTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "[HAI] job train was cancelled by the user in VS Code at 2025-05-01 14:03:12 (after 1 min 12 s)". */
export function endLine(name: string, how: string, at: number, startedAt?: number): string {
  const after = startedAt !== undefined ? ` (after ${formatDuration(at - startedAt)})` : '';
  return `[HAI] job ${name} ${how} at ${logTime(at)}${after}`;
}

/**
 * The marker that one end line was written: several windows may find the same job gone at once,
 * and only the one that creates it appends (O_EXCL). The wrapper's line needs none: it is the one
 * writer when the job ends by itself, and then the job has an exit status, so no window writes one.
 */
export const END_MARKER = 'end_logged';

/**
 * Appends `line` to the job's log, on a line of its own, unless a line was appended already.
 * Returns whether it wrote. Call it once the job's processes are gone.
 */
export async function appendEndLine(r: Pick<JobRecord, 'jobDir' | 'logPath'>, line: string): Promise<boolean> {
  // Only the log the runner made in the job's own folder: a record is a file anyone may edit.
  if (path.dirname(path.resolve(r.logPath)) !== path.resolve(r.jobDir)) return false;
  try {
    await (await fs.open(path.join(r.jobDir, END_MARKER), 'wx', 0o600)).close();
  } catch {
    // Written by another window, or no job folder to write in (then there is no log either).
    return false;
  }
  const log = await fs.open(r.logPath, 'a+', 0o600);
  try {
    // A job killed in the middle of a line (a progress bar) leaves it open: the end line starts a new one.
    const { size } = await log.stat();
    const last = Buffer.alloc(1);
    const open = size > 0 && (await log.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
    await log.write(`${open ? '\n' : ''}${line}\n`);
  } finally {
    await log.close();
  }
  return true;
}

/**
 * What a Slurm job's log view shows under the log once the job is over: how HAI saw it end (`state`
 * and `reason` as the user reads them), since Slurm's file says so only for some ends (a cancel or a
 * time limit, on most sites). Undefined while the job is not over, and for local jobs, whose log
 * has its own end line.
 */
export function endNote(r: Pick<JobRecord, 'backend' | 'backendId' | 'name' | 'state' | 'endedAt'>, state: string, reason: string | undefined): Message | undefined {
  if (r.backend === 'local' || !isFinal(r)) return undefined;
  const how = reason && reason !== state ? msg('{0}; {1}', state, reason) : state;
  return r.endedAt !== undefined
    ? msg('[HAI] Slurm job {0} ({1}) ended at {2}: {3}. HAI adds this line; it is not in the log file.', r.backendId, r.name, logTime(r.endedAt), how)
    : msg('[HAI] Slurm job {0} ({1}) ended: {2}. HAI adds this line; it is not in the log file.', r.backendId, r.name, how);
}
