// The background mesh under findSpots: exact medians and MADs of the sampled pixels (a property over
// random tiles, ties included), a gradient followed from tile to tile, a tile filled by one big
// object taking its neighbours' level, and the flat-frame fallbacks.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Raster } from '../raster';
import { BackgroundMesh, backgroundStats, pixelReader } from './background';

function grey16(width: number, height: number, value: (x: number, y: number) => number): Raster {
  const data = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { width, height, channels: 1, data, bitDepth: 16, sampleFormat: 'uint' };
}

describe('background mesh', () => {
  it('takes the exact median and MAD of a tile’s samples (every 4th pixel from the 3rd), odd and even counts alike', () => {
    const size = fc.integer({ min: 1, max: 64 });
    fc.assert(
      fc.property(size, size, fc.infiniteStream(fc.integer({ min: 0, max: 9 })), (w, h, values) => {
        const data = Uint16Array.from({ length: w * h }, () => values.next().value as number);
        const samples: number[] = [];
        for (let y = Math.min(2, h - 1); y < h; y += 4) for (let x = Math.min(2, w - 1); x < w; x += 4) samples.push(data[y * w + x]);
        const median = (v: number[]): number => {
          const s = [...v].sort((a, b) => a - b);
          const m = s.length >> 1;
          return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
        };
        const mid = median(samples);
        const mad = median(samples.map((v) => Math.abs(v - mid)));
        const stats = backgroundStats({ width: w, height: h, channels: 1, data, bitDepth: 16, sampleFormat: 'uint' });
        assert.equal(stats.background, mid);
        if (mad > 0) assert.ok(Math.abs(stats.noise - 1.4826 * mad) < 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('follows a gradient across the frame from tile to tile', () => {
    // 1000 → 1639 ADU from left to right, with a ±3 ADU checkerboard for noise.
    const r = grey16(640, 256, (x, y) => 1000 + x + ((x + y) % 2 ? 3 : -3));
    const mesh = new BackgroundMesh(r, pixelReader(r));
    for (const x of [40, 100, 333, 600]) {
      for (const y of [40, 128, 200]) assert.ok(Math.abs(mesh.thresholdAt(x, y, 0) - (1000 + x)) <= 4, `level at (${x}, ${y}): ${mesh.thresholdAt(x, y, 0)}`);
    }
    const row = new Float64Array(640);
    mesh.thresholdRow(128, 5, row);
    assert.ok(Math.abs(row[333] - mesh.thresholdAt(333, 128, 5)) < 1e-9, 'a row and a pixel agree');
  });

  it('gives a tile covered by one big object the level of the tiles around it', () => {
    // A 64 × 64 block at 9000 ADU fills tile (2, 2) of a 320 × 320 frame at 1000 ± 5.
    const r = grey16(320, 320, (x, y) => (x >= 128 && x < 192 && y >= 128 && y < 192 ? 9000 : 1000 + ((x * 7 + y * 13) % 11) - 5));
    const mesh = new BackgroundMesh(r, pixelReader(r));
    assert.ok(Math.abs(mesh.thresholdAt(160, 160, 0) - 1000) < 5, `level under the object: ${mesh.thresholdAt(160, 160, 0)}`);
  });

  it('falls back to the standard deviation on a two-level frame, and to 0 on a constant one', () => {
    // More than half the samples at 100: MAD 0, but the frame is not flat.
    const r = grey16(64, 64, (x, y) => ((x >> 2) + (y >> 2)) % 3 === 0 ? 130 : 100);
    const { background, noise } = backgroundStats(r);
    assert.equal(background, 100);
    assert.ok(noise > 5 && noise < 30, `noise ${noise}`);
    assert.deepEqual(backgroundStats(grey16(10, 10, () => 7)), { background: 7, noise: 0 });
  });
});
