// "Copy as Python" for a 2-D histogram: the (x, y) pairs of two expressions under the same cuts,
// binned as ROOT bins them ([low, high) on each axis), for a file or a dataset read file by file.
// One value per entry meets each element of a jagged partner, as in the evaluator (selection.ts
// selectPair): ak.broadcast_arrays for awkward, a trailing axis then np.broadcast_arrays for NumPy;
// a weight is broadcast, cut and filled with the pairs. A profile (the mean of y per x bin) sums what
// ROOT's TProfile sums per x bin and prints each bin's mean and error.
import { cutLines, filesLines, type PlotSpec, rowLines, safetensorsLoad, TENSOR_TOOLS, tensorImports, torchLoad, columnsRead, withBlankBefore } from './copyAsPython';
import { columnNamer, definitionsComment, findBinPython, indexFilterLines, numpyHelpers, pythonExpression } from './pythonExpression';
import { parseDefinitions, parseField } from './expression/definitions';
import { computedIndexHelpers } from './computedIndexPython';
import { cutflowLines } from './cutflowPython';
import { rangeLines } from './entryRangePython';
import { entryCountLines, entryNumberLines, entryNumbersUsed } from './entryNumbersPython';
import { isChainEntryNumber } from './expression/entryNumbers';
import { plotTitleOf } from '../text/plotTitle';
import type { Expr } from './expression/syntax';
import type { Axis } from './histogram';
import type { YLimits } from './profile';
import type { ProfileErrors } from '../protocol/dataExplorerMessages';
import { npyArrayName } from './npy/npyFile';

export interface PlotSpec2D extends PlotSpec {
  readonly yExpression: string;
  /** The y binning of a 2-D histogram; a profile has none. */
  readonly yAxis?: Axis;
  /** The mean of y in each x bin (ROOT's profile) instead of the 2-D histogram. */
  readonly profile?: boolean;
  /** How a profile's errors are given (ROOT's error options); absent: the error of the mean. */
  readonly profileErrors?: ProfileErrors;
  /** A profile's y limits (TProfile's ylow, yup): pairs with y outside are not filled. */
  readonly yLimits?: YLimits;
}

