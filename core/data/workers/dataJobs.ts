// The data explorer's work on one file, as plain requests and plain results (they cross a worker
// boundary): describe a file's structure, or histogram an expression with optional cuts over a range
// of its entries. Runs inside a data worker (dataWorker.ts), never in the extension host itself: a
// reader that throws from a callback or loops on a damaged file takes down only its worker.
import { isTensorFormat, type TensorFormat } from '../dataFormats';
import type { Columns } from '../expression/evaluate';
import { select, selectPair } from '../expression/selection';
import { conditionsOf, type CutStep, cutflow, sumOfEntryWeights } from '../expression/cutflow';
import { checkDefinitionNames, parseDefinitions, parseField } from '../expression/definitions';
import { ExpressionError, namesIn } from '../expression/syntax';
import { fillSelected, rangeOf, type SelectedValues, type Span } from '../autoRange';
import { type Axis, DEFAULT_BINS_1D, DEFAULT_BINS_2D, Histogram1D, type Histogram1DData, type Histogram2DData, MAX_BINS } from '../histogram';
import type { ProfileData, YLimits } from '../profile';
import { fileSource, npyArrayName, openNpy } from '../npy/npyFile';
import type { NpyHeader } from '../npy/npyHeader';
import { openNpz } from '../npy/npzFile';
import { openTensorFile } from '../torch/tensorFile';
import { DTYPE_BYTES, TensorNode } from '../torch/checkpointPickle';
import type { CheckpointValue } from '../torch/checkpointContent';
import { type Hdf5Description, Hdf5File } from '../hdf5/hdf5File';
import { type ParquetDescription, ParquetFile } from '../parquet/parquetFile';
import { msg } from '../../text/message';
import { type FitHistogram, fitHistogram, type FitOptions, type FitResult } from '../fit/histogramFit';
import { type Fit2DHistogram, fitHistogram2D } from '../fit/histogramFit2d';
import { RootFile, type RootKey, type RootTree, type StoredGraph, type StoredHistogram, TREE_CLASSES } from '../root/rootFile';
import { formatOf, readColumns } from './columnReads';
import { rows, type RowsJob, type RowsResult } from './rowsJob';

export type { RowsResult } from './rowsJob';

export type DataJob =
  | { readonly op: 'describe'; readonly file: string }
  | {
      readonly op: 'histogram';
      readonly file: string;
      /** The tree (ROOT) or group (HDF5); unused for NumPy and parquet files, one table each. */
      readonly tree?: string;
      readonly expression: string;
      /** Keeps or drops whole entries (one value per entry). */
      readonly entryCut?: string;
      /** Masks elements of a jagged expression (a value per element). */
      readonly elementCut?: string;
      /** Each fill's weight (per entry, or per element of a jagged expression); empty or absent: 1. */
      readonly weight?: string;
      /** Names for expressions used in the fields, one per line (expression/definitions.ts). */
      readonly definitions?: string;
      /** Binning; without it, `bins` (ROOT's default: 100) over a round range holding the data. */
      readonly axis?: Axis;
      readonly bins?: number;
      /** With a y expression, a 2-D histogram of (expression, y) pairs: ROOT's 40 × 40 by default. */
      readonly yExpression?: string;
      readonly yAxis?: Axis;
      readonly yBins?: number;
      /** With a y expression: a profile (the mean of y per x bin, ROOT's "prof") instead of the 2-D histogram. */
      readonly profile?: boolean;
      /** A profile's y limits (TProfile's ylow, yup): pairs with y outside are not filled. */
      readonly yLimits?: YLimits;
      readonly first?: number;
      readonly count?: number;
      /** The chain's entry number of the file's entry 0 (a dataset's earlier files hold the entries before); absent: 0. */
      readonly entryOffset?: number;
      /**
       * Without first and count (a whole file): the most values, as float64, it may hold to be read at
       * once; past it the job fails with a PartTooLarge error, and the dataset describes and splits it.
       */
      readonly wholeFileValues?: number;
      /**
       * Without an axis (or a 2-D histogram's y axis): a part that selects at most this many values gives
       * them back (`selected`), for the dataset to fix the range over the first values of all its parts.
       */
      readonly keepValues?: number;
      /** The finite spans of the values other parts selected before: a range this part fixes holds them too. */
      readonly seen?: { readonly x?: Span; readonly y?: Span };
    }
  | {
      /** A histogram or graph stored in a ROOT file (TH1, TH2, TProfile, TGraph…), read as it is. */
      readonly op: 'object';
      readonly file: string;
      readonly name: string;
    }
  | ({
      /** A fit of a histogram already filled (numbers only, no file): off the extension host's thread. */
      readonly op: 'fit';
      /** The 1-D histogram's bins, or the 2-D histogram's cells. */
      readonly histogram: FitHistogram | Fit2DHistogram;
    } & FitOptions)
  | RowsJob;


