// A check of the compressed data behind a ROOT key, before jsroot decompresses it. ROOT stores a
// compressed object (a basket of a branch, the streamer list, a histogram) as blocks after the key's
// header, each with a 9-byte header of its own: the algorithm ("ZL" zlib, "L4" LZ4, "ZS" zstd, "XZ"
// lzma), the compressed and the uncompressed size. jsroot's own inflate does not check zlib's
// Adler-32, so a damaged zlib block decoded to wrong numbers without a word (a file with bytes
// overwritten here and there gave a histogram of zeros). Node's zlib checks it: each zlib block of a
// key that is read whole is inflated once more here, and a block that fails is reported.
// The sizes are checked before anything is inflated: a key's object longer than MAX_OBJECT_BYTES is
// refused, and its blocks' uncompressed sizes must add up to it (jsroot allocates the object's
// declared length and inflates block after block into it: a 1.27 MB file declaring 1 GiB took 12 s
// and 1.2 GB on open). A zstd block's frame must say its content size, and the same as the block's
// header (ROOT writes it), and its blocks may not hold more (zstdFrameProblem): jsroot's zstd decoder
// is replaced by boundedZstd, which writes no more. The zlib blocks inflated for the check, and the
// lzma blocks (unpacked by xz-embedded, whose checks they must pass), are kept and handed to jsroot
// unpacked (unpackedBlocks.ts): its own decoders for both are 20 times slower.
// LZ4 blocks are left to jsroot (its decoder writes into the object's buffer, no further).
import { inflateSync } from 'node:zlib';
import { decompress } from 'fzstd';
import { msg } from '../../text/message';
import { RootError } from './rootError';
import { keepUnpacked, takeUnpacked, unpackXz } from './unpackedBlocks';

/** Offsets in a key's header (TKey: Nbytes int32, Version int16, ObjLen int32, Datime uint32, KeyLen int16). */
const OBJLEN_AT = 6;
const KEYLEN_AT = 14;
const MIN_KEYLEN = 18;
const BLOCK_HEADER = 9;
const ZSTD_MAGIC = 0xfd2fb528;

/**
 * The most a key's object may hold uncompressed. ROOT writes baskets of kilobytes to a few megabytes
 * (32 kB by default, a cluster of all branches ~30 MB), and a histogram of 256 MiB would be 32 M
 * bins of doubles, far past what the explorer draws; jsroot holds the whole object in memory, so a
 * key declaring more (up to 4 GiB) is refused rather than allocated. The parquet reader's page cap is the same.
 */
export const MAX_OBJECT_BYTES = 256 * 1024 * 1024;

export interface DamagedBlock {
  /** Offset of the block (or of the key, when its declared size is refused) in the bytes given. */
  readonly at: number;
  /** What is wrong with it, in the decoder's or our words. */
  readonly reason: string;
  /** The object's declared size when that is what is refused (more than MAX_OBJECT_BYTES). */
  readonly tooLarge?: number;
}

/**
 * The first damaged block of `bytes` when they are one whole key with compressed data (its Nbytes
 * equal to their length, its object longer than what follows the key's header), else undefined;
 * its zlib and lzma blocks unpacked ahead for jsroot.
 */
export async function damagedBlock(bytes: Uint8Array): Promise<DamagedBlock | undefined> {
  const key = compressedKey(bytes);
  return key && damagedBlocks(bytes, key.keylen, key.objlen);
}

/** A whole key with compressed data (its Nbytes the bytes' length, its object longer than what follows its header): its header's sizes. */
export function compressedKey(bytes: Uint8Array): { readonly keylen: number; readonly objlen: number } | undefined {
  if (bytes.length < MIN_KEYLEN) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nbytes = view.getInt32(0);
  // jsroot reads ObjLen unsigned: a "negative" one is a 2-4 GiB object to it.
  const objlen = view.getUint32(OBJLEN_AT);
  const keylen = view.getInt16(KEYLEN_AT);
  if (nbytes !== bytes.length || keylen < MIN_KEYLEN || keylen >= nbytes || objlen <= nbytes - keylen) return undefined;
  return { keylen, objlen };
}

