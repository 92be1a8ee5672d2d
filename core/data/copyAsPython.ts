// "Copy as Python": the code that reproduces a histogram exactly — the same binning (ROOT's [low, high)
// bins, values at the upper edge in the overflow), the same expression and cut, the same flattening —
// with the tools physicists use: uproot + awkward + hist for ROOT files, awkward (with pyarrow) + hist
// for parquet, h5py + NumPy for HDF5, NumPy for .npy/.npz. The expression tree is translated node by node, so that the Python
// computes what the evaluator computes: float64 throughout, JavaScript's remainder (np.fmod), Math.round's halves (floor(x + 0.5)), NaN as
// false, reductions of empty entries as evaluate.ts gives them.
import { type BinaryOp, type Expr, namesIn, parseExpression, subexpressions } from './expression/syntax';
import type { Axis } from './histogram';
import { npyArrayName } from './npy/npyFile';
import { plotTitleOf } from '../text/plotTitle';
import { ROOT_SPELLINGS } from './expression/evaluate';
import { bestIndexPython, computedIndexHelpers, filledPython, lacksValues, maskedReductionPython } from './computedIndexPython';

export interface PlotSpec {
  /** The file; for a dataset, its first file (which names a .npy file's array). */
  readonly file: string;
  /** A dataset's files, in order; absent or one for a single file. */
  readonly files?: readonly string[];
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
  readonly axis: Axis;
}

type Flavour = 'awkward' | 'numpy';

const NUMPY_1: Readonly<Record<string, string>> = {
  abs: 'np.abs', sqrt: 'np.sqrt', exp: 'np.exp', log: 'np.log', log10: 'np.log10', log2: 'np.log2', log1p: 'np.log1p',
  sin: 'np.sin', cos: 'np.cos', tan: 'np.tan', asin: 'np.arcsin', acos: 'np.arccos', atan: 'np.arctan',
  sinh: 'np.sinh', cosh: 'np.cosh', tanh: 'np.tanh', asinh: 'np.arcsinh', acosh: 'np.arccosh', atanh: 'np.arctanh',
  floor: 'np.floor', ceil: 'np.ceil', trunc: 'np.trunc', sign: 'np.sign',
};
const NUMPY_2: Readonly<Record<string, string>> = { atan2: 'np.arctan2', pow: 'np.power', hypot: 'np.hypot', fmod: 'np.fmod', min: 'np.minimum', max: 'np.maximum' };
const COMPARISONS = new Set<BinaryOp>(['==', '!=', '<', '<=', '>', '>=']);

/**
 * Python for an expression; `column(name)` is how the code names a branch's or array's values. As a
 * condition (a cut), a number counts as true unless it is 0 or NaN, as in selection.ts.
 */
