// How a dataset's histogram is cut into parts (dataset.ts runs them): a small file is one part, a
// large one is described and split into ranges of entries holding about PART_BYTES of the branches
// read. With an entry range (TTree::Draw's firstentry and nentries), the files are counted through in
// order, as a TChain's: each is described, a few at a time, until the range's first entry (or, with a
// count, its end) is reached, and each gets its share of the range. A file that cannot be read is
// left out and counted as holding no entries, as TChain skips a file it cannot open; it is named with
// the others that failed. Entry$ numbers the entries through the files as a range counts them: every
// file is then counted first, and each part knows its file's first entry in the chain.
import * as path from 'node:path';
import type { DatasetFile, DatasetRequest, LeftOutFile, RunJob } from './dataset';
import { isWholeRange, rangeInFile } from './entryRange';
import { isChainEntryNumber } from './expression/entryNumbers';
import type { EntryCounts } from './entryCounts';
import type { FileDescription } from './workers/dataJobs';
import { LocalizedError, type Message, messageOf, msg } from '../text/message';

/**
 * A file up to this size is read as one part, without describing it first. A compressed member, a
 * parquet page, an HDF5 chunk or a tensor view can hold far more than its file: the worker then
 * refuses to read it whole (PartTooLarge, past a part's values), and it is described and split.
 */
export const WHOLE_FILE_BYTES = 8 * 1024 * 1024;
/** Parts of one file at most: 100 000 parts of 16 MiB is more than any file holds; more means its description is forged. */
const MAX_PARTS = 100_000;
/** Uncompressed bytes of the branches read, per part: bounds a worker's memory (values become float64). */
export const PART_BYTES = 16 * 1024 * 1024;

export interface Part {
  readonly file: string;
  readonly index: number;
  readonly first?: number;
  readonly count?: number;
  /** This part's share of its file's size, for progress in bytes. */
  readonly bytes: number;
  /** The file's last part. */
  readonly closesFile: boolean;
  /** The chain's entry number of the file's entry 0, when the files were counted through (entry range, Entry$). */
  readonly entryOffset?: number;
}

/** With an entry range, files are described this many at a time, in order, until the range ends: the files after it are not opened. */
const DESCRIBED_AT_ONCE = 8;

/** A described file's entries, and the bytes of the columns read per entry; undefined: it has no table to count (read whole, its job says why). */
export type FileSize = { readonly entries: number; readonly bytesPerEntry: number } | undefined;

/** Error kinds that say the request is wrong, not a file: the whole dataset fails at once. */
const REQUEST_ERRORS = new Set(['ExpressionError', 'AbortError']);

export function isRequestError(err: unknown): boolean {
  return err instanceof Error && REQUEST_ERRORS.has(err.name);
}

/** The branch, column or array a failed job's file lacks, when that was its mistake. */
export function missingNameOf(err: unknown): string | undefined {
  const missing = err instanceof Error ? (err as { missing?: unknown }).missing : undefined;
  return typeof missing === 'string' ? missing : undefined;
}

/**
 * Whether one file's failed job fails the whole request over a dataset. A mistake in the fields does
 * (every file would say the same). A name the structure shown lacks (`structureNames`, its table's
 * columns) does too, whichever file said so first: a misspelt branch is said at once, not after every
 * file has been tried. A name the structure has but a file lacks leaves that file out, named, as
 * TChain goes on past a file it cannot use: samples from different productions often differ by a few
 * branches. Without the structure's names, every missing name fails the request.
 */
export function failsRequest(err: unknown, structureNames: readonly string[] | undefined): boolean {
  const missing = missingNameOf(err);
  if (structureNames !== undefined && missing !== undefined) return !structureNames.includes(missing);
  return isRequestError(err);
}

/**
 * Why a file is left out, as the page names it: a name it lacks is said without the "Did you mean"
 * of the error (that would be taken from this file's other branches, not the structure's).
 */
export function leftOutMessage(err: unknown): Message | string {
  const missing = missingNameOf(err);
  return missing === undefined ? messageOf(err) : msg('There is no branch or column "{0}".', missing);
}

/** A job stopped by the pool's time limit (workerPool.ts). */
export function isTimeout(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}

/** The parts to run, and the files already done (failed, or outside the range). */
export interface Plan {
  readonly parts: Part[];
  readonly failed: LeftOutFile[];
  readonly firstError: unknown;
  readonly bytesDone: number;
  readonly filesDone: number;
  /** The entries read, when every file was counted before reading (Entry$): from the range's first (or 0) to `entries.stop`. */
  readonly entries?: { readonly first: number; readonly stop: number };
}

