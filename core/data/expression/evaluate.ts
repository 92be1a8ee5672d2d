// Evaluates a parsed expression over a range of entries, column by column (a loop per operation over
// typed arrays, never per-entry interpretation of the tree). Broadcasting follows awkward-array's
// rule: an entry's single value meets each of that entry's elements; two jagged operands must have
// the same number of elements in every entry. Reductions turn a jagged operand into one value per
// entry: len, sum, mean, min, max, any, all (ROOT's Length$, Sum$, Min$, Max$), and where the largest
// or smallest is, argmax and argmin (LocMax$, LocMin$); local_index numbers each entry's elements.
// An index takes one element of each entry (`Jet_Px[0]`, `Jet_Px[-1]` the last); an entry without
// that element has no value, and neither has anything computed from it there (ROOT's TTree::Draw
// skips such an entry; awkward gives None). A computed index (`Jet_E[argmax(Jet_Pt)]`,
// `Jet_pt[Muon_jetIdx]`) takes, for each entry or each element of the index, the element it names:
// cut to a whole number toward zero as ROOT does, and below 0 or past the end naming none (NanoAOD's
// -1: no match). Entry$ and LocalEntry$ are each entry's number (entryNumbers.ts).
import { distance } from 'fastest-levenshtein';
import { bothPresent, type Column, constant, elementsOfBoth, firstCountMismatch, flat, jagged, type Jagged, presentOf } from './columns';
import { ENTRY_NUMBER_NAMES, entryNumbers, isEntryNumber, type Numbering, otherSpelling } from './entryNumbers';
import { type BinaryOp, type Expr, ExpressionError, inField } from './syntax';
import { type Message, msg } from '../../text/message';

export interface Columns {
  /** The column of a branch or column name, for the entries being evaluated; undefined if there is none. */
  column(name: string): Column | undefined;
  /** Every name that could be read, for "did you mean". */
  readonly names: readonly string[];
  /** How many entries are being evaluated. */
  readonly entries: number;
  /** Where those entries are in their file and the chain: Entry$, LocalEntry$ (entryNumbers.ts); absent, they have no numbers. */
  readonly numbering?: Numbering;
}

/** Names that mean a number when no branch or column has the name. */
const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN, true: 1, false: 0, True: 1, False: 0 };

const ELEMENTWISE_1: Readonly<Record<string, (x: number) => number>> = {
  abs: Math.abs,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  log2: Math.log2,
  log1p: Math.log1p,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  trunc: Math.trunc,
  sign: Math.sign,
  isnan: (x) => (Number.isNaN(x) ? 1 : 0),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

const ELEMENTWISE_2: Readonly<Record<string, (x: number, y: number) => number>> = {
  atan2: Math.atan2,
  pow: (x, y) => x ** y,
  hypot: Math.hypot,
  fmod: (x, y) => x % y,
  // Two arguments: elementwise; one argument: the reduction below.
  min: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
  max: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
};

interface Reduction {
  readonly start: number;
  readonly step: (acc: number, x: number) => number;
  /** The value of an entry with no elements. */
  readonly empty: number;
  readonly finish?: (acc: number, count: number) => number;
}

const REDUCTIONS: Readonly<Record<string, Reduction>> = {
  len: { start: 0, step: (acc) => acc + 1, empty: 0 },
  sum: { start: 0, step: (acc, x) => acc + x, empty: 0 },
  mean: { start: 0, step: (acc, x) => acc + x, empty: NaN, finish: (acc, n) => acc / n },
  min: { start: Infinity, step: (acc, x) => (Number.isNaN(acc) || Number.isNaN(x) ? NaN : Math.min(acc, x)), empty: NaN },
  max: { start: -Infinity, step: (acc, x) => (Number.isNaN(acc) || Number.isNaN(x) ? NaN : Math.max(acc, x)), empty: NaN },
  any: { start: 0, step: (acc, x) => (acc || (x !== 0 && !Number.isNaN(x)) ? 1 : 0), empty: 0 },
  all: { start: 1, step: (acc, x) => (acc && x !== 0 && !Number.isNaN(x) ? 1 : 0), empty: 1 },
};
/** Where the largest (smallest) number of each entry is: the first such element; NaN and missing elements are passed over. */
const ARG_REDUCTIONS: Readonly<Record<string, (x: number, best: number) => boolean>> = { argmax: (x, best) => x > best, argmin: (x, best) => x < best };
/** ROOT's TTreeFormula spellings of the reductions (Copy as Python reads them too). */
export const ROOT_SPELLINGS: Readonly<Record<string, string>> = { Length$: 'len', Sum$: 'sum', Min$: 'min', Max$: 'max', LocMax$: 'argmax', LocMin$: 'argmin' };

/** A number as a condition: true unless 0 or NaN (cuts, and, or, not, any, all). */
export const truth = (x: number): boolean => x !== 0 && !Number.isNaN(x);

const BINARY: Readonly<Record<BinaryOp, (x: number, y: number) => number>> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => x / y,
  '%': (x, y) => x % y,
  '**': (x, y) => x ** y,
  '==': (x, y) => (x === y ? 1 : 0),
  '!=': (x, y) => (Number.isNaN(x) || Number.isNaN(y) || x !== y ? 1 : 0),
  '<': (x, y) => (x < y ? 1 : 0),
  '<=': (x, y) => (x <= y ? 1 : 0),
  '>': (x, y) => (x > y ? 1 : 0),
  '>=': (x, y) => (x >= y ? 1 : 0),
  and: (x, y) => (truth(x) && truth(y) ? 1 : 0),
  or: (x, y) => (truth(x) || truth(y) ? 1 : 0),
};

