// Messages between the data explorer webview (webviews/dataExplorer/) and its host, the read-only
// custom editor of ROOT and NumPy files (extension/data/). The page never sees the file: it asks for a
// histogram or a page of the table and gets numbers back. The host validates every request against
// DATA_EXPLORER_REQUESTS. The payload shapes are the contract's own (core/data's types match them
// structurally), so that the contract depends on nothing else of ours.
import { fields, type MessageOf, type NoPayload, type PayloadSpecs } from './webviewProtocol';
import { FIT_CONTOUR, FIT_PARAMETERS, type FitPayload, type FitRequest } from './fitMessages';

export { FIT_MODEL_EXAMPLES, FIT_MODEL_EXAMPLES_2D, type FitMethod, type FitParameter, type FitPayload, type FitRequest } from './fitMessages';
import type { GraphPayload } from './graphMessages';
export { EFFICIENCY_STATISTICS, type EfficiencyPayload, type EfficiencyStatistic, type GraphErrorsPayload, type GraphPayload } from './graphMessages';

/** A branch, an array or a column, as the structure lists it. */
export interface ColumnInfo {
  readonly name: string;
  /** ROOT's type ("float", "int32_t[NJet]", "vector<float>") or NumPy's dtype ("<f4"). */
  readonly type: string;
  readonly shape: 'flat' | 'jagged' | 'unsupported';
  readonly entries: number;
  /** The branch holding each entry's element count (ROOT counted arrays). */
  readonly counter?: string;
  /** A NumPy array's or HDF5 dataset's shape; entries run along its first axis. */
  readonly dims?: readonly number[];
  /** How it is stored, when the format says more than sizes: HDF5 chunks and filters. */
  readonly storage?: string;
  /** HDF5 attributes, as short text. */
  readonly attrs?: Readonly<Record<string, string>>;
  /** A checkpoint's tensor: the Python that reaches it from what torch.load returns (`["model"]["fc.weight"]`). */
  readonly access?: string;
  /** Uncompressed and stored bytes, when the format says. */
  readonly bytes?: number;
  readonly storedBytes?: number;
}

/** A group of columns read together: a ROOT tree, or all the arrays of a NumPy file (name ""). */
export interface TableInfo {
  readonly name: string;
  readonly title: string;
  readonly entries: number;
  readonly bytes?: number;
  readonly storedBytes?: number;
  readonly columns: readonly ColumnInfo[];
}

/** Any other object of the file (a ROOT histogram, a directory; a checkpoint's epoch or hyper-parameter), listed with its class. */
export interface ObjectInfo {
  readonly name: string;
  /** ROOT's class, or a checkpoint value's Python type. */
  readonly className: string;
  /** An object the explorer draws as stored: a histogram (TH1, TH2, TProfile) or a graph (TGraph and its kin). */
  readonly drawable: boolean;
  /** ROOT's title, or a checkpoint value as text. */
  readonly title: string;
  /** Sizes of a ROOT object; a checkpoint's values have none. */
  readonly bytes?: number;
  readonly storedBytes?: number;
}

export interface StructurePayload {
  readonly fileName: string;
  /** Which words the page uses: trees and branches (root), groups and datasets (hdf5), arrays (npy, npz), columns (parquet), tensors and values (torch, safetensors). */
  readonly format: 'root' | 'hdf5' | 'npy' | 'npz' | 'parquet' | 'torch' | 'safetensors';
  /** "ROOT", "NumPy npz"… */
  readonly formatLabel: string;
  readonly size: number;
  readonly tables: readonly TableInfo[];
  readonly objects: readonly ObjectInfo[];
  /** Members or objects that could not be read as data, and why. */
  readonly skipped: readonly string[];
  /** A checkpoint's classes beyond torch's own (a model class, argparse.Namespace): Python imports them to load it. */
  readonly pickleClasses?: readonly string[];
  /** A TorchScript archive's module classes, as Python names them (`Net`, `torch.nn.modules.conv.Conv2d`): torch.jit.load loads it. */
  readonly torchScript?: readonly string[];
  /** For a dataset: all its files (the structure is that of one of them, `structureFile`). */
  readonly dataset?: DatasetInfo;
}

