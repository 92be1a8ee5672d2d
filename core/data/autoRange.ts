// The automatic range of a histogram drawn without one, as ROOT's TTree::Draw makes it: the first
// selected values (up to the tree's estimate, 1 000 000 by default) are kept, the range is fixed over
// them, they are filled, and the values after are filled into that range (beyond it: the under- and
// overflow). A dataset's parts keep their values here until there are enough (dataset.ts), so that an
// empty first file, or a cut that passes a single entry of the first part, does not fix the binning.
import { type Axis, Histogram1D, Histogram2D, niceAxis } from './histogram';
import { Profile, type YLimits } from './profile';

/** Selected values kept for the range: ROOT's default TTree estimate (TTree::SetEstimate). */
export const ESTIMATE = 1_000_000;

/** A part's selected values (NaN included, as the histograms count it), for the dataset to fill once the range is fixed. */
export interface SelectedValues {
  readonly x: Float64Array;
  /** A 2-D histogram's or a profile's y, paired with x. */
  readonly y?: Float64Array;
  readonly weights?: Float64Array;
}

/** The smallest and largest finite values (NaN and ±Inf left out); undefined when there is none. */
export type Span = readonly [min: number, max: number];

/** The finite span of values, widened to hold `also` (values selected before, elsewhere). */
export function finiteSpan(values: Float64Array, also?: Span): Span | undefined {
  let min = also ? also[0] : Infinity;
  let max = also ? also[1] : -Infinity;
  // Indexed: for…of over a typed array's iterator took 0.3 s for 16 M values.
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Infinities are no edge a range can have: they land in the under- and overflow of the range of the others.
    if (v === Infinity || v === -Infinity) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : undefined;
}

/** ROOT's automatic range over values and any span seen before: round edges holding every finite one. */
export function rangeOf(values: Float64Array, bins: number, also?: Span): Axis {
  const span = finiteSpan(values, also);
  return span ? niceAxis(span[0], span[1], bins) : niceAxis(NaN, NaN, bins);
}

/** The histograms a part fills, and the binning they need. */
export interface FillSpec {
  readonly axis: Axis;
  /** A 2-D histogram's y axis; absent for a 1-D histogram or a profile. */
  readonly yAxis?: Axis;
  readonly profile?: boolean;
  readonly yLimits?: YLimits;
}

/** The histograms a part fills, as plain objects. */
export interface Filled {
  readonly histogram: Histogram1D;
  readonly histogram2d?: Histogram2D;
  readonly profile?: Profile;
}

/** Fills the 1-D histogram (x's projection), and the 2-D histogram or profile asked for, with parts' values in turn, as a worker fills its part. */
export function fillSelected(parts: readonly SelectedValues[], spec: FillSpec): Filled {
  const histogram = new Histogram1D(spec.axis);
  const profile = spec.profile ? new Profile(spec.axis) : undefined;
  const histogram2d = spec.yAxis && !spec.profile ? new Histogram2D(spec.axis, spec.yAxis) : undefined;
  for (const s of parts) {
    histogram.fill(s.x, s.weights);
    if (s.y) profile?.fill(s.x, s.y, s.weights, spec.yLimits);
    if (s.y) histogram2d?.fill(s.x, s.y, s.weights);
  }
  return { histogram, histogram2d, profile };
}

/** Values of the parts read while the range is not yet fixed, in the order of the parts. */
export class SelectedBuffer {
  private readonly parts: SelectedValues[] = [];
  private xSpan: Span | undefined;
  private ySpan: Span | undefined;
  count = 0;

  add(s: SelectedValues): void {
    this.parts.push(s);
    this.count += s.x.length;
    this.xSpan = finiteSpan(s.x, this.xSpan);
    if (s.y) this.ySpan = finiteSpan(s.y, this.ySpan);
  }

  /** Whether any part was kept (then there is a histogram to give, if an empty one). */
  get holdsParts(): boolean {
    return this.parts.length > 0;
  }

  /** The finite spans seen so far, which a part's own range must hold too. */
  spans(): { readonly x?: Span; readonly y?: Span } {
    return { ...(this.xSpan ? { x: this.xSpan } : {}), ...(this.ySpan ? { y: this.ySpan } : {}) };
  }

  /** ROOT's range over the values kept. */
  xAxis(bins: number): Axis {
    return rangeOf(new Float64Array(0), bins, this.xSpan);
  }

  yAxis(bins: number): Axis {
    return rangeOf(new Float64Array(0), bins, this.ySpan);
  }

  /** Fills every value kept into the histograms of the binning now fixed, then lets the values go. */
  fill(spec: FillSpec): Filled {
    const out = fillSelected(this.parts, spec);
    this.parts.length = 0;
    return out;
  }
}