export function evaluate(expr: Expr, data: Columns): Column {
  switch (expr.kind) {
    case 'number':
      return constant(expr.value);
    case 'name': {
      const column = data.column(expr.name);
      if (column) return column;
      if (expr.name in CONSTANTS) return constant(CONSTANTS[expr.name]);
      if (isEntryNumber(expr.name) && data.numbering) return entryNumbers(expr.name, data.numbering, data.entries);
      const other = otherSpelling(expr.name);
      if (other) throw new ExpressionError(other, expr.start, expr.end);
      const like = closest(expr.name, data.numbering ? [...data.names, ...ENTRY_NUMBER_NAMES] : data.names);
      const text = like === undefined ? msg('There is no branch or column "{0}".', expr.name) : msg('There is no branch or column "{0}". Did you mean "{1}"?', expr.name, like);
      const err = new ExpressionError(text, expr.start, expr.end);
      err.missing = expr.name;
      throw err;
    }
    case 'unary': {
      const arg = evaluate(expr.arg, data);
      const f = expr.op === '-' ? (x: number) => -x : expr.op === '+' ? (x: number) => x : (x: number) => (truth(x) ? 0 : 1);
      return map1(arg, f);
    }
    case 'binary':
      return map2(evaluate(expr.left, data), evaluate(expr.right, data), BINARY[expr.op], expr, data.entries);
    case 'call':
      return call(expr, data);
    case 'index':
      return element(evaluate(expr.arg, data), expr);
    case 'take':
      return take(evaluate(expr.arg, data), evaluate(expr.by, data), expr);
    case 'alias':
      return aliasColumn(expr.arg, data);
  }
}

/** Each definition's column, computed once for the entries being evaluated however often its name is used. */
const aliasColumns = new WeakMap<Columns, Map<Expr, Column>>();

/** A definition's column; a mistake in it is in the definitions' text. */
function aliasColumn(defined: Expr, data: Columns): Column {
  let known = aliasColumns.get(data);
  if (!known) aliasColumns.set(data, (known = new Map()));
  let column = known.get(defined);
  if (!column) {
    column = inField('definitions', () => evaluate(defined, data));
    known.set(defined, column);
  }
  return column;
}

/** The value indexed, which must be jagged. */
function indexable(a: Column, arg: Expr): Jagged {
  if (a.kind !== 'jagged') {
    throw new ExpressionError(msg('Only a jagged value (several elements per entry) has elements to index; this has one value per entry.'), arg.start, arg.end);
  }
  return a;
}

/** Element `index` of each entry (from the end when negative): an entry without it has no value. */
function element(column: Column, expr: Extract<Expr, { kind: 'index' }>): Column {
  const a = indexable(column, expr.arg);
  const entries = a.offsets.length - 1;
  const present = new Uint8Array(entries);
  const values = new Float64Array(entries);
  for (let e = 0; e < entries; e++) {
    const count = a.offsets[e + 1] - a.offsets[e];
    const k = expr.index < 0 ? count + expr.index : expr.index;
    if (k < 0 || k >= count || (a.present && !a.present[e]) || (a.elementPresent && !a.elementPresent[a.offsets[e] + k])) continue;
    present[e] = 1;
    values[e] = a.values[a.offsets[e] + k];
  }
  return flat(values, present);
}

/**
 * The elements of `column` that `by` names: one per entry when `by` has one value per entry (or one
 * for all), else one per element of `by`, with its counts. Each index is cut toward zero; one below 0,
 * past the entry's end, NaN or missing names no element, and the result has no value there.
 */
