// Model-free assists on synthetic frames with known content: a 16-bit frame of Gaussian spots on a
// noisy, sloped background with hot pixels (every spot found, centred, nothing else), the same on
// float and RGB frames, and flood fills of a known disc (area within 2 %, holes ignored).
import * as assert from 'node:assert/strict';
import { polygonArea } from '../outline';
import type { Raster } from '../raster';
import { backgroundStats } from './background';
import { findSpots, floodRegion } from './classical';

// A small deterministic generator (mulberry32) and Gaussian noise by Box–Muller.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

interface TrueSpot {
  x: number;
  y: number;
  sigma: number;
  amplitude: number;
}

const NOISE = 20;

// 600 × 400, background 1000 ADU with a 10 % slope across, read noise 20 ADU, 14 spots of σ 1.2…3 px
// with peaks from 12 σ to 150 σ at sub-pixel positions, and five single hot pixels (saturated).
function spotFrame(seed = 7): { values: Float64Array; width: number; height: number; spots: TrueSpot[] } {
  const width = 600;
  const height = 400;
  const u = rng(seed);
  const g = gaussian(u);
  const spots: TrueSpot[] = [];
  while (spots.length < 14) {
    const s = { x: 20 + u() * (width - 40), y: 20 + u() * (height - 40), sigma: 1.2 + u() * 1.8, amplitude: NOISE * (12 + u() * 138) };
    if (spots.every((o) => Math.hypot(o.x - s.x, o.y - s.y) > 30)) spots.push(s);
  }
  const values = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 1000 * (1 + (0.1 * x) / width) + NOISE * g();
      for (const s of spots) {
        const dx = x + 0.5 - s.x;
        const dy = y + 0.5 - s.y;
        if (dx * dx + dy * dy < 100 * s.sigma * s.sigma) v += s.amplitude * Math.exp(-(dx * dx + dy * dy) / (2 * s.sigma * s.sigma));
      }
      values[y * width + x] = v;
    }
  }
  for (let k = 0; k < 5; k++) values[Math.floor(u() * height) * width + Math.floor(u() * width)] = 65535;
  return { values, width, height, spots };
}

function uint16(values: Float64Array, width: number, height: number): Raster {
  return { width, height, channels: 1, data: Uint16Array.from(values, (v) => Math.max(0, Math.min(65535, Math.round(v)))), bitDepth: 16, sampleFormat: 'uint' };
}

function assertFindsExactly(found: ReturnType<typeof findSpots>, truth: TrueSpot[]): void {
  assert.equal(found.spots.length, truth.length, `found ${found.spots.length} spots for ${truth.length}`);
  for (const t of truth) {
    const near = found.spots.filter((s) => Math.hypot(s.box.x + s.box.width / 2 - t.x, s.box.y + s.box.height / 2 - t.y) <= 1);
    assert.equal(near.length, 1, `one box centred within 1 px of the spot at (${t.x.toFixed(2)}, ${t.y.toFixed(2)})`);
    assert.ok(Math.hypot(near[0].centroid.x - t.x, near[0].centroid.y - t.y) < 0.3, 'the weighted centroid is closer still');
  }
}

