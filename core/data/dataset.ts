// One histogram over a dataset: many files (a JetClass split of 100 ROOT files, a downloaded hub
// dataset) or one large file, filled in parts on all the pool's workers and merged as the parts land.
// A small file is one part (unless the worker finds it holds more than a part); a large one is split
// into ranges of entries sized by the bytes of the branches the expression reads, so that a part's
// columns stay small in memory whatever the dataset's size. Without a range given, the binning comes from the first part, as ROOT's TTree::Draw takes it
// from its first entries (SetEstimate): values beyond it land in the under- and overflow, which the
// statistics show. Parts are plain mergeable histograms (histogram.ts), the same data a Slurm array
// job's tasks would return.
import * as path from 'node:path';
import { type Axis, Histogram1D, type Histogram1DData, Histogram2D, type Histogram2DData } from './histogram';
import { namesIn, parseExpression } from './expression/syntax';
import { addCutflows, type CutStep } from './expression/cutflow';
import { type EntryRange, isWholeRange, rangeInFile } from './entryRange';
import { Profile, type ProfileData, type YLimits } from './profile';
import type { DataJob, FileDescription, HistogramResult } from './workers/dataJobs';
import { LocalizedError, type Message, messageOf, msg } from '../text/message';

/** Runs one job in a worker (DataWorkerPool.run). */
export type RunJob = <T>(job: DataJob, signal?: AbortSignal) => Promise<T>;

export interface DatasetFile {
  readonly file: string;
  /** Size on disk. */
  readonly bytes: number;
}

export interface DatasetRequest {
  readonly files: readonly DatasetFile[];
  /** The tree (ROOT); every file must have it. */
  readonly tree?: string;
  readonly expression: string;
  readonly entryCut?: string;
  readonly elementCut?: string;
  /** Each fill's weight (empty or absent: 1). */
  readonly weight?: string;
  readonly axis?: Axis;
  readonly bins?: number;
  /** For a 2-D histogram: the y expression and its binning. */
  readonly yExpression?: string;
  readonly yAxis?: Axis;
  readonly yBins?: number;
  /** With a y expression: the mean of y per x bin (ROOT's profile) instead of the 2-D histogram. */
  readonly profile?: boolean;
  /** A profile's y limits (TProfile's ylow, yup): pairs with y outside are not filled. */
  readonly yLimits?: YLimits;
  /** Only these entries, counted through the files in order (TTree::Draw's firstentry, nentries); absent: all. */
  readonly range?: EntryRange;
}

export interface DatasetProgress {
  readonly files: number;
  readonly filesDone: number;
  readonly bytes: number;
  readonly bytesDone: number;
  readonly entriesRead: number;
  readonly entriesKept: number;
  /** The merged histogram of the parts done so far. */
  readonly histogram?: Histogram1DData;
  readonly histogram2d?: Histogram2DData;
  readonly profile?: ProfileData;
  readonly multiplicity?: Histogram1DData;
  /** An entry cut of several conditions: the entries passing each step, over the parts done. */
  readonly cutflow?: readonly CutStep[];
}

export interface DatasetResult extends DatasetProgress {
  readonly histogram: Histogram1DData;
  /** Files that could not be read, left out of the histogram, with why. */
  readonly failed: readonly { readonly file: string; readonly message: Message | string }[];
  readonly parts: number;
}

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

export interface DatasetOptions {
  readonly signal?: AbortSignal;
  /** Called after each part with the merged histogram so far. */
  readonly onProgress?: (p: DatasetProgress) => void;
  readonly partBytes?: number;
  readonly wholeFileBytes?: number;
}

interface Part {
  readonly file: string;
  readonly index: number;
  readonly first?: number;
  readonly count?: number;
  /** This part's share of its file's size, for progress in bytes. */
  readonly bytes: number;
  /** The file's last part. */
  readonly closesFile: boolean;
}

/** With an entry range, files are described this many at a time, in order, until the range ends: the files after it are not opened. */
const DESCRIBED_AT_ONCE = 8;

/** A described file's entries, and the bytes of the columns read per entry; undefined: it has no table to count (read whole, its job says why). */
type FileSize = { readonly entries: number; readonly bytesPerEntry: number } | undefined;

/** Error kinds that say the request is wrong, not a file: the whole dataset fails at once. */
const REQUEST_ERRORS = new Set(['ExpressionError', 'AbortError']);

