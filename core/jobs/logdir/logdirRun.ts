// The metrics of one run from its loggers' files, followed as they grow: TensorBoard event files and
// CSV logs (Ultralytics', Lightning's). A job's files are those written while it ran under the spec's
// logdir (by default `runs`, where PyTorch's SummaryWriter, weaver and Ultralytics write, and
// `lightning_logs`, Lightning's); a folder's are those in it, as TensorBoard counts runs. A run with
// event files shows those, one without them its CSV logs (Ultralytics writes both when TensorBoard
// is installed).
// What this cannot tell apart: two runs of one spec that overlap in time both show the files written
// while either ran.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { msg, type Message } from '../../text/message';
import { FileFollower } from '../fileFollower';
import { sharedWhileRunning } from '../sharedCall';
import { metricsStartOf } from '../runMetricsFile';
import { type MetricSeries, pointsOf, putValue } from '../trainingMetrics';
import { CsvMetrics } from './csvMetrics';
import { MAX_VALUES_PER_EVENT } from './eventProto';
import { EventFileScalars, MAX_TAGS } from './eventScalars';
import { findLogFiles, logFileKind, logFilesIn, type RunWindow } from './logFiles';

/** Bytes read and decoded at once (about 40 ms of work on one core; bench/tensorboard.ts). */
const READ_CHUNK = 2 * 1024 * 1024;
/** A CSV log's header is compared up to this many bytes (hundreds of columns fit). */
const MAX_HEADER = 64 * 1024;
/** How often a running job's folder is searched for new files. */
export const LOOK_EVERY_MS = 5000;

/** What tells a file rewritten from one that only grew. */
interface FileState {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

type Source = { follower: FileFollower } & (
  /** `stopped`: the file as it was when its scalars found damage. */
  | { readonly kind: 'events'; scalars: EventFileScalars; stopped?: FileState }
  | { readonly kind: 'csv'; table: CsvMetrics; decoder: StringDecoder; header: string }
);

export class LogdirRun {
  private readonly sources = new Map<string, Source>();
  private lookedAt: number | undefined;

  private constructor(
    /** What file names are relative to. */
    private readonly base: string,
    /** The run's log files as they are now. */
    private readonly find: () => Promise<string[]>,
    /** Whether one search finds them all (a run that ended). */
    private readonly searchOnce: boolean,
    private readonly now: () => number,
  ) {}

  /**
   * A job's files: those under `dirs` (absolute) created within its window. Named relative to the
   * folder, or to the folders' parent when there are several.
   */
  static ofJob(dirs: readonly string[], window: RunWindow, now: () => number = Date.now): LogdirRun {
    const base = dirs.length === 1 ? dirs[0] : path.dirname(dirs[0]);
    const find = async () => (await Promise.all(dirs.map((dir) => findLogFiles(dir, window)))).flat();
    return new LogdirRun(base, find, window.to !== undefined, now);
  }

  /** A run as TensorBoard sees one: the log files in one folder (not below it), whenever written. */
  static ofFolder(dir: string, now: () => number = Date.now): LogdirRun {
    return new LogdirRun(dir, () => logFilesIn(dir), false, now);
  }

  /**
   * Looks for the run's new files and reads what its files gained; returns whether any curve changed.
   * Calls made while one is under way share it (two reads at once would take the same bytes twice).
   */
  readonly update: () => Promise<boolean> = sharedWhileRunning(() => this.read());

