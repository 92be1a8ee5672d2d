// Copy as Python for an entry range (TTree::Draw's firstentry and nentries): the script reads, or keeps,
// only the entries the explorer read. One file is sliced once (uproot reads only the range:
// entry_start, entry_stop); a dataset's files are read in order, each step's entries counted, those
// before the range skipped and the reading stopped after it, so that the range counts through the
// files as it does in the explorer (dataset.ts) and over a TChain.
import type { EntryRange } from './entryRange';

export interface RangeLines {
  /** Before anything is read: the range's bounds, and the count of entries met. */
  readonly setup: string[];
  /** Right after a file or a step is read, before anything is computed: only its entries in the range kept. */
  readonly head: string[];
  /** At the end of a step of a loop over the files: the loop stops past the range. */
  readonly tail: string[];
}

const NONE: RangeLines = { setup: [], head: [], tail: [] };

/**
 * The lines for a range. `target`: what was read, an awkward array of records (`arrays`) or NumPy's
 * dict of rows (`data`, its `names` sliced); `inLoop`: read step by step over the files.
 */
export function rangeLines(range: EntryRange | undefined, flavour: 'awkward' | 'numpy', target: string, names: readonly string[], inLoop: boolean): RangeLines {
  if (!range) return NONE;
  const bounded = range.count !== undefined;
  const setup = [
    bounded
      ? `FIRST, STOP = ${range.first}, ${range.first + range.count!}  # entries FIRST to STOP - 1 only (TTree::Draw's firstentry, nentries)${inLoop ? ', through the files in order' : ''}`
      : `FIRST = ${range.first}  # entries from FIRST on only (TTree::Draw's firstentry)${inLoop ? ', through the files in order' : ''}`,
    ...(inLoop ? ['seen = 0  # entries met so far, through the files in order'] : []),
  ];
  const slice = (from: string, to: string): string => (flavour === 'awkward' ? [`${target} = ${target}[${from}:${to}]`] : [`for name in ${JSON.stringify(names)}:`, `    ${target}[name] = ${target}[name][${from}:${to}]`]).join('\n');
  const size = flavour === 'awkward' ? `len(${target})` : `len(${target}[${JSON.stringify(names[0])}])`;
  if (!inLoop) return { setup, head: slice('FIRST', bounded ? 'STOP' : '').split('\n'), tail: [] };
  return {
    setup,
    head: [
      `size = ${size}`,
      'seen += size',
      'if seen <= FIRST:',
      '    continue  # all before the range',
      ...slice('max(FIRST - seen + size, 0)', bounded ? 'STOP - seen + size' : '').split('\n'),
    ],
    tail: bounded ? ['if seen >= STOP:', '    break  # past the range: nothing more is read'] : [],
  };
}