export interface DatasetInfo {
  readonly folder: string;
  readonly pattern: string;
  readonly files: number;
  readonly bytes: number;
  /** The file the structure is read from (its name): the first that can be read and has a table. */
  readonly structureFile: string;
}

/** How far a histogram over a dataset (or a large file, read in parts) has come. */
export interface ProgressPayload {
  readonly files: number;
  readonly filesDone: number;
  readonly bytes: number;
  readonly bytesDone: number;
  readonly entriesRead: number;
}

export interface AxisPayload {
  readonly bins: number;
  readonly low: number;
  readonly high: number;
}

export interface HistogramPayload {
  readonly axis: AxisPayload;
  /** Variable bins (a stored histogram's): the bins + 1 edges; otherwise uniform over the axis. */
  readonly edges?: readonly number[];
  /** [underflow, bin 1 … bin n, overflow]. */
  readonly sumw: readonly number[];
  readonly sumw2: readonly number[];
}

export interface Histogram2DPayload {
  readonly x: AxisPayload;
  readonly y: AxisPayload;
  /** (x.bins + 2) × (y.bins + 2) cells, x fastest, under/overflow included. */
  readonly sumw: readonly number[];
}

export interface Statistics2DPayload {
  readonly entries: number;
  readonly meanX: number;
  readonly meanY: number;
  readonly stdDevX: number;
  readonly stdDevY: number;
  readonly integral: number;
  readonly outside: number;
  readonly nan: number;
}

export interface StatisticsPayload {
  readonly entries: number;
  readonly mean: number;
  readonly stdDev: number;
  readonly underflow: number;
  readonly overflow: number;
  readonly integral: number;
  readonly nan: number;
}

/** What was asked for: the expression, the cuts and the binning (empty range: from the data). */
export interface PlotRequest {
  readonly table: string;
  readonly expression: string;
  readonly entryCut: string;
  readonly elementCut: string;
  /** Each fill's weight, per entry or per element (ROOT's Draw("x", "w*(cut)")); empty or absent: 1. */
  readonly weight?: string;
  readonly bins?: number;
  readonly low?: number;
  readonly high?: number;
  /** Non-empty: a 2-D histogram of (expression, yExpression) pairs, with its own binning. */
  readonly yExpression: string;
  readonly yBins?: number;
  readonly yLow?: number;
  readonly yHigh?: number;
  /** With a y expression: a profile (the mean of y in each x bin, ROOT's Draw("y:x", "", "prof")) instead; y has no binning then. */
  readonly profile?: boolean;
  /** A profile's bin errors, as ROOT's error options "", "s", "i", "g" (core/data/profile.ts); absent: the error of the mean. */
  readonly profileErrors?: ProfileErrors;
  /** Only entries from this one (TTree::Draw's firstentry; over a dataset, through its files in order); absent: 0. */
  readonly firstEntry?: number;
  /** At most this many entries (TTree::Draw's nentries); absent: to the end. */
  readonly entryCount?: number;
  /** Names for expressions, one per line (`pt = hypot(Jet_Px, Jet_Py)`), used in the other fields (core/data/expression/definitions.ts). */
  readonly definitions?: string;
}

/** ROOT's TProfile error options, in the order of its EErrorType (a stored TProfile's fErrorMode). */
export const PROFILE_ERRORS = ['mean', 'spread', 'integer', 'weights'] as const;
export type ProfileErrors = (typeof PROFILE_ERRORS)[number];

export type PlotField = 'expression' | 'yExpression' | 'entryCut' | 'elementCut' | 'weight' | 'definitions';

/**
 * ROOT's Chi2Test (UU) and KolmogorovTest of an overlay against the histogram drawn; for two profiles,
 * the χ² of their means' differences over their errors (`means`); or why not: other bins, weights, an
 * empty one, a profile against a histogram (`kinds`), profiles whose errors are not of the mean.
 */
export type ComparisonPayload = HistogramsCompared | ProfilesCompared | NotCompared;
export interface HistogramsCompared {
  readonly chi2: number;
  readonly ndf: number;
  readonly chi2Probability: number;
  readonly ksDistance: number;
  readonly ksProbability: number;
}
export interface ProfilesCompared {
  readonly means: true;
  readonly chi2: number;
  readonly ndf: number;
  readonly chi2Probability: number;
}
export interface NotCompared {
  readonly reason: 'binning' | 'weights' | 'empty' | 'kinds' | 'profileErrors';
}

