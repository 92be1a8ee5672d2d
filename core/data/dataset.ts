// One histogram over a dataset: many files (a JetClass split of 100 ROOT files, a downloaded hub
// dataset) or one large file, filled in parts on all the pool's workers and merged as the parts land.
// A small file is one part (unless the worker finds it holds more than a part); a large one is split
// into ranges of entries sized by the bytes of the branches the expression reads, so that a part's
// columns stay small in memory whatever the dataset's size (datasetParts.ts; also an entry range's). Without a range given, the binning comes from the first selected values, as ROOT's TTree::Draw
// takes it from its first million (SetEstimate): the first parts are read in waves (as many at once as the pool has workers) and their
// values kept until there are that many (autoRange.ts), so an empty first file fixes nothing; values
// beyond the range land in the under- and overflow, which the statistics show. Parts are plain mergeable histograms (histogram.ts), the same data a Slurm array
// job's tasks would return.
import { ESTIMATE, type Filled, fillSelected, type FillSpec, SelectedBuffer } from './autoRange';
import { type Axis, DEFAULT_BINS_1D, DEFAULT_BINS_2D, Histogram1D, type Histogram1DData, Histogram2D, type Histogram2DData, niceAxis } from './histogram';
import { isChainEntryNumber } from './expression/entryNumbers';
import type { EntryCounts } from './entryCounts';
import { type Definitions, NO_DEFINITIONS, parseDefinitions, parseField } from './expression/definitions';
import { namesIn } from './expression/syntax';
import { addCutflows, type CutStep } from './expression/cutflow';
import type { EntryRange } from './entryRange';
import { failsRequest, leftOutMessage, missingNameOf, type Part, PART_BYTES, planParts, sizeOf, split } from './datasetParts';
import { Profile, type ProfileData, type YLimits } from './profile';
import type { DataJob, FileDescription, HistogramResult } from './workers/dataJobs';
import { LocalizedError, type Message, msg } from '../text/message';

export { PART_BYTES, WHOLE_FILE_BYTES } from './datasetParts';

/** Runs one job in a worker (DataWorkerPool.run). */
export type RunJob = <T>(job: DataJob, signal?: AbortSignal) => Promise<T>;

/** A file left out of a histogram, and why; `lacksName`: it was read, but lacks a name the fields use. */
export interface LeftOutFile {
  readonly file: string;
  readonly message: Message | string;
  readonly lacksName?: boolean;
}

export interface DatasetFile {
  readonly file: string;
  /** Size on disk. */
  readonly bytes: number;
}

export interface DatasetRequest {
  readonly files: readonly DatasetFile[];
  /** The tree (ROOT); every file must have it. */
  readonly tree?: string;
  /**
   * The columns of the structure the fields were written from (its table's): a name it lacks fails the
   * request, a name only some files lack leaves them out (datasetParts.ts `failsRequest`). Absent: every
   * missing name fails it.
   */
  readonly structureNames?: readonly string[];
  readonly expression: string;
  readonly entryCut?: string;
  readonly elementCut?: string;
  /** Each fill's weight (empty or absent: 1). */
  readonly weight?: string;
  /** Names for expressions used in the fields, one per line (expression/definitions.ts). */
  readonly definitions?: string;
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
  /** With a weight per entry: the weights of all entries read (the cut flow's first row). */
  readonly cutflowSumw?: number;
}

export interface DatasetResult extends DatasetProgress {
  readonly histogram: Histogram1DData;
  /** Files that could not be read, left out of the histogram, with why. */
  readonly failed: readonly LeftOutFile[];
  readonly parts: number;
}

export interface DatasetOptions {
  readonly signal?: AbortSignal;
  /** Called after each part with the merged histogram so far. */
  readonly onProgress?: (p: DatasetProgress) => void;
  readonly partBytes?: number;
  readonly wholeFileBytes?: number;
  /** Files' entries counted before, shared with the page's table (entryCounts.ts). */
  readonly counts?: EntryCounts;
  /**
   * How many parts to run at once while the range comes from the data (the pool's workers; one by
   * default): a dataset whose cut keeps few values per file would otherwise be read one file at a time.
   */
  readonly concurrency?: number;
}

