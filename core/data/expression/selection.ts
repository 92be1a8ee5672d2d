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
// or on an expression with one value per entry.
import { evaluate, type Columns, truth } from './evaluate';
import { type Expr, ExpressionError, inField } from './syntax';

export interface Cuts {
  readonly entry?: Expr;
  readonly element?: Expr;
}

export interface Selection {
  /** The values to fill, in entry order (NaN included: the histogram counts them apart). */
  readonly values: Float64Array;
  /** For a jagged expression: how many elements each kept entry filled (the multiplicity histogram). */
  readonly multiplicities?: Uint32Array;
  /** Entries that passed the entry cut (all of them without one). */
  readonly entriesKept: number;
}

export function select(expression: Expr, cuts: Cuts, data: Columns): Selection {
  const value = inField('expression', () => evaluate(expression, data));
  const entryMask = cuts.entry ? inField('entryCut', () => evaluate(cuts.entry!, data)) : undefined;
  const elementMask = cuts.element ? inField('elementCut', () => evaluate(cuts.element!, data)) : undefined;
  const fail = (field: 'entryCut' | 'elementCut', message: string, at: Expr): never => {
    const err = new ExpressionError(message, at.start, at.end);
    err.field = field;
    throw err;
  };
  if (entryMask?.kind === 'jagged') {
    fail(
      'entryCut',
      'This entry cut reads a jagged branch, so it has a value per element: move it to the element cut to mask elements, or keep or drop entries with any(...) or all(...), e.g. any(Jet_Px > 20).',
      cuts.entry!,
    );
  }
  if (elementMask && elementMask.kind !== 'jagged') {
    fail('elementCut', 'This element cut has one value per entry: move it to the entry cut, which keeps or drops whole entries.', cuts.element!);
  }
  if (elementMask && value.kind !== 'jagged') {
    fail(
      'elementCut',
      'An element cut masks the elements of a jagged expression, but this expression has one value per entry: cut entries with the entry cut, e.g. any(Jet_Px > 20).',
      cuts.element!,
    );
  }
  const n = data.entries;
  const keepEntry = (e: number): boolean => !entryMask || truth(entryMask.kind === 'const' ? entryMask.value : entryMask.values[e]);
  if (value.kind !== 'jagged') {
    const out: number[] = [];
    let kept = 0;
    for (let e = 0; e < n; e++) {
      if (!keepEntry(e)) continue;
      kept++;
      out.push(value.kind === 'const' ? value.value : value.values[e]);
    }
    return { values: Float64Array.from(out), entriesKept: kept };
  }
  if (elementMask?.kind === 'jagged') {
    for (let e = 0; e < n; e++) {
      const a = elementMask.offsets[e + 1] - elementMask.offsets[e];
      const b = value.offsets[e + 1] - value.offsets[e];
      if (a !== b) {
        fail('elementCut', `The element cut and the expression have different numbers of elements in entry ${e} (${a} and ${b}): an element cut must read branches of the same length as the expression.`, cuts.element!);
      }
    }
  }
  const out = new Float64Array(value.values.length);
  const multiplicities: number[] = [];
  let filled = 0;
  for (let e = 0; e < n; e++) {
    if (!keepEntry(e)) continue;
    const before = filled;
    for (let k = value.offsets[e]; k < value.offsets[e + 1]; k++) {
      if (elementMask?.kind === 'jagged' && !truth(elementMask.values[k])) continue;
      out[filled++] = value.values[k];
    }
    multiplicities.push(filled - before);
  }
  return { values: out.slice(0, filled), multiplicities: Uint32Array.from(multiplicities), entriesKept: multiplicities.length };
}