function take(column: Column, by: Column, expr: Extract<Expr, { kind: 'take' }>): Column {
  const a = indexable(column, expr.arg);
  const entries = a.offsets.length - 1;
  /** Where element `x` of entry e is in a.values, or -1. */
  const at = (e: number, x: number): number => {
    const k = Math.trunc(x);
    if (!(k >= 0 && k < a.offsets[e + 1] - a.offsets[e]) || (a.present && !a.present[e])) return -1;
    const i = a.offsets[e] + k;
    return a.elementPresent && !a.elementPresent[i] ? -1 : i;
  };
  if (by.kind === 'jagged') {
    const values = new Float64Array(by.values.length);
    const has = new Uint8Array(by.values.length);
    let missing = false;
    for (let e = 0; e < entries; e++) {
      if (by.present && !by.present[e]) continue;
      for (let j = by.offsets[e]; j < by.offsets[e + 1]; j++) {
        const i = by.elementPresent && !by.elementPresent[j] ? -1 : at(e, by.values[j]);
        if (i < 0) missing = true;
        else {
          values[j] = a.values[i];
          has[j] = 1;
        }
      }
    }
    return jagged(by.offsets, values, bothPresent(a.present, by.present), missing ? has : undefined);
  }
  const values = new Float64Array(entries);
  const present = new Uint8Array(entries);
  for (let e = 0; e < entries; e++) {
    if (by.kind === 'flat' && by.present && !by.present[e]) continue;
    const i = at(e, by.kind === 'const' ? by.value : by.values[e]);
    if (i >= 0) {
      values[e] = a.values[i];
      present[e] = 1;
    }
  }
  return flat(values, present);
}

function call(expr: Extract<Expr, { kind: 'call' }>, data: Columns): Column {
  const name = ROOT_SPELLINGS[expr.name] ?? expr.name;
  const args = expr.args;
  const arity = (n: number): void => {
    if (args.length !== n) throw new ExpressionError(n === 1 ? msg('{0}() takes 1 argument, not {1}.', expr.name, args.length) : msg('{0}() takes {1} arguments, not {2}.', expr.name, n, args.length), expr.start, expr.end);
  };
  if (args.length === 1 && name in REDUCTIONS) {
    const arg = evaluate(args[0], data);
    if (arg.kind !== 'jagged') {
      throw new ExpressionError(msg('{0}() reduces the elements of each entry, but this has one value per entry.', expr.name), args[0].start, args[0].end);
    }
    return reduce(arg, REDUCTIONS[name]);
  }
  if (name in ARG_REDUCTIONS) {
    arity(1);
    const arg = evaluate(args[0], data);
    if (arg.kind !== 'jagged') {
      throw new ExpressionError(msg('{0}() reduces the elements of each entry, but this has one value per entry.', expr.name), args[0].start, args[0].end);
    }
    return whereBest(arg, ARG_REDUCTIONS[name]);
  }
  if (name === 'local_index') {
    arity(1);
    const arg = evaluate(args[0], data);
    if (arg.kind !== 'jagged') throw new ExpressionError(msg('{0}() numbers the elements of each entry, but this has one value per entry.', expr.name), args[0].start, args[0].end);
    return localIndex(arg);
  }
  if (name in ELEMENTWISE_1) {
    arity(1);
    return map1(evaluate(args[0], data), ELEMENTWISE_1[name]);
  }
  if (name in ELEMENTWISE_2) {
    arity(2);
    return map2(evaluate(args[0], data), evaluate(args[1], data), ELEMENTWISE_2[name], expr, data.entries);
  }
  if (name in REDUCTIONS) arity(1);
  const known = [...Object.keys(ELEMENTWISE_1), ...Object.keys(ELEMENTWISE_2), ...Object.keys(REDUCTIONS), ...Object.keys(ARG_REDUCTIONS), ...Object.keys(ROOT_SPELLINGS), 'local_index'];
  const like = closest(expr.name, known);
  const text: Message = like === undefined ? msg('There is no function "{0}".', expr.name) : msg('There is no function "{0}". Did you mean "{1}"?', expr.name, like);
  throw new ExpressionError(text, expr.start, expr.start + expr.name.length);
}

function map1(a: Column, f: (x: number) => number): Column {
  if (a.kind === 'const') return constant(f(a.value));
  const out = new Float64Array(a.values.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.values[i]);
  return a.kind === 'flat' ? flat(out, a.present) : jagged(a.offsets, out, a.present, a.elementPresent);
}

