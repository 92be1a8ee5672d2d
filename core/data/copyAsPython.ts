// "Copy as Python": the code that reproduces a histogram exactly — the same binning (ROOT's [low, high)
// bins, values at the upper edge in the overflow), the same expression and cut, the same flattening —
// with the tools physicists use: uproot + awkward + hist for ROOT files, awkward (with pyarrow) + hist
// for parquet, h5py + NumPy for HDF5, NumPy for .npy/.npz. The expressions are translated by
// pythonExpression.ts, so that the Python computes what the evaluator computes.
import { type Expr, namesIn } from './expression/syntax';
import type { Axis } from './histogram';
import { npyArrayName } from './npy/npyFile';
import { plotTitleOf } from '../text/plotTitle';
import { computedIndexHelpers } from './computedIndexPython';
import { cutflowLines } from './cutflowPython';
import type { EntryRange } from './entryRange';
import { rangeLines } from './entryRangePython';
import { columnNamer, definitionsComment, findBinPython, type Flavour, indexFilterLines, numpyHelpers, pythonExpression } from './pythonExpression';
import { parseDefinitions, parseField } from './expression/definitions';
import { entryCountLines, entryNumberLines, entryNumbersUsed } from './entryNumbersPython';
import { isChainEntryNumber } from './expression/entryNumbers';

export interface PlotSpec {
  /** The file; for a dataset, its first file (which names a .npy file's array). */
  readonly file: string;
  /** A dataset's files, in order; absent or one for a single file. */
  readonly files?: readonly string[];
  /** A dataset's files the explorer left out, with why (in English): not in FILES (uproot would stop at them), named in a comment. */
  readonly leftOut?: readonly LeftOut[];
  readonly format: 'root' | 'hdf5' | 'npy' | 'npz' | 'parquet' | 'torch' | 'safetensors';
  /** The tree (ROOT), group (HDF5) or a checkpoint's table. */
  readonly tree?: string;
  /** A checkpoint's tensors: the Python that reaches each from what torch.load returns, by column name. */
  readonly access?: Readonly<Record<string, string>>;
  /** A checkpoint's globals beyond those torch.load(weights_only=True) takes (checkpointPickle.ts). */
  readonly pickleClasses?: readonly string[];
  /** A TorchScript archive: loaded by torch.jit.load, which takes its module classes from the archive itself. */
  readonly torchScript?: boolean;
  readonly expression: string;
  /** Keeps or drops whole entries. */
  readonly entryCut?: string;
  /** Masks elements of a jagged expression. */
  readonly elementCut?: string;
  /** Each fill's weight (per entry or per element); empty or absent: 1. */
  readonly weight?: string;
  /** Names for expressions used in the fields, one per line (expression/definitions.ts): written out where used. */
  readonly definitions?: string;
  readonly axis: Axis;
  /** Only these entries, through the files in order (TTree::Draw's firstentry, nentries); absent: all. */
  readonly range?: EntryRange;
  /** The explorer's cut flow summed the weights (one per entry): the script's does too. */
  readonly weightedCutflow?: boolean;
}

/**
 * The whole script: read, compute, cut, fill and draw, with the binning of the panel. A dataset
 * (`files` with more than one) is read file by file (uproot.iterate in steps for ROOT, one archive at
 * a time for NumPy) and filled into one histogram, so the script runs in bounded memory too.
 */