export async function histogramDataset(request: DatasetRequest, run: RunJob, options: DatasetOptions = {}): Promise<DatasetResult> {
  const names = usedNames(request);
  const partBytes = options.partBytes ?? PART_BYTES;
  const parts: Part[] = [];
  const failed: { file: string; message: Message | string }[] = [];
  let firstError: unknown;
  let bytesDone = 0;
  let filesDone = 0;
  const totalBytes = request.files.reduce((a, f) => a + f.bytes, 0);
  const range = isWholeRange(request.range) ? undefined : request.range;
  const describe = async (f: DatasetFile): Promise<FileSize | 'failed'> => {
    try {
      return sizeOf(await run<FileDescription>({ op: 'describe', file: f.file }, options.signal), request.tree, names);
    } catch (err) {
      if (isRequestError(err)) throw err;
      firstError ??= err;
      failed.push({ file: f.file, message: messageOf(err) });
      bytesDone += f.bytes;
      filesDone++;
      return 'failed';
    }
  };
  if (range) {
    // Each file's entries must be known to count through them: described in order, a few at a time, until the range ends.
    let offset = 0;
    const end = range.count === undefined ? Infinity : range.first + range.count;
    for (let at = 0; at < request.files.length; at += DESCRIBED_AT_ONCE) {
      const batch = request.files.slice(at, at + DESCRIBED_AT_ONCE);
      const sizes = offset < end ? await Promise.all(batch.map(describe)) : batch.map(() => undefined);
      batch.forEach((f, i) => {
        const size = sizes[i];
        if (size === 'failed') return;
        const inside = size && offset < end ? rangeInFile(range, offset, size.entries) : undefined;
        offset += size?.entries ?? 0;
        if (size === undefined && offset < end) parts.push({ file: f.file, index: at + i, bytes: f.bytes, closesFile: true });
        else if (size && inside && inside.stop > inside.start) parts.push(...split(f, at + i, size, partBytes, inside.start, inside.stop));
        else {
          // Outside the range: nothing of it is read.
          bytesDone += f.bytes;
          filesDone++;
        }
      });
    }
    if (parts.length === 0 && (offset > 0 || failed.length === 0)) {
      throw new LocalizedError(msg('The range starts at entry {0}, but the files hold {1} entries (the first is 0): give a smaller first entry.', range.first, offset));
    }
  } else {
    // Large files are described (in parallel) to be split by entries; small ones are one part each.
    await Promise.all(
      request.files.map(async (f, index) => {
        if (f.bytes <= (options.wholeFileBytes ?? WHOLE_FILE_BYTES)) {
          parts.push({ file: f.file, index, bytes: f.bytes, closesFile: true });
          return;
        }
        const size = await describe(f);
        if (size !== 'failed') parts.push(...split(f, index, size, partBytes));
      }),
    );
  }
  parts.sort((a, b) => a.index - b.index || (a.first ?? 0) - (b.first ?? 0));
  let partsRun = parts.length;
  let histogram: Histogram1D | undefined;
  let histogram2d: Histogram2D | undefined;
  let profile: Profile | undefined;
  let multiplicity: number[] | undefined;
  // Shown only when every part has one: a part whose rows are too long for one (dataJobs.ts) would leave it partial.
  let partsTaken = 0;
  let partsWithMultiplicity = 0;
  let entriesRead = 0;
  let entriesKept = 0;
  let flow: CutStep[] | undefined;
  const progress = (): DatasetProgress => ({
    files: request.files.length,
    filesDone,
    bytes: totalBytes,
    bytesDone,
    entriesRead,
    entriesKept,
    cutflow: flow,
    histogram: histogram?.toData(),
    histogram2d: histogram2d?.toData(),
    profile: profile?.toData(),
    multiplicity: multiplicity && partsWithMultiplicity === partsTaken ? unitHistogram(multiplicity) : undefined,
  });
  const job = (p: Part, axis: Axis | undefined, yAxis: Axis | undefined): DataJob => ({
    op: 'histogram',
    file: p.file,
    tree: request.tree,
    expression: request.expression,
    entryCut: request.entryCut,
    elementCut: request.elementCut,
    weight: request.weight,
    axis,
    bins: request.bins,
    yExpression: request.yExpression,
    yAxis,
    yBins: request.yBins,
    profile: request.profile,
    yLimits: request.yLimits,
    first: p.first,
    count: p.count,
    // Values as float64 in a part's bytes: more than that in a whole file, and it is split instead.
    wholeFileValues: p.first === undefined ? Math.max(1, Math.floor(partBytes / 8)) : undefined,
  });
  const take = (p: Part, r: HistogramResult): void => {
    if (!histogram) histogram = Histogram1D.fromData(r.histogram);
    else histogram.merge(r.histogram);
    if (r.histogram2d) {
      if (!histogram2d) histogram2d = Histogram2D.fromData(r.histogram2d);
      else histogram2d.merge(r.histogram2d);
    }
    if (r.profile) {
      if (!profile) profile = Profile.fromData(r.profile);
      else profile.merge(r.profile);
    }
    partsTaken++;
    if (r.multiplicity) {
      multiplicity = addUnitCounts(multiplicity ?? [], r.multiplicity);
      partsWithMultiplicity++;
    }
    entriesRead += r.entriesRead;
    entriesKept += r.entriesKept;
    flow = addCutflows(flow, r.cutflow);
    bytesDone += p.bytes;
    if (p.closesFile) filesDone++;
    options.onProgress?.(progress());
  };
  const fileFailed = new Set<string>();
  const fail = (p: Part, err: unknown): void => {
    if (isRequestError(err)) throw err;
    firstError ??= err;
    if (!fileFailed.has(p.file)) {
      fileFailed.add(p.file);
      failed.push({ file: p.file, message: messageOf(err) });
    }
    bytesDone += p.bytes;
    if (p.closesFile) filesDone++;
    options.onProgress?.(progress());
  };
  // A profile's y has no binning to fix.
  const twoD = !!request.yExpression?.trim() && !request.profile;
  let axis = request.axis;
  let yAxis = request.yAxis;
  /** One part; a whole file the worker found to hold more than a part is described, split, and its parts run in turn. */
  const runPart = async (p: Part): Promise<void> => {
    let r: HistogramResult;
    try {
      r = await run<HistogramResult>(job(p, axis, yAxis), options.signal);
    } catch (err) {
      if (p.first !== undefined || (err as Error | undefined)?.name !== 'PartTooLarge') return fail(p, err);
      let pieces: Part[];
      try {
        const d = await run<FileDescription>({ op: 'describe', file: p.file }, options.signal);
        pieces = split(request.files[p.index], p.index, sizeOf(d, request.tree, names), partBytes);
      } catch (describeErr) {
        return fail(p, describeErr);
      }
      // A description that gives no ranges (a tree it does not list) would be tried whole again, for ever.
      if (pieces.some((piece) => piece.first === undefined)) return fail(p, err);
      partsRun += pieces.length - 1;
      for (const piece of pieces) await runPart(piece);
      return;
    }
    // The first part read fixes the axes for all the others, when the request gives none.
    axis ??= r.histogram.axis;
    if (twoD) yAxis ??= r.histogram2d?.y;
    take(p, r);
  };
  // The first parts alone while the binning comes from the data.
  let rest = parts;
  while ((!axis || (twoD && !yAxis)) && rest.length > 0) {
    const [first, ...others] = rest;
    rest = others;
    await runPart(first);
  }
  await Promise.all(rest.map(runPart));
  options.signal?.throwIfAborted();
  if (!histogram) {
    // A single file's own error says more than "no file could be read" (and keeps its kind).
    if (request.files.length === 1 && firstError) throw firstError;
    throw new LocalizedError(noFileRead(failed));
  }
  return { ...progress(), histogram: histogram.toData(), failed, parts: partsRun };
}

