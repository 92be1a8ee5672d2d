// The ratio of two histograms bin by bin, as ROOT's TRatioPlot draws it under an overlay (its default,
// TH1::Divide of independent histograms): r = n / d, with error √(σn²·d² + σd²·n²) / d², from each
// bin's √Σw². Data over simulation, one selection over another. With Normalise, both are first scaled
// to unit area over their bins, as the overlay shows them (the totals' own uncertainty left out, as
// dividing scaled histograms in ROOT does). A bin whose denominator is empty has no ratio.
import { binEdges, type BinnedAxis, sameBins } from './binEdges';

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
  const n = numerator.axis.bins;
  const total = (h: Binned): number => h.sumw.slice(1, n + 1).reduce((a, b) => a + b, 0);
  const [tn, td] = [total(numerator), total(denominator)];
  // (n/N) / (d/D) = (n/d)·(D/N): the scale of every ratio and of its error.
  const scale = normalise && tn > 0 && td > 0 ? td / tn : 1;
  const edges = binEdges(numerator);
  const points: RatioPoint[] = [];
  for (let i = 1; i <= n; i++) {
    const num = numerator.sumw[i];
    const den = denominator.sumw[i];
    if (!(den !== 0) || !Number.isFinite(num) || !Number.isFinite(den)) continue;
    const error = Math.sqrt(numerator.sumw2[i] * den * den + denominator.sumw2[i] * num * num) / (den * den);
    points.push({ low: edges[i - 1], high: edges[i], ratio: (num / den) * scale, error: error * Math.abs(scale) });
  }
  return points;
}

/**
 * The y range of a ratio panel: every point's bar and the line at 1, 5 % more on each side, from 0
 * when no ratio is below it (counts); a single huge bar (a bin of one entry over one of little
 * weight) widens it at most to five times the spread of the ratios themselves.
 */
export function ratioRange(series: readonly (readonly RatioPoint[])[]): [number, number] {
  const points = series.flat();
  if (points.length === 0) return [0, 2];
  const ratios = points.map((p) => p.ratio);
  const spread = Math.max(Math.max(...ratios, 1) - Math.min(...ratios, 1), 0.1);
  let low = Math.max(Math.min(...points.map((p) => p.ratio - p.error), 1), Math.min(...ratios, 1) - 2 * spread);
  const high = Math.min(Math.max(...points.map((p) => p.ratio + p.error), 1), Math.max(...ratios, 1) + 2 * spread);
  if (Math.min(...ratios) >= 0) low = Math.max(low, 0);
  const margin = (high - low) * 0.05;
  return [low === 0 ? 0 : low - margin, high + margin];
}