/** A histogram pinned for overlay, as the pages are sent it; a profile with its entries and error option. */
export interface OverlayPayload {
  readonly label: string;
  readonly histogram: HistogramPayload;
  readonly profile?: { readonly binEntries: readonly number[]; readonly errors: ProfileErrors };
}

/**
 * A page of the table from entry `first`: each row's entry number, and the entry to go on from
 * (`next`: with an entry cut, the entries before it failed it or are listed).
 */
/** The elements of an array value a table cell carries: the page shows these and the count (a frame's 4 M pixels are not sent). */
export const TABLE_CELL_ELEMENTS = 6;

/**
 * A table cell: a number; an array value's elements (all of them, up to TABLE_CELL_ELEMENTS); its first
 * elements and how many it has; or null where an expression has no value.
 */
export type TableCell = number | readonly (number | null)[] | { readonly head: readonly (number | null)[]; readonly length: number } | null;

export interface RowsPayload {
  readonly table: string;
  readonly columns: readonly string[];
  readonly entryCut: string;
  readonly first: number;
  readonly next: number;
  readonly total: number;
  readonly entries: readonly number[];
  /** A number per flat column, a list (or its head) per jagged one; null where an expression has no value. */
  readonly rows: readonly (readonly TableCell[])[];
  /** The expressions listed after the columns (TTree::Scan's "NJet:sum(Jet_Px)"). */
  readonly expressions: readonly string[];
  /** Why no page came (a wrong cut, a file that cannot be read): shown in the table. */
  readonly error?: string;
  /** The request's number, as the page sent it: only the answer to its latest request is shown. */
  readonly id?: number;
  /** The user stopped it (Stop): the rows and `next` are as far as it got; for one file, `total` is not known then. */
  readonly stopped?: boolean;
  /** A dataset's page (TChain::Scan): its files, how many are counted, and whether later files hold more than `total`. */
  readonly chain?: {
    readonly files: number;
    readonly counted: number;
    readonly atLeast: boolean;
    /** Which file each run of rows comes from, and the chain's entry of that file's entry 0. */
    readonly segments: readonly { readonly file: string; readonly offset: number; readonly rows: number }[];
    /** Files left out: they could not be read, or lack the table. */
    readonly skipped: readonly { readonly file: string; readonly message: string }[];
  };
}

/** Extension → webview. */
export type DataExplorerUpdates = {
  /** The file's structure, and the page's words in the user's language. */
  structure: { readonly structure: StructurePayload; readonly labels: Readonly<Record<string, string>> };
  /** A dataset's files found again at a draw were others than before, or of other sizes: how many now, and their size. */
  datasetFiles: { readonly files: number; readonly bytes: number };
  /** Fill the form and draw (a branch clicked in the Data view). */
  plot: { readonly request: PlotRequest };
  /** A job started; `text` says what is being read. */
  busy: { readonly text: string };
  progress: { readonly progress: ProgressPayload };
  histogram: {
    /** Drawn from the parts done so far; the final one follows. */
    readonly partial: boolean;
    readonly request: PlotRequest;
    readonly histogram: HistogramPayload;
    readonly statistics: StatisticsPayload;
    /** For a 2-D request: the histogram of pairs and its statistics (histogram is then x's projection). */
    readonly histogram2d?: Histogram2DPayload;
    readonly statistics2d?: Statistics2DPayload;
    /**
     * A profile (drawn from the form, or a stored TProfile): histogram then holds each x bin's mean of y
     * and that mean's error squared, statistics2d both axes' moments; Σw per bin (ROOT's bin entries).
     */
    readonly profile?: { readonly binEntries: readonly number[] };
    /** For a jagged expression: elements filled per kept entry. */
    readonly multiplicity?: HistogramPayload;
    readonly entriesRead: number;
    readonly entriesKept: number;
    /** An entry cut of several conditions joined by `and`: the entries passing each step (RDataFrame's Report()). */
    readonly cutflow?: readonly { readonly cut: string; readonly passed: number; readonly sumw?: number }[];
    /** With a weight per entry: the weights of all entries read, the cut flow's first row. */
    readonly cutflowSumw?: number;
    readonly millis: number;
    readonly progress: ProgressPayload;
    /** Files left out because they could not be read, and why. */
    readonly failed: readonly { readonly file: string; readonly message: string }[];
    /** A histogram stored in the file, drawn as it is (the form does not apply). */
    readonly stored?: { readonly className: string; readonly title: string; readonly xTitle: string; readonly yTitle: string };
  };
  /** A graph stored in the file, drawn as it is: its points joined in their order, with their errors. */
  graph: { readonly graph: GraphPayload; readonly millis: number };
  /** Rows of the table, from `first` on; a value is a number, or a list for a jagged column. */
  rows: RowsPayload;
  /** A dataset's table counting through its files to the page asked for (request `id`): how far. */
  rowsProgress: { readonly id?: number; readonly counted: number; readonly files: number };
  /** A job failed; an expression error points into its field (a fit model's into the fit's). */
  error: { readonly message: string; readonly field?: PlotField | 'fitModel'; readonly start?: number; readonly end?: number };
  /** The fit of the histogram drawn (none: no fit, or it was removed); `request` is what was asked. */
  fit: { readonly fit?: FitPayload; readonly request?: FitRequest };
  /** A short confirmation (copied, saved). */
  notice: { readonly text: string };
  /** The histograms pinned for overlay (shared by all explorer pages), oldest first. */
  overlays: { readonly overlays: readonly OverlayPayload[] };
  /** Each overlay against the 1-D histogram drawn (core/data/histogramComparison.ts), in the overlays' order; none without one. */
  comparisons: { readonly comparisons: readonly ComparisonPayload[] };
};
export type DataExplorerUpdate = MessageOf<DataExplorerUpdates>;

