// COCO run-length encoding: a small mask worked out by hand (column-major runs and pycocotools'
// string), the inside pixels cropped to their bounds, damaged counts refused, and property-based
// round trips (fast-check): random masks encoded and decoded give the same pixels, and the string
// form reads back to the same run lengths as the list form.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BinaryMask } from './mask';
import { compressCounts, countsToMask, decodeRle, decompressCounts, encodeRle, maskToCounts, rleArea } from './rle';
import { AnnotationError } from './shapes';

/** The inside pixels of a mask as image coordinates, for comparing masks cropped differently. */
function inside(mask: BinaryMask): string[] {
  const out: string[] = [];
  for (let y = 0; y < mask.height; y++) for (let x = 0; x < mask.width; x++) if (mask.data[y * mask.width + x]) out.push(`${mask.x + x},${mask.y + y}`);
  return out.sort();
}

describe('COCO RLE', () => {
  // A 3-wide, 2-high image; inside: (x 1, y 0), (x 1, y 1), (x 2, y 1):
  //   . # .
  //   . # #
  // Down the columns: 0 0 | 1 1 | 0 1, so the runs are 2 outside, 2 inside, 1 outside, 1 inside.
  // As a string: 2 → '2', 2 → '2', 1 → '1' (the first three are not differenced), then 1 − 2 = −1,
  // one group 11111 (sign bit set, no more) → 48 + 31 = 'O'.
  const small: BinaryMask = { x: 1, y: 0, width: 2, height: 2, data: Uint8Array.from([1, 0, 1, 1]) };

  it('encodes a small mask column by column into runs and pycocotools’ string, worked out by hand', () => {
    assert.deepEqual(maskToCounts(small, 2, 3), [2, 2, 1, 1]);
    assert.equal(compressCounts([2, 2, 1, 1]), '221O');
    assert.deepEqual(encodeRle(small, 2, 3), { size: [2, 3], counts: '221O' });
    assert.deepEqual(encodeRle(small, 2, 3, 'uncompressed'), { size: [2, 3], counts: [2, 2, 1, 1] });
    // 100 = 3 × 32 + 4: the group 4 with "more" (48 + 4 + 32 = 'T'), then 3 ('3').
    assert.equal(compressCounts([100]), 'T3');
    assert.deepEqual(decompressCounts('T3'), [100]);
  });

  it('decodes to the mask cropped to its inside pixels, whatever the image size', () => {
    const back = decodeRle({ size: [2, 3], counts: '221O' });
    assert.deepEqual(back, { x: 1, y: 0, width: 2, height: 2, data: Uint8Array.from([1, 0, 1, 1]) });
    // One pixel at x 700, y 5 of a 1000 × 800 image: 700 full columns of 800, then 5 rows down.
    const far = decodeRle({ size: [800, 1000], counts: [700 * 800 + 5, 1, 300 * 800 - 6] });
    assert.deepEqual(far, { x: 700, y: 5, width: 1, height: 1, data: Uint8Array.from([1]) });
    assert.equal(rleArea([2, 2, 1, 1]), 3);
  });

  it('gives an empty mask one run and no pixels', () => {
    assert.deepEqual(maskToCounts({ x: 0, y: 0, width: 2, height: 2, data: new Uint8Array(4) }, 4, 5), [20]);
    assert.deepEqual(decodeRle({ size: [4, 5], counts: [20] }), { x: 0, y: 0, width: 0, height: 0, data: new Uint8Array(0) });
  });

  it('refuses counts that overrun the image, negative runs and characters pycocotools never writes', () => {
    assert.throws(() => decodeRle({ size: [2, 2], counts: [3, 2] }), (e: unknown) => e instanceof AnnotationError && /more than the 2 × 2 pixels/.test(e.message));
    assert.throws(() => decodeRle({ size: [2, 2], counts: [1, -1] }), /not a whole number ≥ 0/);
    assert.throws(() => decompressCounts('2 2'), /hold " "/);
    assert.throws(() => decompressCounts('T'), /cut short/);
  });

  it('refuses an RLE size beyond what the editor opens before allocating its pixels', () => {
    // Two one-pixel runs at opposite corners of 30000 × 30000 once took a 900 MB buffer.
    const total = 30000 * 30000;
    assert.throws(() => decodeRle({ size: [30000, 30000], counts: compressCounts([0, 1, total - 2, 1]) }), /the RLE size is 30000 × 30000, more than the editor opens \(256 megapixels\)/);
    assert.throws(() => decodeRle({ size: [2.5, 2], counts: [5] }), /the RLE size is 2.5 × 2, not two whole numbers > 0/);
  });

  describe('round trips (fast-check)', () => {
    const masks = fc
      .record({ imageWidth: fc.integer({ min: 1, max: 60 }), imageHeight: fc.integer({ min: 1, max: 60 }) })
      .chain(({ imageWidth, imageHeight }) =>
        fc
          .record({ x: fc.integer({ min: 0, max: imageWidth - 1 }), y: fc.integer({ min: 0, max: imageHeight - 1 }) })
          .chain(({ x, y }) =>
            fc.record({ width: fc.integer({ min: 1, max: imageWidth - x }), height: fc.integer({ min: 1, max: imageHeight - y }) }).chain(({ width, height }) =>
              fc.record({
                imageWidth: fc.constant(imageWidth),
                imageHeight: fc.constant(imageHeight),
                mask: fc.uint8Array({ minLength: width * height, maxLength: width * height, max: 1 }).map((data): BinaryMask => ({ x, y, width, height, data })),
              }),
            ),
          ),
      );

    it('gives back the same inside pixels, compressed and uncompressed', () => {
      fc.assert(
        fc.property(masks, fc.constantFrom('compressed' as const, 'uncompressed' as const), ({ imageWidth, imageHeight, mask }, form) => {
          const rle = encodeRle(mask, imageHeight, imageWidth, form);
          const back = decodeRle(rle);
          assert.deepEqual(inside(back), inside(mask));
          const counts = maskToCounts(mask, imageHeight, imageWidth);
          assert.equal(
            counts.reduce((a, b) => a + b, 0),
            imageWidth * imageHeight,
          );
          assert.equal(rleArea(counts), inside(mask).length);
        }),
      );
    });

    it('reads the string form back to the same run lengths, large and alternating ones included', () => {
      const counts = fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 })), { maxLength: 40 });
      fc.assert(fc.property(counts, (c) => assert.deepEqual(decompressCounts(compressCounts(c)), c)));
    });

    it('decodes to a mask whose box has inside pixels on each of its four edges', () => {
      fc.assert(
        fc.property(masks, ({ imageWidth, imageHeight, mask }) => {
          const back = decodeRle(encodeRle(mask, imageHeight, imageWidth));
          if (back.width === 0) return;
          const at = (x: number, y: number): boolean => back.data[y * back.width + x] !== 0;
          const rows = (y: number): boolean => Array.from({ length: back.width }, (_, x) => at(x, y)).some(Boolean);
          const cols = (x: number): boolean => Array.from({ length: back.height }, (_, y) => at(x, y)).some(Boolean);
          assert.ok(rows(0) && rows(back.height - 1) && cols(0) && cols(back.width - 1));
        }),
      );
    });
  });

  it('reads run lengths from the list form unchanged', () => {
    assert.deepEqual(inside(countsToMask([2, 2, 1, 1], 2, 3)), ['1,0', '1,1', '2,1']);
  });
});
