// The ratio of two histograms bin by bin, as ROOT's TRatioPlot draws it under an overlay with its
// option "divsym" (TH1::Divide of independent histograms): r = n / d, with error √(σn²·d² + σd²·n²) / d²,
// from each bin's √Σw². Data over simulation, one sample over another; a selection over the sample it
// was cut from is not independent of it (its errors would be binomial), and is not what this is for.
// With Normalise, each is first scaled to unit area as the overlay shows it (binEdges.ts's
// unitAreaScale; the totals' own uncertainty left out, as dividing scaled histograms in ROOT does).
// A bin whose denominator is empty has no ratio.
import { binEdges, type BinnedAxis, sameBins, unitAreaScale } from './binEdges';

export interface Binned extends BinnedAxis {
  /** [underflow, bin 1 … bin n, overflow]. */
  readonly sumw: readonly number[];
  readonly sumw2: readonly number[];
}

export interface RatioPoint {
  readonly low: number;
  readonly high: number;
  readonly ratio: number;
  readonly error: number;
}

/** numerator / denominator in each bin the denominator fills; undefined when their bins differ. */
export function histogramRatio(numerator: Binned, denominator: Binned, normalise: boolean): RatioPoint[] | undefined {
  if (!sameBins(numerator, denominator)) return undefined;
  // (n·kn) / (d·kd) = (n/d)·(kn/kd): the scale of every ratio and of its error.
  const scale = unitAreaScale(numerator, normalise) / unitAreaScale(denominator, normalise);
  const edges = binEdges(numerator);
  const points: RatioPoint[] = [];
  for (let i = 1; i <= numerator.axis.bins; i++) {
    const num = numerator.sumw[i];
    const den = denominator.sumw[i];
    if (den === 0 || !Number.isFinite(num) || !Number.isFinite(den)) continue;
    const error = Math.sqrt(numerator.sumw2[i] * den * den + denominator.sumw2[i] * num * num) / (den * den);
    points.push({ low: edges[i - 1], high: edges[i], ratio: (num / den) * scale, error: error * scale });
  }
  return points;
}

export interface RatioSeries {
  readonly label: string;
  readonly colour: string;
  readonly points: readonly RatioPoint[];
}

/**
 * The ratio panel's series: the drawn histogram over each overlay with its bins, in the overlay's
 * colour; an overlay with other bins, or whose bins are all empty, has none. The page and Save SVG
 * both take them from here, so that they show the same panel or none.
 */
export function ratioSeries(drawn: Binned, overlays: readonly { readonly label: string; readonly colour: string; readonly histogram: Binned }[], normalise: boolean): RatioSeries[] {
  return overlays.flatMap((o) => {
    const points = histogramRatio(drawn, o.histogram, normalise);
    return points && points.length > 0 ? [{ label: o.label, colour: o.colour, points }] : [];
  });
}

/**
 * The y range of a ratio panel: every point's bar and the line at 1, 5 % more on each side, never
 * below 0 when no ratio is (counts over counts); a single huge bar (a bin of one entry over one of
 * little weight) widens it at most to two spreads of the ratios themselves beyond them.
 */
export function ratioRange(series: readonly (readonly RatioPoint[])[]): [number, number] {
  let least = 1;
  let most = 1;
  let barLow = 1;
  let barHigh = 1;
  let count = 0;
  for (const points of series) {
    for (const p of points) {
      least = Math.min(least, p.ratio);
      most = Math.max(most, p.ratio);
      barLow = Math.min(barLow, p.ratio - p.error);
      barHigh = Math.max(barHigh, p.ratio + p.error);
      count++;
    }
  }
  if (count === 0) return [0, 2];
  const spread = Math.max(most - least, 0.1);
  let low = Math.max(barLow, least - 2 * spread);
  const high = Math.min(barHigh, most + 2 * spread);
  if (least >= 0) low = Math.max(low, 0);
  const margin = (high - low) * 0.05;
  return [low === 0 ? 0 : low - margin, high + margin];
}
