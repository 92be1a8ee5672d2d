// The entries of a dataset's files, as counted so far, shared by one explorer page's histograms (an
// entry range counts through the files: datasetParts.ts) and its table (chainRows.ts), so that a
// range drawn from the middle of 4,700 files and then listed counts the files once. Kept for ROOT
// trees and parquet tables only, whose entries are the same whatever is read (an archive's or an HDF5
// group's length is that of the arrays read). A file that cannot be read is not kept: each asks again.
// A file whose size changed since it was counted (a job still writing it) is counted again.
import { dataFormatOf } from './dataFormats';

export class EntryCounts {
  private readonly counts = new Map<string, { readonly entries: number; readonly bytes?: number }>();

  /**
   * The entries of `tree` (ROOT) or the table (parquet) of `file`, if counted. With `bytes`, the file's
   * size now: a count taken at another size is of an earlier file (rewritten, or still being written).
   */
  get(file: string, tree: string | undefined, bytes?: number): number | undefined {
    const known = this.counts.get(key(file, tree));
    if (known?.bytes !== undefined && bytes !== undefined && known.bytes !== bytes) return undefined;
    return known?.entries;
  }

  /** `bytes`: the file's size when counted, if known. */
  set(file: string, tree: string | undefined, entries: number, bytes?: number): void {
    if (shared(file)) this.counts.set(key(file, tree), bytes === undefined ? { entries } : { entries, bytes });
  }
}

/** Whether a file's entries are the table's alone (the same whatever columns are read). */
export function shared(file: string): boolean {
  const format = dataFormatOf(file);
  return format === 'root' || format === 'parquet';
}

const key = (file: string, tree: string | undefined): string => `${tree ?? ''}\u0000${file}`;