export function copyAsPython(spec: PlotSpec, knownNames: readonly string[]): string {
  const defs = parseDefinitions(spec.definitions);
  // Checked as the worker checks them (a tree too large written out is refused before it is walked).
  const parse = (text: string): Expr => parseField('expression', text, defs);
  const expression = parse(spec.expression);
  const entryCut = spec.entryCut?.trim() ? parse(spec.entryCut) : undefined;
  const elementCut = spec.elementCut?.trim() ? parse(spec.elementCut) : undefined;
  const weight = spec.weight?.trim() ? parse(spec.weight) : undefined;
  const all = [expression, entryCut, elementCut, weight];
  const { bins, low, high } = spec.axis;
  const files = spec.files && spec.files.length > 1 ? spec.files : undefined;
  const file = JSON.stringify(spec.file);
  const title = plotTitleOf({ expression: spec.expression, entryCut: spec.entryCut ?? '', elementCut: spec.elementCut ?? '', weight: spec.weight });
  // With a weight, it goes wherever the values go: broadcast to them, cut with them, filled with them.
  const targets = weight ? ['values', 'weights'] : ['values'];
  // Entry$ and LocalEntry$ are columns the script adds (entryNumbersPython.ts); other names that are not branches or arrays are constants (pi, e).
  const numbers = entryNumbersUsed(all, knownNames);
  const asColumns = [...knownNames, ...numbers];
  const column = columnNamer(asColumns);
  const fileList = files ? filesLines(files, spec.leftOut, !!spec.range || numbers.some(isChainEntryNumber)) : [];
  const indent = (lines: string[]): string[] => lines.map((l) => `    ${l}`);
  if (spec.format === 'root' || spec.format === 'parquet') {
    const parquet = spec.format === 'parquet';
    const names = entriesCounted(columnsRead(all, knownNames), knownNames);
    // The arrays once read: the columns, and the entry numbers added to them.
    const held = [...names, ...numbers];
    const flow = cutflowLines(entryCut, spec.entryCut, 'awkward', column, 'arrays', held, spec.weightedCutflow ? weight : undefined);
    // One ROOT file reads only the range (entry_start, entry_stop); anything else is sliced once read.
    const range = rangeLines(spec.range, 'awkward', 'arrays', names, !!files);
    const rootRange = spec.range ? `, entry_start=FIRST${spec.range.count !== undefined ? ', entry_stop=STOP' : ''}` : '';
    const counted = entryCountLines(parquet ? numbers : [], 'len(arrays)');
    const compute = [
      'arrays = {name: ak.values_astype(arrays[name], np.float64) for name in arrays.fields}',
      ...(flow?.count ?? []),
      ...indexFilterLines(all, 'awkward', column('arrays'), 'arrays', held),
      `values = ${perEntry(expression, pythonExpression(expression, 'awkward', column('arrays')), 'awkward', names.length > 0 ? column('arrays')(names[0]) : undefined, asColumns)}`,
      // As numbers: a condition (w*(cut)) weighs 1 or 0.
      ...(weight ? [`weights = ak.values_astype(${pythonExpression(weight, 'awkward', column('arrays'))}, np.float64)`, '# An entry\'s weight meets each of its elements.', 'values, weights = ak.broadcast_arrays(values, weights)'] : []),
      ...cutLines(entryCut, elementCut, (c) => pythonExpression(c, 'awkward', column('arrays'), true), targets),
      'filled = ak.flatten(values, axis=None)',
      // Filled: the values that are numbers (with a weight that is a number, and not 0: ROOT skips those).
      weight ? 'w = ak.flatten(weights, axis=None)' : '',
      weight ? 'ok = ~np.isnan(filled) & ~np.isnan(w) & (w != 0)' : 'ok = ~np.isnan(filled)',
    ].filter(Boolean);
    // Each value at the centre of ROOT's bin for it (ROOT_BINS_HELPER): hist's regular axis finds a bin otherwise.
    const fill = weight ? 'h.fill(root_bins(h.axes[0], ak.to_numpy(filled[ok])), weight=ak.to_numpy(w[ok]))' : 'h.fill(root_bins(h.axes[0], ak.to_numpy(filled[ok])))';
    // Weighted: hist's Weight storage keeps Σw and Σw² per bin, as ROOT's Sumw2.
    const histogram = `h = hist.Hist.new.Reg(${bins}, ${low}, ${high}, name="x", label=${JSON.stringify(spec.expression)}).${weight ? 'Weight' : 'Double'}()`;
    const underOver = weight ? 'underflow {h[hist.underflow].value}, overflow {h[hist.overflow].value}' : 'underflow {h[hist.underflow]}, overflow {h[hist.overflow]}';
    const lines = [
      `# Reproduces the HAI histogram: ${parquet ? 'awkward reads (with pyarrow) and computes' : 'uproot reads, awkward computes'}, hist bins as ROOT does`,
      '# ([low, high) bins; a value at the upper edge is overflow).',
      ...definitionsComment(spec.definitions),
      'import awkward as ak',
      'import hist',
      'import matplotlib.pyplot as plt',
      'import numpy as np',
      ...(parquet ? [] : ['import uproot']),
      '',
      '',
      ...ROOT_BINS_HELPER,
      ...computedIndexHelpers(all, 'awkward'),
    ];
    if (files) {
      lines.push(
        ...fileList,
        ...range.setup,
        ...(flow?.setup ?? []),
        histogram,
        'entries = 0',
        '# File by file, in steps: the dataset never has to fit in memory.',
        ...counted.setup,
        parquet ? 'for path in FILES:' : `for arrays${numbers.length ? ', report' : ''} in uproot.iterate({f: ${JSON.stringify(spec.tree ?? '')} for f in FILES}, ${JSON.stringify(names)}, step_size="100 MB"${numbers.length ? ', report=True' : ''}):`,
        ...(parquet ? [`    arrays = ak.from_parquet(path, columns=${JSON.stringify(names)})`] : []),
        // uproot's report says where its step starts, in the chain and in its file; a file of parquet is read whole.
        ...indent(parquet ? [...entryNumberLines(numbers, 'arrays', 'len(arrays)', { chain: 'entry', local: '0' }), ...counted.step] : entryNumberLines(numbers, 'arrays', 'len(arrays)', { chain: 'report.global_entry_start', local: 'report.tree_entry_start' })),
        ...indent([...range.head, ...compute, fill, 'entries += int(np.sum(ok))', ...range.tail]),
        `print(f"entries {entries}, ${underOver}")`,
      );
    } else {
      lines.push(
        ...range.setup,
        ...(flow?.setup ?? []),
        ...(parquet
          ? [`arrays = ak.from_parquet(${file}, columns=${JSON.stringify(names)})`, ...entryNumberLines(numbers, 'arrays', 'len(arrays)', { chain: '0', local: '0' }), ...range.head]
          : [`with uproot.open(${file}) as f:`, `    arrays = f[${JSON.stringify(spec.tree ?? '')}].arrays(${JSON.stringify(names)}${rootRange})`, ...entryNumberLines(numbers, 'arrays', 'len(arrays)', spec.range ? { chain: 'FIRST', local: 'FIRST' } : { chain: '0', local: '0' })]),
        ...compute,
        histogram,
        fill,
        `print(f"entries {int(np.sum(ok))}, ${underOver}")`,
      );
    }
    lines.push(...(flow?.report ?? []), 'h.plot1d()', `plt.title(${JSON.stringify(title)})`, 'plt.show()');
    return `${lines.join('\n')}\n`;
  }
  const read = columnsRead(all, knownNames);
  const held = [...read, ...numbers];
  // The arrays' entries, once loaded (a 0-d array saved alone is one entry, as rows() reads it).
  const loaded = read.length ? `len(np.atleast_1d(data[${JSON.stringify(read[0])}]))` : '0';
  const counted = entryCountLines(numbers, loaded);
  const load = (path: string): string[] => {
    if (spec.format === 'hdf5') {
      // h5py reads only the datasets the expression and cuts name, each whole (one group's datasets share their first axis).
      return [`with h5py.File(${path}, "r") as f:`, `    data = {name: np.asarray(f[${JSON.stringify(spec.tree ?? '/')}][name], dtype=np.float64) for name in ${JSON.stringify(read)}}`];
    }
    if (spec.format === 'torch') return torchLoad(path, spec, read);
    if (spec.format === 'safetensors') return safetensorsLoad(path, read);
    return [spec.format === 'npz' ? `data = {k: np.asarray(v, dtype=np.float64) for k, v in np.load(${path}).items()}` : `data = {${JSON.stringify(npyArrayName(spec.file))}: np.load(${path}).astype(np.float64)}`];
  };
  const flow = cutflowLines(entryCut, spec.entryCut, 'numpy', column, 'data', held, spec.weightedCutflow ? weight : undefined);
  const range = rangeLines(spec.range, 'numpy', 'data', held, !!files);
  const compute = [
    ...rowLines(held),
    ...range.head,
    ...(flow?.count ?? []),
    ...indexFilterLines(all, 'numpy', column('data'), 'data', held),
    `values = ${perEntry(expression, pythonExpression(expression, 'numpy', column('data')), 'numpy', read.length > 0 ? column('data')(read[0]) : undefined, asColumns)}`,
    // As numbers: a condition (w*(cut)) weighs 1 or 0.
    ...(weight ? [`weights = np.asarray(${pythonExpression(weight, 'numpy', column('data'))}, dtype=np.float64)`, '# An entry\'s weight meets each of its elements.', 'values, weights = np.broadcast_arrays(values, weights)'] : []),
    ...cutLines(entryCut, elementCut, (c) => pythonExpression(c, 'numpy', column('data'), true), targets, 'numpy'),
    'values = np.ravel(values)',
    // The values that are numbers (with a weight that is a number, and not 0: ROOT skips those).
    ...(weight ? ['weights = np.ravel(weights)', 'ok = ~np.isnan(values) & ~np.isnan(weights) & (weights != 0)', 'values, weights = values[ok], weights[ok]'] : ['values = values[~np.isnan(values)]']),
  ];
  // Weighted: the sums of weights under, in and over the bins.
  const sumOf = (cond: string): string => (weight ? `np.sum(weights[${cond}])` : `np.sum(${cond})`);
  const lines = [
    `# Reproduces the HAI histogram with ${TENSOR_TOOLS[spec.format] ?? 'NumPy'}, with ROOT's bins: [low, high), a value at the upper`,
    "# edge is overflow; each value's bin is found as ROOT's TAxis::FindBin finds it.",
    ...definitionsComment(spec.definitions),
    ...(spec.format === 'hdf5' ? ['import h5py'] : []),
    'import numpy as np',
    ...tensorImports(spec.format),
    '',
    ...computedIndexHelpers(all, 'numpy'),
    ...numpyHelpers(all),
    '',
    '',
    `low, high, bins = ${low}, ${high}, ${bins}`,
  ];
  if (files) {
    lines.push(
      ...fileList,
      ...range.setup,
      ...(flow?.setup ?? []),
      `counts = np.zeros(bins, dtype=${weight ? 'np.float64' : 'np.int64'})`,
      // Weighted: Σw² per bin too, the errors a fit of it uses.
      ...(weight ? ['sumw2 = np.zeros(bins)'] : []),
      'entries = underflow = overflow = 0',
      ...counted.setup,
      'for path in FILES:',
      ...indent([
        ...load('path'),
        ...entryNumberLines(numbers, 'data', loaded, { chain: 'entry', local: '0' }),
        ...counted.step,
        ...compute,
        'entries += values.size',
        `underflow += ${weight ? 'float' : 'int'}(${sumOf('values < low')})`,
        `overflow += ${weight ? 'float' : 'int'}(${sumOf('values >= high')})`,
        ...ROOT_BIN_LINES,
        `counts += np.bincount(b${weight ? ', weights=weights[inside]' : ''}, minlength=bins)`,
        ...(weight ? ['sumw2 += np.bincount(b, weights=weights[inside] ** 2, minlength=bins)'] : []),
        ...range.tail,
      ]),
      'print(f"entries {entries}, underflow {underflow}, overflow {overflow}")',
    );
  } else {
    lines.push(
      ...range.setup,
      ...(flow?.setup ?? []),
      ...load(file),
      ...entryNumberLines(numbers, 'data', loaded, { chain: '0', local: '0' }),
      ...compute,
      ...ROOT_BIN_LINES,
      `counts = np.bincount(b${weight ? ', weights=weights[inside]' : ''}, minlength=bins)`,
      ...(weight ? ['sumw2 = np.bincount(b, weights=weights[inside] ** 2, minlength=bins)'] : []),
      `print(f"entries {values.size}, underflow {${sumOf('values < low')}}, overflow {${sumOf('values >= high')}}")`,
    );
  }
  lines.push('print(counts.tolist())', ...(flow?.report ?? []));
  return `${lines.join('\n')}\n`;
}

