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
export async function findEventFiles(dir: string, window: RunWindow): Promise<string[]> {
  const found: string[] = [];
  let budget = MAX_ENTRIES;
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
        if (depth < MAX_DEPTH && !e.name.startsWith('.') && e.name !== 'node_modules') await walk(full, depth + 1);
        continue;
      }
      const m = e.isFile() ? EVENT_FILE.exec(e.name) : null;
      if (m && createdWithin(Number(m[1]) * 1000, window)) found.push(full);
    }
  };
  await walk(dir, 0);
  return found.sort();
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

  constructor(
    /** The folders to look in, absolute; files are named relative to the first one's parent when there are several. */
    readonly dirs: readonly string[],
    private readonly window: RunWindow,
    private readonly now: () => number = Date.now,
  ) {}

  /** What file names are relative to: the folder, or where the folders are when there are several. */
  private get base(): string {
    return this.dirs.length === 1 ? this.dirs[0] : path.dirname(this.dirs[0]);
  }

  /** Looks for the run's new files and reads what its files gained; returns whether any curve changed. */
  async update(): Promise<boolean> {
    const now = this.now();
    // A run that ended wrote its files already: one search. A running one may start a writer at any time.
    const look = this.lookedAt === undefined || (this.window.to === undefined && now - this.lookedAt >= LOOK_EVERY_MS);
    let changed = false;
    if (look) {
      this.lookedAt = now;
      const found = (await Promise.all(this.dirs.map((dir) => findEventFiles(dir, this.window)))).flat();
      for (const file of found) {
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
