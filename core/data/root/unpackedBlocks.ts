// Faster unpacking of a key's zlib and lzma blocks than jsroot's own: its JavaScript inflate ran at
// 3.6 MB/s and its lzma at 1.0 MB/s on uproot-HZZ.root's baskets, where Node's zlib gave 69 MB/s and
// xz-embedded (WebAssembly, the xz-decompress package) 21 MB/s. While a key's bytes are checked
// (compressedKey.ts), each such block is unpacked here and kept, and its header is relabelled a zstd
// block: jsroot lets us set its zstd decoder (boundedZstd), which hands back the block unpacked here
// instead of decoding. The bytes are ours (read for jsroot by rootFile.ts's HandleProxy): relabelling
// them changes nothing on disk. What jsroot is handed comes from the same ArrayBuffer, at the offset
// of the block's data, which is how a block is found again.
import { XzReadableStream } from 'xz-decompress';

const unpacked = new WeakMap<ArrayBufferLike, Map<number, Uint8Array>>();

/** Keeps `out` as the unpacked block whose data starts at `data`, and relabels the block a zstd one. */
export function keepUnpacked(bytes: Uint8Array, blockAt: number, data: Uint8Array, out: Uint8Array): void {
  let blocks = unpacked.get(bytes.buffer);
  if (!blocks) unpacked.set(bytes.buffer, (blocks = new Map()));
  blocks.set(data.byteOffset, out);
  bytes[blockAt] = 0x5a;
  bytes[blockAt + 1] = 0x53;
  bytes[blockAt + 2] = 1;
}

/** The block unpacked ahead whose data jsroot hands to its zstd decoder, if it is one. */
export function takeUnpacked(frame: Uint8Array): Uint8Array | undefined {
  return unpacked.get(frame.buffer)?.get(frame.byteOffset);
}

/**
 * An lzma block's xz stream unpacked: exactly `size` bytes, else a reason (a damaged stream fails
 * xz's own checks; one that would give more than its block says is stopped there, not held).
 */
export async function unpackXz(data: Uint8Array, size: number): Promise<Uint8Array | string> {
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(data);
      controller.close();
    },
  });
  const out = new Uint8Array(size);
  let filled = 0;
  try {
    const reader = new XzReadableStream(input).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.length > size) {
        await reader.cancel();
        return `an lzma block holding more than the ${size} bytes it says`;
      }
      out.set(value, filled);
      filled += value.length;
    }
  } catch (err) {
    return `lzma: ${err instanceof Error ? err.message : String(err)}`;
  }
  return filled === size ? out : `${filled} bytes where the block says ${size}`;
}