/**
 * Each value's bin as ROOT's TAxis::FindBin finds it, bins × (x − low) first, as the explorer does:
 * np.histogram's edges (np.linspace's 0.30000000000000004) and hist's regular axis ((x − low) / (high − low)
 * × bins: 29 of [0, 100) in [28, 29)) put some values on an edge in the bin below. Sums by np.bincount,
 * added one by one.
 */
const ROOT_BIN_LINES = [
  'inside = (values >= low) & (values < high)',
  "# ROOT's bin of each value (TAxis::FindBin): bins × (x − low) first, as HAI finds it.",
  `b = ${findBinPython('bins', 'values[inside]', 'low', 'high')}`,
];

/** hist's fill, at the centre of ROOT's bin of each value (values outside stay as they are, for the flow bins). */
const ROOT_BINS_HELPER = [
  'def root_bins(axis, x):',
  '    """Each value at the centre of the bin ROOT\'s TAxis::FindBin puts it in (bins × (x − low) first, as HAI',
  '    bins it): hist\'s regular axis computes (x − low) / (high − low) × bins, which puts some values on an edge',
  '    in the bin below. Values outside the axis stay as they are, for the flow bins."""',
  '    low, high, bins = axis.edges[0], axis.edges[-1], len(axis)',
  '    x = np.array(x, dtype=np.float64)',
  '    inside = (x >= low) & (x < high)',
  `    b = ${findBinPython('bins', 'x[inside]', 'low', 'high', false)}`,
  '    x[inside] = low + (b + 0.5) * (high - low) / bins',
  '    return x',
  '',
  '',
];