export interface PlanOptions {
  readonly signal?: AbortSignal;
  readonly partBytes: number;
  readonly wholeFileBytes?: number;
  /** After each batch of files counted through for an entry range: the files done so far (outside it, or failed). */
  readonly onCounted?: (done: { readonly bytesDone: number; readonly filesDone: number }) => void;
  /** Files' entries counted before (by the page's table or an earlier range), and kept for the next. */
  readonly counts?: EntryCounts;
}

export async function planParts(request: DatasetRequest, names: readonly string[], run: RunJob, options: PlanOptions): Promise<Plan> {
  const parts: Part[] = [];
  const failed: LeftOutFile[] = [];
  let firstError: unknown;
  let bytesDone = 0;
  let filesDone = 0;
  const done = (f: DatasetFile): void => {
    bytesDone += f.bytes;
    filesDone++;
  };
  const wholeFileBytes = options.wholeFileBytes ?? WHOLE_FILE_BYTES;
  /** `counting`: counted through for a range or Entry$, where a file taken as empty would move every later entry's number. */
  const describe = async (f: DatasetFile, counting = false): Promise<FileSize | 'failed'> => {
    try {
      const size = sizeOf(await run<FileDescription>({ op: 'describe', file: f.file }, options.signal), request.tree, names);
      if (size) options.counts?.set(f.file, request.tree, size.entries, f.bytes);
      return size;
    } catch (err) {
      // A read stopped by the pool's time limit says nothing sure about the file (a slow disk, a busy machine).
      if (isRequestError(err) || (counting && isTimeout(err))) throw err;
      firstError ??= err;
      failed.push({ file: f.file, message: messageOf(err) });
      done(f);
      return 'failed';
    }
  };
  /** A file read from its start to its end: one part if small, else described and split. */
  const whole = async (f: DatasetFile, index: number): Promise<void> => {
    if (f.bytes <= wholeFileBytes) {
      parts.push({ file: f.file, index, bytes: f.bytes, closesFile: true });
      return;
    }
    const size = await describe(f);
    if (size !== 'failed') parts.push(...split(f, index, size, options.partBytes));
  };
  /**
   * A small file whose entries were counted before needs no description: its share of the range is one
   * part, as a small file without a range is read whole in one.
   */
  const countOrDescribe = async (f: DatasetFile): Promise<FileSize | 'failed'> => {
    const known = options.counts?.get(f.file, request.tree, f.bytes);
    return known !== undefined && f.bytes <= wholeFileBytes ? { entries: known, bytesPerEntry: 0 } : describe(f, true);
  };
  // Entry$ numbers the entries through the files: every file is counted, in order, before any is read
  // (one file too: its count gives Entry$'s binning, which its first part alone would not).
  const numbered = names.some(isChainEntryNumber);
  const range = isWholeRange(request.range) ? (numbered ? { first: 0 } : undefined) : request.range;
  if (!range) {
    await Promise.all(request.files.map(whole));
    return { parts, failed, firstError, bytesDone, filesDone };
  }
  const end = range.count === undefined ? Infinity : range.first + range.count;
  // The files are counted through while the range's first entry, or its end, lies ahead.
  let offset = 0;
  let at = 0;
  for (; at < request.files.length && offset < end && (numbered || !(range.count === undefined && offset >= range.first)); at += DESCRIBED_AT_ONCE) {
    const batch = request.files.slice(at, at + DESCRIBED_AT_ONCE);
    const sizes = await Promise.all(batch.map(countOrDescribe));
    batch.forEach((f, i) => {
      const size = sizes[i];
      if (size === 'failed') return;
      if (offset >= end) return done(f);
      // No table to count (a tree it lacks): its job says what is wrong.
      if (size === undefined) return void parts.push({ file: f.file, index: at + i, bytes: f.bytes, closesFile: true });
      const inside = rangeInFile(range, offset, size.entries);
      const entryOffset = offset;
      offset += size.entries;
      // A file of no entries is still run (empty): an array it lacks, a name misspelt, is said by its job.
      if (inside.stop > inside.start || (size.entries === 0 && offset < end)) parts.push(...split(f, at + i, size, options.partBytes, inside.start, inside.stop).map((p) => ({ ...p, entryOffset })));
      else done(f);
    });
    // Counting through thousands of files to reach the middle of a dataset takes seconds: its progress is shown.
    options.onCounted?.({ bytesDone, filesDone });
  }
  // Without a count, the files after the first entry are read whole; with one, those after its end not at all.
  const rest = request.files.slice(at);
  if (range.count === undefined && offset >= range.first) await Promise.all(rest.map((f, i) => whole(f, at + i)));
  else rest.forEach(done);
  if (parts.length === 0 && failed.length < request.files.length) {
    throw new LocalizedError(msg('The range starts at entry {0}, but the files hold {1} entries (the first is 0): give a smaller first entry.', range.first, offset));
  }
  return { parts, failed, firstError, bytesDone, filesDone, ...(numbered ? { entries: { first: range.first, stop: Math.min(end, offset) } } : {}) };
}

