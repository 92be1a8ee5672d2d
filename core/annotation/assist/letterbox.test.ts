// Letterbox geometry against the numbers Ultralytics’ LetterBox gives for the same sizes (worked
// out by hand with Python’s rounding), and a property-based round trip: a box mapped into the model
// input and back is the same box.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { boxToImage, boxToInput, letterboxGeometry, pyRound } from './letterbox';

describe('letterbox geometry', () => {
  it('rounds like Python: halves to even', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 3.5, 2.4, 2.6, -1.5, 639.9].map(pyRound), [0, 2, 2, 4, 2, 3, -2, 640]);
  });

  it('fits a 1280 × 720 camera frame into 640 × 640 with 140 grey rows above and below', () => {
    assert.deepEqual(letterboxGeometry(1280, 720, 640, 640), {
      imageWidth: 1280, imageHeight: 720, inputWidth: 640, inputHeight: 640, scale: 0.5, width: 640, height: 360, left: 0, top: 140,
    });
  });

  it('fits a 4150 × 4371 detector frame into 640 × 640: 608 columns wide, 16 grey columns on the left', () => {
    const lb = letterboxGeometry(4150, 4371, 640, 640);
    assert.equal(lb.scale, 640 / 4371);
    assert.deepEqual([lb.width, lb.height, lb.left, lb.top], [608, 640, 16, 0]);
  });

  it('puts the odd grey row at the bottom (dh = 106.5 → top 106) and upscales small images', () => {
    const odd = letterboxGeometry(640, 427, 640, 640);
    assert.deepEqual([odd.scale, odd.width, odd.height, odd.left, odd.top], [1, 640, 427, 0, 106]);
    const small = letterboxGeometry(100, 50, 640, 640);
    assert.deepEqual([small.scale, small.width, small.height, small.left, small.top], [6.4, 640, 320, 0, 160]);
  });

  it('rounds the resized width half to even as Python does (2.5 → 2), which moves the padding', () => {
    const lb = letterboxGeometry(5, 8, 4, 4);
    assert.deepEqual([lb.scale, lb.width, lb.height, lb.left, lb.top], [0.5, 2, 4, 1, 0]);
  });

  it('refuses sizes that are not positive integers', () => {
    assert.throws(() => letterboxGeometry(0, 10, 640, 640), /image width must be a positive integer, not 0/);
    assert.throws(() => letterboxGeometry(10, 10, 640, 640.5), /input height/);
  });

  it('clamps a box that reaches into the padding to the image', () => {
    const lb = letterboxGeometry(1280, 720, 640, 640);
    // 100 … 150 input rows: 100 is in the top padding (140 rows), 150 is image row 20.
    assert.deepEqual(boxToImage({ x: -10, y: 100, width: 60, height: 50 }, lb), { x: 0, y: 0, width: 100, height: 20 });
    assert.deepEqual(boxToImage({ x: 600, y: 480, width: 80, height: 30 }, lb), { x: 1200, y: 680, width: 80, height: 40 });
  });

  it('maps any box inside the image to the model input and back to itself', () => {
    const sizes = fc.record({
      w: fc.integer({ min: 1, max: 8000 }),
      h: fc.integer({ min: 1, max: 8000 }),
      iw: fc.integer({ min: 1, max: 40 }).map((k) => k * 32),
      ih: fc.integer({ min: 1, max: 40 }).map((k) => k * 32),
    });
    const fraction = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(sizes, fraction, fraction, fraction, fraction, ({ w, h, iw, ih }, a, b, c, d) => {
        const lb = letterboxGeometry(w, h, iw, ih);
        const box = { x: Math.min(a, b) * w, y: Math.min(c, d) * h, width: Math.abs(a - b) * w, height: Math.abs(c - d) * h };
        const there = boxToInput(box, lb);
        // Inside the resized image, give or take the half pixel its size was rounded by.
        assert.ok(there.x >= lb.left - 1e-6 && there.x + there.width <= lb.left + lb.width + 0.5 + 1e-6);
        assert.ok(there.y >= lb.top - 1e-6 && there.y + there.height <= lb.top + lb.height + 0.5 + 1e-6);
        const back = boxToImage(there, lb);
        const eps = 1e-9 * Math.max(w, h);
        for (const k of ['x', 'y', 'width', 'height'] as const) assert.ok(Math.abs(back[k] - box[k]) <= eps, `${k}: ${back[k]} vs ${box[k]}`);
      }),
      { numRuns: 500 },
    );
  });
});
