// What a histogram fills from an expression and its cuts, for a range of entries. Two kinds of cut,
// each in its own field, so that what a cut does never depends on guessing:
//   entry cut   — one value per entry (`NJet >= 2`, `len(Jet_Px) >= 2`, `any(Jet_Px > 50)`): an entry
//                 that fails it is dropped whole, with all its elements (ROOT: a selection on a flat
//                 branch; uproot: `arrays[cut]` with one boolean per entry);
//   element cut — jagged (`Jet_Px > 20`, `Jet_Px > 20 and NJet >= 3`): it masks elements of the jagged
//                 expression, entry by entry; both must have the same number of elements per entry.
//                 An entry whose elements all fail stays, with multiplicity 0.
// A jagged entry cut is refused (keep the entry if any element passes, or only if all do? any(...) and
// all(...) say which), and so is an element cut with one value per entry (it belongs in the entry cut)
// or on an expression with one value per entry. An entry that the expression or a cut has no value
// for (`Jet_Px[0]` in an event without jets) is left out, as ROOT's TTree::Draw skips it; so is an
// element it has none for (`Jet_pt[Muon_jetIdx]` for a muon matched to no jet), and an element the
// element cut has none for fails it.
import { evaluate, type Columns, truth } from './evaluate';
import { type Message, msg } from '../../text/message';
import { bothPresent, type Column, elementsOfBoth, firstCountMismatch, flat, jagged, type Jagged, presentOf } from './columns';
import { type Expr, ExpressionError, inField } from './syntax';

export interface Cuts {
  readonly entry?: Expr;
  readonly element?: Expr;
  /**
   * Each fill's weight (ROOT's Draw("x", "w*(cut)"); hist's fill(x, weight=w)): one value per entry
   * (an event weight, met by each element) or per element of a jagged expression.
   */
  readonly weight?: Expr;
}

export interface Selection {
  /** The values to fill, in entry order (NaN included: the histogram counts them apart). */
  readonly values: Float64Array;
  /** For a jagged expression: how many elements each kept entry filled (the multiplicity histogram). */
  readonly multiplicities?: Uint32Array;
  /** Entries that passed the entry cut (all of them without one). */
  readonly entriesKept: number;
  /** With a weight: each value's, in the same order. */
  readonly weights?: Float64Array;
  /** With a weight: the weight as evaluated, before the cuts (a weighted cut flow sums it at each step, without evaluating it again). */
  readonly weightColumn?: Column;
}

export function select(expression: Expr, cuts: Cuts, data: Columns): Selection {
  let value = inField('expression', () => evaluate(expression, data));
  let weight: Column | undefined;
  let evaluated: Column | undefined;
  if (cuts.weight) [value, weight, evaluated] = weighed(value, cuts.weight, data);
  const masks = masksOf(value, cuts, data);
  const s = applyCuts(value, masks, data.entries);
  return weight ? { ...s, weights: applyCuts(weight, masks, data.entries).values, weightColumn: evaluated } : s;
}

/**
 * The expression's values and their weights, shaped alike: an entry's weight meets each of its
 * elements; a jagged weight must have the expression's number of elements; an entry either lacks is
 * left out of both. Last, the weight as evaluated.
 */
function weighed(value: Column, expr: Expr, data: Columns): [Column, Column, Column] {
  const evaluated = inField('weight', () => evaluate(expr, data));
  let weight = evaluated;
  const fail = (message: Message): never => {
    const err = new ExpressionError(message, expr.start, expr.end);
    err.field = 'weight';
    throw err;
  };
  const present = bothPresent(presentOf(value), presentOf(weight));
  if (weight.kind === 'jagged' && value.kind !== 'jagged') fail(msg('This weight has a value per element, but the expression has one value per entry: weigh entries with one value each, such as an event weight.'));
  if (weight.kind === 'jagged' && value.kind === 'jagged') {
    const e = firstCountMismatch(value.offsets, weight.offsets, present);
    if (e !== undefined) fail(msg('The weight and the expression have different numbers of elements in entry {0} ({1} and {2}): a weight per element must read branches of the same length as the expression.', e, weight.offsets[e + 1] - weight.offsets[e], value.offsets[e + 1] - value.offsets[e]));
    [value, weight] = sameElements(value, weight, data.entries, present);
  } else if (value.kind === 'jagged') weight = broadcast(weight, value, data.entries);
  else if (weight.kind === 'const') weight = flat(new Float64Array(data.entries).fill(weight.value));
  return present ? [withPresent(value, present, data.entries), withPresent(weight, present, data.entries), evaluated] : [value, weight, evaluated];
}

