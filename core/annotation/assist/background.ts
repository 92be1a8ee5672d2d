// The background under a detector frame's objects: its level and noise, measured tile by tile so
// that gradients (dark current, sky, beam halo) do not become missed spots on one side and noise on
// the other. findSpots thresholds at level + k × noise; floodRegion reads the frame's robust range.
//
// The frame is cut into 64 × 64 tiles; in each, the level is the median and the noise the MAD
// (median absolute deviation from that median) × 1.4826, the standard deviation of a Gaussian with
// that MAD. Both are robust: spots cover a small part of a tile and barely move the median, and hot
// pixels do not inflate the MAD as they would a standard deviation. Each tile is sampled on a
// 16 × 16 grid (every 4th pixel from the 3rd); the tile values are median-filtered 3 × 3 (a tile that
// is mostly one big object takes its neighbours' level) and interpolated bilinearly between tile
// centres. A flat tile (MAD 0) falls back to the standard deviation about its median, a constant one
// to noise 0. Colour frames are measured on their luminance (Rec. 709 weights), alpha ignored.
import type { Raster } from '../raster';

const LUMA = [0.2126, 0.7152, 0.0722];
const GRID = 512;

/** Per-pixel value: grey as stored, colour as luminance; alpha is ignored. */
export function pixelReader(raster: Raster): (i: number) => number {
  const { data, channels } = raster;
  if (channels === 1) return (i) => data[i];
  if (channels === 2) return (i) => data[2 * i];
  return (i) => {
    const o = i * channels;
    return LUMA[0] * data[o] + LUMA[1] * data[o + 1] + LUMA[2] * data[o + 2];
  };
}

// The finite values on a regular grid of at most GRID × GRID pixels, sorted.
export function sampleGrid(raster: Raster, read: (i: number) => number): Float64Array {
  return sampleRect(raster.width, read, 0, 0, raster.width, raster.height, Math.max(1, Math.ceil(raster.width / GRID)), Math.max(1, Math.ceil(raster.height / GRID))).sort();
}

// The finite values of a rectangle on a grid of steps sx, sy (centred in each step), unsorted.
function sampleRect(w: number, read: (i: number) => number, x0: number, y0: number, x1: number, y1: number, sx: number, sy: number): Float64Array {
  const out = new Float64Array(Math.ceil((x1 - x0) / sx) * Math.ceil((y1 - y0) / sy));
  let n = 0;
  for (let y = y0 + Math.min(Math.floor(sy / 2), y1 - y0 - 1); y < y1; y += sy) {
    for (let x = x0 + Math.min(Math.floor(sx / 2), x1 - x0 - 1); x < x1; x += sx) {
      const v = read(y * w + x);
      if (Number.isFinite(v)) out[n++] = v;
    }
  }
  return out.subarray(0, n);
}

export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

// The median by quickselect (Hoare partitioning, middle pivot), reordering `a` in place: linear
// time, where sorting each of the thousands of tiles of a large frame would dominate findSpots.
function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return 0;
  const kth = (k: number, lo: number, hi: number): number => {
    while (lo < hi) {
      const pivot = a[(lo + hi) >> 1];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) {
          const t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k];
    }
    return a[k];
  };
  const m = n >> 1;
  const upper = kth(m, 0, n - 1);
  if (n % 2 === 1) return upper;
  // Everything before m is now ≤ a[m]: the lower middle value is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < m; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

// Median and robust sigma of samples, which it reorders (see the header for the flat-tile fallback).
function robustStats(samples: Float64Array): [number, number] {
  const median = medianInPlace(samples);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const d = samples[i] - median;
    sum += d * d;
    samples[i] = Math.abs(d);
  }
  let sigma = 1.4826 * medianInPlace(samples);
  if (sigma === 0 && samples.length > 1) sigma = Math.sqrt(sum / (samples.length - 1));
  return [median, sigma];
}

const TILE = 64;

/** Background and noise levels on a mesh of tiles, interpolated between tile centres. */
export class BackgroundMesh {
  readonly nx: number;
  readonly ny: number;
  readonly level: Float64Array;
  readonly noise: Float64Array;
  // Per image column: the two mesh columns around it and the weight of the second.
  private readonly cx0: Int32Array;
  private readonly cx1: Int32Array;
  private readonly cfx: Float64Array;
  private readonly along: Float64Array;

