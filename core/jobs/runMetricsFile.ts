// Which part of a metrics file is one run's. Every run of a spec writes the same metrics.jsonl (the
// spec names one path), so without this a run that crashed before writing showed the previous run's
// curves, and a new run that rewrote the file replaced an earlier run's curves with its own. A run
// records at submission what the file held then (its size and first line); its lines are those
// written after that: all of them when the file was rewritten (its first line is not the one
// recorded), else those appended. When the run ends, its lines are copied into its job folder, and
// its record points at the copy from then on: later runs cannot change what it shows.
// What this cannot tell apart: a rerun that rewrites the file with the same first line as the last
// run's (the same header, the same seed) and reaches its old size between two polls of the tracker
// (rewrittenSince), and runs of one spec that overlap. A script that writes where HAI_METRICS_FILE
// says (the job folder's metrics.jsonl, set for every run: backend.ts) has none of these limits: once
// that file is there, the run's record follows it (ownMetricsFile) and nothing is copied.
import { constants, createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** What the metrics file held when a run was submitted. */
export interface MetricsStart {
  /** Bytes the file had (0: no file). */
  readonly size: number;
  /** Its first line then, at most HEAD_BYTES bytes of it ('' when there was no file). */
  readonly head: string;
}

export const HEAD_BYTES = 512;

/** A run's own metrics in its job folder: where HAI_METRICS_FILE points, or the copy made at its end. */
export const RUN_METRICS_FILE = 'metrics.jsonl';

/** The environment variable that tells a job where its own metrics go. */
export const METRICS_FILE_ENV = 'HAI_METRICS_FILE';

/**
 * The run's own metrics file, when the run wrote one where HAI_METRICS_FILE pointed: only at the place
 * the tracker gives every job (<workdir>/.hai/jobs/<id>), a real folder holding a regular file, neither
 * of them a link (which could point the record at another job's file or anywhere else).
 */
export async function ownMetricsFile(record: JobPlace): Promise<string | undefined> {
  const file = ownMetricsPath(record);
  if (!file) return undefined;
  const folder = await fs.lstat(record.jobDir).catch(() => undefined);
  if (!folder?.isDirectory()) return undefined;
  const info = await fs.lstat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

type JobPlace = { readonly id: string; readonly workdir: string; readonly jobDir: string };

/** Where a run's own metrics go, when its job folder is the one the tracker made (a record edited by hand names no other place). */
export function ownMetricsPath(record: JobPlace): string | undefined {
  return record.jobDir === path.join(record.workdir, '.hai', 'jobs', record.id) ? path.join(record.jobDir, RUN_METRICS_FILE) : undefined;
}

const NOTHING: MetricsStart = { size: 0, head: '' };

/**
 * The metrics file as it is now (before a run starts, and while it runs). No file, or not a regular
 * one (a folder, a FIFO, which would block a read), or one that cannot be read: nothing.
 */
export async function metricsStartOf(file: string, headBytes = HEAD_BYTES): Promise<MetricsStart> {
  try {
    if (!(await fs.stat(file)).isFile()) return NOTHING;
    const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.min(size, headBytes));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const text = buffer.subarray(0, bytesRead).toString('latin1');
      const end = text.indexOf('\n');
      return { size, head: end < 0 ? text : text.slice(0, end) };
    } finally {
      await handle.close();
    }
  } catch {
    return NOTHING;
  }
}

/**
 * Whether `file` was rewritten since `start` was recorded: shorter than then (cut to nothing by a
 * script that opens it with "w"), or another first line. The tracker looks at each poll while the
 * run goes on and, once it was, counts the whole file as the run's: a rerun with a fixed seed writes
 * the same lines again, which at its end could not be told from the lines it found.
 */
export async function rewrittenSince(file: string, start: MetricsStart): Promise<boolean> {
  if (start.size === 0) return false;
  const now = await metricsStartOf(file);
  return now.size < start.size || now.head !== start.head;
}

/**
 * Where the run's lines begin in `file` now: after what it held at submission, or at 0 when it was
 * rewritten since (shorter than then, or another first line), or when nothing was recorded.
 */
export async function runOffset(file: string, start: MetricsStart | undefined): Promise<number> {
  return !start || start.size === 0 ? 0 : offsetIn(await metricsStartOf(file), start);
}

/** runOffset for the file as it is `now` (metricsStartOf). */
export function offsetIn(now: MetricsStart, start: MetricsStart | undefined): number {
  return start && now.size >= start.size && now.head === start.head ? start.size : 0;
}

/**
 * Copies the run's lines of `file` (from runOffset) into `<jobDir>/metrics.jsonl` and returns the
 * copy's path; an empty copy when there is no file (the run wrote none). The copy is written to a
 * new temporary file and linked into place, so a copy already there (another window's, made when
 * the run ended) is never replaced. Undefined when it cannot be made (the file unreadable, the job
 * folder a link or not writable): the record then keeps following the shared file.
 */
export async function copyRunMetrics(file: string, start: MetricsStart | undefined, jobDir: string): Promise<string | undefined> {
  const target = path.join(jobDir, RUN_METRICS_FILE);
  try {
    const folder = await fs.lstat(jobDir).catch(() => undefined);
    if (folder && !folder.isDirectory()) return undefined;
    if (!folder) await fs.mkdir(jobDir, { recursive: true });
    if (await exists(target)) return target;
    const source = await fs.stat(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (source && !source.isFile()) return undefined;
    const temp = path.join(jobDir, `.${RUN_METRICS_FILE}.${process.pid}.${Date.now()}.tmp`);
    // A new file ('wx': never one that is there, nor a link's target), no more readable than the file it copies.
    const mode = source ? source.mode & 0o666 : 0o644;
    const out = createWriteStream(temp, { flags: 'wx', mode });
    try {
      if (source) await pipeline(createReadStream(file, { start: await runOffset(file, start) }), out);
      else await new Promise<void>((resolve, reject) => out.on('error', reject).end(resolve));
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    try {
      await fs.link(temp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await fs.rm(temp, { force: true });
    }
    return target;
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}