export function pythonExpression(expr: Expr, flavour: Flavour, column: (name: string) => string, asCondition = false): string {
  const isBool = (e: Expr): boolean => (e.kind === 'binary' && (COMPARISONS.has(e.op) || e.op === 'and' || e.op === 'or')) || (e.kind === 'unary' && e.op === 'not');
  // A number as a condition: true unless 0 or NaN, as evaluate.ts has it.
  const truth = (e: Expr): string => (isBool(e) ? py(e) : `((${py(e)} != 0) & ~np.isnan(${py(e)}))`);
  const reduce = (name: string, arg: Expr): string => {
    const x = py(arg);
    if (name === 'argmax' || name === 'argmin') return bestIndexPython(name, x, flavour);
    if (lacksValues(arg)) return maskedReductionPython(name, x, truth(arg), flavour);
    if (flavour === 'numpy') {
      // Each entry is a row (rows() at loading): a reduction keeps it a row of one, to meet a row's elements.
      const fn: Record<string, string> = {
        len: `np.full((len(${x}), 1), ${x}.shape[1], dtype=np.float64)`,
        sum: `np.sum(${x}, axis=1, keepdims=True)`,
        mean: `np.mean(${x}, axis=1, keepdims=True)`,
        min: `np.min(${x}, axis=1, keepdims=True)`,
        max: `np.max(${x}, axis=1, keepdims=True)`,
        any: `np.any(${truth(arg)}, axis=1, keepdims=True)`,
        all: `np.all(${truth(arg)}, axis=1, keepdims=True)`,
      };
      return fn[name];
    }
    // Empty entries: awkward gives None for mean/min/max, evaluate.ts NaN.
    const fn: Record<string, string> = {
      len: `ak.num(${x}, axis=1)`,
      sum: `ak.sum(${x}, axis=1)`,
      mean: `ak.fill_none(ak.mean(${x}, axis=1), np.nan)`,
      min: `ak.fill_none(ak.min(${x}, axis=1), np.nan)`,
      max: `ak.fill_none(ak.max(${x}, axis=1), np.nan)`,
      any: `ak.any(${truth(arg)}, axis=1)`,
      all: `ak.all(${truth(arg)}, axis=1)`,
    };
    return fn[name];
  };
  const py = (e: Expr): string => {
    switch (e.kind) {
      case 'number':
        return Number.isFinite(e.value) ? String(e.value) : 'np.inf';
      case 'name':
        return column(e.name);
      case 'unary':
        return e.op === 'not' ? `(~${truth(e.arg)})` : e.op === '-' ? `(-${py(e.arg)})` : py(e.arg);
      case 'binary':
        if (e.op === 'and' || e.op === 'or') return `(${truth(e.left)} ${e.op === 'and' ? '&' : '|'} ${truth(e.right)})`;
        if (e.op === '%') return `np.fmod(${py(e.left)}, ${py(e.right)})`;
        return `(${py(e.left)} ${e.op} ${py(e.right)})`;
      case 'call': {
        const name = ROOT_SPELLINGS[e.name] ?? e.name;
        if (e.args.length === 1 && ['len', 'sum', 'mean', 'min', 'max', 'any', 'all', 'argmax', 'argmin'].includes(name)) return reduce(name, e.args[0]);
        if (name === 'local_index') {
          const x = py(e.args[0]);
          return flavour === 'awkward' ? `ak.local_index(${x}, axis=1)` : `np.broadcast_to(np.arange(${x}.shape[1], dtype=np.float64), ${x}.shape)`;
        }
        if (name === 'round') return `np.floor(${py(e.args[0])} + 0.5)`;
        if (name === 'isnan' || name === 'isfinite') return `np.${name}(${py(e.args[0])})`;
        const fn = NUMPY_1[name] ?? NUMPY_2[name];
        if (!fn) throw new Error(`no Python for ${e.name}()`);
        return `${fn}(${e.args.map(py).join(', ')})`;
      }
      case 'index':
        // Every entry left has the element (indexFilterLines dropped those without it).
        return flavour === 'awkward' ? `${py(e.arg)}[:, ${e.index}]` : `element(${py(e.arg)}, ${e.index})`;
      case 'take':
        return `take(${py(e.arg)}, ${py(e.by)})`;
    }
  };
  const code = asCondition ? truth(expr) : py(expr);
  return lacksValues(expr) ? filledPython(code, flavour, asCondition) : code;
}

/** The index nodes of expressions (`Jet_Px[0]`), each with how many index nodes it holds inside (a nesting level). */
function indexNodes(exprs: readonly (Expr | undefined)[]): { node: Extract<Expr, { kind: 'index' }>; level: number }[] {
  const found: { node: Extract<Expr, { kind: 'index' }>; level: number }[] = [];
  const walk = (e: Expr): number => {
    const level = Math.max(0, ...subexpressions(e).map(walk));
    if (e.kind !== 'index') return level;
    found.push({ node: e, level });
    return level + 1;
  };
  for (const e of exprs) if (e) walk(e);
  return found;
}

/**
 * NumPy's helpers: each entry is one row (an N-d array's values in a row, a 1-D array's value in a row
 * of one, so that it meets each element of another's row as the explorer broadcasts it), and an
 * element of each row by its index, as a row of one.
 */
