// Which file of a dataset (a folder and a glob) the explorer shows the structure of. The first file
// may be damaged, or hold only stored histograms while the others hold the trees: the structure is
// that of the first file, in the listing's order, that can be read and has a table (a tree, an array,
// columns), else of the first that can be read. Only the first few are tried: a folder of thousands
// of unreadable files says so after MAX_TRIED rather than after reading them all.
import * as path from 'node:path';
import type { StructurePayload } from '../protocol/dataExplorerMessages';
import { LocalizedError, type Message, messageOf, msg } from '../text/message';

export const MAX_TRIED = 16;

export interface ChosenStructure {
  readonly file: string;
  readonly structure: StructurePayload;
  /** Files tried before it that could not be read, and why. */
  readonly unreadable: readonly { readonly file: string; readonly message: Message | string }[];
}

/** Thrown when none of the files tried could be read: names the first and says why. */
export class NoReadableFile extends LocalizedError {
  constructor(
    readonly tried: number,
    readonly file: string,
    readonly reason: Message | string,
  ) {
    super(msg('None of the first {0} files could be read. {1}: {2}', tried, path.basename(file), reason));
  }
}

export async function chooseStructure(files: readonly string[], read: (file: string) => Promise<StructurePayload>): Promise<ChosenStructure> {
  const unreadable: { file: string; message: Message | string }[] = [];
  let readable: { file: string; structure: StructurePayload } | undefined;
  for (const file of files.slice(0, MAX_TRIED)) {
    let structure: StructurePayload;
    try {
      structure = await read(file);
    } catch (err) {
      unreadable.push({ file, message: messageOf(err) });
      continue;
    }
    if (structure.tables.length > 0) return { file, structure, unreadable };
    readable ??= { file, structure };
  }
  if (readable) return { ...readable, unreadable };
  const first = unreadable[0];
  if (!first) throw new LocalizedError(msg('The dataset has no files.'));
  throw new NoReadableFile(unreadable.length, first.file, first.message);
}

/**
 * The names of a table's columns in the structure shown (a dataset's first readable file): a name
 * outside them is a mistake, one inside that a file lacks leaves that file out (datasetParts.ts).
 */
export function structureNamesOf(structure: StructurePayload | undefined, tree: string | undefined): string[] | undefined {
  return structure?.tables.find((t) => t.name === (tree ?? ''))?.columns.map((c) => c.name);
}