  private async read(): Promise<boolean> {
    const now = this.now();
    // A run that ended wrote its files already: one search. A running one may start a writer at any time.
    const look = this.lookedAt === undefined || (!this.searchOnce && now - this.lookedAt >= LOOK_EVERY_MS);
    let changed = false;
    if (look) {
      this.lookedAt = now;
      for (const file of await this.find()) {
        if (this.sources.has(file)) continue;
        const follower = new FileFollower(file);
        this.sources.set(
          file,
          logFileKind(path.basename(file)) === 'csv'
            ? { kind: 'csv', follower, table: new CsvMetrics(), decoder: new StringDecoder('utf8'), header: (await metricsStartOf(file, MAX_HEADER)).head }
            : { kind: 'events', follower, scalars: new EventFileScalars() },
        );
        changed = true;
      }
    }
    for (const source of this.sources.values()) {
      // A piece at a time, letting the extension host breathe in between: a file logged per batch
      // can be hundreds of MB, read whole the first time a run is shown.
      for (;;) {
        const { got, restarted, grew } = await LogdirRun.pull(source);
        changed ||= grew || restarted;
        if (got < READ_CHUNK) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return changed;
  }

  /** Reads the next piece of a file into its parser (a new one when the file was rewritten). */
  private static async pull(source: Source): Promise<{ got: number; restarted: boolean; grew: boolean }> {
    if (source.kind === 'csv') {
      // Lightning writes the whole file again, with a longer header, when a name is logged the first
      // time (val_loss after the first validation): the file grew, but from its start.
      const header = (await metricsStartOf(source.follower.file, MAX_HEADER)).head;
      let restarted = false;
      if (header !== source.header) {
        source.header = header;
        source.follower = new FileFollower(source.follower.file);
        restarted = true;
      }
      const read = await source.follower.readBytes(READ_CHUNK);
      if (restarted || read.restarted) {
        source.table = new CsvMetrics();
        source.decoder = new StringDecoder('utf8');
      }
      const text = source.decoder.write(read.bytes);
      return { got: read.bytes.length, restarted: restarted || read.restarted, grew: text.length > 0 && source.table.feed(text) };
    }
    const file = source.follower.file;
    let rewritten = false;
    if (source.stopped) {
      // A damaged file is read no further: nothing after the damage can be framed, and reading it to
      // its end (however large: a sparse file costs no disk) would hold every poll. Only a file
      // rewritten since is read again, from its start.
      const now = await stateOf(file);
      if (!now || !isRewritten(source.stopped, now)) return { got: 0, restarted: false, grew: false };
      source.follower = new FileFollower(file);
      source.stopped = undefined;
      rewritten = true;
    }
    const read = await source.follower.readBytes(READ_CHUNK);
    const restarted = rewritten || read.restarted;
    if (restarted) source.scalars = new EventFileScalars();
    const grew = read.bytes.length > 0 && source.scalars.feed(read.bytes);
    if (source.scalars.damage) {
      // As it is now, for telling later whether it was rewritten; gone already, whatever appears at
      // its name later is another file.
      source.stopped = (await stateOf(file)) ?? { dev: -1, ino: -1, size: 0, mtimeMs: 0 };
      return { got: 0, restarted, grew };
    }
    // The last record did not check out yet (bytes not arrived over NFS): read it again next time.
    const again = source.scalars.takeRereadFrom();
    if (again !== undefined) source.follower.seek(again);
    return { got: again === undefined ? read.bytes.length : 0, restarted, grew };
  }

  /** The files read, relative to the folder. */
  files(): string[] {
    return [...this.sources.keys()].map((f) => path.relative(this.base, f));
  }

  /**
   * The event files' scalars along TensorBoard's step; a run without any, its CSV logs' columns
   * along their axis. A name is as written; when the files lie in several folders (Keras's train/
   * and validation/), with its folder too: "validation/epoch_loss".
   */
  series(): MetricSeries {
    const events = [...this.sources].filter(([, s]) => s.kind === 'events' && s.scalars.tags().length > 0);
    const chosen = events.length > 0 ? events : [...this.sources].filter(([, s]) => s.kind === 'csv');
    const folders = [...new Set(chosen.map(([f]) => path.dirname(f)))];
    const base = folders.length > 1 ? commonFolder(folders) : undefined;
    const byX = new Map<number, Record<string, number>>();
    let axis: MetricSeries['axis'] = 'step';
    for (const [file, source] of chosen) {
      const prefix = base === undefined ? '' : `${path.relative(base, path.dirname(file)).split(path.sep).join('/')}/`;
      if (source.kind === 'events') {
        for (const { tag, step, value } of source.scalars.values()) putValue(byX, step, prefix + tag, value);
        continue;
      }
      const table = source.table.series();
      axis = table.axis;
      for (const p of table.points) for (const [name, value] of Object.entries(p.values)) putValue(byX, p.x, prefix + name, value);
    }
    return { axis, points: pointsOf(byX) };
  }

  /** A sentence for each file that is damaged (its curves end where the damage starts), has rows that could not be read, or too many tags. */
  problems(): Message[] {
    const out: Message[] = [];
    for (const [file, source] of this.sources) {
      const name = path.relative(this.base, file);
      if (source.kind === 'csv') {
        if (source.table.badRows > 0) out.push(msg('{0}: rows that could not be read and were left out: {1}.', name, source.table.badRows));
        continue;
      }
      const damage = source.scalars.damage;
      if (damage) {
        out.push(
          damage.offset >= 0
            ? msg('{0} is damaged in its record at byte {1}: {2}. Its curves end there.', name, damage.offset, damage.reason)
            : msg('{0} is damaged: {1}. Its curves end there.', name, damage.reason),
        );
      }
      if (source.scalars.valuesLeftOut > 0) {
        out.push(msg('{0}: only the first {1} values of an event are read; values left out: {2}.', name, MAX_VALUES_PER_EVENT, source.scalars.valuesLeftOut));
      }
      if (source.scalars.tagsLeftOut > 0) out.push(msg('{0}: only the first {1} tags are shown; tags left out: {2}.', name, MAX_TAGS, source.scalars.tagsLeftOut));
    }
    return out;
  }
}

async function stateOf(file: string): Promise<FileState | undefined> {
  const s = await fs.stat(file).catch(() => undefined);
  return s && { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
}

/**
 * Whether the file at a name is no longer the one seen: another file (replaced), a shorter one
 * (truncated), or one changed without growing (written over). One that grew is taken as appended
 * to, as a damaged file's writer may go on doing.
 */
function isRewritten(then: FileState, now: FileState): boolean {
  return now.dev !== then.dev || now.ino !== then.ino || now.size < then.size || (now.size === then.size && now.mtimeMs !== then.mtimeMs);
}

function commonFolder(folders: readonly string[]): string {
  const parts = folders.map((f) => f.split(path.sep));
  const first = parts[0];
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}
