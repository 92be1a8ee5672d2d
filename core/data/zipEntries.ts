// The entries of a zip archive opened with yauzl (lazyEntries), for the readers of zips of arrays:
// .npz archives and PyTorch checkpoints. At most `max` of them: a zip of millions of entries is not
// what either writer makes, and is refused with the reader's own error rather than listed. Entries
// whose bytes overlap (many central-directory records pointing at one member, the trick of
// "overlapping" zip bombs) are refused too: no writer makes them, and each would be read again.
import type yauzl from 'yauzl';

/** A local file header's fixed part: the name (and extra field) and the data follow it. */
const LOCAL_HEADER_BYTES = 30;

export function zipEntries(zip: yauzl.ZipFile, max: number, tooMany: () => Error, asError: (err: unknown) => Error, sharing: (a: string, b: string) => Error): Promise<yauzl.Entry[]> {
  return new Promise<yauzl.Entry[]>((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (entries.length > max) {
        reject(tooMany());
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (err: Error) => reject(asError(err)));
    zip.readEntry();
  }).then((entries) => {
    const overlap = overlapping(entries);
    if (overlap) throw sharing(overlap[0], overlap[1]);
    return entries;
  });
}

/** Two entries whose local header and data (at least the central directory's name and compressed size) overlap, if any. */
export function overlapping(entries: readonly yauzl.Entry[]): [string, string] | undefined {
  const ordered = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  for (let i = 1; i < ordered.length; i++) {
    const before = ordered[i - 1];
    const end = before.relativeOffsetOfLocalHeader + LOCAL_HEADER_BYTES + before.fileNameLength + before.compressedSize;
    if (ordered[i].relativeOffsetOfLocalHeader < end) return [before.fileName, ordered[i].fileName];
  }
  return undefined;
}