export function copyAsPython2D(spec: PlotSpec2D, knownNames: readonly string[]): string {
  const defs = parseDefinitions(spec.definitions);
  // Checked as the worker checks them (a tree too large written out is refused before it is walked).
  const parse = (text: string): Expr => parseField('expression', text, defs);
  const x = parse(spec.expression);
  const y = parse(spec.yExpression);
  const entryCut = spec.entryCut?.trim() ? parse(spec.entryCut) : undefined;
  const elementCut = spec.elementCut?.trim() ? parse(spec.elementCut) : undefined;
  const weight = spec.weight?.trim() ? parse(spec.weight) : undefined;
  const all = [x, y, entryCut, elementCut, weight];
  const names = columnsRead(all, knownNames);
  // Entry$ and LocalEntry$: columns the script adds once it has read (entryNumbersPython.ts).
  const numbers = entryNumbersUsed(all, knownNames);
  const held = [...names, ...numbers];
  const files = spec.files && spec.files.length > 0 ? spec.files : [spec.file];
  const column = columnNamer([...knownNames, ...numbers]);
  const indent = (lines: string[]): string[] => lines.map((l) => `    ${l}`);
  const ax = spec.axis;
  const ay = spec.yAxis;
  const profile = !!spec.profile || !ay;
  const limits = profile ? spec.yLimits : undefined;
  const awkward = spec.format === 'root' || spec.format === 'parquet';
  const flavour = awkward ? 'awkward' : 'numpy';
  const prefix = awkward ? 'arrays' : 'data';
  const flow = cutflowLines(entryCut, spec.entryCut, flavour, column, prefix, held, spec.weightedCutflow ? weight : undefined);
  // Always a loop over the files, even for one: a range is kept step by step (entryRangePython.ts).
  const range = rangeLines(spec.range, flavour, prefix, held, true);
  const compute = [
    ...(awkward ? [] : [...rowLines(held), ...range.head]),
    ...(flow?.count ?? []),
    ...indexFilterLines(all, flavour, column(prefix), prefix, held),
    `x = ${pythonExpression(x, flavour, column(prefix))}`,
    `y = ${pythonExpression(y, flavour, column(prefix))}`,
    ...(awkward ? ['x, y = ak.broadcast_arrays(x, y)'] : ['x, y = pair(x, y)']),
    // A weight goes wherever the pairs go: an entry's meets each of its pairs.
    ...(weight ? [`w = ${awkward ? `ak.values_astype(${pythonExpression(weight, flavour, column(prefix))}, np.float64)` : `np.asarray(${pythonExpression(weight, flavour, column(prefix))}, dtype=np.float64)`}`, awkward ? 'x, y, w = ak.broadcast_arrays(x, y, w)' : 'x, y, w = np.broadcast_arrays(x, y, w)'] : []),
    ...cutLines(entryCut, elementCut, (c) => pythonExpression(c, flavour, column(prefix), true), weight ? ['x', 'y', 'w'] : ['x', 'y'], flavour),
    ...(awkward ? ['x = ak.to_numpy(ak.flatten(x, axis=None))', 'y = ak.to_numpy(ak.flatten(y, axis=None))'] : ['x = np.ravel(x)', 'y = np.ravel(y)']),
    ...(weight ? [awkward ? 'w = ak.to_numpy(ak.flatten(w, axis=None))' : 'w = np.ravel(w)'] : []),
    // Pairs that are numbers (with a weight that is a number, and not 0: ROOT skips those).
    `ok = ~np.isnan(x) & ~np.isnan(y)${weight ? ' & ~np.isnan(w) & (w != 0)' : ''}${limits ? ' & (y >= YMIN) & (y <= YMAX)' : ''}`,
    'entries += int(np.sum(ok))',
    weight ? 'x, y, w = x[ok], y[ok], w[ok]' : 'x, y = x[ok], y[ok]',
    ...(profile ? profileSums(!!weight) : histogram2dSums(!!weight)),
  ];
  // A file's entries, once read (a 0-d array saved alone is one entry); the script counts them itself but where uproot reports them.
  const loaded = awkward ? 'len(arrays)' : names.length ? `len(np.atleast_1d(data[${JSON.stringify(names[0])}]))` : '0';
  const counted = entryCountLines(spec.format === 'root' ? [] : numbers, loaded);
  let read: string[];
  if (spec.format === 'root') {
    // uproot's report says where its step starts, in the chain and in its file.
    const header = `for arrays${numbers.length ? ', report' : ''} in uproot.iterate({f: ${JSON.stringify(spec.tree ?? '')} for f in FILES}, ${JSON.stringify(names)}, step_size="100 MB"${numbers.length ? ', report=True' : ''}):`;
    const numbered = entryNumberLines(numbers, 'arrays', 'len(arrays)', { chain: 'report.global_entry_start', local: 'report.tree_entry_start' });
    read = [header, ...indent([...numbered, ...range.head, 'arrays = {name: ak.values_astype(arrays[name], np.float64) for name in arrays.fields}', ...compute, ...range.tail])];
  } else if (spec.format === 'parquet') {
    const numbered = [...entryNumberLines(numbers, 'arrays', 'len(arrays)', { chain: 'entry', local: '0' }), ...counted.step];
    read = ['for path in FILES:', ...indent([`arrays = ak.from_parquet(path, columns=${JSON.stringify(names)})`, ...numbered, ...range.head, 'arrays = {name: ak.values_astype(arrays[name], np.float64) for name in arrays.fields}', ...compute, ...range.tail])];
  } else {
    const load =
      spec.format === 'hdf5'
        ? [`with h5py.File(path, "r") as f:`, `    data = {name: np.asarray(f[${JSON.stringify(spec.tree ?? '/')}][name], dtype=np.float64) for name in ${JSON.stringify(names)}}`]
        : spec.format === 'torch'
          ? torchLoad('path', spec, names)
          : spec.format === 'safetensors'
          ? safetensorsLoad('path', names)
          : spec.format === 'npz'
          ? ['data = {k: np.asarray(v, dtype=np.float64) for k, v in np.load(path).items()}']
          : [`data = {${JSON.stringify(npyArrayName(spec.file))}: np.load(path).astype(np.float64)}`];
    const numbered = [...entryNumberLines(numbers, 'data', loaded, { chain: 'entry', local: '0' }), ...counted.step];
    read = ['for path in FILES:', ...indent([...load, ...numbered, ...compute, ...range.tail])];
  }
  const title = plotTitleOf({ expression: spec.expression, yExpression: spec.yExpression, entryCut: spec.entryCut ?? '', elementCut: spec.elementCut ?? '', weight: spec.weight });
  const lines = [
    `# Reproduces the HAI ${profile ? 'profile' : '2-D histogram'} with ${awkward ? (spec.format === 'root' ? 'uproot and awkward' : 'awkward (pyarrow)') : spec.format === 'hdf5' ? 'h5py and NumPy' : (TENSOR_TOOLS[spec.format] ?? 'NumPy')}: ROOT's bins on ${profile ? 'x' : 'both axes'}`,
    `# ([low, high); a value at an upper edge is outside), x and y paired element by element${profile ? ', the mean of y in each x bin' : ''}.`,
    ...definitionsComment(spec.definitions),
    ...(awkward ? ['import awkward as ak'] : []),
    ...(spec.format === 'hdf5' ? ['import h5py'] : []),
    ...(awkward ? ['import matplotlib.pyplot as plt'] : []),
    'import numpy as np',
    ...(spec.format === 'root' ? ['import uproot'] : []),
    ...tensorImports(spec.format),
    '',
    ...(awkward ? withBlankBefore(computedIndexHelpers(all, 'awkward')) : []),
    ...filesLines(files, spec.leftOut, !!spec.range || numbers.some(isChainEntryNumber)),
    `XBINS, XLOW, XHIGH = ${ax.bins}, ${ax.low}, ${ax.high}`,
    ...(ay && !profile ? [`YBINS, YLOW, YHIGH = ${ay.bins}, ${ay.low}, ${ay.high}`] : ['EDGES = np.linspace(XLOW, XHIGH, XBINS + 1)']),
    // TProfile's ylow and yup: a pair whose y is outside is not filled (nor counted).
    ...(limits ? [`YMIN, YMAX = ${pythonNumber(limits.low)}, ${pythonNumber(limits.high)}  # y limits, as ROOT's TProfile(…, ylow, yup)`] : []),
    ...(awkward
      ? []
      : [
          '',
          'def pair(a, b):',
          '    """One value per entry meets each element of its entry: a trailing axis, then broadcast."""',
          '    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)',
          '    while a.ndim < b.ndim:',
          '        a = a[..., None]',
          '    while b.ndim < a.ndim:',
          '        b = b[..., None]',
          '    return np.broadcast_arrays(a, b)',
          '',
          '',
          ...computedIndexHelpers(all, 'numpy'),
          ...numpyHelpers(all),
          '',
        ]),
    ...(profile
      ? ['sumw, sumw2, sumwy, sumwy2 = (np.zeros(XBINS) for _ in range(4))']
      : // Weighted: the squares of the weights too, each cell's error √Σw² (a fit's least squares uses them).
        [`counts = np.zeros((XBINS, YBINS), dtype=${weight ? 'np.float64' : 'np.int64'})`, ...(weight ? ['sumw2 = np.zeros((XBINS, YBINS))'] : [])]),
    ...range.setup,
    ...(flow?.setup ?? []),
    'entries = outside = 0',
    ...counted.setup,
    ...read,
    ...(profile ? profileResult(awkward, spec, title, flow?.report ?? []) : histogram2dResult(awkward, spec, title, flow?.report ?? [])),
  ];
  return `${lines.join('\n')}\n`;
}

