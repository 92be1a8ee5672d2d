// COCO run-length encoding of a pixel mask, as pycocotools writes it, implemented here from its
// published description. The runs go down each column in turn (column-major over the whole image,
// `size: [height, width]`), starting with a run of pixels outside, which may be empty, then
// alternating. `counts` is either that list of run lengths (uncompressed: COCO's own crowd
// annotations) or a string (compressed: what pycocotools' encode writes), where each run length from
// the fourth on is first replaced by its difference from the run two before (a run of the same
// value), then written as 5-bit groups, least significant first, each as the character
// 48 + group, with 32 added while more groups follow; the top bit of the last group is the sign.
// Masks here are cropped to their box (mask.ts), so decoding crops to the inside pixels' bounds.
import { msg } from '../text/message';
import { MAX_PIXELS } from './image/imageError';
import type { BinaryMask } from './mask';
import { AnnotationError } from './shapes';

export interface CocoRle {
  /** [height, width] of the whole image. */
  readonly size: readonly [number, number];
  readonly counts: readonly number[] | string;
}

/** Run lengths of a mask over an image of this size; pixels of the mask outside the image are not held. */
export function maskToCounts(mask: BinaryMask, height: number, width: number): number[] {
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  const emit = (v: number, length: number): void => {
    if (length <= 0) return;
    if (v === value) run += length;
    else {
      counts.push(run);
      value = v;
      run = length;
    }
  };
  // Only the columns and rows of the mask that lie in the image.
  const x0 = Math.max(0, mask.x);
  const x1 = Math.min(width, mask.x + mask.width);
  const y0 = Math.max(0, mask.y);
  const y1 = Math.min(height, mask.y + mask.height);
  if (x0 >= x1 || y0 >= y1) return [height * width];
  emit(0, x0 * height);
  for (let x = x0; x < x1; x++) {
    emit(0, y0);
    for (let y = y0; y < y1; y++) emit(mask.data[(y - mask.y) * mask.width + (x - mask.x)] !== 0 ? 1 : 0, 1);
    emit(0, height - y1);
  }
  emit(0, (width - x1) * height);
  counts.push(run);
  return counts;
}

/** The mask that run lengths describe, cropped to its inside pixels (an empty mask has no size). */
export function countsToMask(counts: readonly number[], height: number, width: number): BinaryMask {
  const total = height * width;
  // First the bounds of the inside pixels, then the pixels: the image may be far larger than the mask.
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  let at = 0;
  counts.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 0) throw new AnnotationError(msg('an RLE run length is {0}, not a whole number ≥ 0', n));
    if (at + n > total) throw new AnnotationError(msg('the RLE runs cover more than the {0} × {1} pixels of its size', height, width));
    if (i % 2 === 1 && n > 0) {
      const c0 = Math.floor(at / height);
      const c1 = Math.floor((at + n - 1) / height);
      x0 = Math.min(x0, c0);
      x1 = Math.max(x1, c1);
      // A run over a column's end covers the bottom row of one column and the top row of the next.
      y0 = Math.min(y0, c1 > c0 ? 0 : at % height);
      y1 = Math.max(y1, c1 > c0 ? height - 1 : (at + n - 1) % height);
    }
    at += n;
  });
  if (x1 < 0) return { x: 0, y: 0, width: 0, height: 0, data: new Uint8Array(0) };
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const data = new Uint8Array(w * h);
  at = 0;
  counts.forEach((n, i) => {
    if (i % 2 === 1) {
      for (let p = at; p < at + n; p++) {
        const x = Math.floor(p / height);
        data[(p - x * height - y0) * w + (x - x0)] = 1;
      }
    }
    at += n;
  });
  return { x: x0, y: y0, width: w, height: h, data };
}

/** pycocotools' string form of run lengths. */
export function compressCounts(counts: readonly number[]): string {
  let out = '';
  counts.forEach((n, i) => {
    let x = i > 2 ? n - counts[i - 2] : n;
    for (let more = true; more; ) {
      // Arithmetic shift by 5, for negative differences as well.
      const group = ((x % 32) + 32) % 32;
      x = Math.floor(x / 32);
      more = group & 0x10 ? x !== -1 : x !== 0;
      out += String.fromCharCode(48 + group + (more ? 0x20 : 0));
    }
  });
  return out;
}

/** Run lengths from pycocotools' string form. */
export function decompressCounts(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let x = 0;
    let k = 0;
    for (let more = true; more; k++) {
      if (p >= text.length) throw new AnnotationError(msg('the compressed RLE counts end in the middle of a number: the string is cut short'));
      const c = text.charCodeAt(p++) - 48;
      if (c < 0 || c > 63) throw new AnnotationError(msg('the compressed RLE counts hold "{0}", which pycocotools never writes', text[p - 1]));
      x += (c & 0x1f) * 32 ** k;
      more = (c & 0x20) !== 0;
      if (!more && c & 0x10) x -= 32 ** (k + 1);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

export function encodeRle(mask: BinaryMask, height: number, width: number, form: 'compressed' | 'uncompressed' = 'compressed'): CocoRle {
  const counts = maskToCounts(mask, height, width);
  return { size: [height, width], counts: form === 'compressed' ? compressCounts(counts) : counts };
}

export function decodeRle(rle: CocoRle): BinaryMask {
  const [height, width] = rle.size;
  // The size comes from the file: bounded as images are, since a mask may take height × width bytes.
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw new AnnotationError(msg('the RLE size is {0} × {1}, not two whole numbers > 0', height, width));
  }
  if (height * width > MAX_PIXELS) {
    throw new AnnotationError(msg('the RLE size is {0} × {1}, more than the editor opens ({2} megapixels)', height, width, MAX_PIXELS / 1024 / 1024));
  }
  return countsToMask(typeof rle.counts === 'string' ? decompressCounts(rle.counts) : rle.counts, height, width);
}

/** The number of inside pixels (COCO's area of an RLE object). */
export function rleArea(counts: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < counts.length; i += 2) area += counts[i];
  return area;
}
