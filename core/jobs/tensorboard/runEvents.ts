// A run's TensorBoard scalars: the event files its script wrote under the spec's TensorBoard folder
// (by default `runs`, where PyTorch's SummaryWriter, weaver and Ultralytics write, and
// `lightning_logs`, Lightning's). Every
// writer starts a new file named `events.out.tfevents.<seconds since 1970>.<host>…`, so a run's files
// are those created while it ran; earlier runs' files in the same folder are left out.
// What this cannot tell apart: two runs of one spec that overlap in time both show the files
// created while either ran.
import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { msg, type Message } from '../../text/message';
import { FileFollower } from '../fileFollower';
import type { MetricSeries } from '../trainingMetrics';
import { EventFileScalars } from './eventScalars';

const EVENT_FILE = /^events\.out\.tfevents\.(\d{1,12})\./;
/** A compute node's clock and the login node's may differ by this much. */
const CLOCK_SLACK_MS = 60_000;
/** How deep below the folder event files are looked for (runs/<name>/events…, logs/fit/<time>/train/events…). */
const MAX_DEPTH = 4;
/** Entries looked at per search, at most: a folder set to the whole working directory stays cheap. */
const MAX_ENTRIES = 5000;
/** Bytes read and decoded at once (about 40 ms of work on one core; bench/tensorboard.ts). */
const READ_CHUNK = 2 * 1024 * 1024;
/** How often a running job's folder is searched for new files. */
export const LOOK_EVERY_MS = 5000;

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
async function eventFilesIn(dir: string): Promise<string[]> {
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

interface EventSource {
  readonly follower: FileFollower;
  scalars: EventFileScalars;
}

export class TensorBoardRun {
  private readonly sources = new Map<string, EventSource>();
  private lookedAt: number | undefined;

  private constructor(
    /** What file names are relative to. */
    private readonly base: string,
    /** The run's event files as they are now. */
    private readonly find: () => Promise<string[]>,
    /** Whether one search finds them all (a run that ended). */
    private readonly searchOnce: boolean,
    private readonly now: () => number,
  ) {}

  /**
   * A job's files: those under `dirs` (absolute) created within its window. Named relative to the
   * folder, or to the folders' parent when there are several.
   */
  static ofJob(dirs: readonly string[], window: RunWindow, now: () => number = Date.now): TensorBoardRun {
    const base = dirs.length === 1 ? dirs[0] : path.dirname(dirs[0]);
    const find = async () => (await Promise.all(dirs.map((dir) => findEventFiles(dir, window)))).flat();
    return new TensorBoardRun(base, find, window.to !== undefined, now);
  }

  /** A run as TensorBoard sees one: the event files in one folder (not below it), whenever written. */
  static ofFolder(dir: string, now: () => number = Date.now): TensorBoardRun {
    return new TensorBoardRun(dir, () => eventFilesIn(dir), false, now);
  }

  /**
   * Looks for the run's new files and reads what its files gained; returns whether any curve changed.
   * Calls made while one is under way share it (two reads at once would take the same bytes twice).
   */
  update(): Promise<boolean> {
    this.updating ??= this.read().finally(() => {
      this.updating = undefined;
    });
    return this.updating;
  }

  private updating: Promise<boolean> | undefined;

  private async read(): Promise<boolean> {
    const now = this.now();
    // A run that ended wrote its files already: one search. A running one may start a writer at any time.
    const look = this.lookedAt === undefined || (!this.searchOnce && now - this.lookedAt >= LOOK_EVERY_MS);
    let changed = false;
    if (look) {
      this.lookedAt = now;
      for (const file of await this.find()) {
        if (this.sources.has(file)) continue;
        this.sources.set(file, { follower: new FileFollower(file), scalars: new EventFileScalars() });
        changed = true;
      }
    }
    for (const source of this.sources.values()) {
      // A piece at a time, letting the extension host breathe in between: a file logged per batch
      // can be hundreds of MB, read whole the first time a run is shown.
      for (;;) {
        const { bytes, restarted } = await source.follower.readBytes(READ_CHUNK);
        if (restarted) source.scalars = new EventFileScalars();
        if (bytes.length && source.scalars.feed(bytes)) changed = true;
        changed ||= restarted;
        if (bytes.length < READ_CHUNK) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return changed;
  }

  /** The files read, relative to the folder. */
  files(): string[] {
    return [...this.sources.keys()].map((f) => path.relative(this.base, f));
  }

  /**
   * All files' scalars along TensorBoard's step. A tag is named as written; when the files lie in
   * several folders (Keras's train/ and validation/), by its folder too: "validation/epoch_loss".
   */
  series(): MetricSeries {
    const folders = [...new Set([...this.sources.keys()].map((f) => path.dirname(f)))];
    const base = folders.length > 1 ? commonFolder(folders) : undefined;
    const byStep = new Map<number, Record<string, number>>();
    for (const [file, source] of this.sources) {
      const prefix = base === undefined ? '' : `${path.relative(base, path.dirname(file)).split(path.sep).join('/')}/`;
      for (const { tag, step, value } of source.scalars.values()) {
        const entry = byStep.get(step) ?? {};
        entry[prefix + tag] = value;
        byStep.set(step, entry);
      }
    }
    return { axis: 'step', points: [...byStep.entries()].sort((a, b) => a[0] - b[0]).map(([x, values]) => ({ x, values })) };
  }

  /** A sentence for each file that is damaged: the curves from it end where the damage starts. */
  problems(): Message[] {
    const out: Message[] = [];
    for (const [file, source] of this.sources) {
      const damage = source.scalars.damage;
      if (!damage) continue;
      const name = path.relative(this.base, file);
      out.push(
        damage.offset >= 0
          ? msg('{0} is damaged at byte {1}: {2}. Its curves end there.', name, damage.offset, damage.reason)
          : msg('{0} is damaged: {1}. Its curves end there.', name, damage.reason),
      );
    }
    return out;
  }
}

function commonFolder(folders: readonly string[]): string {
  const parts = folders.map((f) => f.split(path.sep));
  const first = parts[0];
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}