/**
 * The first damaged block of `bytes` from `start` on, the compressed data of an object of `objlen`
 * bytes (jsroot reads a key's header and its data apart for objects other than the streamer list);
 * its zlib and lzma blocks unpacked ahead for jsroot.
 */
export async function damagedBlocks(bytes: Uint8Array, start: number, objlen: number): Promise<DamagedBlock | undefined> {
  if (objlen > MAX_OBJECT_BYTES) return { at: 0, reason: `an object of ${objlen} bytes`, tooLarge: objlen };
  const size = (at: number): number => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
  // The blocks' headers first: their sizes must stay in the key and add up to the object.
  const blocks: number[] = [];
  let at = start;
  let out = 0;
  while (out < objlen && at + BLOCK_HEADER <= bytes.length) {
    const end = at + BLOCK_HEADER + size(at + 3);
    if (end > bytes.length) return { at, reason: `a block of ${size(at + 3)} bytes runs past the end of its key` };
    blocks.push(at);
    out += size(at + 6);
    at = end;
  }
  if (out !== objlen) return { at, reason: `its blocks hold ${out} bytes uncompressed where the key says ${objlen}` };
  for (const at of blocks) {
    const compressed = size(at + 3);
    const uncompressed = size(at + 6);
    const data = bytes.subarray(at + BLOCK_HEADER, at + BLOCK_HEADER + compressed);
    if (bytes[at] === 0x5a && bytes[at + 1] === 0x4c && bytes[at + 2] === 8) {
      let inflated: Buffer;
      try {
        inflated = inflateSync(data, { maxOutputLength: Math.max(1, uncompressed) });
      } catch (err) {
        return { at, reason: (err as Error).message };
      }
      if (inflated.length !== uncompressed) return { at, reason: `${inflated.length} bytes where the block says ${uncompressed}` };
      keepUnpacked(bytes, at, data, inflated);
    } else if (bytes[at] === 0x58 && bytes[at + 1] === 0x5a && bytes[at + 2] === 0) {
      const unpacked = await unpackXz(data, uncompressed);
      if (typeof unpacked === 'string') return { at, reason: unpacked };
      keepUnpacked(bytes, at, data, unpacked);
    } else if (bytes[at] === 0x5a && bytes[at + 1] === 0x53 && bytes[at + 2] === 1) {
      const problem = zstdFrameProblem(data, uncompressed);
      if (problem) return { at, reason: problem };
    }
  }
  return undefined;
}

/** A zstd frame's header: where its blocks start, its content size (undefined when it gives none) and whether a checksum ends it. */
function zstdHeader(frame: Uint8Array): { blocksAt: number; contentSize: number | undefined; checksum: boolean } | undefined {
  if (frame.length < 6) return undefined;
  const magic = (frame[0] | (frame[1] << 8) | (frame[2] << 16) | (frame[3] << 24)) >>> 0;
  if (magic !== ZSTD_MAGIC) return undefined;
  const descriptor = frame[4];
  const singleSegment = (descriptor >> 5) & 1;
  const sizeFlag = descriptor >> 6;
  const dictBytes = [0, 1, 2, 4][descriptor & 3];
  const sizeBytes = sizeFlag === 0 ? singleSegment : 1 << sizeFlag;
  const at = 5 + (singleSegment ? 0 : 1) + dictBytes;
  if (frame.length < at + sizeBytes) return undefined;
  let value = 0;
  for (let i = sizeBytes - 1; i >= 0; i--) value = value * 256 + frame[at + i];
  return { blocksAt: at + sizeBytes, contentSize: sizeBytes === 0 ? undefined : sizeBytes === 2 ? value + 256 : value, checksum: ((descriptor >> 2) & 1) === 1 };
}

