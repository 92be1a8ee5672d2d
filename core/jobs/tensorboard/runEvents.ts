// The scalars of one run, from its TensorBoard event files, followed as they grow: a job's files
// (those created while it ran under the spec's TensorBoard folder, by default `runs`, where PyTorch's
// SummaryWriter, weaver and Ultralytics write, and `lightning_logs`, Lightning's), or a folder's, as
// TensorBoard counts runs. What this cannot tell apart: two runs of one spec that overlap in time
// both show the files created while either ran.
import * as path from 'node:path';
import { msg, type Message } from '../../text/message';
import { FileFollower } from '../fileFollower';
import type { MetricSeries } from '../trainingMetrics';
import { eventFilesIn, findEventFiles, type RunWindow } from './eventFiles';
import { EventFileScalars } from './eventScalars';

/** Bytes read and decoded at once (about 40 ms of work on one core; bench/tensorboard.ts). */
const READ_CHUNK = 2 * 1024 * 1024;
/** How often a running job's folder is searched for new files. */
export const LOOK_EVERY_MS = 5000;

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
