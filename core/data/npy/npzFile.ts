// NumPy .npz archives (np.savez, np.savez_compressed): a zip of .npy members, one per array. The
// central directory is read with yauzl; a stored member is read in place by positioned reads like any
// .npy file, a deflated one by inflating from its start (kept open between reads, so reading it in
// order inflates it once). Nothing is extracted to disk. An archive of deflated members is kept open a
// moment after it is closed (parkedArchive), so that the next part of a split array, read in order in
// the same worker, goes on inflating where the last one stopped instead of from the member's start:
// 24 parts of 25 M float64 took 31.6 s, each inflating from the start, against 1.8 s stored.
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { type ByteSource, fileSource, type NpyArray, openNpy } from './npyFile';
import { NpyError, type NpyHeader } from './npyHeader';
import { zipEntries } from '../zipEntries';
import { msg } from '../../text/message';
import { JobStopped, throwIfStopAsked } from '../workers/jobStop';

export interface NpzMember {
  /** The array's name: the member's file name without ".npy" (np.load's key). */
  readonly name: string;
  readonly compressed: boolean;
  /** Bytes of the .npy member, and as stored in the archive. */
  readonly size: number;
  readonly storedSize: number;
  open(): Promise<NpyArray>;
  /** The member's .npy header, read without keeping an inflating stream open (a describe reads every member's). */
  header(): Promise<NpyHeader>;
}

export interface NpzArchive {
  readonly members: readonly NpzMember[];
  /** Names of the archive's entries that are not .npy arrays (left alone). */
  readonly skipped: readonly string[];
  close(): Promise<void>;
}

/** More members than any real .npz has: a zip of millions of entries is not read. */
const MAX_MEMBERS = 100_000;

/** How long a closed archive of deflated members stays open for the next part of the same file. */
const PARKED_MS = 5_000;
let parked: { file: string; stamp: string; archive: NpzArchive; closeNow: () => Promise<void>; timer: NodeJS.Timeout } | undefined;

async function closeParked(): Promise<void> {
  const p = parked;
  parked = undefined;
  if (!p) return;
  clearTimeout(p.timer);
  await p.closeNow().catch(() => undefined);
}

export async function openNpz(file: string): Promise<NpzArchive> {
  // The same file unchanged (inode, size, modification and change times: a file rewritten within a
  // second on a disk of coarse times keeps its size and mtime, not its ctime or, replaced, its inode):
  // the archive the last job closed, its inflating streams where they stopped.
  const s = await stat(file).catch(() => undefined);
  const stamp = s ? `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}` : '';
  if (parked && parked.file === file && parked.stamp === stamp && s) {
    const { archive, timer } = parked;
    clearTimeout(timer);
    parked = undefined;
    return archive;
  }
  await closeParked();
  const fresh = await openFresh(file);
  if (!fresh.members.some((m) => m.compressed)) return fresh;
  const archive: NpzArchive = {
    members: fresh.members,
    skipped: fresh.skipped,
    close: async () => {
      await closeParked();
      // Unref'd: a parked archive never keeps a process alive.
      const timer = setTimeout(() => void closeParked(), PARKED_MS).unref();
      parked = { file, stamp, archive, closeNow: fresh.close, timer };
    },
  };
  return archive;
}