/**
 * torch.load, then each tensor the expression names as float64 NumPy. weights_only=True when the
 * pickle names nothing beyond torch's own, else False with what it will import: it runs the pickle.
 * A TorchScript archive is loaded by torch.jit.load, as torch.load would hand it over anyway.
 */
export function torchLoad(path: string, spec: Pick<PlotSpec, 'access' | 'pickleClasses' | 'torchScript'>, names: readonly string[]): string[] {
  const entries = names.map((n) => {
    const access = spec.access?.[n];
    if (access === undefined) throw new Error(`"${n}" cannot be reached in Python`);
    return `    ${JSON.stringify(n)}: checkpoint${access}.detach().to(torch.float64).numpy(),`;
  });
  return [...torchLoadLines(path, spec), 'data = {', ...entries, '}'];
}

function torchLoadLines(path: string, spec: Pick<PlotSpec, 'pickleClasses' | 'torchScript'>): string[] {
  if (spec.torchScript) {
    return [
      '# A TorchScript archive: torch.jit.load compiles the TorchScript code stored in it (it imports no Python',
      '# module) and runs its __setstate__ methods if it has any, so load it only if you trust the file.',
      `checkpoint = torch.jit.load(${path}, map_location="cpu")`,
    ];
  }
  if (!spec.pickleClasses?.length) {
    return [
      '# weights_only=True runs nothing from the file (PyTorch 1.13 also refuses a float in it; PyTorch 2 reads it).',
      `checkpoint = torch.load(${path}, map_location="cpu", weights_only=True)`,
    ];
  }
  return [
    `# The checkpoint names ${spec.pickleClasses.join(', ')}: weights_only=False imports and runs them,`,
    '# so load it this way only if you trust the file (its classes must be importable here).',
    `checkpoint = torch.load(${path}, map_location="cpu", weights_only=False)`,
  ];
}

