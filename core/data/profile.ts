// A profile histogram, as ROOT's TProfile and TTree::Draw("y:x", "", "prof") make it: for each x bin,
// the mean of y over the fills in it and the error of that mean. Like the histograms (histogram.ts)
// a profile is plain mergeable data — per bin Σw, Σw², Σw·y and Σw·y², and the moment sums of both
// axes — so that parts filled by different workers or files add up exactly, in any order.
import type { ProfileErrors } from '../protocol/dataExplorerMessages';
import { type Axis, binIndex, checkAxis, type Moments2D, sameAxis, type Statistics2D, statistics2D } from './histogram';

/** Entries counts every fill (TProfile's Entries); the moment sums are over fills with x in range. */
export interface ProfileData extends Moments2D {
  readonly axis: Axis;
  /** Per bin, [underflow, bin 1 … bin n, overflow]: Σw (ROOT's bin entries), Σw², Σw·y, Σw·y². */
  readonly sumw: number[];
  readonly sumw2: number[];
  readonly sumwy: number[];
  readonly sumwy2: number[];
}

/** What a profile draws: per bin (flow bins included) the mean of y and its error squared. */
export interface ProfileBins {
  readonly means: number[];
  readonly errors2: number[];
}

/** A profile's y limits (TProfile's ylow, yup): only pairs with y in [low, high] are filled; either may be infinite. */
export interface YLimits {
  readonly low: number;
  readonly high: number;
}

/** The y limits a profile's y range gives: none without either edge, an open side without one of them. */
export function yLimitsOf(low: number | undefined, high: number | undefined): YLimits | undefined {
  return low === undefined && high === undefined ? undefined : { low: low ?? -Infinity, high: high ?? Infinity };
}

export class Profile {
  readonly sumw: Float64Array;
  readonly sumw2: Float64Array;
  readonly sumwy: Float64Array;
  readonly sumwy2: Float64Array;
  entries = 0;
  nan = 0;
  tsumw = 0;
  tsumwx = 0;
  tsumwx2 = 0;
  tsumwy = 0;
  tsumwy2 = 0;

  constructor(readonly axis: Axis) {
    checkAxis(axis);
    const cells = axis.bins + 2;
    this.sumw = new Float64Array(cells);
    this.sumw2 = new Float64Array(cells);
    this.sumwy = new Float64Array(cells);
    this.sumwy2 = new Float64Array(cells);
  }

  /** Adds each (x, y) pair with its weight (1 without weights); a weight of 0 is no fill, as in TTree::Draw. */
  /**
   * Fills pairs (x, y), each with its weight. With `yLimits` (TProfile's ylow, yup), a pair whose y is
   * outside [low, high] or NaN is not filled at all, as ROOT's TProfile::Fill returns -1 for it.
   */
  fill(xs: Float64Array, ys: Float64Array, weights?: Float64Array, yLimits?: YLimits): void {
    if (xs.length !== ys.length) throw new RangeError(`x has ${xs.length} values and y ${ys.length}: a profile fills pairs`);
    const { bins } = this.axis;
    for (let i = 0; i < xs.length; i++) {
      const w = weights ? weights[i] : 1;
      if (w === 0) continue;
      const x = xs[i];
      const y = ys[i];
      if (yLimits && !(y >= yLimits.low && y <= yLimits.high)) continue;
      this.entries++;
      if (Number.isNaN(x) || Number.isNaN(y) || Number.isNaN(w)) {
        this.nan++;
        continue;
      }
      const b = binIndex(this.axis, x);
      this.sumw[b] += w;
      this.sumw2[b] += w * w;
      this.sumwy[b] += w * y;
      this.sumwy2[b] += w * y * y;
      // TProfile's statistics, like TH1's, count the fills in range only.
      if (b > 0 && b <= bins) {
        this.tsumw += w;
        this.tsumwx += w * x;
        this.tsumwx2 += w * x * x;
        this.tsumwy += w * y;
        this.tsumwy2 += w * y * y;
      }
    }
  }