/** The 2-D histogram's cells, filled in the loop over files. */
function histogram2dSums(weighted: boolean): string[] {
  return [
    'inside = (x >= XLOW) & (x < XHIGH) & (y >= YLOW) & (y < YHIGH)',
    weighted ? 'outside += float(np.sum(w[~inside]))' : 'outside += int(np.sum(~inside))',
    // ROOT's cell of each pair (TAxis::FindBin on each axis: bins × (v − low) first), as the explorer finds it;
    // np.histogram2d's edges put some values on an edge in the bin below.
    `bx = ${findBinPython('XBINS', 'x[inside]', 'XLOW', 'XHIGH')}`,
    `by = ${findBinPython('YBINS', 'y[inside]', 'YLOW', 'YHIGH')}`,
    `counts += np.bincount(bx * YBINS + by${weighted ? ', weights=w[inside]' : ''}, minlength=XBINS * YBINS).reshape(XBINS, YBINS)`,
    ...(weighted ? ['sumw2 += np.bincount(bx * YBINS + by, weights=w[inside] ** 2, minlength=XBINS * YBINS).reshape(XBINS, YBINS)'] : []),
  ];
}

/** A number as Python writes it: the infinities as NumPy's. */
const pythonNumber = (v: number): string => (v === Infinity ? 'np.inf' : v === -Infinity ? '-np.inf' : String(v));