/** A safetensors file's tensors by name: safe_open reads only those asked for, and runs nothing from the file. */
export function safetensorsLoad(path: string, names: readonly string[]): string[] {
  return [
    '# safetensors holds only tensors: reading it runs nothing from the file (pip install safetensors).',
    `with safe_open(${path}, framework="pt") as f:`,
    `    data = {name: f.get_tensor(name).to(torch.float64).numpy() for name in ${JSON.stringify(names)}}`,
  ];
}

/** What reads a weights file, for the script's first comment. */
export const TENSOR_TOOLS: Readonly<Partial<Record<PlotSpec['format'], string>>> = { torch: 'PyTorch and NumPy', safetensors: 'safetensors, PyTorch and NumPy' };

export function tensorImports(format: PlotSpec['format']): string[] {
  return format === 'torch' ? ['import torch'] : format === 'safetensors' ? ['import torch', 'from safetensors import safe_open'] : [];
}

/**
 * Applying the cuts: indexing by boolean arrays, which awkward and NumPy both read as ROOT does. The
 * entry cut goes first and is applied to the element mask too, so that the mask still lines up.
 */
export function cutLines(entryCut: Expr | undefined, elementCut: Expr | undefined, condition: (cut: Expr) => string, targets: readonly string[] = ['values'], flavour: Flavour = 'awkward'): string[] {
  const lines: string[] = [];
  if (elementCut) lines.push(`element_cut = ${condition(elementCut)}`);
  if (entryCut) {
    // NumPy: a row of one per entry (or one value for all) as one boolean per entry.
    const cut = flavour === 'numpy' ? `np.broadcast_to(${condition(entryCut)}, (len(${targets[0]}), 1))[:, 0]` : condition(entryCut);
    lines.push(`entry_cut = ${cut}`, '# The entry cut keeps or drops whole entries (rows).', ...targets.map((t) => `${t} = ${t}[entry_cut]`));
    if (elementCut) lines.push('element_cut = element_cut[entry_cut]');
  }
  if (elementCut) lines.push('# The element cut masks elements within each entry.', ...targets.map((t) => `${t} = ${t}[element_cut]`));
  return lines;
}

