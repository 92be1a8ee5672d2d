// Where TensorBoard event files are. Every writer (PyTorch's SummaryWriter, tensorboardX, TensorFlow)
// starts a new file named `events.out.tfevents.<seconds since 1970>.<host>…`, so the files of a run
// are those created while it ran (findEventFiles); and, as TensorBoard counts them, every folder that
// holds event files is a run (findLogRuns). Links are never followed.
import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const EVENT_FILE = /^events\.out\.tfevents\.(\d{1,12})\./;
/** A compute node's clock and the login node's may differ by this much. */
const CLOCK_SLACK_MS = 60_000;
/** How deep below the folder event files are looked for (runs/<name>/events…, logs/fit/<time>/train/events…). */
const MAX_DEPTH = 4;
/** Entries looked at per search, at most: a folder set to the whole working directory stays cheap. */
const MAX_ENTRIES = 5000;

/** When a run was submitted and, once it ended, when it ended (ms since 1970). */
export interface RunWindow {
  readonly from: number;
  readonly to?: number;
}

/** The event files under `dir` created between `window`'s ends, sorted by path. Links are not followed. */
export async function findEventFiles(dir: string, window: RunWindow, limits = { maxDepth: MAX_DEPTH, maxEntries: MAX_ENTRIES }): Promise<string[]> {
  const { maxDepth } = limits;
  const found: string[] = [];
  let budget = limits.maxEntries;
  const walk = async (folder: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (--budget < 0) return;
      const full = path.join(folder, e.name);
      if (e.isDirectory()) {
        if (depth < maxDepth && !e.name.startsWith('.') && e.name !== 'node_modules') await walk(full, depth + 1);
        continue;
      }
      const m = e.isFile() ? EVENT_FILE.exec(e.name) : null;
      if (m && createdWithin(Number(m[1]) * 1000, window)) found.push(full);
    }
  };
  await walk(dir, 0);
  return found.sort();
}

/** The event files directly in `dir`, sorted. */
export async function eventFilesIn(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && EVENT_FILE.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** A folder of event files: one run, as TensorBoard counts them. */
export interface LogRun {
  readonly dir: string;
  /** The folder relative to the one searched ('.' for that one itself). */
  readonly name: string;
  /** When its newest file was created (from its name), ms since 1970. */
  readonly newest: number;
}

/** Every folder under `root` (itself included, links not followed) that holds event files, sorted by name. */
export async function findLogRuns(root: string): Promise<LogRun[]> {
  const byDir = new Map<string, number>();
  // Asked for by the user, once: deeper and wider than a job's search (logs/<project>/<experiment>/<run>/…).
  for (const file of await findEventFiles(root, { from: -Infinity }, { maxDepth: MAX_DEPTH + 2, maxEntries: 50 * MAX_ENTRIES })) {
    const created = Number(EVENT_FILE.exec(path.basename(file))![1]) * 1000;
    byDir.set(path.dirname(file), Math.max(byDir.get(path.dirname(file)) ?? 0, created));
  }
  return [...byDir.entries()]
    .map(([dir, newest]) => ({ dir, name: path.relative(root, dir).split(path.sep).join('/') || '.', newest }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function createdWithin(ms: number, window: RunWindow): boolean {
  return ms >= window.from - CLOCK_SLACK_MS && (window.to === undefined || ms <= window.to + CLOCK_SLACK_MS);
}
