// Which part of a metrics file is one run's. Every run of a spec writes the same metrics.jsonl (the
// spec names one path), so without this a run that crashed before writing showed the previous run's
// curves, and a new run that rewrote the file replaced an earlier run's curves with its own. A run
// records at submission what the file held then (its size and first line); its lines are those
// written after that: all of them when the file was rewritten (its first line is not the one
// recorded), else those appended. When the run ends, its lines are copied into its job folder, and
// its record points at the copy from then on: later runs cannot change what it shows.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** What the metrics file held when a run was submitted. */
export interface MetricsStart {
  /** Bytes the file had (0: no file). */
  readonly size: number;
  /** Its first line then, at most HEAD_BYTES bytes of it ('' when there was no file). */
  readonly head: string;
}

const HEAD_BYTES = 512;

/** The copy of a run's metrics in its job folder. */
export const RUN_METRICS_FILE = 'metrics.jsonl';

async function readHead(handle: fs.FileHandle, size: number): Promise<string> {
  const buffer = Buffer.alloc(Math.min(size, HEAD_BYTES));
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
  const text = buffer.subarray(0, bytesRead).toString('latin1');
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

/** The metrics file as it is now, before a run starts (no file: size 0). */
export async function metricsStartOf(file: string): Promise<MetricsStart> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return { size: 0, head: '' };
  }
  try {
    const { size } = await handle.stat();
    return { size, head: await readHead(handle, size) };
  } finally {
    await handle.close();
  }
}

/**
 * Where the run's lines begin in `file` now: after what it held at submission, or at 0 when it was
 * rewritten since (shorter than then, or another first line), or when nothing was recorded.
 */
export async function runOffset(file: string, start: MetricsStart | undefined): Promise<number> {
  if (!start || start.size === 0) return 0;
  const now = await metricsStartOf(file);
  return now.size >= start.size && now.head === start.head ? start.size : 0;
}

/**
 * Copies the run's lines of `file` (from runOffset) into `jobDir`, through a temporary file and a
 * rename, and returns the copy's path; an empty copy when the run wrote none. Undefined when the
 * job folder cannot be written (the record then keeps following the shared file).
 */
export async function copyRunMetrics(file: string, start: MetricsStart | undefined, jobDir: string): Promise<string | undefined> {
  const target = path.join(jobDir, RUN_METRICS_FILE);
  if (path.resolve(file) === path.resolve(target)) return undefined;
  const offset = await runOffset(file, start);
  let data = Buffer.alloc(0);
  try {
    const whole = await fs.readFile(file);
    data = whole.subarray(offset);
  } catch {
    // No metrics file: the run wrote none, and its copy says so.
  }
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.mkdir(jobDir, { recursive: true });
    await fs.writeFile(temp, data);
    await fs.rename(temp, target);
    return target;
  } catch {
    await fs.rm(temp, { force: true });
    return undefined;
  }
}
