// What a histogram fills from an expression and a cut, for a range of entries. Two kinds of cut:
//   per-event   — the cut has one value per entry (`NJet >= 2`, `len(Jet_Px) >= 2`, `any(Jet_Px > 50)`):
//                 an entry that fails it is dropped whole, with all its elements;
//   per-element — the cut is jagged (`Jet_Px > 20`): it masks elements of the jagged expression it is
//                 applied to, entry by entry; the two must have the same number of elements per entry.
// A per-element cut on a one-value-per-entry expression is refused: it is ambiguous (keep the entry if
// any element passes, or only if all do?), and any(...) / all(...) say which.
import { evaluate, type Columns, truth } from './evaluate';
import { type Expr, ExpressionError } from './syntax';

export interface Selection {
  /** The values to fill, in entry order (NaN included: the histogram counts them apart). */
  readonly values: Float64Array;
  /** For a jagged expression: how many elements each kept entry filled (the multiplicity histogram). */
  readonly multiplicities?: Uint32Array;
  /** Entries that passed the per-event cut (all of them without one). */
  readonly entriesKept: number;
  /** What the cut turned out to be, for the panel to say. */
  readonly cut: 'none' | 'per-event' | 'per-element';
}

export function select(expression: Expr, cut: Expr | undefined, data: Columns): Selection {
  const value = evaluate(expression, data);
  const mask = cut ? evaluate(cut, data) : undefined;
  const n = data.entries;
  const kind = !mask ? 'none' : mask.kind === 'jagged' ? 'per-element' : 'per-event';
  if (mask && mask.kind === 'jagged' && value.kind !== 'jagged') {
    throw new ExpressionError(
      'This cut is per element (it reads a jagged branch), but the expression has one value per entry: cut entries with any(...) or all(...), e.g. any(Jet_Px > 20).',
      cut!.start,
      cut!.end,
    );
  }
  const keepEntry = (e: number): boolean => {
    if (!mask || mask.kind === 'jagged') return true;
    return truth(mask.kind === 'const' ? mask.value : mask.values[e]);
  };
  if (value.kind !== 'jagged') {
    const out: number[] = [];
    let kept = 0;
    for (let e = 0; e < n; e++) {
      if (!keepEntry(e)) continue;
      kept++;
      out.push(value.kind === 'const' ? value.value : value.values[e]);
    }
    return { values: Float64Array.from(out), entriesKept: kept, cut: kind };
  }
  if (mask && mask.kind === 'jagged') {
    for (let e = 0; e < n; e++) {
      if (mask.offsets[e + 1] - mask.offsets[e] !== value.offsets[e + 1] - value.offsets[e]) {
        throw new ExpressionError(
          `The cut and the expression have different numbers of elements in entry ${e} (${mask.offsets[e + 1] - mask.offsets[e]} and ${value.offsets[e + 1] - value.offsets[e]}): a per-element cut must read branches of the same length as the expression.`,
          cut!.start,
          cut!.end,
        );
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
      if (mask && mask.kind === 'jagged' && !truth(mask.values[k])) continue;
      out[filled++] = value.values[k];
    }
    multiplicities.push(filled - before);
  }
  return { values: out.slice(0, filled), multiplicities: Uint32Array.from(multiplicities), entriesKept: multiplicities.length, cut: kind };
}