describe('model-free assists', () => {
  it('estimates the background and the noise of a spotted, sloped 16-bit frame robustly', () => {
    const f = spotFrame();
    const { background, noise } = backgroundStats(uint16(f.values, f.width, f.height));
    // The slope runs from 1000 to 1100 ADU; tile by tile it barely adds to the noise.
    assert.ok(Math.abs(background - 1050) < 5, `background ${background}`);
    assert.ok(Math.abs(noise - NOISE) < 0.15 * NOISE, `noise ${noise}`);
  });

  it('finds every Gaussian spot of a noisy 16-bit frame, box centres within 1 px, and no hot pixel or noise', () => {
    const f = spotFrame();
    const found = findSpots(uint16(f.values, f.width, f.height));
    assertFindsExactly(found, f.spots);
    assert.ok(found.spots.every((s, i) => i === 0 || found.spots[i - 1].peak >= s.peak), 'brightest first');
    // Another noise draw, the same result.
    const g = spotFrame(99);
    assertFindsExactly(findSpots(uint16(g.values, g.width, g.height)), g.spots);
  });

  it('finds the same spots in a float frame with negative values and NaNs, and in an 8-bit RGB frame by luminance', () => {
    const f = spotFrame(3);
    const shifted = Float32Array.from(f.values, (v) => (v - 1200) / 1000);
    for (let k = 0; k < 50; k++) shifted[k * 97] = NaN;
    assertFindsExactly(findSpots({ width: f.width, height: f.height, channels: 1, data: shifted, bitDepth: 32, sampleFormat: 'float' }), f.spots);
    // Green spots on a grey-blue 8-bit background: 1 ADU → 0.05 levels, noise 1 level.
    const rgb = new Uint8Array(f.width * f.height * 3);
    f.values.forEach((v, i) => {
      const level = Math.min(255, Math.max(0, Math.round(40 + (v - 1000) / 20)));
      rgb.set([40, level, 60], i * 3);
    });
    const found = findSpots({ width: f.width, height: f.height, channels: 3, data: rgb, bitDepth: 8, sampleFormat: 'uint' });
    assertFindsExactly(found, f.spots);
  });

  it('takes an explicit threshold and minimum area', () => {
    const data = new Uint16Array(100);
    [11, 12, 21, 22, 77].forEach((i) => (data[i] = 500));
    const r: Raster = { width: 10, height: 10, channels: 1, data, bitDepth: 16, sampleFormat: 'uint' };
    assert.deepEqual(findSpots(r, { threshold: 100 }).spots.map((s) => s.box), [{ x: 1, y: 1, width: 2, height: 2 }]);
    assert.equal(findSpots(r, { threshold: 100, minArea: 1 }).spots.length, 2);
    assert.equal(findSpots(r, { threshold: 500 }).spots.length, 0);
  });

  it('flood-fills a bright disc from a click into a polygon within 2 % of its area, ignoring a hole in it', () => {
    const width = 300;
    const height = 200;
    const g = gaussian(rng(11));
    const values = new Float64Array(width * height);
    const [cx, cy, radius] = [140.3, 95.7, 40];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= radius;
        const hole = Math.hypot(x + 0.5 - 150, y + 0.5 - 90) <= 5;
        values[y * width + x] = (inside && !hole ? 5000 : 1000) + NOISE * g();
      }
    }
    const r = uint16(values, width, height);
    const flood = floodRegion(r, 130.4, 100.9);
    const disc = Math.PI * radius * radius;
    assert.ok(Math.abs(polygonArea(flood.polygon) - disc) / disc < 0.02, `polygon area ${polygonArea(flood.polygon)} for a disc of ${disc.toFixed(1)}`);
    assert.ok(flood.tolerance > 6 * NOISE && flood.tolerance < 4000 / 2, `tolerance ${flood.tolerance}`);
    assert.deepEqual([flood.mask.x, flood.mask.y, flood.mask.width, flood.mask.height], [100, 56, 80, 80]);
    assert.ok(flood.area < disc - 60, 'the hole’s pixels are not in the mask, yet the polygon covers them');
    // A tight explicit tolerance stops at the noise: a small ragged region around the seed.
    assert.ok(floodRegion(r, 130, 100, { tolerance: 2 }).area < 50);
    // The editor's slider gives a fraction of the robust range: 0.1 is the default, 0.001 stops at the noise.
    assert.equal(floodRegion(r, 130.4, 100.9, { relativeTolerance: 0.1 }).tolerance, flood.tolerance);
    assert.ok(floodRegion(r, 130.4, 100.9, { relativeTolerance: 0.001 }).area < 50);
  });

  it('floods a colour region only where every channel is within the tolerance', () => {
    // Left half red, right half green with the same luminance-ish brightness; a click on red stays red.
    const w = 20;
    const h = 10;
    const data = new Uint8Array(w * h * 3);
    for (let i = 0; i < w * h; i++) data.set(i % w < 8 ? [200, 30, 30] : [30, 200, 30], i * 3);
    const flood = floodRegion({ width: w, height: h, channels: 3, data, bitDepth: 8, sampleFormat: 'uint' }, 3, 3, { tolerance: 20 });
    assert.equal(flood.area, 80);
    assert.deepEqual(flood.polygon.map((p) => p.join(',')).sort(), ['0,0', '0,10', '8,0', '8,10']);
  });

  it('refuses a seed outside the image', () => {
    const r: Raster = { width: 4, height: 4, channels: 1, data: new Uint8Array(16), bitDepth: 8, sampleFormat: 'uint' };
    assert.throws(() => floodRegion(r, 4, 0), /the seed \(4, 0\) is outside the 4 × 4 image/);
    assert.throws(() => floodRegion(r, -0.5, 1), /outside/);
  });
});
