// Histograms the data explorer fills, with ROOT's conventions: bin i covers [low + i·w, low + (i+1)·w),
// a value at the upper edge goes to the overflow, NaN to neither (counted apart); Entries counts every
// fill, while Mean, Std Dev and Integral are over the bins in range (TH1's defaults). Partial
// histograms are plain data — the same binning, sums of weights and of squared weights per bin, and
// the moment sums — so that parts filled by different workers, files or Slurm array tasks add up
// exactly (merge), in any order.

export interface Axis {
  readonly bins: number;
  readonly low: number;
  readonly high: number;
}

export interface Histogram1DData {
  readonly axis: Axis;
  /** Sums of weights: [underflow, bin 1 … bin n, overflow]. */
  readonly sumw: number[];
  /** Sums of squared weights, same layout. */
  readonly sumw2: number[];
  /** Fills, every one (TH1's Entries), and the NaN values left out. */
  readonly entries: number;
  readonly nan: number;
  /** Moment sums over fills in range: Σw, Σw·x, Σw·x². */
  readonly tsumw: number;
  readonly tsumwx: number;
  readonly tsumwx2: number;
}

/** A 1-D histogram's bins as they are drawn and saved (the flow bins first and last). */
export interface Bins1D {
  readonly axis: Axis;
  readonly sumw: readonly number[];
  readonly sumw2: readonly number[];
}

export interface Statistics {
  readonly entries: number;
  readonly mean: number;
  readonly stdDev: number;
  readonly underflow: number;
  readonly overflow: number;
  readonly integral: number;
  readonly nan: number;
}

/** ROOT's default number of bins for a 1-D histogram drawn from a tree. */
export const DEFAULT_BINS_1D = 100;
export const DEFAULT_BINS_2D = 40;

export class Histogram1D {
  readonly sumw: Float64Array;
  readonly sumw2: Float64Array;
  entries = 0;
  nan = 0;
  tsumw = 0;
  tsumwx = 0;
  tsumwx2 = 0;

  constructor(readonly axis: Axis) {
    checkAxis(axis);
    this.sumw = new Float64Array(axis.bins + 2);
    this.sumw2 = new Float64Array(axis.bins + 2);
  }

  /** The index into sumw of the bin a value falls in: 0 underflow, bins + 1 overflow. */
  binOf(x: number): number {
    return binIndex(this.axis, x);
  }

  /** Adds every value (with one weight each, 1 without weights). */
  fill(values: Float64Array, weights?: Float64Array): void {
    const { bins } = this.axis;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      const w = weights ? weights[i] : 1;
      // A fill of weight 0 is no fill (ROOT's TTree::Draw skips it: Draw("x", "w*(cut)") counts what passes).
      if (w === 0) continue;
      this.entries++;
      if (Number.isNaN(x) || Number.isNaN(w)) {
        this.nan++;
        continue;
      }
      const b = this.binOf(x);
      this.sumw[b] += w;
      this.sumw2[b] += w * w;
      if (b > 0 && b <= bins) {
        this.tsumw += w;
        this.tsumwx += w * x;
        this.tsumwx2 += w * x * x;
      }
    }
  }

  /** Adds another part filled with the same binning. */
  merge(other: Histogram1D | Histogram1DData): void {
    if (!sameAxis(this.axis, other.axis)) throw new RangeError(`cannot merge histograms with different binnings (${describe(this.axis)} and ${describe(other.axis)})`);
    for (let i = 0; i < this.sumw.length; i++) {
      this.sumw[i] += other.sumw[i];
      this.sumw2[i] += other.sumw2[i];
    }
    this.entries += other.entries;
    this.nan += other.nan;
    this.tsumw += other.tsumw;
    this.tsumwx += other.tsumwx;
    this.tsumwx2 += other.tsumwx2;
  }

  /**
   * The statistics box. Without moment sums but with entries (a stored histogram filled by
   * SetBinContent), Mean and Std Dev come from the bins' contents at their centres, as ROOT's
   * TH1::GetStats computes them; `edges` are a stored histogram's variable bins.
   */
  statistics(edges?: readonly number[]): Statistics {
    let { tsumw, tsumwx, tsumwx2 } = this;
    if (tsumw === 0 && this.entries > 0) {
      for (let i = 1; i <= this.axis.bins; i++) {
        const w = this.sumw[i];
        const x = binCentre(this.axis, i, edges);
        tsumw += w;
        tsumwx += w * x;
        tsumwx2 += w * x * x;
      }
    }
    const mean = tsumw === 0 ? NaN : tsumwx / tsumw;
    const variance = tsumw === 0 ? NaN : Math.max(0, tsumwx2 / tsumw - mean * mean);
    let integral = 0;
    for (let i = 1; i <= this.axis.bins; i++) integral += this.sumw[i];
    return { entries: this.entries, mean, stdDev: Math.sqrt(variance), underflow: this.sumw[0], overflow: this.sumw[this.axis.bins + 1], integral, nan: this.nan };
  }

  /** Bin errors as ROOT gives them: the square root of the sum of squared weights. */
  errors(): Float64Array {
    return this.sumw2.map(Math.sqrt);
  }

  toData(): Histogram1DData {
    return { axis: this.axis, sumw: [...this.sumw], sumw2: [...this.sumw2], entries: this.entries, nan: this.nan, tsumw: this.tsumw, tsumwx: this.tsumwx, tsumwx2: this.tsumwx2 };
  }

  static fromData(data: Histogram1DData): Histogram1D {
    const h = new Histogram1D(data.axis);
    if (data.sumw.length !== h.sumw.length || data.sumw2.length !== h.sumw2.length) throw new RangeError('histogram data does not match its binning');
    h.merge(data);
    return h;
  }
}

