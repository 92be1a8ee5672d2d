// The entries of a dataset's files, as counted so far, shared by one explorer page's histograms (an
// entry range counts through the files: datasetParts.ts) and its table (chainRows.ts), so that a
// range drawn from the middle of 4,700 files and then listed counts the files once. Kept for ROOT
// trees and parquet tables only, whose entries are the same whatever is read (an archive's or an HDF5
// group's length is that of the arrays read). A file that cannot be read is not kept: each asks again.
import { dataFormatOf } from './dataFormats';

export class EntryCounts {
  private readonly counts = new Map<string, number>();

  /** The entries of `tree` (ROOT) or the table (parquet) of `file`, if counted. */
  get(file: string, tree: string | undefined): number | undefined {
    return this.counts.get(key(file, tree));
  }

  set(file: string, tree: string | undefined, entries: number): void {
    if (shared(file)) this.counts.set(key(file, tree), entries);
  }
}

/** Whether a file's entries are the table's alone (the same whatever columns are read). */
export function shared(file: string): boolean {
  const format = dataFormatOf(file);
  return format === 'root' || format === 'parquet';
}

const key = (file: string, tree: string | undefined): string => `${tree ?? ''}\u0000${file}`;