/**
 * The pairs a 2-D histogram fills: x and y evaluated over the same entries, the same cuts applied to
 * both. One value per entry meets each element of a jagged partner (as in expressions); two jagged
 * expressions must have the same number of elements in every entry.
 */
export function selectPair(x: Expr, y: Expr, cuts: Cuts, data: Columns): { readonly x: Selection; readonly y: Selection } {
  let xv = inField('expression', () => evaluate(x, data));
  let yv = inField('yExpression', () => evaluate(y, data));
  // A pair needs both: an entry either lacks is left out of both.
  const present = bothPresent(presentOf(xv), presentOf(yv));
  if (xv.kind === 'jagged' && yv.kind !== 'jagged') yv = broadcast(yv, xv, data.entries);
  else if (yv.kind === 'jagged' && xv.kind !== 'jagged') xv = broadcast(xv, yv, data.entries);
  else if (xv.kind === 'jagged' && yv.kind === 'jagged') {
    const [xo, yo] = [xv.offsets, yv.offsets];
    const e = firstCountMismatch(xo, yo, present);
    if (e !== undefined) {
      const err = new ExpressionError(msg('x and y have different numbers of elements in entry {0} ({1} and {2}): a 2-D histogram pairs elements of branches of the same length.', e, xo[e + 1] - xo[e], yo[e + 1] - yo[e]), y.start, y.end);
      err.field = 'yExpression';
      throw err;
    }
    [xv, yv] = sameElements(xv, yv, data.entries, present);
  }
  if (present) [xv, yv] = [withPresent(xv, present, data.entries), withPresent(yv, present, data.entries)];
  let weight: Column | undefined;
  let evaluated: Column | undefined;
  if (cuts.weight) {
    [xv, weight, evaluated] = weighed(xv, cuts.weight, data);
    // The pairs lose the entries and elements the weight lacks too.
    const both = presentOf(xv);
    if (both) yv = withPresent(yv, both, data.entries);
    if (xv.kind === 'jagged' && yv.kind === 'jagged') yv = sameElements(yv, xv, data.entries, both)[0];
  }
  const masks = masksOf(xv, cuts, data);
  const xs = applyCuts(xv, masks, data.entries);
  return { x: weight ? { ...xs, weights: applyCuts(weight, masks, data.entries).values, weightColumn: evaluated } : xs, y: applyCuts(yv, masks, data.entries) };
}

/** The column, lacking the entries `present` lacks (a constant becomes one value per entry, to lack them). */
function withPresent(c: Column, present: Uint8Array, entries: number): Column {
  return c.kind === 'const' ? flat(new Float64Array(entries).fill(c.value), present) : { ...c, present };
}

/** One value per entry (or a constant) repeated for each element of `like`'s entries, lacking the elements `like` lacks. */
function broadcast(v: Column, like: Jagged, entries: number): Column {
  const { offsets } = like;
  const values = new Float64Array(offsets[entries]);
  for (let e = 0; e < entries; e++) values.fill(v.kind === 'const' ? v.value : v.kind === 'flat' ? v.values[e] : NaN, offsets[e], offsets[e + 1]);
  return jagged(offsets, values, presentOf(v), like.elementPresent);
}

/** Two jagged columns (counts agreeing in the entries `present` keeps), each lacking the elements either lacks. */
function sameElements(a: Jagged, b: Jagged, entries: number, present: Uint8Array | undefined): [Jagged, Jagged] {
  const [ea, eb] = [elementsOfBoth(a, b, entries, present), elementsOfBoth(b, a, entries, present)];
  return [ea ? { ...a, elementPresent: ea } : a, eb ? { ...b, elementPresent: eb } : b];
}

interface Masks {
  readonly entry?: Column;
  readonly element?: Column;
}

function fail(field: 'entryCut' | 'elementCut', message: Message, at: Expr): never {
  const err = new ExpressionError(message, at.start, at.end);
  err.field = field;
  throw err;
}

/** An entry cut evaluated: one value per entry (a jagged one is refused with what to write instead). */
export function entryCutColumn(cut: Expr, data: Columns): Column {
  const mask = inField('entryCut', () => evaluate(cut, data));
  if (mask.kind === 'jagged') {
    fail(
      'entryCut',
      msg('This entry cut reads a jagged branch, so it has a value per element: move it to the element cut to mask elements, or keep or drop entries with any(...) or all(...), e.g. any(Jet_Px > 20).'),
      cut,
    );
  }
  return mask;
}