/** A 2-D histogram as plain data: its cells, and its Moments2D over the fills inside both ranges. */
export interface Histogram2DData extends Moments2D {
  readonly x: Axis;
  readonly y: Axis;
  /** Sums of weights over (x.bins + 2) × (y.bins + 2) cells, x fastest, under/overflow included. */
  readonly sumw: number[];
  readonly sumw2: number[];
}

export interface Statistics2D {
  readonly entries: number;
  readonly meanX: number;
  readonly meanY: number;
  readonly stdDevX: number;
  readonly stdDevY: number;
  /** Sum of the cells inside both ranges. */
  readonly integral: number;
  /** Sum of the cells outside (any under- or overflow). */
  readonly outside: number;
  readonly nan: number;
}

export class Histogram2D {
  readonly sumw: Float64Array;
  readonly sumw2: Float64Array;
  entries = 0;
  nan = 0;
  tsumw = 0;
  tsumwx = 0;
  tsumwx2 = 0;
  tsumwy = 0;
  tsumwy2 = 0;

  constructor(
    readonly x: Axis,
    readonly y: Axis,
  ) {
    checkAxis(x);
    checkAxis(y);
    this.sumw = new Float64Array((x.bins + 2) * (y.bins + 2));
    this.sumw2 = new Float64Array(this.sumw.length);
  }

  /** The cell of (x, y): x fastest, both axes with their under/overflow bins. */
  cellOf(x: number, y: number): number {
    return binIndex(this.y, y) * (this.x.bins + 2) + binIndex(this.x, x);
  }

  fill(xs: Float64Array, ys: Float64Array, weights?: Float64Array): void {
    if (xs.length !== ys.length) throw new RangeError(`x has ${xs.length} values and y ${ys.length}: a 2-D histogram fills pairs`);
    for (let i = 0; i < xs.length; i++) {
      const w = weights ? weights[i] : 1;
      if (w === 0) continue;
      const x = xs[i];
      const y = ys[i];
      this.entries++;
      if (Number.isNaN(x) || Number.isNaN(y) || Number.isNaN(w)) {
        this.nan++;
        continue;
      }
      const bx = binIndex(this.x, x);
      const by = binIndex(this.y, y);
      const c = by * (this.x.bins + 2) + bx;
      this.sumw[c] += w;
      this.sumw2[c] += w * w;
      if (bx > 0 && bx <= this.x.bins && by > 0 && by <= this.y.bins) {
        this.tsumw += w;
        this.tsumwx += w * x;
        this.tsumwx2 += w * x * x;
        this.tsumwy += w * y;
        this.tsumwy2 += w * y * y;
      }
    }
  }

