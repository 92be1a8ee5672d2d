// A check of the compressed data behind a ROOT key, before jsroot decompresses it. ROOT stores a
// compressed object (a basket of a branch, the streamer list, a histogram) as blocks after the key's
// header, each with a 9-byte header of its own: the algorithm ("ZL" zlib, "L4" LZ4, "ZS" zstd, "XZ"
// lzma), the compressed and the uncompressed size. jsroot's own inflate does not check zlib's
// Adler-32, so a damaged zlib block decoded to wrong numbers without a word (a file with bytes
// overwritten here and there gave a histogram of zeros). Node's zlib checks it: each zlib block of a
// key that is read whole is inflated once more here, and a block that fails is reported.
// LZ4, zstd and lzma blocks are left to jsroot (their decoders fail on most damage by themselves).
import { inflateSync } from 'node:zlib';

/** Offsets in a key's header (TKey: Nbytes int32, Version int16, ObjLen int32, Datime uint32, KeyLen int16). */
const OBJLEN_AT = 6;
const KEYLEN_AT = 14;
const MIN_KEYLEN = 18;
const BLOCK_HEADER = 9;

export interface DamagedBlock {
  /** Offset of the block in the bytes given. */
  readonly at: number;
  /** What is wrong with it, in the decoder's or our words. */
  readonly reason: string;
}

/**
 * The first damaged zlib block of `bytes` when they are one whole key with compressed data (its
 * Nbytes equal to their length, its object longer than what follows the key's header), else undefined.
 */
export function damagedBlock(bytes: Uint8Array): DamagedBlock | undefined {
  if (bytes.length < MIN_KEYLEN) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nbytes = view.getInt32(0);
  const objlen = view.getInt32(OBJLEN_AT);
  const keylen = view.getInt16(KEYLEN_AT);
  if (nbytes !== bytes.length || keylen < MIN_KEYLEN || keylen >= nbytes || objlen <= nbytes - keylen) return undefined;
  let at = keylen;
  let out = 0;
  while (out < objlen && at + BLOCK_HEADER <= bytes.length) {
    const size = (at: number): number => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
    const compressed = size(at + 3);
    const uncompressed = size(at + 6);
    const end = at + BLOCK_HEADER + compressed;
    if (end > bytes.length) return { at, reason: `a block of ${compressed} bytes runs past the end of its key` };
    if (bytes[at] === 0x5a && bytes[at + 1] === 0x4c && bytes[at + 2] === 8) {
      let inflated: Buffer;
      try {
        inflated = inflateSync(bytes.subarray(at + BLOCK_HEADER, end), { maxOutputLength: Math.max(1, uncompressed) });
      } catch (err) {
        return { at, reason: (err as Error).message };
      }
      if (inflated.length !== uncompressed) return { at, reason: `${inflated.length} bytes where the block says ${uncompressed}` };
    }
    out += uncompressed;
    at = end;
  }
  return undefined;
}
