// Copy as Python's cut flow: the script counts and prints what the explorer's cut flow table shows
// (cutflow.ts) — for an entry cut of several conditions joined by `and`, the entries that pass each
// condition and every one before it, over all entries read — in the layout of RDataFrame's Report().
// It is counted before the script leaves out the entries that lack an indexed element (indexFilterLines),
// as the explorer counts it over every entry read; a condition that indexes is computed on the entries
// that have its elements, and the others fail it, as an entry without a value fails it in the explorer.
import { conditionsOf, MAX_CUTFLOW_STEPS } from './expression/cutflow';
import type { Expr } from './expression/syntax';
import { type Flavour, indexFilterLines, pythonExpression, usesIndex } from './pythonExpression';

export interface CutflowLines {
  /** Before anything is read: the conditions as typed, and their counters. */
  readonly setup: string[];
  /** For each file or step read, before any entry is left out: the entries passing each step, counted. */
  readonly count: string[];
  /** At the end: the table. */
  readonly report: string[];
}

/**
 * The script's cut flow, or undefined where the explorer shows none (a cut of one condition, or more
 * than MAX_CUTFLOW_STEPS). `column(prefix)` spells a column of the dict `prefix`; `names` are the
 * columns in `prefix` (at least one: it counts the entries). `weight`: a weight of one value per entry
 * (the explorer found it so), whose sum each step adds up, NaN and missing ones skipped.
 */
export function cutflowLines(
  entryCut: Expr | undefined,
  text: string | undefined,
  flavour: Flavour,
  column: (prefix: string) => (name: string) => string,
  prefix: string,
  names: readonly string[],
  weight?: Expr,
): CutflowLines | undefined {
  if (!entryCut || text === undefined || names.length === 0) return undefined;
  const conditions = conditionsOf(entryCut);
  if (conditions.length < 2 || conditions.length > MAX_CUTFLOW_STEPS) return undefined;
  // One value per entry from an expression's over `count` entries: NumPy's are rows of one, awkward's
  // may be None (a parquet null: per_entry fills it), and a constant is one for all.
  const perEntry = (code: string, count: string, asCondition: boolean): string =>
    flavour === 'numpy' ? `np.broadcast_to(${code}, (${count}, 1))[:, 0]` : `per_entry(${code}, ${count}, ${asCondition ? 'False' : 'np.nan'})`;
  /** `target` = the expression's value per entry; one that indexes is computed on a copy where its elements are, the others left `missing`. */
  const valueLines = (target: string, e: Expr, asCondition: boolean, missing: string): string[] =>
    !usesIndex([e])
      ? [`${target} = ${perEntry(pythonExpression(e, flavour, column(prefix), asCondition), 'n', asCondition)}`]
      : [
          `sub, at = dict(${prefix}), np.arange(n)`,
          ...indexFilterLines([e], flavour, column('sub'), 'sub', names, ['at']),
          `${target} = ${missing}`,
          `${target}[at] = ${perEntry(pythonExpression(e, flavour, column('sub'), asCondition), 'len(at)', asCondition)}`,
        ];
  const count = [`n = len(${column(prefix)(names[0])})`, 'cutflow_read += n', 'passing = np.ones(n, dtype=bool)'];
  if (weight) {
    count.push(...valueLines('entry_weight', weight, false, 'np.full(n, np.nan)'), 'entry_weight = np.asarray(entry_weight, dtype=np.float64)', 'cutflow_sumw_read += float(np.nansum(entry_weight))');
  }
  conditions.forEach((condition, i) => {
    // An entry without the elements a condition indexes fails that condition only.
    count.push(...valueLines('step', condition, true, 'np.zeros(n, dtype=bool)'), 'passing &= step', `cutflow_passed[${i}] += int(np.sum(passing))`);
    if (weight) count.push(`cutflow_sumw[${i}] += float(np.nansum(entry_weight[passing]))`);
  });
  return {
    setup: [
      "# The entry cut's cut flow, as HAI's table and RDataFrame's Report() give it: the entries that pass each",
      '# condition and every one before it, of all entries read; an entry without a value for a condition fails it.',
      ...(weight ? ["# With the sum of those entries' weights (NaN or missing ones skipped): the yield after each cut."] : []),
      ...(flavour === 'awkward'
        ? [
            'def per_entry(x, n, fill):',
            '    """One value per entry as NumPy: a missing one (None) as `fill`; a number is every entry\'s."""',
            '    if isinstance(x, ak.Array):',
            '        x = ak.to_numpy(ak.fill_none(x, fill))',
            '    return np.broadcast_to(np.asarray(x), (n,))',
            '',
            '',
          ]
        : []),
      'CUTS = [',
      ...conditions.map((c) => `    ${JSON.stringify(text.slice(c.start, c.end).trim())},`),
      ']',
      'cutflow_read, cutflow_passed = 0, [0] * len(CUTS)',
      ...(weight ? ['cutflow_sumw_read, cutflow_sumw = 0.0, [0.0] * len(CUTS)'] : []),
    ],
    count,
    report: [
      'width, before = max(len(cut) for cut in CUTS), cutflow_read',
      ...(weight ? ['print(f"{\'all entries\':<{width}}: pass={cutflow_read:<10} sumw={cutflow_sumw_read:.10g}")'] : []),
      // Names of its own: a profile's script goes on to use sumw, its sums per bin.
      `for ${weight ? 'cut, passed, cut_sumw in zip(CUTS, cutflow_passed, cutflow_sumw)' : 'cut, passed in zip(CUTS, cutflow_passed)'}:`,
      '    eff = f"{100 * passed / before:.2f} %" if before else "-"',
      '    cumulative = f"{100 * passed / cutflow_read:.2f} %" if cutflow_read else "-"',
      `    print(f"{cut:<{width}}: pass={passed:<10} all={before:<10} -- eff={eff} cumulative eff={cumulative}${weight ? ' sumw={cut_sumw:.10g}' : ''}")`,
      '    before = passed',
    ],
  };
}