export async function histogramDataset(request: DatasetRequest, run: RunJob, options: DatasetOptions = {}): Promise<DatasetResult> {
  const names = usedNames(request);
  const partBytes = options.partBytes ?? PART_BYTES;
  const totalBytes = request.files.reduce((a, f) => a + f.bytes, 0);
  const plan = await planParts(request, names, run, {
    signal: options.signal,
    partBytes,
    wholeFileBytes: options.wholeFileBytes,
    counts: options.counts,
    // Nothing read yet: only how far the files have been counted through.
    onCounted: (done) => options.onProgress?.({ files: request.files.length, bytes: totalBytes, entriesRead: 0, entriesKept: 0, ...done }),
  });
  const { parts, failed } = plan;
  let { firstError, bytesDone, filesDone } = plan;
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
  let flowSumw: number | undefined;
  let partsWithFlow = 0;
  const progress = (): DatasetProgress => ({
    files: request.files.length,
    filesDone,
    bytes: totalBytes,
    bytesDone,
    entriesRead,
    entriesKept,
    cutflow: flow,
    ...(flowSumw === undefined ? {} : { cutflowSumw: flowSumw }),
    histogram: histogram?.toData(),
    histogram2d: histogram2d?.toData(),
    profile: profile?.toData(),
    multiplicity: multiplicity && partsWithMultiplicity === partsTaken ? unitHistogram(multiplicity) : undefined,
  });
  // A profile's y has no binning to fix.
  const twoD = !!request.yExpression?.trim() && !request.profile;
  // Entry$ drawn as it is over a dataset: its numbers run through every file, not the first part's.
  let axis = request.axis ?? chainNumberAxis(request.expression, plan, request.bins ?? (twoD ? DEFAULT_BINS_2D : DEFAULT_BINS_1D));
  let yAxis = request.yAxis ?? (twoD ? chainNumberAxis(request.yExpression ?? '', plan, request.yBins ?? DEFAULT_BINS_2D) : undefined);
  // The values of the first parts, kept while the range is not fixed.
  const kept = new SelectedBuffer();
  let partsKept = 0;
  // The values a part of the current wave may give back: the waves' parts together keep ESTIMATE at most.
  let waveKeep = ESTIMATE;
  const rangeOpen = (): boolean => !axis || (twoD && !yAxis);
  const job = (p: Part): DataJob => ({
    op: 'histogram',
    file: p.file,
    tree: request.tree,
    expression: request.expression,
    entryCut: request.entryCut,
    elementCut: request.elementCut,
    weight: request.weight,
    ...(request.definitions?.trim() ? { definitions: request.definitions } : {}),
    axis,
    bins: request.bins,
    yExpression: request.yExpression,
    yAxis,
    yBins: request.yBins,
    profile: request.profile,
    yLimits: request.yLimits,
    first: p.first,
    count: p.count,
    ...(p.entryOffset ? { entryOffset: p.entryOffset } : {}),
    // Values as float64 in a part's bytes: more than that in a whole file, and it is split instead.
    wholeFileValues: p.first === undefined ? Math.max(1, Math.floor(partBytes / 8)) : undefined,
    ...(rangeOpen() ? { keepValues: Math.max(0, Math.min(waveKeep, ESTIMATE - kept.count)), seen: kept.spans() } : {}),
  });
  const merge = (filled: Pick<HistogramResult, 'histogram' | 'histogram2d' | 'profile'>): void => {
    if (!histogram) histogram = Histogram1D.fromData(filled.histogram);
    else histogram.merge(filled.histogram);
    if (filled.histogram2d) {
      if (!histogram2d) histogram2d = Histogram2D.fromData(filled.histogram2d);
      else histogram2d.merge(filled.histogram2d);
    }
    if (filled.profile) {
      if (!profile) profile = Profile.fromData(filled.profile);
      else profile.merge(filled.profile);
    }
  };
  const fillSpec = (): FillSpec => ({ axis: axis!, yAxis, profile: !!request.profile && !!request.yExpression?.trim(), yLimits: request.yLimits });
  const mergeFilled = (filled: Filled): void => merge({ histogram: filled.histogram.toData(), histogram2d: filled.histogram2d?.toData(), profile: filled.profile?.toData() });
  /** Fixes the range (what the request lacks, over the values kept) and fills the values kept. */
  const fixRange = (): void => {
    axis ??= kept.xAxis(request.bins ?? (twoD ? DEFAULT_BINS_2D : DEFAULT_BINS_1D));
    if (twoD) yAxis ??= kept.yAxis(request.yBins ?? DEFAULT_BINS_2D);
    if (partsKept > 0) mergeFilled(kept.fill(fillSpec()));
  };
  /** A part's counts, multiplicity and cut flow; its histograms too unless its values were kept for later. */
  const take = (p: Part, r: HistogramResult, histograms: boolean): void => {
    if (histograms) merge(r);
    partsTaken++;
    if (r.multiplicity) {
      multiplicity = addUnitCounts(multiplicity ?? [], r.multiplicity);
      partsWithMultiplicity++;
    }
    entriesRead += r.entriesRead;
    entriesKept += r.entriesKept;
    flow = addCutflows(flow, r.cutflow);
    // Summed only while every part with a cut flow has the sum (as addCutflows keeps the steps' sums).
    if (r.cutflow) flowSumw = r.cutflowSumw === undefined || (flowSumw === undefined && partsWithFlow > 0) ? undefined : (flowSumw ?? 0) + r.cutflowSumw;
    if (r.cutflow) partsWithFlow++;
    bytesDone += p.bytes;
    if (p.closesFile) filesDone++;
    options.onProgress?.(progress());
  };
  const fileFailed = new Set<string>();
  const fail = (p: Part, err: unknown): void => {
    if (failsRequest(err, request.structureNames)) throw err;
    firstError ??= err;
    if (!fileFailed.has(p.file)) {
      fileFailed.add(p.file);
      failed.push({ file: p.file, message: leftOutMessage(err), ...(missingNameOf(err) === undefined ? {} : { lacksName: true }) });
    }
    bytesDone += p.bytes;
    if (p.closesFile) filesDone++;
    options.onProgress?.(progress());
  };
  /** One part; a whole file the worker found to hold more than a part is described, split, and its parts run in turn. */
  /**
   * `before`: the previous part of the wave, whose result is taken first, so that the range comes from
   * the parts in their order (as ROOT's does), not from whichever worker finished first.
   */
  const runPart = async (p: Part, before?: Promise<void>): Promise<void> => {
    // Whether this part was sent without the range (another part of its wave may fix it meanwhile).
    const open = rangeOpen();
    let r: HistogramResult | undefined;
    let failure: unknown;
    try {
      r = await run<HistogramResult>(job(p), options.signal);
    } catch (err) {
      failure = err;
    }
    await before;
    if (!r) {
      const err = failure;
      // A range of entries whose jagged values pass what one read gathers (an RNTuple's parts are cut by
      // entries alone, its branches' bytes unknown): read as two halves, down to one entry.
      if (p.first !== undefined && (p.count ?? 0) > 1 && (err as Error | undefined)?.name === 'ReadTooLarge') {
        const half = Math.floor(p.count! / 2);
        const firstBytes = Math.round((p.bytes * half) / p.count!);
        partsRun += 1;
        await runPart({ ...p, count: half, bytes: firstBytes, closesFile: false });
        return runPart({ ...p, first: p.first + half, count: p.count! - half, bytes: p.bytes - firstBytes });
      }
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
      for (const piece of pieces) await runPart({ ...piece, entryOffset: p.entryOffset });
      return;
    }
    if (open && r.selected) {
      if (rangeOpen()) {
        // Kept until there are enough values for the range (or the parts run out).
        kept.add(r.selected);
        partsKept++;
        if (kept.count >= ESTIMATE) fixRange();
      } else mergeFilled(fillSelected([r.selected], fillSpec())); // a part of the same wave fixed the range meanwhile
      take(p, r, false);
      return;
    }
    if (open && rangeOpen()) {
      // More values than were still wanted: the part's own range, which holds those kept before its
      // wave, is the range; widened where the values kept from earlier parts of its wave pass it, and
      // the part then read again in the wider one.
      const spans = kept.spans();
      const ownX = r.histogram.axis;
      const ownY = twoD ? r.histogram2d?.y : undefined;
      axis ??= widened(ownX, spans.x);
      if (twoD) yAxis ??= ownY && widened(ownY, spans.y);
      fixRange();
      if (axis !== ownX || (twoD && yAxis !== ownY)) return runPart(p);
    } else if (open) {
      // Filled in a range of its own while another part of its wave fixed the range: read again in that one.
      return runPart(p);
    }
    take(p, r, true);
  };
  // While the binning comes from the data, the parts run in waves of `concurrency`, each part keeping
  // its share of what is still wanted; a wave's values all count towards the range.
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  let rest = parts;
  while (rangeOpen() && rest.length > 0) {
    const wave = rest.slice(0, concurrency);
    rest = rest.slice(wave.length);
    waveKeep = Math.floor((ESTIMATE - kept.count) / wave.length);
    let previous: Promise<void> = Promise.resolve();
    await Promise.all(
      wave.map((p) => {
        const done = runPart(p, previous);
        previous = done.then(
          () => undefined,
          () => undefined,
        );
        return done;
      }),
    );
  }
  // Every part kept (a dataset of fewer values than the estimate): the range over all of them.
  if (rangeOpen() && partsKept > 0) {
    fixRange();
    options.onProgress?.(progress());
  }
  await Promise.all(rest.map((p) => runPart(p)));
  options.signal?.throwIfAborted();
  // Parts end in any order on the workers: the files left out are named in the dataset's order.
  const order = new Map(request.files.map((f, i) => [f.file, i]));
  failed.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  if (!histogram) {
    // A single file's own error says more than "no file could be read" (and keeps its kind).
    if (request.files.length === 1 && firstError) throw firstError;
    throw new LocalizedError(noFileRead(failed));
  }
  return { ...progress(), histogram: histogram.toData(), failed, parts: partsRun };
}