export function numpyHelpers(index: boolean): string[] {
  return [
    'def rows(x):',
    '    """Each entry\'s values as one row: an array is read entry by entry along its first axis."""',
    '    x = np.atleast_1d(x)  # a 0-d array (a scalar saved alone) is one entry',
    '    return np.reshape(x, (x.shape[0], int(np.prod(x.shape[1:]))))',
    ...(index
      ? [
          '',
          '',
          'def element(x, k):',
          '    """Element k of each row (from the end when negative), as a row of one; rows that short were left out."""',
          '    return x[:, [k]] if -x.shape[1] <= k < x.shape[1] else np.full((x.shape[0], 1), np.nan)',
        ]
      : []),
  ];
}

/** Whether any of the expressions indexes (`Jet_Px[0]`): the NumPy script then needs `element`. */
export function usesIndex(exprs: readonly (Expr | undefined)[]): boolean {
  return indexNodes(exprs).length > 0;
}

/**
 * Entries without an element an index asks for (`Muon_E[1]` in an event with one muon) are dropped
 * from the arrays `names` before anything is computed, as the explorer leaves them out — the idiom
 * physicists write by hand, events[ak.num(events.Muon_E) >= 2]. An index inside another's argument
 * is checked once the first is.
 */
export function indexFilterLines(exprs: readonly (Expr | undefined)[], flavour: Flavour, column: (name: string) => string, target: string, names: readonly string[]): string[] {
  const nodes = indexNodes(exprs);
  if (nodes.length === 0) return [];
  const lines = ["# Entries without the elements indexed are left out, as HAI (and ROOT's TTree::Draw) leave them out."];
  for (const level of [...new Set(nodes.map((n) => n.level))].sort((a, b) => a - b)) {
    // How many elements each indexed value needs: k + 1 for [k], k for [-k].
    const needs = new Map<string, number>();
    for (const { node } of nodes.filter((n) => n.level === level)) {
      const x = pythonExpression(node.arg, flavour, column);
      needs.set(x, Math.max(needs.get(x) ?? 0, node.index >= 0 ? node.index + 1 : -node.index));
    }
    const conditions = [...needs].map(([x, n]) => (flavour === 'awkward' ? `(ak.num(${x}, axis=1) >= ${n})` : `np.full(len(${x}), ${x}.shape[1] >= ${n})`));
    lines.push(`has = ${conditions.join(' & ')}`, `for name in ${JSON.stringify(names)}:`, `    ${target}[name] = ${target}[name][has]`);
  }
  return lines;
}

/**
 * The whole script: read, compute, cut, fill and draw, with the binning of the panel. A dataset
 * (`files` with more than one) is read file by file (uproot.iterate in steps for ROOT, one archive at
 * a time for NumPy) and filled into one histogram, so the script runs in bounded memory too.
 */