  merge(other: Profile | ProfileData): void {
    if (!sameAxis(this.axis, other.axis)) throw new RangeError('cannot merge profiles with different binnings');
    for (let i = 0; i < this.sumw.length; i++) {
      this.sumw[i] += other.sumw[i];
      this.sumw2[i] += other.sumw2[i];
      this.sumwy[i] += other.sumwy[i];
      this.sumwy2[i] += other.sumwy2[i];
    }
    this.entries += other.entries;
    this.nan += other.nan;
    this.tsumw += other.tsumw;
    this.tsumwx += other.tsumwx;
    this.tsumwx2 += other.tsumwx2;
    this.tsumwy += other.tsumwy;
    this.tsumwy2 += other.tsumwy2;
  }

  bins(errors: ProfileErrors = 'mean'): ProfileBins {
    return profileBins(this.sumw, this.sumw2, this.sumwy, this.sumwy2, errors);
  }

  /** TProfile's statistics box: Entries, both means and standard deviations; Integral and Outside are Σw in and out of range. */
  statistics(): Statistics2D {
    let integral = 0;
    for (let i = 1; i <= this.axis.bins; i++) integral += this.sumw[i];
    return statistics2D(this, integral, this.sumw[0] + this.sumw[this.axis.bins + 1]);
  }

  toData(): ProfileData {
    const { tsumw, tsumwx, tsumwx2, tsumwy, tsumwy2 } = this;
    return { axis: this.axis, sumw: [...this.sumw], sumw2: [...this.sumw2], sumwy: [...this.sumwy], sumwy2: [...this.sumwy2], entries: this.entries, nan: this.nan, tsumw, tsumwx, tsumwx2, tsumwy, tsumwy2 };
  }

  static fromData(data: ProfileData): Profile {
    const p = new Profile(data.axis);
    if ([data.sumw, data.sumw2, data.sumwy, data.sumwy2].some((a) => a.length !== p.sumw.length)) throw new RangeError('profile data does not match its binning');
    p.merge(data);
    return p;
  }
}

/**
 * Each bin's mean and its error as ROOT's TProfile gives them (TProfile::SetErrorOption). By default
 * (`mean`, option "") the error of the mean: the spread of y over the square root of the effective
 * entries, (Σw)² / Σw²; a bin of one fill (or of equal values) has no spread, so no error, and a χ²
 * fit leaves it out, as ROOT's does. `spread` ("s") is the spread itself, the width of y in the bin;
 * `integer` ("i") the error of the mean, but 1/√(12·neff) where there is no spread, as for integer y
 * (each value ±½); `weights` ("g") 1/√Σw, for y values measured with errors σ, filled with weights
 * 1/σ² (|Σw|, should negative weights leave a negative sum). An empty bin is 0 ± 0 whatever the option.
 */
export function profileBins(sumw: ArrayLike<number>, sumw2: ArrayLike<number>, sumwy: ArrayLike<number>, sumwy2: ArrayLike<number>, errors: ProfileErrors = 'mean'): ProfileBins {
  const means: number[] = [];
  const errors2: number[] = [];
  for (let i = 0; i < sumw.length; i++) {
    const w = sumw[i];
    if (w === 0 || !(sumw2[i] > 0)) {
      means.push(0);
      errors2.push(0);
      continue;
    }
    const mean = sumwy[i] / w;
    const meanSquare = sumwy2[i] / w;
    // ROOT takes |y² − ȳ²| (negative weights can make it negative); what is left after rounding,
    // with no spread (a single fill), is no spread.
    const raw = Math.abs(meanSquare - mean * mean);
    const spread2 = raw > 1e-14 * Math.abs(meanSquare) ? raw : 0;
    const neff = (w * w) / sumw2[i];
    means.push(mean);
    errors2.push(errors === 'spread' ? spread2 : errors === 'weights' ? 1 / Math.abs(w) : errors === 'integer' && spread2 === 0 ? 1 / (12 * neff) : spread2 / neff);
  }
  return { means, errors2 };
}