async function openFresh(file: string): Promise<NpzArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, z) => (err ? reject(asNpzError(err)) : resolve(z))),
  );
  const handle = await fileSource(file);
  const inflating: InflatingSource[] = [];
  const close = async (): Promise<void> => {
    for (const source of inflating) source.dispose();
    zip.close();
    await handle.close();
  };
  try {
    const entries = await zipEntries(
      zip,
      MAX_MEMBERS,
      () => new NpyError(msg('The archive has more than {0} entries; it is not an .npz file NumPy wrote.', MAX_MEMBERS)),
      asNpzError,
      (a, b) => new NpyError(msg('The archive\'s members {0} and {1} share their bytes, which NumPy never writes: the file is damaged or forged.', a, b)),
    );
    const members: NpzMember[] = [];
    const skipped: string[] = [];
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      if (!entry.fileName.endsWith('.npy') || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) || entry.isEncrypted()) {
        skipped.push(entry.fileName);
        continue;
      }
      const { fileDataStart } = await new Promise<{ fileDataStart: number }>((resolve, reject) =>
        zip.readLocalFileHeader(entry, { minimal: true }, (err, header) => (err ? reject(asNpzError(err)) : resolve(header))),
      );
      const stored = entry.compressionMethod === 0;
      if (stored && fileDataStart + entry.uncompressedSize > handle.size) {
        throw new NpyError(msg('The .npz archive is truncated: member {0} ends past the end of the file. Copy or download it again.', entry.fileName));
      }
      const source: ByteSource = stored
        ? { size: entry.uncompressedSize, read: (into, position) => handle.read(into.subarray(0, Math.max(0, Math.min(into.length, entry.uncompressedSize - position))), fileDataStart + position) }
        : new InflatingSource(zip, entry);
      if (source instanceof InflatingSource) inflating.push(source);
      // The array's header read once: reading it again at byte 0 would start the inflating over.
      let opened: Promise<NpyArray> | undefined;
      members.push({
        name: entry.fileName.slice(0, -'.npy'.length),
        compressed: !stored,
        size: entry.uncompressedSize,
        storedSize: entry.compressedSize,
        open: () => {
          opened ??= openNpy(source);
          opened.catch(() => (opened = undefined));
          return opened;
        },
        header: async () => {
          try {
            return (await openNpy(source)).header;
          } finally {
            if (source instanceof InflatingSource) source.dispose();
          }
        },
      });
    }
    return { members, skipped, close };
  } catch (err) {
    await close();
    throw asNpzError(err);
  }
}

/**
 * A deflated member as a ByteSource: one inflating stream, read forward; a read before where it stands
 * starts it again from the member's beginning.
 */
class InflatingSource implements ByteSource {
  readonly size: number;
  private stream: Readable | undefined;
  private chunks: AsyncIterator<Buffer> | undefined;
  /** Inflated bytes already consumed from the stream, and what is left of the last chunk. */
  private at = 0;
  private rest: Buffer = Buffer.alloc(0);

  constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entry: yauzl.Entry,
  ) {
    this.size = entry.uncompressedSize;
  }

  async read(into: Uint8Array, position: number): Promise<number> {
    try {
      throwIfStopAsked();
      return await this.readFrom(into, position);
    } catch (err) {
      this.dispose();
      throw asNpzError(err);
    }
  }

  private async readFrom(into: Uint8Array, position: number): Promise<number> {
    if (!this.chunks || position < this.at - this.rest.length) await this.restart();
    let filled = 0;
    // Skip to `position`, then copy.
    for (;;) {
      const restStart = this.at - this.rest.length;
      if (position + filled < this.at) {
        const from = position + filled - restStart;
        const n = Math.min(into.length - filled, this.rest.length - from);
        into.set(this.rest.subarray(from, from + n), filled);
        filled += n;
      }
      if (filled === into.length) return filled;
      const next = await this.chunks!.next();
      if (next.done) return filled;
      this.rest = next.value;
      this.at += next.value.length;
    }
  }

  dispose(): void {
    this.stream?.destroy();
    this.stream = undefined;
    this.chunks = undefined;
  }

  private async restart(): Promise<void> {
    this.stream?.destroy();
    this.stream = await new Promise<Readable>((resolve, reject) => this.zip.openReadStream(this.entry, (err, s) => (err ? reject(asNpzError(err)) : resolve(s))));
    this.chunks = this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.at = 0;
    this.rest = Buffer.alloc(0);
  }
}

/**
 * Anything yauzl or zlib throws while reading an archive means it is damaged (bad sizes, signatures,
 * deflate data) or not a zip at all: said as such, with their words in brackets. The commonest, a file
 * without the zip's closing directory (cut short, or not a zip), is said in our words alone, which
 * are translated: the library's English sentence said the same twice.
 */
function asNpzError(err: unknown): Error {
  if (err instanceof NpyError || err instanceof RangeError || err instanceof JobStopped) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/end of central directory record signature not found/i.test(message)) {
    return new NpyError(msg('This is not a readable .npz archive: the zip directory at its end is missing, so the file is cut short or is not a zip archive. Copy or save it again.'));
  }
  return new NpyError(msg('This is not a readable .npz archive ({0}); it may be truncated or damaged.', message));
}
