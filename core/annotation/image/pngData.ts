// A PNG's chunks checked before fast-png reads them. fast-png takes the last IHDR it meets, so a
// second, larger header would pass a check of the first; and it keeps all that the image data
// inflates to, however much, then copies it once more. Here the header must come first and only
// once, the frame's size is checked against the editor's limits, and the image data is inflated
// once, counted and let go, stopping as soon as it passes what the header's size needs.
import { constants, createInflate } from 'node:zlib';
import { msg } from '../../text/message';
import { checkSize, damaged } from './imageError';

/** Samples per pixel of each colour type, and the bit depths PNG defines for it. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7's passes: first column and row, then the step across and down. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
/** Image data past what the size needs that is let through: libpng only warns about a little extra. */
const SLACK = 64 * 1024;

export async function checkPng(bytes: Uint8Array): Promise<void> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const name = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  // Signature, then IHDR: length 13, the name, width, height, depth, colour type, compression, filter, interlace, CRC.
  if (bytes.length < 33) throw damaged('PNG', msg('the file ends inside its header chunk IHDR'));
  if (name(12) !== 'IHDR' || view.getUint32(8) !== 13) throw damaged('PNG', msg('its first chunk is {0}, not the header IHDR', JSON.stringify(name(12))));
  const [width, height, depth, colour, interlace] = [view.getUint32(16), view.getUint32(20), bytes[24], bytes[25], bytes[28]];
  if (!DEPTHS[colour]?.includes(depth) || interlace > 1) throw damaged('PNG', msg('its header chunk IHDR gives bit depth {0}, colour type {1} and interlace method {2}, which PNG does not define together', depth, colour, interlace));
  const data: Uint8Array[] = [];
  let transparency = false;
  for (let at = 33; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const chunk = name(at + 4);
    if (chunk === 'IHDR') throw damaged('PNG', msg('a second header chunk IHDR at byte {0}', at));
    // A chunk cut short by the file's end counts with what it has; fast-png says it is truncated.
    if (chunk === 'IDAT') data.push(bytes.subarray(at + 8, at + 8 + length));
    if (chunk === 'tRNS') transparency = true;
    if (chunk === 'IEND') break;
    at += 12 + length;
  }
  // fast-png gives samples of 1 byte (up to 8 bits) or 2; a palette becomes RGB, or RGBA with tRNS.
  checkSize(width, height, colour === 3 ? (transparency ? 4 : 3) : CHANNELS[colour] * (depth === 16 ? 2 : 1));
  const needs = imageDataBytes(width, height, CHANNELS[colour] * depth, interlace);
  if ((await inflatedBytes(data, needs + SLACK)) > needs + SLACK) throw damaged('PNG', msg('its image data inflates to more than the {0} bytes its size needs', needs));
}

/** What the image data inflates to: each row (of each Adam7 pass) is a filter byte and its pixels. */
function imageDataBytes(width: number, height: number, bitsPerPixel: number, interlace: number): number {
  let total = 0;
  for (const [x, y, dx, dy] of interlace === 1 ? ADAM7 : [[0, 0, 1, 1]]) {
    const w = Math.ceil((width - x) / dx);
    const h = Math.ceil((height - y) / dy);
    if (w > 0 && h > 0) total += h * (1 + Math.ceil((w * bitsPerPixel) / 8));
  }
  return total;
}

/** Bytes the zlib stream inflates to, counted up to just past `limit`; nothing kept. */
function inflatedBytes(parts: readonly Uint8Array[], limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let total = 0;
    // A stream cut short is not this check's concern (fast-png reports it): only the amount is.
    const inflate = createInflate({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 64 * 1024 });
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        inflate.destroy();
        resolve(total);
      }
    });
    inflate.on('error', (err) => reject(damaged('PNG', err.message)));
    inflate.on('end', () => resolve(total));
    for (const part of parts) inflate.write(part);
    inflate.end();
  });
}