  merge(other: Histogram2D | Histogram2DData): void {
    if (!sameAxis(this.x, other.x) || !sameAxis(this.y, other.y)) throw new RangeError('cannot merge 2-D histograms with different binnings');
    for (let i = 0; i < this.sumw.length; i++) {
      this.sumw[i] += other.sumw[i];
      this.sumw2[i] += other.sumw2[i];
    }
    this.entries += other.entries;
    this.nan += other.nan;
    this.tsumw += other.tsumw;
    this.tsumwx += other.tsumwx;
    this.tsumwx2 += other.tsumwx2;
    this.tsumwy += other.tsumwy;
    this.tsumwy2 += other.tsumwy2;
  }

  /** The statistics box; without moment sums but with entries (SetBinContent), from the cells' centres, as ROOT's TH2::GetStats. */
  statistics(xEdges?: readonly number[], yEdges?: readonly number[]): Statistics2D {
    let integral = 0;
    let total = 0;
    const nx = this.x.bins + 2;
    const fromCells = this.tsumw === 0 && this.entries > 0;
    const m = { entries: this.entries, nan: this.nan, tsumw: this.tsumw, tsumwx: this.tsumwx, tsumwx2: this.tsumwx2, tsumwy: this.tsumwy, tsumwy2: this.tsumwy2 };
    for (let c = 0; c < this.sumw.length; c++) {
      const w = this.sumw[c];
      total += w;
      const bx = c % nx;
      const by = Math.floor(c / nx);
      if (bx > 0 && bx <= this.x.bins && by > 0 && by <= this.y.bins) {
        integral += w;
        if (fromCells) {
          const [x, y] = [binCentre(this.x, bx, xEdges), binCentre(this.y, by, yEdges)];
          m.tsumw += w;
          m.tsumwx += w * x;
          m.tsumwx2 += w * x * x;
          m.tsumwy += w * y;
          m.tsumwy2 += w * y * y;
        }
      }
    }
    return statistics2D(m, integral, total - integral);
  }

  toData(): Histogram2DData {
    return { x: this.x, y: this.y, sumw: [...this.sumw], sumw2: [...this.sumw2], entries: this.entries, nan: this.nan, tsumw: this.tsumw, tsumwx: this.tsumwx, tsumwx2: this.tsumwx2, tsumwy: this.tsumwy, tsumwy2: this.tsumwy2 };
  }

  static fromData(data: Histogram2DData): Histogram2D {
    const h = new Histogram2D(data.x, data.y);
    if (data.sumw.length !== h.sumw.length || data.sumw2.length !== h.sumw2.length) throw new RangeError('2-D histogram data does not match its binning');
    h.merge(data);
    return h;
  }
}

/** Fills (all, and those left out for a NaN) and moment sums over the fills in range — Σw, Σw·x, Σw·x², Σw·y, Σw·y² — of a 2-D histogram or a profile. */
export interface Moments2D {
  readonly entries: number;
  readonly nan: number;
  readonly tsumw: number;
  readonly tsumwx: number;
  readonly tsumwx2: number;
  readonly tsumwy: number;
  readonly tsumwy2: number;
}

/** The statistics box of a 2-D histogram or a profile (ROOT's Mean and Std Dev on both axes) from its moment sums. */
export function statistics2D(m: Moments2D, integral: number, outside: number): Statistics2D {
  const mean = (s: number): number => (m.tsumw === 0 ? NaN : s / m.tsumw);
  const std = (s: number, s2: number): number => (m.tsumw === 0 ? NaN : Math.sqrt(Math.max(0, s2 / m.tsumw - mean(s) ** 2)));
  return { entries: m.entries, meanX: mean(m.tsumwx), meanY: mean(m.tsumwy), stdDevX: std(m.tsumwx, m.tsumwx2), stdDevY: std(m.tsumwy, m.tsumwy2), integral, outside, nan: m.nan };
}

