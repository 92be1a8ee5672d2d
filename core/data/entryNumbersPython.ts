// Copy as Python for Entry$, rdfentry_ and LocalEntry$ (expression/entryNumbers.ts): the script adds
// each name used to what it read, as one more column, right after reading and before anything is cut
// or left out — so that an entry range, a filter and a cut keep the numbers with their entries, as the
// explorer numbers the entries read. Entry$ counts through the files in order (uproot.iterate's report
// of its global entry, or the script's own count file by file); LocalEntry$ from 0 in each file.
import { isChainEntryNumber, isEntryNumber } from './expression/entryNumbers';
import { type Expr, namesIn } from './expression/syntax';

/** The entry-number names the expressions use that are not the file's own columns. */
export function entryNumbersUsed(exprs: readonly (Expr | undefined)[], knownNames: readonly string[]): string[] {
  return [...new Set(exprs.flatMap((e) => (e ? namesIn(e) : [])))].filter((n) => isEntryNumber(n) && !knownNames.includes(n));
}

/** Where a script's step of entries starts: through the files (Entry$), and in its file (LocalEntry$). */
export interface StepStart {
  readonly chain: string;
  readonly local: string;
}

/**
 * The lines that add the numbers to `target` (awkward's records, or NumPy's dict of arrays): `count` is
 * the number of entries read, in Python. None when no entry number is used.
 */
export function entryNumberLines(used: readonly string[], target: string, count: string, start: StepStart): string[] {
  if (used.length === 0) return [];
  return [
    "# Each entry's number, as HAI's Entry$ (through the files in order) and LocalEntry$ (in its file).",
    ...used.map((name) => {
      const from = isChainEntryNumber(name) ? start.chain : start.local;
      return `${target}[${JSON.stringify(name)}] = np.arange(${from}, ${from} + ${count}, dtype=np.float64)`;
    }),
  ];
}

/** A loop over the files that counts the entries itself: the count before the loop, and its step at the end of each file. */
export function entryCountLines(used: readonly string[], count: string): { readonly setup: string[]; readonly step: string[] } {
  if (!used.some(isChainEntryNumber)) return { setup: [], step: [] };
  return { setup: ["entry = 0  # the next file's first entry, through the files in order (HAI's Entry$, as over a TChain)"], step: [`entry += ${count}`] };
}