/** A zstd block's most output (its Block_Maximum_Size) and the fewest bytes per compressed block a frame may average. */
const ZSTD_MAX_BLOCK = 128 * 1024;
const ZSTD_BLOCKS_PER_MAX_BLOCK = 32;

/**
 * What is wrong with a ZS block's zstd frame given the block's uncompressed size, or undefined. The
 * frame must be one frame that says its content size, the block's; its raw and RLE blocks must not
 * hold more, and its compressed blocks (each up to 128 KiB out) must not be more than 32 per 128 KiB
 * declared: fzstd, decoding into a buffer of that size, writes no more but still works through
 * whatever the frame holds, so this bounds its work to 32 times the size (encoders cut blocks of
 * 128 KiB, split at most into pieces of a few KiB).
 */
export function zstdFrameProblem(frame: Uint8Array, uncompressed: number): string | undefined {
  const header = zstdHeader(frame);
  if (!header) return 'not a zstd frame';
  if (header.contentSize === undefined) return 'a zstd frame that does not say its size';
  if (header.contentSize !== uncompressed) return `a zstd frame of ${header.contentSize} bytes where the block says ${uncompressed}`;
  const maxCompressed = ZSTD_BLOCKS_PER_MAX_BLOCK * Math.max(1, Math.ceil(uncompressed / ZSTD_MAX_BLOCK));
  let at = header.blocksAt;
  let exact = 0;
  let compressed = 0;
  for (let last = false; !last; ) {
    if (at + 3 > frame.length) return 'a zstd frame that ends early';
    const word = frame[at] | (frame[at + 1] << 8) | (frame[at + 2] << 16);
    last = (word & 1) === 1;
    const type = (word >> 1) & 3;
    const size = word >>> 3;
    if (type === 3 || size > ZSTD_MAX_BLOCK) return 'a zstd block of a reserved type or size';
    if (type === 2) compressed++;
    else exact += size;
    at += 3 + (type === 1 ? 1 : size);
    if (exact > uncompressed) return `a zstd frame holding more than the ${uncompressed} bytes it says`;
    if (compressed > maxCompressed) return `a zstd frame of more blocks than its ${uncompressed} bytes need`;
  }
  if (header.checksum) at += 4;
  if (at !== frame.length) return at > frame.length ? 'a zstd frame that ends early' : 'bytes after the zstd frame';
  return undefined;
}

/**
 * jsroot's zstd decoder (its internals._ZstdStream, installed by rootFile.ts), bounded. jsroot gives
 * it a ZS block's frame, a view into the key's bytes just after the block's 9-byte header, and copies
 * what comes back into the object. The zstd-js decoder it loads otherwise decodes the whole frame
 * whatever the block says, copying its output over again per 128 KB (a 2 KB frame: 73 s for 64 MiB).
 * This one decodes into a buffer of exactly the block's uncompressed size (at most 16 MiB, 3 bytes
 * in ROOT's header), once the frame passes zstdFrameProblem: fzstd, given the buffer, writes no more
 * and allocates no window of the frame's choosing.
 */
export const boundedZstd = {
  decompress(frame: Uint8Array): Uint8Array {
    // A zlib or lzma block unpacked while it was checked, relabelled zstd for jsroot to hand it here.
    const ahead = takeUnpacked(frame);
    if (ahead) return ahead;
    const header = frame.byteOffset >= BLOCK_HEADER ? new Uint8Array(frame.buffer, frame.byteOffset - BLOCK_HEADER, BLOCK_HEADER) : undefined;
    const size = header && header[0] === 0x5a && header[1] === 0x53 && header[2] === 1 ? header[6] | (header[7] << 8) | (header[8] << 16) : zstdHeader(frame)?.contentSize;
    const problem = size === undefined ? 'a zstd frame that does not say its size' : zstdFrameProblem(frame, size);
    if (problem || size === undefined) throw new RootError(msg('A zstd block of the file cannot be unpacked ({0}): the file is damaged.', problem ?? ''));
    return decompress(frame, new Uint8Array(size));
  },
};