const EXPRESSION = fields.text({ maxLength: 2000, allowEmpty: true });
const DEFINITIONS = fields.text({ maxLength: 10_000, allowEmpty: true });
const PLOT_FIELDS = {
  table: fields.text({ maxLength: 500, allowEmpty: true }),
  expression: fields.text({ maxLength: 2000 }),
  entryCut: EXPRESSION,
  elementCut: EXPRESSION,
  weight: fields.optional(EXPRESSION),
  bins: fields.optional(fields.number({ min: 1, max: 10_000, integer: true })),
  low: fields.optional(fields.number()),
  high: fields.optional(fields.number()),
  yExpression: EXPRESSION,
  // A 2-D histogram's cells cross the boundary as plain numbers: 1000 × 1000 at most.
  yBins: fields.optional(fields.number({ min: 1, max: 1000, integer: true })),
  yLow: fields.optional(fields.number()),
  yHigh: fields.optional(fields.number()),
  profile: fields.optional(fields.boolean()),
  profileErrors: fields.optional(fields.oneOf(PROFILE_ERRORS)),
  firstEntry: fields.optional(fields.number({ min: 0, max: Number.MAX_SAFE_INTEGER, integer: true })),
  entryCount: fields.optional(fields.number({ min: 1, max: Number.MAX_SAFE_INTEGER, integer: true })),
  definitions: fields.optional(DEFINITIONS),
};

/** Webview → extension. */
export type DataExplorerRequests = {
  ready: NoPayload;
  histogram: PlotRequest;
  cancel: NoPayload;
  /** Copy the Python that reproduces the last histogram or graph drawn (a graph as the page shows it: joined or not, on log axes or not). */
  copyPython: { readonly line?: boolean; readonly logX?: boolean; readonly logY?: boolean };
  /** Save the last histogram's bin contents as CSV. */
  saveCsv: NoPayload;
  /** Save the chart the page drew, as a PNG data URL. */
  savePng: { readonly dataUrl: string };
  /** Save the last histogram as SVG, drawn from its numbers with the page's words and axes, with the overlays shown (normalised as shown) and the ratio panel when ticked. */
  saveSvg: { readonly title: string; readonly xLabel: string; readonly yLabel: string; readonly stats: readonly (readonly [string, string])[]; readonly log: boolean; readonly logX: boolean; readonly normalise: boolean; readonly ratio: boolean; readonly line?: boolean };
  /** Draw a histogram or graph stored in the file (TH1, TH2, TProfile, TGraph…). */
  object: { readonly name: string };
  /** Pin the last 1-D histogram drawn, to overlay it on later ones (in any explorer page). */
  pin: NoPayload;
  /** Unpin an overlay by its place in the list. */
  unpin: { readonly index: number };
  /** A page of the table: rows of the chosen columns from entry `first`; with an entry cut (TTree::Scan's selection), only the entries passing it. */
  rows: {
    readonly table: string;
    readonly columns: readonly string[];
    /** Expressions listed after the columns, as TTree::Scan lists them. */
    readonly expressions?: readonly string[];
    readonly first: number;
    readonly count: number;
    readonly entryCut?: string;
    readonly stop?: number;
    readonly definitions?: string;
    /** The page's number for this request, sent back with the answer. */
    readonly id?: number;
  };
  /** Stop the table's page being read (a dataset counted to a far page, a cut few entries pass): what it counted is kept. */
  rowsStop: NoPayload;
  /** Fit the last histogram drawn (1-D or 2-D), and refit each histogram drawn after it until the fit is removed. */
  fit: FitRequest;
  removeFit: NoPayload;
};
export type DataExplorerRequest = MessageOf<DataExplorerRequests>;

