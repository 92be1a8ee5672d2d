// Display windowing of a frame: which sample values map to black and white (or to a colour map's
// ends), linear, logarithmic or gamma in between. It reads the samples and writes RGBA for the screen;
// the samples are never changed, so a 16-bit or float frame keeps every value for the labels, the
// assists and the status line. A percentile window (auto) comes from a sorted sample of the frame.
import { VIRIDIS } from '../../core/text/viridis';

export type Scale = 'linear' | 'log' | 'gamma';
export type ColourMap = 'grey' | 'inverted' | 'viridis' | 'hot';

export interface DisplayWindow {
  readonly low: number;
  readonly high: number;
  readonly scale: Scale;
  /** The exponent of the gamma scale (t^gamma; below 1 brightens faint values). */
  readonly gamma: number;
  readonly colourMap: ColourMap;
}

export interface FrameSamples {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly samples: ArrayLike<number>;
}

export interface FrameStats {
  readonly min: number;
  readonly max: number;
  /** Finite samples counted (NaN and ±Infinity in a float frame are left out). */
  readonly count: number;
  /** Up to SAMPLED finite values, evenly strided over the frame, sorted: exact enough for percentiles. */
  readonly sorted: Float64Array;
}

/** Values kept for percentiles: a quarter million, sorted in a few tens of milliseconds. */
export const SAMPLED = 262_144;

/** Luminance of RGB(A), or the grey channel: what windows and statistics of a frame are about. */
function sampleAt(f: FrameSamples, pixel: number): number {
  const s = f.samples;
  if (f.channels <= 2) return s[pixel * f.channels];
  const i = pixel * f.channels;
  return 0.299 * s[i] + 0.587 * s[i + 1] + 0.114 * s[i + 2];
}

export function frameStats(f: FrameSamples): FrameStats {
  const n = f.width * f.height;
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (let p = 0; p < n; p++) {
    const v = sampleAt(f, p);
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    count++;
  }
  const stride = Math.max(1, Math.floor(n / SAMPLED));
  const kept: number[] = [];
  for (let p = 0; p < n; p += stride) {
    const v = sampleAt(f, p);
    if (Number.isFinite(v)) kept.push(v);
  }
  const sorted = Float64Array.from(kept).sort();
  return count === 0 ? { min: 0, max: 0, count, sorted } : { min, max, count, sorted };
}

/** The value below which `fraction` (0…1) of the (sampled) finite values lie, interpolated by rank. */
export function percentile(stats: FrameStats, fraction: number): number {
  const s = stats.sorted;
  if (s.length === 0) return 0;
  const at = Math.max(0, Math.min(1, fraction)) * (s.length - 1);
  const i = Math.floor(at);
  return i + 1 < s.length ? s[i] + (s[i + 1] - s[i]) * (at - i) : s[i];
}

/**
 * The automatic window: the 0.5th to the 99.8th percentile, so that a few hot or masked pixels (an
 * Eiger frame's 2^32−1) do not squash everything else into black.
 */
export function autoWindow(stats: FrameStats): { low: number; high: number } {
  const low = percentile(stats, 0.005);
  let high = percentile(stats, 0.998);
  if (!(high > low)) high = low + 1;
  return { low, high };
}

/** The 256 RGB colours of a map, flat (r, g, b, r, g, b…). */
export function colourTable(map: ColourMap): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let rgb: [number, number, number];
    if (map === 'grey') rgb = [i, i, i];
    else if (map === 'inverted') rgb = [255 - i, 255 - i, 255 - i];
    else if (map === 'hot') rgb = [Math.min(1, t * 3), Math.min(1, Math.max(0, t * 3 - 1)), Math.max(0, t * 3 - 2)].map((c) => Math.round(c * 255)) as [number, number, number];
    else {
      const f = t * (VIRIDIS.length - 1);
      const k = Math.min(VIRIDIS.length - 2, Math.floor(f));
      const mix = (at: number): number => Math.round(parseInt(VIRIDIS[k].slice(at, at + 2), 16) * (1 - (f - k)) + parseInt(VIRIDIS[k + 1].slice(at, at + 2), 16) * (f - k));
      rgb = [mix(1), mix(3), mix(5)];
    }
    table.set(rgb, i * 3);
  }
  return table;
}

/** Where a value lands on the screen's 0…255 scale under a window. */
export function level(v: number, w: DisplayWindow): number {
  if (!Number.isFinite(v)) return v > 0 ? 255 : 0;
  let t = (v - w.low) / (w.high - w.low);
  if (!(t > 0)) return 0;
  if (t >= 1) return 255;
  // log: a thousandfold range between the window's ends, the detector image's usual view.
  if (w.scale === 'log') t = Math.log1p(999 * t) / Math.log(1000);
  else if (w.scale === 'gamma') t = Math.pow(t, w.gamma);
  return Math.round(t * 255);
}

/** Steps of the window's table for values that are not 8/16-bit integers: far finer than 256 grey levels. */
const STEPS = 65536;

/**
 * Writes the frame as RGBA through the window. Grey frames go through the colour map; RGB frames keep
 * their colours, each channel windowed alike. 8- and 16-bit integers use a table of every value;
 * other samples index a table of 65536 steps across the window (one loop, no call per pixel: a
 * 16-megapixel frame in a few tens of milliseconds).
 */
export function renderWindow(f: FrameSamples & { readonly bitDepth: number; readonly sampleFormat: string }, w: DisplayWindow, out: Uint8ClampedArray): void {
  const n = f.width * f.height;
  const s = f.samples;
  const c = f.channels;
  const colours = colourTable(c >= 3 ? 'grey' : w.colourMap);
  const exact = f.sampleFormat === 'uint' && f.bitDepth <= 16;
  const table = new Uint8Array(exact ? 2 ** f.bitDepth : STEPS + 1);
  if (exact) for (let v = 0; v < table.length; v++) table[v] = level(v, w);
  else for (let i = 0; i <= STEPS; i++) table[i] = level(w.low + ((w.high - w.low) * i) / STEPS, w);
  const k = STEPS / (w.high - w.low);
  const low = w.low;
  // The table's index of a sample: itself for 8/16-bit integers, else its step in the window (NaN → 0).
  const index = exact
    ? (v: number): number => v
    : (v: number): number => {
        const t = (v - low) * k;
        return t > 0 ? (t < STEPS ? t | 0 : STEPS) : 0;
      };
  if (c >= 3) {
    for (let p = 0, o = 0; p < n; p++, o += 4) {
      const i = p * c;
      out[o] = table[index(s[i])];
      out[o + 1] = table[index(s[i + 1])];
      out[o + 2] = table[index(s[i + 2])];
      out[o + 3] = 255;
    }
    return;
  }
  for (let p = 0, o = 0; p < n; p++, o += 4) {
    const g = table[index(s[p * c])] * 3;
    out[o] = colours[g];
    out[o + 1] = colours[g + 1];
    out[o + 2] = colours[g + 2];
    out[o + 3] = 255;
  }
}