export function copyAsPython(spec: PlotSpec, knownNames: readonly string[]): string {
  const expression = parseExpression(spec.expression);
  const entryCut = spec.entryCut?.trim() ? parseExpression(spec.entryCut) : undefined;
  const elementCut = spec.elementCut?.trim() ? parseExpression(spec.elementCut) : undefined;
  const weight = spec.weight?.trim() ? parseExpression(spec.weight) : undefined;
  const all = [expression, entryCut, elementCut, weight];
  const { bins, low, high } = spec.axis;
  const files = spec.files && spec.files.length > 1 ? spec.files : undefined;
  const file = JSON.stringify(spec.file);
  const title = plotTitleOf({ expression: spec.expression, entryCut: spec.entryCut ?? '', elementCut: spec.elementCut ?? '', weight: spec.weight });
  // With a weight, it goes wherever the values go: broadcast to them, cut with them, filled with them.
  const targets = weight ? ['values', 'weights'] : ['values'];
  // Names that are not branches or arrays are constants (pi, e): the translator spells those.
  const column = (flavourPrefix: string) => (name: string): string => (knownNames.includes(name) ? `${flavourPrefix}[${JSON.stringify(name)}]` : constantOf(name));
  const fileList = files ? ['FILES = [', ...files.map((f) => `    ${JSON.stringify(f)},`), ']'] : [];
  const indent = (lines: string[]): string[] => lines.map((l) => `    ${l}`);
  if (spec.format === 'root' || spec.format === 'parquet') {
    const parquet = spec.format === 'parquet';
    const names = entriesCounted(columnsRead(all, knownNames), knownNames);
    const compute = [
      'arrays = {name: ak.values_astype(arrays[name], np.float64) for name in arrays.fields}',
      ...indexFilterLines(all, 'awkward', column('arrays'), 'arrays', names),
      `values = ${perEntry(expression, pythonExpression(expression, 'awkward', column('arrays')), 'awkward', names.length > 0 ? column('arrays')(names[0]) : undefined, knownNames)}`,
      // As numbers: a condition (w*(cut)) weighs 1 or 0.
      ...(weight ? [`weights = ak.values_astype(${pythonExpression(weight, 'awkward', column('arrays'))}, np.float64)`, '# An entry\'s weight meets each of its elements.', 'values, weights = ak.broadcast_arrays(values, weights)'] : []),
      ...cutLines(entryCut, elementCut, (c) => pythonExpression(c, 'awkward', column('arrays'), true), targets),
      'filled = ak.flatten(values, axis=None)',
      // Filled: the values that are numbers (with a weight that is a number, and not 0: ROOT skips those).
      weight ? 'w = ak.flatten(weights, axis=None)' : '',
      weight ? 'ok = ~np.isnan(filled) & ~np.isnan(w) & (w != 0)' : 'ok = ~np.isnan(filled)',
    ].filter(Boolean);
    const fill = weight ? 'h.fill(ak.to_numpy(filled[ok]), weight=ak.to_numpy(w[ok]))' : 'h.fill(ak.to_numpy(filled[ok]))';
    // Weighted: hist's Weight storage keeps Σw and Σw² per bin, as ROOT's Sumw2.
    const histogram = `h = hist.Hist.new.Reg(${bins}, ${low}, ${high}, name="x", label=${JSON.stringify(spec.expression)}).${weight ? 'Weight' : 'Double'}()`;
    const flow = weight ? 'underflow {h[hist.underflow].value}, overflow {h[hist.overflow].value}' : 'underflow {h[hist.underflow]}, overflow {h[hist.overflow]}';
    const lines = [
      `# Reproduces the HAI histogram: ${parquet ? 'awkward reads (with pyarrow) and computes' : 'uproot reads, awkward computes'}, hist bins as ROOT does`,
      '# ([low, high) bins; a value at the upper edge is overflow).',
      'import awkward as ak',
      'import hist',
      'import matplotlib.pyplot as plt',
      'import numpy as np',
      ...(parquet ? [] : ['import uproot']),
      '',
      ...withBlankBefore(computedIndexHelpers(all, 'awkward')),
    ];
    if (files) {
      lines.push(
        ...fileList,
        histogram,
        'entries = 0',
        '# File by file, in steps: the dataset never has to fit in memory.',
        parquet ? 'for path in FILES:' : `for arrays in uproot.iterate({f: ${JSON.stringify(spec.tree ?? '')} for f in FILES}, ${JSON.stringify(names)}, step_size="100 MB"):`,
        ...(parquet ? [`    arrays = ak.from_parquet(path, columns=${JSON.stringify(names)})`] : []),
        ...indent([...compute, fill, 'entries += int(np.sum(ok))']),
        `print(f"entries {entries}, ${flow}")`,
      );
    } else {
      lines.push(
        ...(parquet ? [`arrays = ak.from_parquet(${file}, columns=${JSON.stringify(names)})`] : [`with uproot.open(${file}) as f:`, `    arrays = f[${JSON.stringify(spec.tree ?? '')}].arrays(${JSON.stringify(names)})`]),
        ...compute,
        histogram,
        fill,
        `print(f"entries {int(np.sum(ok))}, ${flow}")`,
      );
    }
    lines.push('h.plot1d()', `plt.title(${JSON.stringify(title)})`, 'plt.show()');
    return `${lines.join('\n')}\n`;
  }
  const read = columnsRead(all, knownNames);
  const load = (path: string): string[] => {
    if (spec.format === 'hdf5') {
      // h5py reads only the datasets the expression and cuts name, each whole (one group's datasets share their first axis).
      return [`with h5py.File(${path}, "r") as f:`, `    data = {name: np.asarray(f[${JSON.stringify(spec.tree ?? '/')}][name], dtype=np.float64) for name in ${JSON.stringify(read)}}`];
    }
    if (spec.format === 'torch') return torchLoad(path, spec, read);
    if (spec.format === 'safetensors') return safetensorsLoad(path, read);
    return [spec.format === 'npz' ? `data = {k: np.asarray(v, dtype=np.float64) for k, v in np.load(${path}).items()}` : `data = {${JSON.stringify(npyArrayName(spec.file))}: np.load(${path}).astype(np.float64)}`];
  };
  const compute = [
    ...rowLines(read),
    ...indexFilterLines(all, 'numpy', column('data'), 'data', read),
    `values = ${perEntry(expression, pythonExpression(expression, 'numpy', column('data')), 'numpy', read.length > 0 ? column('data')(read[0]) : undefined, knownNames)}`,
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
    '# edge is overflow (np.histogram alone would put it in the last bin).',
    ...(spec.format === 'hdf5' ? ['import h5py'] : []),
    'import numpy as np',
    ...tensorImports(spec.format),
    '',
    ...computedIndexHelpers(all, 'numpy'),
    ...numpyHelpers(usesIndex(all)),
    '',
    '',
    `low, high, bins = ${low}, ${high}, ${bins}`,
  ];
  if (files) {
    lines.push(
      ...fileList,
      `counts = np.zeros(bins, dtype=${weight ? 'np.float64' : 'np.int64'})`,
      // Weighted: Σw² per bin too, the errors a fit of it uses.
      ...(weight ? ['sumw2 = np.zeros(bins)'] : []),
      'entries = underflow = overflow = 0',
      'for path in FILES:',
      ...indent([
        ...load('path'),
        ...compute,
        'entries += values.size',
        `underflow += ${weight ? 'float' : 'int'}(${sumOf('values < low')})`,
        `overflow += ${weight ? 'float' : 'int'}(${sumOf('values >= high')})`,
        'inside = (values >= low) & (values < high)',
        `counts += np.histogram(values[inside], bins=np.linspace(low, high, bins + 1)${weight ? ', weights=weights[inside]' : ''})[0]`,
        ...(weight ? ['sumw2 += np.histogram(values[inside], bins=np.linspace(low, high, bins + 1), weights=weights[inside] ** 2)[0]'] : []),
      ]),
      'print(f"entries {entries}, underflow {underflow}, overflow {overflow}")',
    );
  } else {
    lines.push(
      ...load(file),
      ...compute,
      'inside = (values >= low) & (values < high)',
      `counts, edges = np.histogram(values[inside], bins=np.linspace(low, high, bins + 1)${weight ? ', weights=weights[inside]' : ''})`,
      ...(weight ? ['sumw2 = np.histogram(values[inside], bins=edges, weights=weights[inside] ** 2)[0]'] : []),
      `print(f"entries {values.size}, underflow {${sumOf('values < low')}}, overflow {${sumOf('values >= high')}}")`,
    );
  }
  lines.push('print(counts.tolist())');
  return `${lines.join('\n')}\n`;
}

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

export function constantOf(name: string): string {
  const constants: Record<string, string> = { pi: 'np.pi', e: 'np.e', inf: 'np.inf', nan: 'np.nan', true: '1.0', false: '0.0', True: '1.0', False: '0.0' };
  const c = constants[name];
  if (!c) throw new Error(`"${name}" is neither a column nor a constant`);
  return c;
}