export type FileDescription =
  | { readonly format: 'root'; readonly keys: readonly RootKey[]; readonly trees: readonly RootTree[] }
  | { readonly format: 'npy'; readonly name: string; readonly header: NpyHeader }
  | ({ readonly format: 'parquet' } & ParquetDescription)
  | ({ readonly format: 'hdf5' } & Hdf5Description)
  | { readonly format: 'npz'; readonly arrays: readonly { readonly name: string; readonly compressed: boolean; readonly size: number; readonly storedSize: number; readonly header: NpyHeader }[]; readonly skipped: readonly string[] }
  | TensorDescription<'torch'>
  | TensorDescription<'safetensors'>;

/** A weights file's tensors and values (one member per format, so that `format` tells them from the others). */
export interface TensorDescription<F extends TensorFormat> {
  readonly format: F;
  readonly tensors: readonly CheckpointTensorInfo[];
  readonly values: readonly CheckpointValue[];
  readonly classes: readonly string[];
  /** A TorchScript archive's module classes (torch.jit.load loads it); absent for any other file. */
  readonly torchScript?: readonly string[];
  readonly truncated: boolean;
}

/** A checkpoint's tensor as the explorer lists it; `unsupported` says why its values cannot be read. */
export interface CheckpointTensorInfo {
  readonly table: string;
  readonly name: string;
  readonly access: string | undefined;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly bytes: number;
  readonly unsupported?: string;
}


export interface HistogramResult {
  /** The 1-D histogram; for a 2-D request, the projection on x (the same x axis). */
  readonly histogram: Histogram1DData;
  readonly histogram2d?: Histogram2DData;
  /** For a profile request: the mean of y per x bin (histogram is then x's projection). */
  readonly profile?: ProfileData;
  /** For a jagged expression: elements filled per kept entry. */
  readonly multiplicity?: Histogram1DData;
  readonly entriesRead: number;
  readonly entriesKept: number;
  /** An entry cut of several conditions joined by `and`: the entries passing each step (cutflow.ts). */
  readonly cutflow?: readonly CutStep[];
  /** With a cut flow and a weight per entry: the weights of all entries read, summed as each step's are. */
  readonly cutflowSumw?: number;
  /** With `keepValues` and no more values than it: the values selected, with their y and weights (autoRange.ts). */
  readonly selected?: SelectedValues;
}

export async function runDataJob(job: DataJob): Promise<FileDescription | HistogramResult | RowsResult | StoredHistogram | StoredGraph | FitResult> {
  if (job.op === 'describe') return describe(job.file);
  if (job.op === 'fit') {
    const { histogram: h, model, method, low, high, lowY, highY, parameters, minos, integral, contour } = job;
    return 'axis' in h ? fitHistogram(h, { model, method, low, high, parameters, minos, integral, contour }) : fitHistogram2D(h, { model, method, low, high, lowY, highY, parameters, minos, integral, contour });
  }
  if (job.op === 'object') {
    const f = await RootFile.open(job.file);
    try {
      return await f.object(job.name);
    } finally {
      f.close();
    }
  }
  return job.op === 'histogram' ? histogram(job) : rows(job);
}

async function describe(file: string): Promise<FileDescription> {
  const format = formatOf(file);
  if (format === 'hdf5') {
    const f = await Hdf5File.open(file);
    try {
      return { format, ...f.describe() };
    } finally {
      f.close();
    }
  }
  if (format === 'parquet') {
    const f = await ParquetFile.open(file);
    try {
      return { format, ...f.describe() };
    } finally {
      await f.close();
    }
  }
  if (format === 'root') {
    const f = await RootFile.open(file);
    try {
      const keys = await f.keys();
      const trees: RootTree[] = [];
      for (const k of keys) if (TREE_CLASSES.has(k.className)) trees.push(await f.tree(k.name));
      return { format, keys, trees };
    } finally {
      f.close();
    }
  }
  if (format === 'npz') {
    const npz = await openNpz(file);
    try {
      const arrays = [];
      for (const m of npz.members) arrays.push({ name: m.name, compressed: m.compressed, size: m.size, storedSize: m.storedSize, header: await m.header() });
      return { format, arrays, skipped: npz.skipped };
    } finally {
      await npz.close();
    }
  }
  if (isTensorFormat(format)) {
    const f = await openTensorFile(format, file);
    try {
      const tensors = f.tensors.map(({ table, name, access, tensor }): CheckpointTensorInfo => {
        if (!(tensor instanceof TensorNode)) return { table, name, access, dtype: tensor.kind, shape: tensor.shape, bytes: 0, unsupported: tensor.kind };
        const { dtype } = tensor.storage;
        const elements = tensor.shape.reduce((a, b) => a * b, 1);
        return typeof dtype === 'string'
          ? { table, name, access, dtype, shape: tensor.shape, bytes: elements * DTYPE_BYTES[dtype] }
          : { table, name, access, dtype: dtype.unsupported, shape: tensor.shape, bytes: 0, unsupported: dtype.unsupported };
      });
      return { format, tensors, values: f.values, classes: f.classes, ...('torchScript' in f && f.torchScript ? { torchScript: f.torchScript } : {}), truncated: f.truncated };
    } finally {
      await f.close();
    }
  }
  const source = await fileSource(file);
  try {
    return { format: 'npy', name: npyArrayName(file), header: (await openNpy(source)).header };
  } finally {
    await source.close();
  }
}

