// The files of a dataset: a folder and a glob (`**/*.root`), walked with findFiles, in name order.
// One format per dataset (a tree in ROOT files, or arrays in NumPy files, are what is histogrammed
// as one), and a bound on the count, with what to do when it is passed.
import * as path from 'node:path';
import { findFiles } from '../fs/findFiles';
import { dataFormatOf, EXPLORER_FORMATS, type DataFormat } from './dataFormats';
import type { DatasetFile } from './dataset';
import { LocalizedError, type Message, msg } from '../text/message';

export const MAX_DATASET_FILES = 10_000;

export class DatasetError extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'DatasetError';
  }
}

export interface DatasetListing {
  readonly files: readonly DatasetFile[];
  readonly format: DataFormat;
  readonly bytes: number;
}

/** The dataset's files; `signal` stops the walk (a newer draw, Cancel) with an AbortError. */
export async function datasetFiles(folder: string, pattern: string, signal?: AbortSignal): Promise<DatasetListing> {
  const found = await findFiles(folder, [pattern], { maxFiles: MAX_DATASET_FILES + 1, maxDepth: 16, signal });
  if (found.length > MAX_DATASET_FILES) {
    throw new DatasetError(msg('More than {0} files match {1} in {2}: narrow the pattern (e.g. one split\'s folder).', MAX_DATASET_FILES, pattern, path.basename(folder)));
  }
  const readable = found.filter((f) => {
    const format = dataFormatOf(f.path);
    return format !== undefined && EXPLORER_FORMATS.has(format);
  });
  if (readable.length === 0) throw new DatasetError(msg('No ROOT, NumPy or parquet files match {0} in {1}.', pattern, folder));
  const formats = [...new Set(readable.map((f) => dataFormatOf(f.path)!))];
  if (formats.length > 1) {
    const kinds = msg('{0} and {1}', formats.slice(0, -1).join(', '), formats[formats.length - 1]);
    throw new DatasetError(msg('{0} matches {1} files: a dataset is one kind of file. Narrow the pattern, e.g. **/*.{2}.', pattern, kinds, formats[0]));
  }
  // A .npy file's array is named after the file: a dataset of them is one name in several folders.
  const names = new Set(readable.map((f) => path.basename(f.path).toLowerCase()));
  if (formats[0] === 'npy' && names.size > 1) {
    throw new DatasetError(msg('The .npy files matching {0} have different names, so their arrays do too (an .npy file\'s array is named after it): choose files of one name in several folders (e.g. **/jet_pt.npy), or use .npz archives.', pattern));
  }
  const files = readable.map((f) => ({ file: f.path, bytes: f.size }));
  return { files, format: formats[0], bytes: files.reduce((a, f) => a + f.bytes, 0) };
}

/**
 * A dataset's files found again, as a glob is read again (uproot reads one when it is run): files
 * written since are in, files removed are out. Another kind of file than before is refused, since the
 * page's structure and form are of the first kind. `changed`: another list of files than `before`, or
 * one of another size (a file a job is still writing).
 */
export async function datasetFilesAgain(folder: string, pattern: string, before: DatasetListing, signal?: AbortSignal): Promise<{ readonly listing: DatasetListing; readonly changed: boolean }> {
  const listing = await datasetFiles(folder, pattern, signal);
  if (listing.format !== before.format) {
    throw new DatasetError(msg('{0} now matches {1} files, where the dataset was opened with {2} files: open the folder as a dataset again.', pattern, listing.format, before.format));
  }
  const changed = listing.files.length !== before.files.length || listing.files.some((f, i) => f.file !== before.files[i].file || f.bytes !== before.files[i].bytes);
  return { listing, changed };
}

/** The pattern a folder's data files suggest: the most common readable extension under it. */
export async function suggestedPattern(folder: string): Promise<string> {
  const found = await findFiles(folder, ['**/*.{root,npy,npz,parquet}'], { maxFiles: 2000, maxDepth: 16 });
  const counts = new Map<string, number>();
  for (const f of found) {
    const ext = path.extname(f.path).toLowerCase();
    counts.set(ext, (counts.get(ext) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return `**/*${best?.[0] ?? '.root'}`;
}