/**
 * A range that covers [min, max] with round bin edges, as ROOT's automatic range does
 * (THLimitsFinder): a bin width of 1, 2 or 5 × 10^k, the low edge a multiple of it, and the maximum
 * inside the last bin (a value equal to the upper edge would be overflow).
 */
export function niceAxis(min: number, max: number, bins: number = DEFAULT_BINS_1D): Axis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { bins, low: 0, high: 1 };
  if (min === max) {
    // One value: a range around it, the value in the middle (kept finite near ±1.8e308).
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return { bins, low: Math.max(min - pad, -Number.MAX_VALUE), high: Math.min(max + pad, Number.MAX_VALUE) };
  }
  // Halves first: the span of values near ±1e308 passes the largest float64.
  let width = niceStep((max / 2 - min / 2) / (bins / 2));
  for (let attempt = 0; attempt < 4; attempt++) {
    // min / width can land a hair below a whole number (4.5 / 0.1 = 44.99…): not a reason to start a bin lower.
    let low = Math.floor(min / width + 1e-9) * width;
    if (low > min) low -= width;
    const high = low + bins * width;
    // (At magnitudes where the width is a few ulps, the products round: then the fallback below.)
    if (low <= min && high > max && Number.isFinite(high)) {
      const [l, h] = [clean(low, width), clean(high, width)];
      return l <= min && h > max ? { bins, low: l, high: h } : { bins, low, high };
    }
    width = niceStep(width * 1.01);
  }
  // Spans near the precision of the numbers themselves, or round edges past the largest float64: the
  // data's own range, just opened at the top (a maximum of 1.8e308 itself is then in the overflow).
  const open = Number.isFinite(max - min) ? (max - min) * 1e-6 : max * 1e-6 - min * 1e-6;
  const pad = Math.max(open, Math.abs(max) * (8 * Number.EPSILON));
  return { bins, low: min, high: Math.min(max + pad, Number.MAX_VALUE) };
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/** Rounds away the float noise of low = k · width (e.g. 0.30000000000000004 → 0.3). */
function clean(value: number, width: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(width)) + 2);
  return Number(value.toFixed(Math.min(digits, 15)));
}

/** The index of x's bin with the flow bins: 0 underflow, 1 … bins, bins + 1 overflow. */
export function binIndex(axis: Axis, x: number): number {
  if (x < axis.low) return 0;
  if (x >= axis.high) return axis.bins + 1;
  // ROOT's TAxis::FindBin: bins × (x − low) first, then the division, so that a whole number on an edge
  // is in the bin it starts (29 in [0, 100) by 100 bins: 0.29 × 100 is 28.999…, the bin before).
  // Rounding can put a value just below the upper edge one past the last bin.
  const at = (axis.bins * (x - axis.low)) / (axis.high - axis.low);
  // Near ±1e308 that product (or the span) passes the largest float64: the same in quarters, which cannot.
  const t = Number.isFinite(at) ? at : (x / 4 - axis.low / 4) / (axis.high / 4 - axis.low / 4) * axis.bins;
  return Math.min(axis.bins, 1 + Math.floor(t));
}

/** The centre of bin i (1 … bins): of its variable edges when given. */
function binCentre(axis: Axis, i: number, edges?: readonly number[]): number {
  return edges ? (edges[i - 1] + edges[i]) / 2 : axis.low + ((i - 0.5) * (axis.high - axis.low)) / axis.bins;
}

/** Bins of one axis at most. */
export const MAX_BINS = 100_000;

export function checkAxis(axis: Axis): void {
  if (!Number.isInteger(axis.bins) || axis.bins < 1 || axis.bins > MAX_BINS) throw new RangeError(`a histogram has 1 to ${MAX_BINS} bins, not ${axis.bins}`);
  if (!Number.isFinite(axis.low) || !Number.isFinite(axis.high) || !(axis.high > axis.low)) throw new RangeError(`the range [${axis.low}, ${axis.high}) is empty or not finite`);
}

export function sameAxis(a: Axis, b: Axis): boolean {
  return a.bins === b.bins && a.low === b.low && a.high === b.high;
}

function describe(a: Axis): string {
  return `${a.bins} bins in [${a.low}, ${a.high})`;
}