/** A profile's sums per x bin (Σw, Σw², Σw·y, Σw·y², as ROOT's TProfile keeps them), filled in the loop over files. */
function profileSums(weighted: boolean): string[] {
  return [
    ...(weighted ? [] : ['w = np.ones_like(x)']),
    'inside = (x >= XLOW) & (x < XHIGH)',
    weighted ? 'outside += float(np.sum(w[~inside]))' : 'outside += int(np.sum(~inside))',
    // ROOT's bin of each x, and sums added one by one (np.histogram's weighted sums are differences of
    // running totals: a bin of one fill would show a spread of rounding, and an error it has not).
    // ROOT's TAxis::FindBin: XBINS × (x − XLOW) first, so that a whole number on an edge is in the bin it starts.
    `b = ${findBinPython('XBINS', 'x[inside]', 'XLOW', 'XHIGH')}`,
    'for sums, v in ((sumw, w), (sumw2, w * w), (sumwy, w * y), (sumwy2, w * y * y)):',
    '    sums += np.bincount(b, weights=v[inside], minlength=XBINS)',
  ];
}

/** The cells printed, then `report` (the cut flow), then the drawing. */
function histogram2dResult(awkward: boolean, spec: PlotSpec2D, title: string, report: readonly string[]): string[] {
  return [
    'print(f"entries {entries}, outside {outside}")',
    '# Rows are y bins, as the explorer lists them (x fastest).',
    'print(counts.T.tolist())',
    ...report,
    // Drawn with matplotlib where awkward is (the physics stack); the NumPy scripts print, as in 1-D.
    ...(awkward
      ? [
          'plt.pcolormesh(np.linspace(XLOW, XHIGH, XBINS + 1), np.linspace(YLOW, YHIGH, YBINS + 1), counts.T)',
          `plt.xlabel(${JSON.stringify(spec.expression)})`,
          `plt.ylabel(${JSON.stringify(spec.yExpression)})`,
          `plt.title(${JSON.stringify(title)})`,
          'plt.colorbar()',
          'plt.show()',
        ]
      : []),
  ];
}

/** Each error option's comment and error, as profile.ts gives them (neff: the effective entries). */
const PROFILE_ERROR_LINES: Record<ProfileErrors, { readonly comment: readonly string[]; readonly error: string }> = {
  mean: {
    comment: ['# the error of the mean as ROOT gives it: the spread over the square root of the effective entries', '# (Σw)² / Σw². A bin of one fill has no spread, so no error; an empty one is 0.'],
    error: 'np.sqrt(spread2 / neff)',
  },
  spread: { comment: ['# the spread of y in the bin (ROOT\'s error option "s"); an empty bin is 0.'], error: 'np.sqrt(spread2)' },
  integer: {
    comment: ['# the error of the mean, or 1 / sqrt(12 neff) where there is no spread, as for integer y (ROOT\'s', '# error option "i"); an empty bin is 0.'],
    error: 'np.where(spread2 > 0, np.sqrt(spread2 / neff), 1 / np.sqrt(12 * neff))',
  },
  weights: { comment: ['# 1 / sqrt(Σw), for y measured with errors σ and filled with weights 1/σ² (ROOT\'s error option "g");', '# an empty bin is 0.'], error: '1 / np.sqrt(np.abs(sumw))' },
};

/** Each bin's mean and error as ROOT's TProfile gives them (core/data/profile.ts), printed, then `report` (the cut flow), then drawn where matplotlib is. */
function profileResult(awkward: boolean, spec: PlotSpec2D, title: string, report: readonly string[]): string[] {
  const errors = PROFILE_ERROR_LINES[spec.profileErrors ?? 'mean'];
  return [
    "# Each bin's mean of y, and its error:",
    ...errors.comment,
    'with np.errstate(divide="ignore", invalid="ignore"):',
    '    mean = np.where(sumw != 0, sumwy / sumw, 0.0)',
    '    spread2 = np.abs(sumwy2 / sumw - mean**2)',
    '    spread2 = np.where(spread2 > 1e-14 * np.abs(sumwy2 / sumw), spread2, 0.0)',
    '    neff = sumw**2 / sumw2',
    `    error = np.where(sumw != 0, ${errors.error}, 0.0)`,
    'print(f"entries {entries}, outside {outside}")',
    'print("mean", mean.tolist())',
    'print("error", error.tolist())',
    'print("entries per bin", sumw.tolist())',
    ...report,
    ...(awkward
      ? [
          'filled = sumw != 0',
          'centres = (EDGES[:-1] + EDGES[1:]) / 2',
          'plt.errorbar(centres[filled], mean[filled], xerr=(XHIGH - XLOW) / XBINS / 2, yerr=error[filled], fmt="o", markersize=3)',
          `plt.xlabel(${JSON.stringify(spec.expression)})`,
          `plt.ylabel(${JSON.stringify(spec.yExpression)})`,
          `plt.title(${JSON.stringify(title)})`,
          'plt.show()',
        ]
      : []),
  ];
}