  constructor(raster: Raster, read: (i: number) => number) {
    const { width: w, height: h } = raster;
    this.nx = Math.ceil(w / TILE);
    this.ny = Math.ceil(h / TILE);
    const level = new Float64Array(this.nx * this.ny);
    const noise = new Float64Array(this.nx * this.ny);
    const step = Math.max(1, Math.floor(TILE / 16));
    for (let ty = 0; ty < this.ny; ty++) {
      for (let tx = 0; tx < this.nx; tx++) {
        const x0 = tx * TILE;
        const y0 = ty * TILE;
        const [m, s] = robustStats(sampleRect(w, read, x0, y0, Math.min(w, x0 + TILE), Math.min(h, y0 + TILE), step, step));
        level[ty * this.nx + tx] = m;
        noise[ty * this.nx + tx] = s;
      }
    }
    this.level = medianFilter3(level, this.nx, this.ny);
    this.noise = medianFilter3(noise, this.nx, this.ny);
    const taps = meshTaps(w, this.nx);
    this.cx0 = taps.i0;
    this.cx1 = taps.i1;
    this.cfx = taps.f;
    this.along = new Float64Array(this.nx);
  }

  /** Background + k × noise for every pixel of row y. */
  thresholdRow(y: number, k: number, out: Float64Array): void {
    // Interpolate the mesh to this row first (a value per mesh column), then along the row: the
    // per-pixel work of the scan is one blend.
    const [r0, r1, fy] = this.rowTap(y);
    const along = this.along;
    for (let t = 0; t < this.nx; t++) {
      along[t] = (1 - fy) * (this.level[r0 + t] + k * this.noise[r0 + t]) + fy * (this.level[r1 + t] + k * this.noise[r1 + t]);
    }
    for (let x = 0; x < out.length; x++) {
      const a = along[this.cx0[x]];
      out[x] = a + this.cfx[x] * (along[this.cx1[x]] - a);
    }
  }

  /** Background + k × noise at one pixel (k = 0: the background). */
  thresholdAt(x: number, y: number, k: number): number {
    const [r0, r1, fy] = this.rowTap(y);
    const a = this.cx0[x];
    const b = this.cx1[x];
    const fx = this.cfx[x];
    const { level: l, noise: n } = this;
    const top = (1 - fx) * (l[r0 + a] + k * n[r0 + a]) + fx * (l[r0 + b] + k * n[r0 + b]);
    const bottom = (1 - fx) * (l[r1 + a] + k * n[r1 + a]) + fx * (l[r1 + b] + k * n[r1 + b]);
    return (1 - fy) * top + fy * bottom;
  }

  private rowTap(y: number): [number, number, number] {
    const pos = (y + 0.5) / TILE - 0.5;
    const t = Math.max(0, Math.min(this.ny - 1, Math.floor(pos)));
    const f = Math.max(0, Math.min(1, pos - t));
    return [t * this.nx, Math.min(t + 1, this.ny - 1) * this.nx, this.ny === 1 ? 0 : f];
  }
}

// Mesh columns around each image column: tile centres at (t + 0.5) × TILE, clamped at the edges.
function meshTaps(w: number, n: number): { i0: Int32Array; i1: Int32Array; f: Float64Array } {
  const i0 = new Int32Array(w);
  const i1 = new Int32Array(w);
  const f = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    const pos = (x + 0.5) / TILE - 0.5;
    const t = Math.max(0, Math.min(n - 1, Math.floor(pos)));
    i0[x] = t;
    i1[x] = Math.min(t + 1, n - 1);
    f[x] = n === 1 ? 0 : Math.max(0, Math.min(1, pos - t));
  }
  return { i0, i1, f };
}

// A 3 × 3 median over the mesh, the edge tiles repeated outwards: a half window at the border would
// average a tile with its inner neighbour and shift a gradient there by half a tile.
function medianFilter3(values: Float64Array, nx: number, ny: number): Float64Array {
  const out = new Float64Array(values.length);
  const window = new Float64Array(9);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = Math.min(ny - 1, Math.max(0, y + dy));
        for (let dx = -1; dx <= 1; dx++) window[n++] = values[yy * nx + Math.min(nx - 1, Math.max(0, x + dx))];
      }
      out[y * nx + x] = window.sort()[4];
    }
  }
  return out;
}

/** The frame's typical background level and noise: the medians over the tile mesh. */
export function backgroundStats(raster: Raster): { background: number; noise: number } {
  checkRaster(raster);
  const mesh = new BackgroundMesh(raster, pixelReader(raster));
  return { background: quantile(mesh.level.slice().sort(), 0.5), noise: quantile(mesh.noise.slice().sort(), 0.5) };
}

export function checkRaster(raster: Raster): void {
  const { width: w, height: h, channels, data } = raster;
  if (!(w > 0 && h > 0)) throw new RangeError(`the image is empty (${w} × ${h})`);
  if (data.length < w * h * channels) throw new RangeError(`raster data holds ${data.length} samples, expected ${w} × ${h} × ${channels}`);
}