/** `own` where it holds `span` (values kept from earlier parts), else a round range over both. */
function widened(own: Axis, span: readonly [number, number] | undefined): Axis {
  if (!span || (span[0] >= own.low && span[1] < own.high)) return own;
  return niceAxis(Math.min(span[0], own.low), Math.max(span[1], own.high), own.bins);
}

/**
 * ROOT's round range over the chain's entry numbers read, for an expression that is Entry$ alone (the
 * first part's would hold one file's). Undefined for anything else: its binning comes from the first values read.
 */
function chainNumberAxis(expression: string, plan: { readonly entries?: { readonly first: number; readonly stop: number } }, bins: number): Axis | undefined {
  if (!plan.entries || !isChainEntryNumber(expression.trim()) || plan.entries.stop <= plan.entries.first) return undefined;
  return niceAxis(plan.entries.first, plan.entries.stop - 1, bins);
}

/** The column names the request reads (the expressions, both cuts and the weight, and the definitions they use). */
function usedNames(request: DatasetRequest): string[] {
  const texts = [request.expression, request.yExpression, request.entryCut, request.elementCut, request.weight].filter((t): t is string => !!t?.trim());
  // A text that does not parse is reported by the first part's job, with its field and column.
  let defs: Definitions = NO_DEFINITIONS;
  try {
    defs = parseDefinitions(request.definitions);
  } catch {
    // Said by the first part's job.
  }
  return [
    ...new Set(
      texts.flatMap((t) => {
        try {
          return namesIn(parseField('expression', t, defs));
        } catch {
          return [];
        }
      }),
    ),
  ];
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


/** Why no file gave a histogram: the reasons of the first three files that failed. */
function noFileRead(failed: readonly { readonly file: string; readonly message: Message | string }[]): Message {
  const [a, b, c] = failed;
  if (!a) return msg('The dataset has no files.');
  if (!b) return msg('No file of the dataset could be read. {0}: {1}', a.file, a.message);
  if (!c) return msg('No file of the dataset could be read. {0}: {1} {2}: {3}', a.file, a.message, b.file, b.message);
  return msg('No file of the dataset could be read. {0}: {1} {2}: {3} {4}: {5}', a.file, a.message, b.file, b.message, c.file, c.message);
}
