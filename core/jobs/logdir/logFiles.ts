// Where the loggers' files are: TensorBoard event files (every writer — PyTorch's SummaryWriter,
// tensorboardX, TensorFlow — starts a new one named `events.out.tfevents.<seconds since 1970>.<host>…`)
// and the CSV logs of Ultralytics (results.csv) and Lightning (metrics.csv), rewritten or appended to
// as training goes. The files of a run are those written while it ran: an event file by the time in
// its name, a CSV by when it last changed (findLogFiles). As TensorBoard counts runs, every folder
// that holds such files is one (findLogRuns). Links are never followed.
import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CSV_LOG_NAMES } from './csvMetrics';

const EVENT_FILE = /^events\.out\.tfevents\.(\d{1,12})\./;
/** A compute node's clock and the login node's may differ by this much. */
const CLOCK_SLACK_MS = 60_000;
/** How deep below the folder files are looked for (runs/<name>/events…, runs/detect/train3/results.csv, logs/fit/<time>/train/events…). */
const MAX_DEPTH = 4;
/** Entries looked at per search, at most: a folder set to the whole working directory stays cheap. */
const MAX_ENTRIES = 5000;

export type LogFileKind = 'events' | 'csv';

/** What kind of log a file name is, if any. */
export function logFileKind(name: string): LogFileKind | undefined {
  return EVENT_FILE.test(name) ? 'events' : CSV_LOG_NAMES.has(name) ? 'csv' : undefined;
}

/** When a run was submitted and, once it ended, when it ended (ms since 1970). */
export interface RunWindow {
  readonly from: number;
  readonly to?: number;
}

/** When a log file was written, for telling runs apart: an event file's creation (its name), a CSV's last change. */
async function writtenAt(file: string): Promise<number | undefined> {
  const m = EVENT_FILE.exec(path.basename(file));
  if (m) return Number(m[1]) * 1000;
  return (await fs.lstat(file).catch(() => undefined))?.mtimeMs;
}

/** The log files under `dir` written within `window`, sorted by path. */
export async function findLogFiles(dir: string, window: RunWindow, limits = { maxDepth: MAX_DEPTH, maxEntries: MAX_ENTRIES }): Promise<string[]> {
  const found: string[] = [];
  let budget = limits.maxEntries;
  const walk = async (folder: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    const folders: string[] = [];
    for (const e of entries) {
      if (--budget < 0) return;
      const full = path.join(folder, e.name);
      if (e.isDirectory()) {
        if (depth < limits.maxDepth && !e.name.startsWith('.') && e.name !== 'node_modules') folders.push(full);
        continue;
      }
      if (!e.isFile() || !logFileKind(e.name)) continue;
      const at = await writtenAt(full);
      if (at !== undefined && within(at, window)) found.push(full);
    }
    // The most recently changed folders first (a new run's folder changes its parent): when a
    // runs/ of hundreds of old runs uses up the budget, it is the old ones that are not looked at.
    const changed = await Promise.all(folders.map((f) => fs.lstat(f).then((s) => s.mtimeMs, () => 0)));
    const order = folders.map((f, i) => ({ f, t: changed[i] })).sort((a, b) => b.t - a.t);
    for (const { f } of order) await walk(f, depth + 1);
  };
  await walk(dir, 0);
  return found.sort();
}

/** The log files directly in `dir`, sorted. */
export async function logFilesIn(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && logFileKind(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** A folder of log files: one run, as TensorBoard counts them. */
export interface LogRun {
  readonly dir: string;
  /** The folder relative to the one searched ('.' for that one itself). */
  readonly name: string;
  /** When its oldest and newest files were written (writtenAt), ms since 1970. */
  readonly oldest: number;
  readonly newest: number;
}

/** Every folder under `root` (itself included) that holds log files, sorted by name. */
export async function findLogRuns(root: string): Promise<LogRun[]> {
  const byDir = new Map<string, { oldest: number; newest: number }>();
  // Asked for by the user, once: deeper and wider than a job's search (logs/<project>/<experiment>/<run>/…).
  for (const file of await findLogFiles(root, { from: -Infinity }, { maxDepth: MAX_DEPTH + 2, maxEntries: 50 * MAX_ENTRIES })) {
    const at = (await writtenAt(file)) ?? 0;
    const seen = byDir.get(path.dirname(file));
    byDir.set(path.dirname(file), { oldest: Math.min(seen?.oldest ?? at, at), newest: Math.max(seen?.newest ?? at, at) });
  }
  return [...byDir.entries()]
    .map(([dir, times]) => ({ dir, name: path.relative(root, dir).split(path.sep).join('/') || '.', ...times }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Whether a folder's run is a job's own: the folder is under one of the job's log folders and every
 * file in it was written while the job ran. Such a folder, found in a log folder the user opened, is
 * shown as the job rather than a second time under its path.
 */
export function isJobsRun(run: Pick<LogRun, 'dir' | 'oldest' | 'newest'>, job: { readonly logdirs: readonly string[]; readonly window: RunWindow }): boolean {
  const under = job.logdirs.some((d) => {
    const rel = path.relative(d, run.dir);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  });
  return under && within(run.oldest, job.window) && within(run.newest, job.window);
}

function within(ms: number, window: RunWindow): boolean {
  return ms >= window.from - CLOCK_SLACK_MS && (window.to === undefined || ms <= window.to + CLOCK_SLACK_MS);
}