function map2(a: Column, b: Column, f: (x: number, y: number) => number, at: Expr, entries: number): Column {
  if (a.kind === 'const' && b.kind === 'const') return constant(f(a.value, b.value));
  // An entry either side lacks, the result lacks too.
  const present = bothPresent(presentOf(a), presentOf(b));
  if (a.kind === 'jagged' && b.kind === 'jagged') {
    const mismatch = firstCountMismatch(a.offsets, b.offsets, present);
    if (mismatch !== undefined) {
      throw new ExpressionError(
        msg(
          'The two sides have different numbers of elements in entry {0} ({1} and {2}): jagged branches combine element by element only when their counts agree.',
          mismatch,
          a.offsets[mismatch + 1] - a.offsets[mismatch],
          b.offsets[mismatch + 1] - b.offsets[mismatch],
        ),
        at.start,
        at.end,
      );
    }
    const out = new Float64Array(a.values.length);
    // Where the counts differ (only in an entry one side lacks), the elements are not paired: the entry is left out anyway.
    if (!present || firstCountMismatch(a.offsets, b.offsets) === undefined) for (let i = 0; i < out.length; i++) out[i] = f(a.values[i], b.values[i]);
    else {
      for (let e = 0; e < entries; e++) {
        if (present && !present[e]) continue;
        for (let k = a.offsets[e], m = b.offsets[e]; k < a.offsets[e + 1]; k++, m++) out[k] = f(a.values[k], b.values[m]);
      }
    }
    return jagged(a.offsets, out, present, elementsOfBoth(a, b, entries, present));
  }
  if (a.kind === 'jagged' || b.kind === 'jagged') {
    // One value per entry (or one for all) meets each element of that entry.
    const j = (a.kind === 'jagged' ? a : b) as Jagged;
    const other = a.kind === 'jagged' ? b : a;
    const out = new Float64Array(j.values.length);
    const left = a.kind === 'jagged';
    for (let e = 0; e < entries; e++) {
      const v = other.kind === 'const' ? other.value : (other as Extract<Column, { kind: 'flat' }>).values[e];
      for (let k = j.offsets[e]; k < j.offsets[e + 1]; k++) out[k] = left ? f(j.values[k], v) : f(v, j.values[k]);
    }
    return jagged(j.offsets, out, present, j.elementPresent);
  }
  const out = new Float64Array(entries);
  const get = (c: Column): ((i: number) => number) => (c.kind === 'const' ? () => c.value : (i) => (c as Extract<Column, { kind: 'flat' }>).values[i]);
  const x = get(a);
  const y = get(b);
  for (let i = 0; i < entries; i++) out[i] = f(x(i), y(i));
  return flat(out, present);
}

/** One value per entry from its elements (those it has: a missing one is skipped, as awkward's reducers skip None). */
function reduce(a: Jagged, r: Reduction): Column {
  const entries = a.offsets.length - 1;
  const out = new Float64Array(entries);
  const has = a.elementPresent;
  for (let e = 0; e < entries; e++) {
    let acc = r.start;
    let count = 0;
    for (let k = a.offsets[e]; k < a.offsets[e + 1]; k++) {
      if (has && !has[k]) continue;
      acc = r.step(acc, a.values[k]);
      count++;
    }
    out[e] = count === 0 ? r.empty : r.finish ? r.finish(acc, count) : acc;
  }
  return flat(out, a.present);
}

/** Each element's place in its entry, 0, 1, 2… (awkward's local_index): `local_index(Jet_Pt) < 4` keeps the first four. */
function localIndex(a: Jagged): Column {
  const out = new Float64Array(a.values.length);
  for (let e = 0; e + 1 < a.offsets.length; e++) for (let k = a.offsets[e]; k < a.offsets[e + 1]; k++) out[k] = k - a.offsets[e];
  return jagged(a.offsets, out, a.present);
}

/** The index of each entry's best element (argmax, argmin); an entry with no number among its elements has none. */
function whereBest(a: Jagged, better: (x: number, best: number) => boolean): Column {
  const entries = a.offsets.length - 1;
  const out = new Float64Array(entries);
  const present = new Uint8Array(entries);
  for (let e = 0; e < entries; e++) {
    if (a.present && !a.present[e]) continue;
    let best = NaN;
    for (let k = a.offsets[e]; k < a.offsets[e + 1]; k++) {
      const x = a.values[k];
      if (Number.isNaN(x) || (a.elementPresent && !a.elementPresent[k])) continue;
      if (present[e] && !better(x, best)) continue;
      best = x;
      out[e] = k - a.offsets[e];
      present[e] = 1;
    }
  }
  return flat(out, present);
}

/** The known name nearest to a mistyped one, if it is near enough to be what was meant. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