/** The column names the request reads (the expressions, both cuts and the weight). */
function usedNames(request: DatasetRequest): string[] {
  const texts = [request.expression, request.yExpression, request.entryCut, request.elementCut, request.weight].filter((t): t is string => !!t?.trim());
  // A text that does not parse is reported by the first part's job, with its field and column.
  return [
    ...new Set(
      texts.flatMap((t) => {
        try {
          return namesIn(parseExpression(t));
        } catch {
          return [];
        }
      }),
    ),
  ];
}

/** A described file's entries in the table read, and the bytes per entry of the columns read (`names`). */
function sizeOf(d: FileDescription, tree: string | undefined, names: readonly string[]): FileSize {
  let entries: number;
  let bytesPerEntry: number;
  if (d.format === 'root') {
    const t = d.trees.find((x) => x.name === tree) ?? d.trees[0];
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
function split(f: DatasetFile, index: number, size: FileSize, partBytes: number, start = 0, stop = size?.entries ?? 0): Part[] {
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

/**
 * Adds a multiplicity histogram (one bin per count from 0, as dataJobs.ts bins it) to counts indexed by
 * multiplicity: parts with different largest counts have different binnings, but the same unit bins.
 */
function addUnitCounts(counts: number[], h: Histogram1DData): number[] {
  const low = Math.round(h.axis.low + 0.5);
  const out = [...counts];
  for (let b = 1; b <= h.axis.bins; b++) {
    const m = low + b - 1;
    while (out.length <= m) out.push(0);
    out[m] += h.sumw[b];
  }
  return out;
}

/** Counts by multiplicity as a histogram with one bin per count, each entry a fill of weight 1. */
function unitHistogram(counts: readonly number[]): Histogram1DData {
  const bins = Math.max(1, counts.length);
  const sumw = [0, ...counts, ...(counts.length ? [] : [0]), 0];
  let total = 0;
  let sx = 0;
  let sx2 = 0;
  counts.forEach((c, m) => {
    total += c;
    sx += c * m;
    sx2 += c * m * m;
  });
  return { axis: { bins, low: -0.5, high: bins - 0.5 }, sumw, sumw2: [...sumw], entries: total, nan: 0, tsumw: total, tsumwx: sx, tsumwx2: sx2 };
}

function isRequestError(err: unknown): boolean {
  return err instanceof Error && REQUEST_ERRORS.has(err.name);
}

/** Why no file gave a histogram: the reasons of the first three files that failed. */
function noFileRead(failed: readonly { readonly file: string; readonly message: Message | string }[]): Message {
  const [a, b, c] = failed;
  if (!a) return msg('The dataset has no files.');
  if (!b) return msg('No file of the dataset could be read. {0}: {1}', a.file, a.message);
  if (!c) return msg('No file of the dataset could be read. {0}: {1} {2}: {3}', a.file, a.message, b.file, b.message);
  return msg('No file of the dataset could be read. {0}: {1} {2}: {3} {4}: {5}', a.file, a.message, b.file, b.message, c.file, c.message);
}
