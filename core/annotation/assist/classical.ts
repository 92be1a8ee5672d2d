// Assists that need no model: finding bright spots (Bragg peaks, hits, stars) by a noise-aware
// threshold, and flood-filling a region from a click into a polygon. They work on the samples as
// stored (16-bit, 32-bit, float), because a detector frame squashed to 8 bits loses the faint spots
// these are for, and they run on whole 18-megapixel frames in the extension host, so everything is
// typed arrays and explicit queues, never recursion.
//
// Spot threshold (when none is given): local background + k × local noise, k = 5 by default, from
// the tile mesh of background.ts (median and 1.4826 × MAD per 64 × 64 tile, interpolated). Colour
// frames are thresholded on their luminance (Rec. 709 weights).
import type { BinaryMask } from '../mask';
import { type Polygon, traceOutlines } from '../outline';
import type { Raster } from '../raster';
import { BackgroundMesh, checkRaster, pixelReader, quantile, sampleGrid } from './background';
import type { Box } from './letterbox';

export interface SpotOptions {
  /** An explicit threshold in sample units (luminance for colour), the same everywhere; replaces the automatic one. */
  readonly threshold?: number;
  /** Sigmas above the background for the automatic threshold (default 5). */
  readonly k?: number;
  /** Components with fewer pixels are noise or hot pixels (default 4). */
  readonly minArea?: number;
}

export interface Spot {
  /** The bounding box of the spot's pixels above the threshold, in image pixels. */
  readonly box: Box;
  /** Pixels above the threshold. */
  readonly area: number;
  /** The highest value in the spot. */
  readonly peak: number;
  /** The centroid weighted by value − local background, in image pixel coordinates. */
  readonly centroid: { readonly x: number; readonly y: number };
}

export interface SpotResult {
  /** Brightest first. */
  readonly spots: Spot[];
  /** The explicit threshold, or the automatic one where the background is at its median. */
  readonly threshold: number;
  /** Median background level and noise over the tiles. */
  readonly background: number;
  readonly noise: number;
}

export interface FloodOptions {
  /**
   * How far (in sample units) a pixel may differ from the seed's value and join the region; every
   * colour channel must be within it. Default: 10 % of the frame's robust range (its 0.1st to 99.9th
   * percentile), so a saturated hot pixel does not widen it.
   */
  readonly tolerance?: number;
  /**
   * The tolerance as a fraction of that robust range instead (the editor's fill slider: 0.1 is the
   * default); ignored when `tolerance` is given.
   */
  readonly relativeTolerance?: number;
  /** Douglas–Peucker tolerance of the polygon, in pixels (default 0.5, see outline.ts). */
  readonly simplify?: number;
}

export interface FloodResult {
  readonly mask: BinaryMask;
  /** The region's outer outline in image pixel-corner coordinates (holes ignored). */
  readonly polygon: Polygon;
  /** Pixels in the region. */
  readonly area: number;
  readonly tolerance: number;
}

// A FIFO of pixel indices in a ring that doubles when full: it holds a component's frontier.
class PixelQueue {
  private ring = new Int32Array(1024);
  private head = 0;
  size = 0;

  push(v: number): void {
    if (this.size === this.ring.length) {
      const grown = new Int32Array(this.ring.length * 2);
      for (let k = 0; k < this.size; k++) grown[k] = this.ring[(this.head + k) & (this.ring.length - 1)];
      this.ring = grown;
      this.head = 0;
    }
    this.ring[(this.head + this.size) & (this.ring.length - 1)] = v;
    this.size++;
  }

  shift(): number {
    const v = this.ring[this.head];
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.size--;
    return v;
  }
}

/** Bright spots: 8-connected components above the threshold, one box each, brightest first. */
export function findSpots(raster: Raster, options: SpotOptions = {}): SpotResult {
  checkRaster(raster);
  const { width: w, height: h } = raster;
  const read = pixelReader(raster);
  const mesh = new BackgroundMesh(raster, read);
  const background = quantile(mesh.level.slice().sort(), 0.5);
  const noise = quantile(mesh.noise.slice().sort(), 0.5);
  const k = options.k ?? 5;
  const fixed = options.threshold;
  const minArea = options.minArea ?? 4;
  // The threshold of the current row (computed once a row), and of any pixel a component reaches.
  const rowThreshold = new Float64Array(w).fill(fixed ?? 0);
  const thresholdAt = (x: number, y: number): number => (fixed !== undefined ? fixed : mesh.thresholdAt(x, y, k));
  const seen = new Uint8Array(w * h);
  const queue = new PixelQueue();
  const spots: Spot[] = [];
  // One component, breadth first from its first pixel; small spots are dropped here.
  const grow = (start: number): void => {
    seen[start] = 1;
    queue.push(start);
    let area = 0;
    let x0 = w;
    let y0 = h;
    let x1 = -1;
    let y1 = -1;
    let peak = -Infinity;
    let sw = 0;
    let swx = 0;
    let swy = 0;
    while (queue.size > 0) {
      const p = queue.shift();
      const x = p % w;
      const y = (p - x) / w;
      const v = read(p);
      area++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (v > peak) peak = v;
      const weight = v - mesh.thresholdAt(x, y, 0);
      sw += weight;
      swx += weight * (x + 0.5);
      swy += weight * (y + 0.5);
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (seen[q] === 0 && read(q) > thresholdAt(xx, yy)) {
            seen[q] = 1;
            queue.push(q);
          }
        }
      }
    }
    if (area < minArea) return;
    const centroid = sw > 0 ? { x: swx / sw, y: swy / sw } : { x: (x0 + x1 + 1) / 2, y: (y0 + y1 + 1) / 2 };
    spots.push({ box: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }, area, peak, centroid });
  };
  // The scan is the hot loop (every pixel of the frame): grey frames are read directly.
  const grey = raster.channels === 1 ? raster.data : undefined;
  for (let y = 0; y < h; y++) {
    if (fixed === undefined) mesh.thresholdRow(y, k, rowThreshold);
    const row = y * w;
    if (grey) {
      for (let x = 0; x < w; x++) if (grey[row + x] > rowThreshold[x] && seen[row + x] === 0) grow(row + x);
    } else {
      for (let x = 0; x < w; x++) if (read(row + x) > rowThreshold[x] && seen[row + x] === 0) grow(row + x);
    }
  }
  spots.sort((a, b) => b.peak - a.peak);
  return { spots, threshold: fixed ?? background + k * noise, background, noise };
}

