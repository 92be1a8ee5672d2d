// A ROOT file opened by jsroot over our own FileProxy, every read checked before jsroot sees it
// (compressedKey.ts): the one way in for RootFile and for the data benchmark's baselines.
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import type { TFileLike } from 'jsroot/io';
import { boundedZstd, compressedKey, damagedBlock, damagedBlocks, MAX_OBJECT_BYTES } from './compressedKey';
import { asRootError, RootError } from './rootError';
import { throwIfStopAsked } from '../workers/jobStop';
import { msg } from '../../text/message';

/** Files up to this size are read whole at their first read (HandleProxy.bytes). */
const WHOLE_FILE_BYTES = 4 * 1024 * 1024;

/**
 * A ROOT file opened by jsroot over our FileProxy: positioned reads on a FileHandle, short reads and
 * reads past the end refused, the descriptor closed when jsroot's file is deleted. RootFile's way in;
 * the data benchmark's baselines use it too, so that they read exactly as the explorer does.
 */
export async function openJsrootFile(
  file: string,
): Promise<{
  opened: TFileLike;
  size: number;
  takeDamage: () => RootError | undefined;
  expectBaskets: (places: Iterable<string>) => void;
  expectCompressed: (places: Iterable<[string, number]>) => void;
}> {
  const [{ FileProxy, openFile }, { internals }] = await Promise.all([import('jsroot/io'), import('jsroot/core')]);
  // jsroot's zstd decoder, bounded (compressedKey.ts); io.mjs loads its own only when none is set.
  internals._ZstdStream = boundedZstd;
  const handle = await open(file, 'r');
  const size = (await handle.stat()).size;
  // Said first: jsroot reads a 400-byte header, and a short file that is not ROOT would read as a truncated one.
  const magic = Buffer.alloc(4);
  if ((await handle.read(magic, 0, 4, 0)).bytesRead < 4 || magic.toString('latin1') !== 'root') {
    await handle.close();
    throw new RootError(msg('{0} is not a ROOT file (no ROOT header).', path.basename(file)));
  }
  let damage: RootError | undefined;
  // The objects being read apart from their key's header (readObjBuffer below): "position:length" of their data, and their length uncompressed.
  const objects = new Map<string, number>();
  // Where baskets are ("position:length", from their branches): each must be one whole key, else its
  // header's sizes, unchecked, would size what jsroot inflates.
  const baskets = new Set<string>();
  const tooLarge = (objlen: number, at: number): RootError =>
    new RootError(msg('{0} declares an object of {1} bytes at byte {2}, more than the {3} bytes this reader unpacks: the file is damaged.', path.basename(file), objlen, at, MAX_OBJECT_BYTES));
  class HandleProxy extends FileProxy {
    private fh: FileHandle | undefined = handle;
    private whole: Promise<Buffer> | undefined;
    override async openFile(): Promise<boolean> {
      return true;
    }
    override getFileName(): string {
      return path.basename(file);
    }
    override getFileSize(): number {
      return size;
    }
    override async readBuffer(pos: number, length: number): Promise<DataView> {
      throwIfStopAsked();
      if (!this.fh) throw new Error(`${path.basename(file)} is closed`);
      if (pos < 0 || length < 0 || pos + length > size) throw new RootError(msg('The file points past its end ({0} bytes at {1} of {2}): it is truncated or damaged. Copy or download it again.', length, pos, size));
      const { buffer, bytesRead } = await this.bytes(pos, length);
      if (bytesRead !== length) throw new RootError(msg('The file ended early ({0} of {1} bytes at {2}): it is truncated. Copy or download it again.', bytesRead, length, pos));
      // jsroot's inflate does not check zlib's checksum: damaged data would be read as numbers.
      const objlen = objects.get(`${pos}:${length}`);
      const keyBytes = length >= 4 ? buffer.readInt32BE(0) : 0;
      const basket = baskets.has(`${pos}:${length}`);
      const damaged =
        objlen !== undefined
          ? await damagedBlocks(buffer, 0, objlen)
          : basket && keyBytes !== length
            ? { at: 0, reason: `a basket whose key says ${keyBytes} bytes where its branch says ${length}` }
            : await damagedBlock(buffer);
      // jsroot reads the streamer list whole on opening, then its data again apart (before readObjBuffer
      // below is wrapped): that second read is known by its place, to be checked and unpacked as well.
      const key = !basket && objlen === undefined ? compressedKey(buffer) : undefined;
      if (key) objects.set(`${pos + key.keylen}:${length - key.keylen}`, key.objlen);
      if (damaged?.tooLarge !== undefined) {
        damage ??= tooLarge(damaged.tooLarge, pos);
        throw damage;
      }
      if (damaged) {
        damage ??= new RootError(msg('{0} is damaged: the compressed data at byte {1} does not check out ({2}). Copy or download the file again.', path.basename(file), pos + damaged.at, damaged.reason));
        throw damage;
      }
      return new DataView(buffer.buffer, buffer.byteOffset, length);
    }
    override closeFile(): void {
      void this.fh?.close();
      this.fh = undefined;
      this.whole = undefined;
    }
    /**
     * `length` bytes at `pos`, in a buffer of their own (they are checked and relabelled in place). A
     * small file is read whole on its first read and served from memory: a file of a few hundred kB
     * took a dozen reads, each a trip through the thread pool, a quarter of its time (a dataset of
     * thousands of small files, from a grid job, reads them one after another).
     */
    private async bytes(pos: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
      if (size <= WHOLE_FILE_BYTES) {
        const fh = this.fh!;
        this.whole ??= (async () => {
          const all = Buffer.alloc(size);
          const { bytesRead } = await fh.read(all, 0, size, 0);
          // A file cut short since it was opened: what is past its new end reads as "ended early".
          return all.subarray(0, bytesRead);
        })();
        const whole = await this.whole;
        return { buffer: Buffer.from(whole.subarray(pos, pos + length)), bytesRead: Math.max(0, Math.min(length, whole.length - pos)) };
      }
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await this.fh!.read(buffer, 0, length, pos);
      return { buffer, bytesRead };
    }
  }
  let opened: TFileLike;
  try {
    opened = await openFile(new HandleProxy());
  } catch (err) {
    await handle.close();
    throw asRootError(err, file);
  }
  if (!opened) {
    await handle.close();
    throw new RootError(msg('{0} is not a ROOT file (no ROOT header).', path.basename(file)));
  }
  // jsroot reads an object (a tree, a histogram, a directory) as its data apart from its key's header:
  // its size is checked before, its blocks as they are read (HandleProxy.readBuffer).
  const readObjBuffer = opened.readObjBuffer.bind(opened);
  opened.readObjBuffer = async (key) => {
    const stored = key.fNbytes - key.fKeylen;
    if (key.fObjlen <= stored) return readObjBuffer(key);
    if (key.fObjlen > MAX_OBJECT_BYTES) throw tooLarge(key.fObjlen, key.fSeekKey);
    const where = `${key.fSeekKey + key.fKeylen}:${stored}`;
    objects.set(where, key.fObjlen);
    try {
      return await readObjBuffer(key);
    } finally {
      objects.delete(where);
    }
  };
  const takeDamage = (): RootError | undefined => {
    const found = damage;
    damage = undefined;
    return found;
  };
  const expectBaskets = (places: Iterable<string>): void => {
    for (const place of places) baskets.add(place);
  };
  // Compressed data that is not a key (an RNTuple's pages): checked on every read, as a key's data is while it is read.
  const expectCompressed = (places: Iterable<[string, number]>): void => {
    for (const [place, unpacked] of places) objects.set(place, unpacked);
  };
  return { opened, size, takeDamage, expectBaskets, expectCompressed };
}


/** Why an RNTuple's page list is refused (checkNtuplePages), in words. */
