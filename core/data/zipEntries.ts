// The entries of a zip archive opened with yauzl (lazyEntries), for the readers of zips of arrays:
// .npz archives and PyTorch checkpoints. At most `max` of them: a zip of millions of entries is not
// what either writer makes, and is refused with the reader's own error rather than listed.
import type yauzl from 'yauzl';

export function zipEntries(zip: yauzl.ZipFile, max: number, tooMany: () => Error, asError: (err: unknown) => Error): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
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
  });
}
