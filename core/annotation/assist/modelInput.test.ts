// The detector input tensor: resampled values against OpenCV’s INTER_LINEAR results for the same
// tiny images, the grey padding, RGB plane order, alpha dropped, grey replicated, and the
// normalisation contract (÷255 for 8-bit, min–max for 16-bit and float, NaN as the minimum).
import * as assert from 'node:assert/strict';
import type { Raster } from '../raster';
import { inputScaling, linearTaps, rasterToModelInput } from './modelInput';

const PAD = Math.fround(114 / 255);

function raster(width: number, height: number, channels: Raster['channels'], data: Raster['data'], bitDepth = 8, sampleFormat: Raster['sampleFormat'] = 'uint'): Raster {
  return { width, height, channels, data, bitDepth, sampleFormat };
}

// One plane of the tensor as rows of numbers, scaled back by `unit` and rounded to 1e-4.
function planeRows(t: Float32Array, plane: number, w: number, h: number, unit = 1): number[][] {
  return Array.from({ length: h }, (_v, y) => Array.from(t.subarray(plane * w * h + y * w, plane * w * h + (y + 1) * w), (v) => Math.round((v * unit) / 1e-4) * 1e-4));
}

describe('detector input tensor', () => {
  it('samples as cv2.resize INTER_LINEAR does: half-pixel centres, clamped edges', () => {
    // cv2.resize(np.array([[0, 10, 20, 30]]), (2, 1)) gives [5, 25]; (2 → 4) gives [0, 25, 75, 100] for [0, 100].
    const down = linearTaps(4, 2);
    assert.deepEqual([[...down.i0], [...down.i1], [...down.f]], [[0, 2], [1, 3], [0.5, 0.5]]);
    const up = linearTaps(2, 4);
    assert.deepEqual([[...up.i0], [...up.i1], [...up.f]], [[0, 0, 0, 1], [1, 1, 1, 1], [0, 0.25, 0.75, 0]]);
  });

  it('upscales a 2 × 2 grey 8-bit image to the 4 × 4 grid OpenCV gives, replicated to R, G and B', () => {
    const input = rasterToModelInput(raster(2, 2, 1, Uint8Array.from([0, 100, 100, 200])), 4, 4);
    assert.deepEqual(input.dims, [1, 3, 4, 4]);
    const expected = [
      [0, 25, 75, 100],
      [25, 50, 100, 125],
      [75, 100, 150, 175],
      [100, 125, 175, 200],
    ];
    for (let c = 0; c < 3; c++) assert.deepEqual(planeRows(input.data, c, 4, 4, 255), expected);
  });

  it('pads with grey 114 around the letterboxed image and keeps R, G, B planes in that order', () => {
    // A 4 × 2 RGBA image, red with alpha 0 (alpha is dropped), into 8 × 8: scale 2, rows 2 … 5.
    const px = [255, 0, 0, 0];
    const input = rasterToModelInput(raster(4, 2, 4, Uint8Array.from({ length: 32 }, (_v, i) => px[i % 4])), 8, 8);
    assert.deepEqual([input.letterbox.top, input.letterbox.height, input.letterbox.left], [2, 4, 0]);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 8; y++) {
        const want = y < 2 || y >= 6 ? PAD : c === 0 ? 1 : 0;
        for (let x = 0; x < 8; x++) assert.equal(input.data[c * 64 + y * 8 + x], want, `plane ${c} (${x}, ${y})`);
      }
    }
  });

  it('rounds 8-bit interpolation to whole levels as OpenCV’s 8-bit resize does', () => {
    // [0, 1] → 4 wide: 0, 0.25, 0.75, 1 → levels 0, 0, 1, 1.
    const input = rasterToModelInput(raster(2, 1, 1, Uint8Array.from([0, 1])), 4, 2);
    assert.deepEqual(planeRows(input.data, 0, 4, 2, 255)[0], [0, 0, 1, 1]);
  });

  it('scales 16-bit frames from their minimum to their maximum, whatever the format’s range', () => {
    const frame = raster(2, 1, 1, Uint16Array.from([1000, 5000]), 16);
    assert.deepEqual(inputScaling(frame), { offset: 1000, factor: 1 / 4000, kind: 'min-max' });
    const input = rasterToModelInput(frame, 4, 2);
    assert.deepEqual(planeRows(input.data, 2, 4, 2)[0], [0, 0.25, 0.75, 1]);
  });

  it('scales 16-bit RGB with one range over R, G and B (colours keep their ratios), alpha excluded', () => {
    const frame = raster(1, 1, 4, Uint16Array.from([100, 300, 500, 65535]), 16);
    assert.deepEqual(inputScaling(frame), { offset: 100, factor: 1 / 400, kind: 'min-max' });
    const input = rasterToModelInput(frame, 1, 1);
    assert.deepEqual([...input.data], [0, 0.5, 1]);
  });

  it('reads NaN and infinities in float frames as the minimum, and a constant frame as 0', () => {
    const frame = raster(4, 1, 1, Float32Array.from([-2, NaN, 6, Infinity]), 32, 'float');
    assert.deepEqual(inputScaling(frame), { offset: -2, factor: 1 / 8, kind: 'min-max' });
    const input = rasterToModelInput(frame, 4, 4);
    assert.equal(input.letterbox.top, 1);
    assert.deepEqual(planeRows(input.data, 0, 4, 4)[1], [0, 0, 1, 0]);
    const flat = rasterToModelInput(raster(2, 2, 1, Int32Array.from([7, 7, 7, 7]), 32, 'int'), 2, 4);
    assert.deepEqual(planeRows(flat.data, 1, 2, 4), [[PAD, PAD], [0, 0], [0, 0], [PAD, PAD]].map((r) => r.map((v) => Math.round(v / 1e-4) * 1e-4)));
  });

  it('refuses a raster whose data is shorter than its size says', () => {
    assert.throws(() => rasterToModelInput(raster(4, 4, 3, new Uint8Array(10)), 640, 640), /expected 4 × 4 × 3/);
  });
});
