// An entry's own number as a value, as ROOT's TTreeFormula reads Entry$ and LocalEntry$ and RDataFrame
// rdfentry_: `Entry$ % 2 == 0` keeps the even entries (the half a classifier was not trained on, as
// TMVA splits its samples), `Entry$ < 10000` the first ten thousand. Entry$ (and rdfentry_) counts
// through a dataset's files in order, as over a TChain: entry 0 is the first file's first, as the
// explorer's entry range and table number them; LocalEntry$ counts within each file (TChain's tree).
// A branch or column of the same name is read instead: the file's own comes first.
import { type Column, flat } from './columns';
import { type Message, msg } from '../../text/message';

/** Where the entries being evaluated are: `first` in their file, whose entry 0 is entry `offset` of the chain. */
export interface Numbering {
  readonly first: number;
  readonly offset: number;
}

/** The chain's numbering: ROOT's Entry$, RDataFrame's rdfentry_. */
const CHAIN = new Set(['Entry$', 'rdfentry_']);
const LOCAL = 'LocalEntry$';

/** Whether a name is an entry's number (when no column has it). */
export function isEntryNumber(name: string): boolean {
  return CHAIN.has(name) || name === LOCAL;
}

/** Whether a name numbers the entries through the chain (a dataset must then count its files first). */
export function isChainEntryNumber(name: string): boolean {
  return CHAIN.has(name);
}

/** The names an expression may use for entry numbers, for "did you mean". */
export const ENTRY_NUMBER_NAMES: readonly string[] = [...CHAIN, LOCAL];

/** The numbers of `entries` entries numbered by `numbering`, as `name` counts them. */
export function entryNumbers(name: string, numbering: Numbering, entries: number): Column {
  const first = numbering.first + (CHAIN.has(name) ? numbering.offset : 0);
  const values = new Float64Array(entries);
  for (let i = 0; i < entries; i++) values[i] = first + i;
  return flat(values);
}

/**
 * ROOT's other special names, which this language writes another way: what to write instead.
 * (Entries$ would need every file of a dataset counted before anything is read.)
 */
export function otherSpelling(name: string): Message | undefined {
  if (name === 'Iteration$') return msg('Iteration$ is written local_index(x) here: the place of each element of x in its entry (local_index(Jet_Px) < 4 keeps the first four jets).');
  if (name === 'Entries$') return msg('Entries$ is not read here: write the number of entries, which the Data view shows beside the tree.');
  return undefined;
}
