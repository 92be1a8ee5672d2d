// A cut flow, as RDataFrame's Report() prints one: an entry cut written as several conditions joined
// by `and` (`NJet >= 2 and MET_pt > 50 and any(Jet_btag > 0.8)`) counted step by step — how many
// entries pass the first condition, then the first two, and so on — so that a physicist sees which
// condition removes what. An entry that has no value for a condition (`Jet_Px[0] > 20` in an event
// without jets) fails it, as it fails the cut. With a weight of one value per entry (an event weight,
// a cross-section scale), each step also sums the weights of the entries that pass it — the expected
// yield after each cut — skipping a weight that is NaN or missing, as the histogram does.
import type { Column } from './columns';
import { type Columns, evaluate } from './evaluate';
import { passesEntryCut } from './selection';
import type { Expr } from './syntax';

export interface CutStep {
  /** The condition, as it was typed. */
  readonly cut: string;
  /** Entries that pass it and every condition before it. */
  readonly passed: number;
  /** With a weight per entry: the sum of those entries' weights. */
  readonly sumw?: number;
}

/** The conditions of a cut's top-level `and`s, in the order written (brackets around a group of them do not matter). */
export function conditionsOf(cut: Expr): Expr[] {
  return cut.kind === 'binary' && cut.op === 'and' ? [...conditionsOf(cut.left), ...conditionsOf(cut.right)] : [cut];
}

/** More conditions than this are not counted step by step: a table of them would say little (a cut of 10,000 characters holds ~1,000). */
export const MAX_CUTFLOW_STEPS = 64;

/**
 * The cut flow of an entry cut over the entries of `data`, undefined when the cut is one condition
 * (or more than MAX_CUTFLOW_STEPS).
 * `text` is the cut as typed, from which each condition is quoted. The cut has passed the selection's
 * checks already (each condition has one value per entry).
 */
export function cutflow(cut: Expr, text: string, data: Columns, weight?: Column): CutStep[] | undefined {
  const conditions = conditionsOf(cut);
  if (conditions.length < 2 || conditions.length > MAX_CUTFLOW_STEPS) return undefined;
  const w = weight && weightOf(weight);
  // Entries still passing: all of them before the first condition.
  const passing = new Uint8Array(data.entries).fill(1);
  return conditions.map((condition) => {
    const c = evaluate(condition, data);
    let passed = 0;
    let sumw = 0;
    for (let e = 0; e < data.entries; e++) {
      if (!passing[e]) continue;
      if (passesEntryCut(c, e)) {
        passed++;
        if (w) sumw += w(e);
      } else passing[e] = 0;
    }
    return { cut: text.slice(condition.start, condition.end).trim(), passed, ...(w ? { sumw } : {}) };
  });
}

/** An entry's weight as a cut flow sums it (0 where NaN or missing); undefined for a weight per element, which no entry has one of. */
function weightOf(weight: Column): ((e: number) => number) | undefined {
  if (weight.kind === 'jagged') return undefined;
  const ok = (v: number): number => (Number.isNaN(v) ? 0 : v);
  if (weight.kind === 'const') return () => ok(weight.value);
  return (e) => (weight.present && !weight.present[e] ? 0 : ok(weight.values[e]));
}

/** The weights of all `entries` summed as a cut flow sums them: its "all entries" row; undefined for a weight per element. */
export function sumOfEntryWeights(weight: Column, entries: number): number | undefined {
  const w = weightOf(weight);
  if (!w) return undefined;
  let sum = 0;
  for (let e = 0; e < entries; e++) sum += w(e);
  return sum;
}

/** Two parts' cut flows of the same cut, added step by step (a dataset's files, a file's ranges). */
export function addCutflows(a: readonly CutStep[] | undefined, b: readonly CutStep[] | undefined): CutStep[] | undefined {
  if (!a || !b) return (a ?? b)?.slice();
  // Sums only where both have them: a part without would make a partial sum look whole.
  return a.map((step, i) => {
    const other = b[i];
    return { cut: step.cut, passed: step.passed + (other?.passed ?? 0), ...(step.sumw === undefined || other?.sumw === undefined ? {} : { sumw: step.sumw + other.sumw }) };
  });
}