/** Whether entry `e` passes an evaluated entry cut: it has a value, and the value is true. */
export function passesEntryCut(mask: Column, e: number): boolean {
  if (mask.kind === 'const') return truth(mask.value);
  return (!mask.present || mask.present[e] === 1) && truth(mask.kind === 'flat' ? mask.values[e] : NaN);
}

/** The cuts evaluated and checked against what they are applied to. */
function masksOf(value: Column, cuts: Cuts, data: Columns): Masks {
  const entryMask = cuts.entry ? entryCutColumn(cuts.entry, data) : undefined;
  const elementMask = cuts.element ? inField('elementCut', () => evaluate(cuts.element!, data)) : undefined;
  if (elementMask && elementMask.kind !== 'jagged') {
    fail('elementCut', msg('This element cut has one value per entry: move it to the entry cut, which keeps or drops whole entries.'), cuts.element!);
  }
  if (elementMask && value.kind !== 'jagged') {
    fail(
      'elementCut',
      msg('An element cut masks the elements of a jagged expression, but this expression has one value per entry: cut entries with the entry cut, e.g. any(Jet_Px > 20).'),
      cuts.element!,
    );
  }
  if (elementMask?.kind === 'jagged' && value.kind === 'jagged') {
    // Only in the entries kept: not those the expression or either cut lacks.
    const present = bothPresent(bothPresent(elementMask.present, value.present), entryMask && presentOf(entryMask));
    const e = firstCountMismatch(elementMask.offsets, value.offsets, present);
    if (e !== undefined) {
      const [a, b] = [elementMask.offsets[e + 1] - elementMask.offsets[e], value.offsets[e + 1] - value.offsets[e]];
      fail('elementCut', msg('The element cut and the expression have different numbers of elements in entry {0} ({1} and {2}): an element cut must read branches of the same length as the expression.', e, a, b), cuts.element!);
    }
  }
  return { entry: entryMask, element: elementMask };
}

function applyCuts(value: Column, masks: Masks, n: number): Selection {
  const entryMask = masks.entry;
  const elementMask = masks.element;
  const present = bothPresent(bothPresent(presentOf(value), entryMask && presentOf(entryMask)), elementMask && presentOf(elementMask));
  // Without cuts, the values are the expression's own (a tensor's 16 M values were copied element by element: 2 s).
  if (!entryMask && !elementMask && !present && value.kind !== 'const' && !(value.kind === 'jagged' && value.elementPresent)) {
    if (value.kind === 'flat') return { values: value.values.length === n ? value.values : value.values.subarray(0, n), entriesKept: n };
    const multiplicities = new Uint32Array(n);
    for (let e = 0; e < n; e++) multiplicities[e] = value.offsets[e + 1] - value.offsets[e];
    return { values: value.values.subarray(value.offsets[0], value.offsets[n]), multiplicities, entriesKept: n };
  }
  // An entry the expression or a cut has no value for is left out.
  const keepEntry = (e: number): boolean => (!present || present[e] === 1) && (!entryMask || truth(entryMask.kind === 'const' ? entryMask.value : entryMask.kind === 'flat' ? entryMask.values[e] : NaN));
  if (value.kind !== 'jagged') {
    const out = new Float64Array(n);
    let kept = 0;
    for (let e = 0; e < n; e++) {
      if (!keepEntry(e)) continue;
      out[kept++] = value.kind === 'const' ? value.value : value.values[e];
    }
    return { values: out.subarray(0, kept), entriesKept: kept };
  }
  const out = new Float64Array(value.values.length);
  const multiplicities: number[] = [];
  let filled = 0;
  for (let e = 0; e < n; e++) {
    if (!keepEntry(e)) continue;
    const before = filled;
    // The mask's own offsets: before an entry left out, its counts may have differed from the expression's.
    const shift = elementMask?.kind === 'jagged' ? elementMask.offsets[e] - value.offsets[e] : 0;
    for (let k = value.offsets[e]; k < value.offsets[e + 1]; k++) {
      if (value.elementPresent && !value.elementPresent[k]) continue;
      if (elementMask?.kind === 'jagged' && (!truth(elementMask.values[k + shift]) || (elementMask.elementPresent && !elementMask.elementPresent[k + shift]))) continue;
      out[filled++] = value.values[k];
    }
    multiplicities.push(filled - before);
  }
  return { values: out.slice(0, filled), multiplicities: Uint32Array.from(multiplicities), entriesKept: multiplicities.length };
}
