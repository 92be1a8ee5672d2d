// Which entries a histogram reads: TTree::Draw's firstentry and nentries. Over a dataset they count
// through its files in order, as over a TChain's trees: entry 0 is the first file's first.
export interface EntryRange {
  /** The first entry read (0 is the first). */
  readonly first: number;
  /** How many entries from it at most; absent: to the end. */
  readonly count?: number;
}

/** The range's entries [start, stop) in a file of `entries` entries whose first is entry `offset` of the whole; start = stop when none. */
export function rangeInFile(range: EntryRange, offset: number, entries: number): { start: number; stop: number } {
  const end = range.count === undefined ? Infinity : range.first + range.count;
  const start = Math.min(entries, Math.max(0, range.first - offset));
  const stop = Math.max(start, Math.min(entries, end - offset));
  return { start, stop };
}

/** Whether a range reads every entry (first 0 and no count): no range at all. */
export function isWholeRange(range: EntryRange | undefined): boolean {
  return !range || (range.first === 0 && range.count === undefined);
}

/** The range a plot request asks for (its first entry and count, either may be absent); undefined: every entry. */
export function entryRangeOf(first: number | undefined, count: number | undefined): EntryRange | undefined {
  const range = { first: first ?? 0, count };
  return isWholeRange(range) ? undefined : range;
}
