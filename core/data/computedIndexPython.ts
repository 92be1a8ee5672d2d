// "Copy as Python" for computed indices (`Jet_E[argmax(Jet_Pt)]`, `Jet_pt[Muon_jetIdx]`): values
// that may be missing, element by element, as evaluate.ts has them. awkward says so with None (its
// reducers skip None, as ours skip missing elements); NumPy with masked arrays (np.ma, whose
// reductions skip masked values). At the top of each expression a missing value becomes NaN, which
// the scripts leave out of the histogram as the explorer leaves a missing one out, and a missing
// condition becomes False, so that it fails the cut.
import { ROOT_SPELLINGS } from './expression/evaluate';
import { type Expr, subexpressions } from './expression/syntax';

type Flavour = 'awkward' | 'numpy';

/** A call of argmax or argmin (LocMax$, LocMin$): where the best element is, none in an entry without a number. */
const asksBest = (e: Expr): boolean => e.kind === 'call' && ['argmax', 'argmin'].includes(ROOT_SPELLINGS[e.name] ?? e.name);

/** Whether an expression may lack values element by element: it takes a computed index or asks where the best element is. */
export function lacksValues(e: Expr): boolean {
  return e.kind === 'take' || asksBest(e) || subexpressions(e).some(lacksValues);
}

/** The whole expression, a missing value spelled as NaN (or as False in a condition). */
export function filledPython(code: string, flavour: Flavour, asCondition: boolean): string {
  const fill = asCondition ? 'False' : 'np.nan';
  return flavour === 'awkward' ? `ak.fill_none(${code}, ${fill})` : `np.ma.filled(${code}, ${fill})`;
}

/** argmax / argmin of each entry, missing where the entry has no number. */
export function bestIndexPython(name: 'argmax' | 'argmin', x: string, flavour: Flavour): string {
  return flavour === 'awkward' ? `ak.${name}(ak.nan_to_none(${x}), axis=1)` : `best_index(${x}, largest=${name === 'argmax' ? 'True' : 'False'})`;
}

/**
 * A reduction of values that may be missing: the missing ones skipped, an entry with none left
 * reduced as evaluate.ts reduces an empty one. `condition` is the argument as a condition (any, all).
 */
export function maskedReductionPython(name: string, x: string, condition: string, flavour: Flavour): string {
  if (flavour === 'awkward') {
    // ak.num would count None; ak.count does not. The others already skip None.
    const fn: Record<string, string> = {
      len: `ak.count(${x}, axis=1)`,
      sum: `ak.sum(${x}, axis=1)`,
      mean: `ak.fill_none(ak.mean(${x}, axis=1), np.nan)`,
      min: `ak.fill_none(ak.min(${x}, axis=1), np.nan)`,
      max: `ak.fill_none(ak.max(${x}, axis=1), np.nan)`,
      any: `ak.any(${condition}, axis=1)`,
      all: `ak.all(${condition}, axis=1)`,
    };
    return fn[name];
  }
  // A row of one per entry, as numpyHelpers' rows; an entry whose values are all masked reduces as an empty one.
  const fn: Record<string, string> = {
    len: `np.ma.count(${x}, axis=1, keepdims=True).astype(np.float64)`,
    sum: `np.ma.filled(np.ma.sum(${x}, axis=1, keepdims=True), 0.0)`,
    mean: `np.ma.filled(np.ma.mean(${x}, axis=1, keepdims=True), np.nan)`,
    // numpyHelpers' row_min and row_max (np.min of a masked array is np.ma's: masked where all are).
    min: `np.ma.filled(row_min(${x}), np.nan)`,
    max: `np.ma.filled(row_max(${x}), np.nan)`,
    any: `np.ma.filled(np.ma.any(${condition}, axis=1, keepdims=True), False)`,
    all: `np.ma.filled(np.ma.all(${condition}, axis=1, keepdims=True), True)`,
  };
  return fn[name];
}

/** The helper functions a script needs for the computed indices and argmax/argmin its expressions use. */
export function computedIndexHelpers(exprs: readonly (Expr | undefined)[], flavour: Flavour): string[] {
  const used = { take: false, best: false };
  const walk = (e: Expr): void => {
    if (e.kind === 'take') used.take = true;
    if (asksBest(e)) used.best = true;
    subexpressions(e).forEach(walk);
  };
  exprs.forEach((e) => e && walk(e));
  const lines: string[] = [];
  const add = (def: string[]): void => {
    lines.push(...def, '', '');
  };
  if (used.take && flavour === 'awkward') {
    add([
      'def take(x, k):',
      '    """Elements of each entry of x at the indices k (one per entry, or one per element of another branch),',
      "    cut toward zero; None where the entry has no such element: k below 0 (NanoAOD's -1, no match), past",
      '    the end, NaN or None."""',
      '    k, count = ak.broadcast_arrays(k, ak.num(x, axis=1))',
      '    k = ak.values_astype(np.trunc(ak.nan_to_num(k, nan=-1.0, posinf=-1.0, neginf=-1.0)), np.int64)',
      '    k = ak.mask(k, ak.fill_none((k >= 0) & (k < count), False))',
      '    # One per entry: a list of one index (or none) per entry, then its one element (or None).',
      '    return ak.firsts(x[ak.singletons(k)]) if k.ndim == 1 else x[k]',
    ]);
  }
  if (used.take && flavour === 'numpy') {
    add([
      'def take(x, k):',
      '    """Elements of each row of x at the indices in the row of k (a row of one per entry, or several), cut',
      '    toward zero; masked where the row has no such element: k below 0, past the end, NaN or masked."""',
      '    data, k = np.ma.getdata(x), np.ma.asarray(k, dtype=np.float64)',
      '    kd = np.broadcast_to(np.ma.getdata(k), (data.shape[0], 1) if k.ndim < 2 else k.shape)',
      '    km = np.broadcast_to(np.ma.getmaskarray(k), kd.shape)',
      '    i = np.trunc(np.where(np.isfinite(kd), kd, -1.0))',
      '    ok = (i >= 0) & (i < data.shape[1]) & ~km',
      '    if data.shape[1] == 0:',
      '        return np.ma.masked_all(kd.shape)',
      '    i = np.where(ok, i, 0).astype(np.int64)',
      '    mask = ~ok | np.take_along_axis(np.ma.getmaskarray(x), i, axis=1)',
      '    return np.ma.masked_array(np.take_along_axis(data, i, axis=1), mask=mask)',
    ]);
  }
  if (used.best && flavour === 'numpy') {
    add([
      'def best_index(x, largest):',
      '    """Where the largest (smallest) number of each row is, the first such, as a row of one; NaN and masked',
      '    values passed over; masked where the row has no number."""',
      '    data = np.ma.getdata(x)',
      '    skip = np.ma.getmaskarray(x) | np.isnan(data)',
      '    if data.shape[1] == 0:',
      '        return np.ma.masked_all((data.shape[0], 1))',
      '    filled = np.where(skip, -np.inf if largest else np.inf, data)',
      '    best = filled.max(axis=1, keepdims=True) if largest else filled.min(axis=1, keepdims=True)',
      '    k = np.argmax((filled == best) & ~skip, axis=1).astype(np.float64)[:, None]',
      '    return np.ma.masked_array(k, mask=skip.all(axis=1, keepdims=True))',
    ]);
  }
  return lines;
}