/** A described file's entries in the table read, and the bytes per entry of the columns read (`names`). */
export function sizeOf(d: FileDescription, tree: string | undefined, names: readonly string[]): FileSize {
  let entries: number;
  let bytesPerEntry: number;
  if (d.format === 'root') {
    // A tree the file lacks has no size: its job says so (the first tree's entries would be another's).
    const t = tree === undefined ? d.trees[0] : d.trees.find((x) => x.name === tree);
    if (!t) return undefined;
    entries = t.entries;
    const used = t.branches.filter((b) => names.includes(b.name));
    bytesPerEntry = used.reduce((a, b) => a + b.bytes, 0) / Math.max(1, entries);
  } else if (d.format === 'hdf5') {
    const g = d.groups.find((x) => x.path === tree) ?? d.groups[0];
    const used = g ? g.datasets.filter((x) => names.includes(x.name)) : [];
    entries = used.length ? Math.max(...used.map((x) => x.shape[0] ?? 1)) : 0;
    bytesPerEntry = used.reduce((a, x) => a + x.bytes, 0) / Math.max(1, entries);
  } else if (d.format === 'parquet') {
    entries = d.rows;
    bytesPerEntry = d.columns.filter((c) => names.includes(c.name)).reduce((a, c) => a + c.bytes, 0) / Math.max(1, entries);
  } else if (d.format === 'torch' || d.format === 'safetensors') {
    const used = d.tensors.filter((t) => t.table === (tree ?? '') && names.includes(t.name));
    entries = used.length ? Math.max(...used.map((t) => t.shape[0] ?? 1)) : 0;
    bytesPerEntry = used.reduce((a, t) => a + t.bytes / Math.max(1, t.shape[0] ?? 1), 0);
  } else {
    const arrays = d.format === 'npz' ? d.arrays.map((a) => ({ name: a.name, header: a.header })) : [{ name: d.name, header: d.header }];
    const used = arrays.filter((a) => names.includes(a.name));
    entries = used.length ? Math.max(...used.map((a) => a.header.shape[0] ?? 1)) : 0;
    bytesPerEntry = used.reduce((a, u) => a + (u.header.elements * u.header.dtype.size) / Math.max(1, u.header.shape[0] ?? 1), 0);
  }
  return { entries, bytesPerEntry };
}

/**
 * A described file's parts: ranges of entries holding about `partBytes` of the branches read, over its
 * entries [start, stop) (all by default). A file without a table to count is one part, read whole.
 */
export function split(f: DatasetFile, index: number, size: FileSize, partBytes: number, start = 0, stop = size?.entries ?? 0): Part[] {
  if (!size) return [{ file: f.file, index, bytes: f.bytes, closesFile: true }];
  const { entries, bytesPerEntry } = size;
  // Values are float64 in the worker: twice a float32 branch's bytes; an entry costs 8 bytes at least, also one of no values (its row offset).
  // At least one entry a part: an entry of 200 000 values is a part of its own.
  const per = Math.max(1, Math.floor(partBytes / Math.max(8, bytesPerEntry * 2)));
  const count = Math.max(1, Math.ceil((stop - start) / per));
  if (count > MAX_PARTS) throw new LocalizedError(msg('{0} says it holds {1} entries, more than this explorer reads of one file: its description is damaged or forged.', path.basename(f.file), entries));
  const out: Part[] = [];
  for (let i = 0; i < count; i++) {
    const first = start + i * per;
    const n = Math.min(per, stop - first);
    // A share of the file's bytes, so that the progress of a range reaches the file's size at its end.
    out.push({ file: f.file, index, first, count: n, bytes: (f.bytes * n) / Math.max(1, stop - start), closesFile: i === count - 1 });
  }
  return out.length ? out : [{ file: f.file, index, bytes: f.bytes, closesFile: true }];
}