/** A PNG of a chart at twice the screen's size is well under this. */
export const MAX_PNG_DATA_URL = 16 * 1024 * 1024;

export const DATA_EXPLORER_REQUESTS: PayloadSpecs<DataExplorerRequests> = {
  ready: {},
  histogram: PLOT_FIELDS,
  cancel: {},
  copyPython: { line: fields.optional(fields.boolean()), logX: fields.optional(fields.boolean()), logY: fields.optional(fields.boolean()) },
  saveCsv: {},
  savePng: {
    dataUrl: {
      problem: (v) => {
        if (typeof v !== 'string') return 'not a string';
        if (v.length > MAX_PNG_DATA_URL) return 'too long';
        return /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(v) ? undefined : 'not a PNG data URL';
      },
    },
  },
  object: { name: fields.text({ maxLength: 500 }) },
  pin: {},
  unpin: { index: fields.number({ min: 0, max: 7, integer: true }) },
  saveSvg: {
    title: fields.text({ maxLength: 5000, allowEmpty: true }),
    xLabel: fields.text({ maxLength: 2000, allowEmpty: true }),
    yLabel: fields.text({ maxLength: 2000, allowEmpty: true }),
    stats: {
      problem: (v) => {
        if (!Array.isArray(v)) return 'not a list';
        // The statistics box, with a fit: its χ², probability and up to 40 parameters.
        if (v.length > 64) return 'too many items';
        return v.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((t) => typeof t === 'string' && t.length <= 100)) ? undefined : 'not pairs of short texts';
      },
      copy: (v) => v.map(([k, t]) => [k, t] as const),
    },
    log: fields.boolean(),
    logX: fields.boolean(),
    normalise: fields.boolean(),
    ratio: fields.boolean(),
    // A graph's points joined or not, as shown.
    line: fields.optional(fields.boolean()),
  },
  fit: {
    model: fields.text({ maxLength: 200 }),
    method: fields.oneOf(['chi2', 'likelihood'] as const),
    low: fields.optional(fields.number()),
    high: fields.optional(fields.number()),
    lowY: fields.optional(fields.number()),
    highY: fields.optional(fields.number()),
    parameters: fields.optional(FIT_PARAMETERS),
    minos: fields.optional(fields.boolean()),
    integral: fields.optional(fields.boolean()),
    contour: fields.optional(FIT_CONTOUR),
  },
  removeFit: {},
  rowsStop: {},
  rows: {
    table: fields.text({ maxLength: 500, allowEmpty: true }),
    columns: fields.textList({ maxItems: 32, maxLength: 500 }),
    expressions: fields.optional(fields.textList({ maxItems: 16, maxLength: 2000 })),
    first: fields.number({ min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }),
    count: fields.number({ min: 1, max: 1000, integer: true }),
    entryCut: fields.optional(EXPRESSION),
    stop: fields.optional(fields.number({ min: 0, max: Number.MAX_SAFE_INTEGER, integer: true })),
    definitions: fields.optional(DEFINITIONS),
    id: fields.optional(fields.number({ min: 0, max: Number.MAX_SAFE_INTEGER, integer: true })),
  },
};
