// Python for HAI's expressions: the expression tree translated node by node for awkward (ROOT, parquet)
// or NumPy (array files), so that a script computes what the evaluator computes — float64
// throughout, JavaScript's remainder (np.fmod), Math.round's halves (floor(x + 0.5)), NaN as false,
// reductions of empty entries as evaluate.ts gives them — and the helpers that indexing needs.
import { type BinaryOp, type Expr, subexpressions } from './expression/syntax';
import { ROOT_SPELLINGS } from './expression/evaluate';
import { bestIndexPython, filledPython, lacksValues, maskedReductionPython } from './computedIndexPython';

export type Flavour = 'awkward' | 'numpy';

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
  const isBool = (e: Expr): boolean => (e.kind === 'binary' && (COMPARISONS.has(e.op) || e.op === 'and' || e.op === 'or')) || (e.kind === 'unary' && e.op === 'not') || (e.kind === 'alias' && isBool(e.arg));
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
        // NumPy refuses to reduce a row of no values (an array of shape (n, 0)): the helpers give NaN, as evaluate.ts.
        min: `row_min(${x})`,
        max: `row_max(${x})`,
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
      case 'alias':
        // A definition is written out where it is used (the script's comment lists the definitions).
        return py(e.arg);
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

/** Whether any of the expressions takes an entry's smallest or largest value (min, max, Min$, Max$ of one argument). */
function usesExtremes(exprs: readonly (Expr | undefined)[]): boolean {
  const walk = (e: Expr): boolean => (e.kind === 'call' && e.args.length === 1 && ['min', 'max'].includes(ROOT_SPELLINGS[e.name] ?? e.name)) || subexpressions(e).some(walk);
  return exprs.some((e) => e !== undefined && walk(e));
}

/**
 * NumPy's helpers: each entry is one row (an N-d array's values in a row, a 1-D array's value in a row
 * of one, so that it meets each element of another's row as the explorer broadcasts it); an element
 * of each row by its index, as a row of one; each row's smallest and largest value, NaN for a row of none.
 */
export function numpyHelpers(exprs: readonly (Expr | undefined)[]): string[] {
  const index = usesIndex(exprs);
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
    ...(usesExtremes(exprs)
      ? [
          '',
          '',
          'def row_min(x):',
          '    """Each row\'s smallest value, as a row of one; NaN for a row of no values (NumPy refuses to reduce one)."""',
          '    return np.min(x, axis=1, keepdims=True) if x.shape[1] else np.full((x.shape[0], 1), np.nan)',
          '',
          '',
          'def row_max(x):',
          '    """Each row\'s largest value, as a row of one; NaN for a row of no values."""',
          '    return np.max(x, axis=1, keepdims=True) if x.shape[1] else np.full((x.shape[0], 1), np.nan)',
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
 * is checked once the first is. `alsoFiltered`: NumPy arrays filtered with them (one value per entry).
 */
export function indexFilterLines(exprs: readonly (Expr | undefined)[], flavour: Flavour, column: (name: string) => string, target: string, names: readonly string[], alsoFiltered: readonly string[] = []): string[] {
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
    lines.push(`has = ${conditions.join(' & ')}`, `for name in ${JSON.stringify(names)}:`, `    ${target}[name] = ${target}[name][has]`, ...alsoFiltered.map((v) => (flavour === 'awkward' ? `${v} = ${v}[ak.to_numpy(has)]` : `${v} = ${v}[has]`)));
  }
  return lines;
}

/** The definitions a script writes out where they are used, listed in a comment under its heading. */
export function definitionsComment(text: string | undefined): string[] {
  const lines = (text ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return lines.length ? ["# HAI's definitions, written out below where they are used:", ...lines.map((l) => `#   ${l}`)] : [];
}

/**
 * How a script names a value: a column of the dict `prefix` for a name in `columns` (the file's, and
 * what the script adds: Entry$), a NumPy constant for any other (pi, e).
 */
export function columnNamer(columns: readonly string[]): (prefix: string) => (name: string) => string {
  return (prefix) => (name) => (columns.includes(name) ? `${prefix}[${JSON.stringify(name)}]` : constantOf(name));
}

/**
 * ROOT's bin of each value in Python, 0-based, as TAxis::FindBin finds it (bins × (x − low) first, as
 * the explorer does) for values already inside [low, high); `int` casts it for indexing.
 */
export function findBinPython(bins: string, x: string, low: string, high: string, int = true): string {
  const floor = `np.floor(${bins} * (${x} - ${low}) / (${high} - ${low}))`;
  return `np.minimum(${int ? `${floor}.astype(np.int64)` : floor}, ${bins} - 1)`;
}

export function constantOf(name: string): string {
  const constants: Record<string, string> = { pi: 'np.pi', e: 'np.e', inf: 'np.inf', nan: 'np.nan', true: '1.0', false: '0.0', True: '1.0', False: '0.0' };
  const c = constants[name];
  if (!c) throw new Error(`"${name}" is neither a column nor a constant`);
  return c;
}