/** A dataset's file the explorer left out (it could not be read, or lacks a name the fields use), and why. */
export interface LeftOut {
  readonly file: string;
  readonly reason: string;
  /** Read, but lacking a name the fields use: its entries are counted in the chain all the same. */
  readonly lacksName?: boolean;
}

/**
 * A dataset's FILES, without those the explorer left out, which a comment names with why. `numbered`:
 * the entries are numbered through the files (an entry range, Entry$), which the explorer does over a
 * file lacking a branch too (it counts its entries); the script counts only the files it reads.
 */
export function filesLines(files: readonly string[], leftOut: readonly LeftOut[] = [], numbered = false): string[] {
  const out = leftOut.filter((l) => files.includes(l.file));
  const why = (reason: string): string => reason.replace(/\s+/g, ' ').trim();
  return [
    ...(out.length ? ['# Left out, as HAI left them out:', ...out.map((l) => `#   ${JSON.stringify(l.file)}: ${why(l.reason)}`)] : []),
    ...(numbered && out.some((l) => l.lacksName) ? ['# HAI numbered the entries of those lacking a name all the same (First entry, Entries, Entry$);', '# this script numbers the entries through the files it reads.'] : []),
    'FILES = [',
    ...files.filter((f) => !out.some((l) => l.file === f)).map((f) => `    ${JSON.stringify(f)},`),
    ']',
  ];
}

/** Helper definitions after the imports: two blank lines before them, as PEP 8 has it. */
export function withBlankBefore(lines: string[]): string[] {
  return lines.length > 0 ? ['', ...lines] : [];
}

/** NumPy: the arrays read, each entry a row (see numpyHelpers). */
export function rowLines(names: readonly string[]): string[] {
  return ['# Each entry is one row: an N-d array\'s values, or a 1-D array\'s one value.', `for name in ${JSON.stringify(names)}:`, '    data[name] = rows(data[name])'];
}

/**
 * A tree's or a parquet table's columns read, and at least one: an expression that reads none (`1`,
 * as in ROOT's Draw("1", "w*(cut)") for a yield) is filled once per entry, so the script must count
 * the entries. (An array file has no count of its own: the explorer refuses such an expression there.)
 */
function entriesCounted(read: string[], knownNames: readonly string[]): string[] {
  return read.length === 0 && knownNames.length > 0 ? [knownNames[0]] : read;
}

/** A value that reads no column (a constant) as one value per entry, as the explorer fills it; `some` is a column read, in Python. */
function perEntry(expr: Expr, code: string, flavour: Flavour, some: string | undefined, knownNames: readonly string[]): string {
  if (some === undefined || namesIn(expr).some((n) => knownNames.includes(n))) return code;
  return flavour === 'awkward' ? `ak.Array(np.full(len(${some}), ${code}, dtype=np.float64))` : `np.full((len(${some}), 1), ${code}, dtype=np.float64)`;
}

/** The columns the expressions read (names that are not columns are constants such as pi). */
export function columnsRead(exprs: readonly (Expr | undefined)[], knownNames: readonly string[]): string[] {
  return [...new Set(exprs.flatMap((e) => (e ? namesIn(e) : [])))].filter((n) => knownNames.includes(n));
}
