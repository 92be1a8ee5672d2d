// A raster frame → the input tensor of an Ultralytics-style detector: letterboxed to the model's
// input size (letterbox.ts), bilinear resampling with OpenCV's INTER_LINEAR convention (pixel
// centres at +0.5, edge samples clamped, no antialiasing), float32 NCHW, RGB, values 0…1, grey
// padding 114/255.
//
// THE NORMALISATION CONTRACT (models/detector trains on frames prepared exactly like this, and any
// model meant for HAI's assist should too):
// - 8-bit unsigned frames (and unsigned frames of fewer bits): value / (2^bits − 1), i.e. /255, as
//   Ultralytics does; RGB stays RGB, an alpha channel is dropped.
// - Grey (and grey + alpha) frames: the grey value is replicated to R, G and B.
// - Every other frame (16-bit, 32-bit integer, signed, float): scaled linearly from the frame's
//   minimum to its maximum, (v − min) / (max − min), one min and max over all colour samples of the
//   whole frame (alpha excluded), so colours keep their ratios. A constant frame becomes 0.
//   Non-finite samples (NaN, ±∞) take no part in min and max and read as the minimum (0).
// Detector frames are 16-bit or float with a range that says nothing about the format's maximum;
// min–max puts the frame's real signal into the 0…1 the network saw in training.
import type { Raster } from '../raster';
import { type Letterbox, letterboxGeometry } from './letterbox';

export interface ModelInput {
  /** 1 × 3 × H × W floats, planes R, G, B. */
  readonly data: Float32Array;
  readonly dims: readonly [1, 3, number, number];
  readonly letterbox: Letterbox;
}

/** How samples become 0…1: (v − offset) × factor. */
export interface InputScaling {
  readonly offset: number;
  readonly factor: number;
  /** 'fixed' for 8-bit-style frames (÷ 255), 'min-max' for the others. */
  readonly kind: 'fixed' | 'min-max';
}

const PAD = 114 / 255;

export function inputScaling(raster: Raster): InputScaling {
  const { data, channels, bitDepth, sampleFormat } = raster;
  if (sampleFormat === 'uint' && bitDepth <= 8) return { offset: 0, factor: 1 / (2 ** bitDepth - 1), kind: 'fixed' };
  // Colour samples only: alpha is the last of 2 or 4 interleaved channels.
  const colours = channels === 2 || channels === 4 ? channels - 1 : channels;
  let min = Infinity;
  let max = -Infinity;
  const n = raster.width * raster.height * channels;
  for (let i = 0; i < n; i += channels) {
    for (let c = 0; c < colours; c++) {
      const v = data[i + c];
      // NaN fails both comparisons; ±∞ is filtered by the finiteness test.
      if (v < min && v !== -Infinity) min = v;
      if (v > max && v !== Infinity) max = v;
    }
  }
  if (!(max > min)) return { offset: Number.isFinite(min) ? min : 0, factor: 0, kind: 'min-max' };
  return { offset: min, factor: 1 / (max - min), kind: 'min-max' };
}

/** Letterbox a raster into a detector's input tensor of inputWidth × inputHeight. */
export function rasterToModelInput(raster: Raster, inputWidth: number, inputHeight: number): ModelInput {
  const { width: w, height: h, channels, data } = raster;
  if (data.length < w * h * channels) throw new RangeError(`raster data holds ${data.length} samples, expected ${w} × ${h} × ${channels}`);
  const lb = letterboxGeometry(w, h, inputWidth, inputHeight);
  const { offset, factor } = inputScaling(raster);
  const plane = inputWidth * inputHeight;
  const out = new Float32Array(3 * plane).fill(PAD);
  const xs = linearTaps(w, lb.width);
  const ys = linearTaps(h, lb.height);
  const grey = channels < 3;
  const colours = grey ? 1 : 3;
  // OpenCV resizes 8-bit images to 8-bit results, so their interpolated values are whole numbers.
  const roundTo8Bit = raster.sampleFormat === 'uint' && raster.bitDepth === 8;
  const finiteOnly = raster.sampleFormat === 'float';
  const rowStride = w * channels;
  for (let oy = 0; oy < lb.height; oy++) {
    const r0 = ys.i0[oy] * rowStride;
    const r1 = ys.i1[oy] * rowStride;
    const fy = ys.f[oy];
    const outRow = (oy + lb.top) * inputWidth + lb.left;
    for (let ox = 0; ox < lb.width; ox++) {
      const c0 = xs.i0[ox] * channels;
      const c1 = xs.i1[ox] * channels;
      const fx = xs.f[ox];
      for (let c = 0; c < colours; c++) {
        let a = data[r0 + c0 + c];
        let b = data[r0 + c1 + c];
        let d = data[r1 + c0 + c];
        let e = data[r1 + c1 + c];
        if (finiteOnly) {
          // A NaN neighbour would poison the blend even at weight 0: it reads as the minimum.
          if (!Number.isFinite(a)) a = offset;
          if (!Number.isFinite(b)) b = offset;
          if (!Number.isFinite(d)) d = offset;
          if (!Number.isFinite(e)) e = offset;
        }
        let v = (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * d + fx * e);
        if (roundTo8Bit) v = Math.round(v);
        let s = (v - offset) * factor;
        s = s < 0 ? 0 : s > 1 ? 1 : s;
        out[c * plane + outRow + ox] = s;
        // Grey goes to all three planes, as a grey image loaded in colour would.
        if (grey) out[plane + outRow + ox] = out[2 * plane + outRow + ox] = s;
      }
    }
  }
  return { data: out, dims: [1, 3, inputHeight, inputWidth], letterbox: lb };
}

/**
 * OpenCV INTER_LINEAR taps along one axis: output pixel o samples the source at
 * (o + 0.5) · src / dst − 0.5, between floor and floor + 1, clamped at both edges (a weight of 0 on
 * the far side, as cv::resize does).
 */
export function linearTaps(src: number, dst: number): { i0: Int32Array; i1: Int32Array; f: Float64Array } {
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const f = new Float64Array(dst);
  const scale = src / dst;
  for (let o = 0; o < dst; o++) {
    const pos = (o + 0.5) * scale - 0.5;
    let s = Math.floor(pos);
    let frac = pos - s;
    if (s < 0) {
      s = 0;
      frac = 0;
    }
    if (s >= src - 1) {
      s = src - 1;
      frac = 0;
    }
    i0[o] = s;
    i1[o] = Math.min(s + 1, src - 1);
    f[o] = frac;
  }
  return { i0, i1, f };
}