async function histogram(job: Extract<DataJob, { op: 'histogram' }>): Promise<HistogramResult> {
  const defs = parseDefinitions(job.definitions);
  const expression = parseField('expression', job.expression, defs);
  const entryCut = job.entryCut?.trim() ? parseField('entryCut', job.entryCut, defs) : undefined;
  const elementCut = job.elementCut?.trim() ? parseField('elementCut', job.elementCut, defs) : undefined;
  const weight = job.weight?.trim() ? parseField('weight', job.weight, defs) : undefined;
  const yExpression = job.yExpression?.trim() ? parseField('yExpression', job.yExpression, defs) : undefined;
  const names = [...new Set([expression, entryCut, elementCut, weight, yExpression].flatMap((e) => (e ? namesIn(e) : [])))];
  const { columns, entries, available } = await readColumns(job, names, job.first ?? 0, job.count, job.first === undefined && job.count === undefined ? job.wholeFileValues : undefined);
  checkDefinitionNames(defs, available);
  // An array file's arrays need not have one length: with none read, there is no number of entries to fill.
  const format = formatOf(job.file);
  if (format !== 'root' && format !== 'parquet' && !names.some((n) => available.includes(n))) {
    const err = new ExpressionError(msg('This reads no array, and the arrays of this file need not have the same number of entries: there is none to fill it for. Read an array in the expression, a cut or the weight.'), 0, job.expression.length);
    err.field = 'expression';
    throw err;
  }
  const data: Columns = { column: (n) => columns.get(n), names: [...available, ...defs.keys()], entries, numbering: { first: job.first ?? 0, offset: job.entryOffset ?? 0 } };
  const cuts = { entry: entryCut, element: elementCut, weight };
  const pair = yExpression ? selectPair(expression, yExpression, cuts, data) : undefined;
  const s = pair ? pair.x : select(expression, cuts, data);
  // A profile has ROOT's 1-D binning on x (and none on y).
  const twoD = !!pair && !job.profile;
  const defaultBins = twoD ? DEFAULT_BINS_2D : DEFAULT_BINS_1D;
  const selected: SelectedValues = { x: s.values, ...(pair ? { y: pair.y.values } : {}), ...(s.weights ? { weights: s.weights } : {}) };
  // Few enough values for the dataset to keep: it fixes the range over them and the next parts' (autoRange.ts).
  const keep = (!job.axis || (twoD && !job.yAxis)) && job.keepValues !== undefined && s.values.length <= job.keepValues;
  const axis = job.axis ?? rangeOf(s.values, job.bins ?? defaultBins, job.seen?.x);
  const yAxis = pair && twoD ? (job.yAxis ?? rangeOf(pair.y.values, job.yBins ?? DEFAULT_BINS_2D, job.seen?.y)) : undefined;
  const filled = fillSelected([selected], { axis, yAxis, profile: !!pair && job.profile, yLimits: job.yLimits });
  const histogram2d = filled.histogram2d?.toData();
  const profile = filled.profile?.toData();
  const h = filled.histogram;
  let multiplicity: Histogram1DData | undefined;
  // A tensor's rows all hold the same number of values: its multiplicity would say nothing.
  let most = 0;
  if (s.multiplicities) for (const m of s.multiplicities) most = Math.max(most, m);
  // One bin per count up to the histogram's limit: rows longer than that (an image's 150 000 pixels) get none (dataset.ts then shows none).
  if (s.multiplicities && !isTensorFormat(formatOf(job.file)) && most < MAX_BINS) {
    // One bin per count, 0 … the largest, as ROOT's Length$ histogram would be binned by hand.
    const counts = new Histogram1D({ bins: most + 1, low: -0.5, high: most + 0.5 });
    counts.fill(Float64Array.from(s.multiplicities));
    multiplicity = counts.toData();
  }
  // An event weight (one per entry) is summed at each step too: select() has checked and evaluated it already.
  const weightColumn = entryCut && conditionsOf(entryCut).length > 1 ? s.weightColumn : undefined;
  const flow = entryCut ? cutflow(entryCut, job.entryCut!, data, weightColumn) : undefined;
  const cutflowSumw = flow && weightColumn ? sumOfEntryWeights(weightColumn, entries) : undefined;
  return { histogram: h.toData(), histogram2d, profile, multiplicity, entriesRead: entries, entriesKept: s.entriesKept, cutflow: flow, ...(cutflowSumw === undefined ? {} : { cutflowSumw }), ...(keep ? { selected: compact(selected) } : {}) };
}

/** Values in arrays of their own: a view of a larger buffer would post all of that buffer to the dataset. */
function compact(s: SelectedValues): SelectedValues {
  return { x: s.x.slice(), ...(s.y ? { y: s.y.slice() } : {}), ...(s.weights ? { weights: s.weights.slice() } : {}) };
}