/**
 * The 4-connected region around a clicked pixel whose values are within the tolerance of the seed
 * pixel's, as a mask and its outline. A scanline fill: a run of pixels per step and a stack of runs
 * to look at above and below, so the work is one pass over the region whatever its shape.
 */
export function floodRegion(raster: Raster, seedX: number, seedY: number, options: FloodOptions = {}): FloodResult {
  checkRaster(raster);
  const { width: w, height: h, data, channels } = raster;
  const sx = Math.floor(seedX);
  const sy = Math.floor(seedY);
  if (!(sx >= 0 && sy >= 0 && sx < w && sy < h)) throw new RangeError(`the seed (${seedX}, ${seedY}) is outside the ${w} × ${h} image`);
  let tolerance = options.tolerance;
  if (tolerance === undefined) {
    const sorted = sampleGrid(raster, pixelReader(raster));
    tolerance = (options.relativeTolerance ?? 0.1) * (quantile(sorted, 0.999) - quantile(sorted, 0.001));
  }
  const tol = tolerance;
  const colours = channels >= 3 ? 3 : 1;
  const seedAt = (sy * w + sx) * channels;
  const seed = Array.from({ length: colours }, (_v, c) => data[seedAt + c]);
  const matches = (p: number): boolean => {
    const o = p * channels;
    for (let c = 0; c < colours; c++) {
      const v = data[o + c];
      // A NaN seed gathers the NaN region around it; otherwise NaN never matches.
      if (Number.isNaN(seed[c]) ? !Number.isNaN(v) : !(Math.abs(v - seed[c]) <= tol)) return false;
    }
    return true;
  };
  const filled = new Uint8Array(w * h);
  let stack = new Int32Array(1024);
  let top = 0;
  const push = (p: number): void => {
    if (top === stack.length) {
      const grown = new Int32Array(stack.length * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[top++] = p;
  };
  let x0 = sx;
  let x1 = sx;
  let y0 = sy;
  let y1 = sy;
  let area = 0;
  // Pushes one seed per run of fillable pixels in row y between columns l and r.
  const scanRow = (y: number, l: number, r: number): void => {
    let inRun = false;
    for (let x = l; x <= r; x++) {
      const p = y * w + x;
      const open = filled[p] === 0 && matches(p);
      if (open && !inRun) push(p);
      inRun = open;
    }
  };
  push(sy * w + sx);
  while (top > 0) {
    const p = stack[--top];
    if (filled[p] !== 0) continue;
    const y = Math.floor(p / w);
    const rowStart = y * w;
    let l = p - rowStart;
    let r = l;
    while (l > 0 && filled[rowStart + l - 1] === 0 && matches(rowStart + l - 1)) l--;
    while (r < w - 1 && filled[rowStart + r + 1] === 0 && matches(rowStart + r + 1)) r++;
    filled.fill(1, rowStart + l, rowStart + r + 1);
    area += r - l + 1;
    if (l < x0) x0 = l;
    if (r > x1) x1 = r;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (y > 0) scanRow(y - 1, l, r);
    if (y < h - 1) scanRow(y + 1, l, r);
  }
  const mw = x1 - x0 + 1;
  const mh = y1 - y0 + 1;
  const maskData = new Uint8Array(mw * mh);
  for (let y = 0; y < mh; y++) maskData.set(filled.subarray((y + y0) * w + x0, (y + y0) * w + x0 + mw), y * mw);
  const mask: BinaryMask = { x: x0, y: y0, width: mw, height: mh, data: maskData };
  // A 4-connected region is one 8-connected component: one outline.
  const [polygon] = traceOutlines(mask, { tolerance: options.simplify ?? 0.5 });
  return { mask, polygon, area, tolerance: tol };
}
