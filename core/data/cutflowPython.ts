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
 * columns in `prefix` (at least one: it counts the entries).
 */
export function cutflowLines(
  entryCut: Expr | undefined,
  text: string | undefined,
  flavour: Flavour,
  column: (prefix: string) => (name: string) => string,
  prefix: string,
  names: readonly string[],
): CutflowLines | undefined {
  if (!entryCut || text === undefined || names.length === 0) return undefined;
  const conditions = conditionsOf(entryCut);
  if (conditions.length < 2 || conditions.length > MAX_CUTFLOW_STEPS) return undefined;
  // One boolean per entry from a condition's value over `count` entries: NumPy's are rows of one, and a constant is one for all.
  const perEntry = (code: string, count: string): string => (flavour === 'numpy' ? `np.broadcast_to(${code}, (${count}, 1))[:, 0]` : `np.broadcast_to(np.asarray(${code}), (${count},))`);
  const count = [`n = len(${column(prefix)(names[0])})`, 'cutflow_read += n', 'passing = np.ones(n, dtype=bool)'];
  conditions.forEach((condition, i) => {
    if (!usesIndex([condition])) {
      count.push(`passing &= ${perEntry(pythonExpression(condition, flavour, column(prefix), true), 'n')}`);
    } else {
      // Computed where its elements are, on a copy: an entry without them fails this condition only.
      count.push(
        `sub, at = dict(${prefix}), np.arange(n)`,
        ...indexFilterLines([condition], flavour, column('sub'), 'sub', names, ['at']),
        'step = np.zeros(n, dtype=bool)',
        `step[at] = ${perEntry(pythonExpression(condition, flavour, column('sub'), true), 'len(at)')}`,
        'passing &= step',
      );
    }
    count.push(`cutflow_passed[${i}] += int(np.sum(passing))`);
  });
  return {
    setup: [
      "# The entry cut's cut flow, as HAI's table and RDataFrame's Report() give it: the entries that pass each",
      '# condition and every one before it, of all entries read; an entry without a value for a condition fails it.',
      'CUTS = [',
      ...conditions.map((c) => `    ${JSON.stringify(text.slice(c.start, c.end).trim())},`),
      ']',
      'cutflow_read, cutflow_passed = 0, [0] * len(CUTS)',
    ],
    count,
    report: [
      'width, before = max(len(cut) for cut in CUTS), cutflow_read',
      'for cut, passed in zip(CUTS, cutflow_passed):',
      '    eff = f"{100 * passed / before:.2f} %" if before else "-"',
      '    cumulative = f"{100 * passed / cutflow_read:.2f} %" if cutflow_read else "-"',
      '    print(f"{cut:<{width}}: pass={passed:<10} all={before:<10} -- eff={eff} cumulative eff={cumulative}")',
      '    before = passed',
    ],
  };
}
