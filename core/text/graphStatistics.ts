// A graph's statistics box, as ROOT computes its numbers (TGraph::GetMean, GetRMS,
// GetCorrelationFactor): every point counts once, whatever its errors. Points with a coordinate that
// is not a number are counted apart and left out of the moments.
import type { GraphPoints } from './graphRange';

export interface GraphStatistics {
  readonly points: number;
  readonly meanX: number;
  readonly meanY: number;
  readonly stdDevX: number;
  readonly stdDevY: number;
  /** Pearson's correlation of x and y; NaN when either does not vary. */
  readonly correlation: number;
  readonly nan: number;
}

export function graphStatistics(g: Pick<GraphPoints, 'x' | 'y'>): GraphStatistics {
  let n = 0;
  let sx = 0;
  let sy = 0;
  g.x.forEach((x, i) => {
    if (!Number.isFinite(x) || !Number.isFinite(g.y[i])) return;
    n++;
    sx += x;
    sy += g.y[i];
  });
  const meanX = n ? sx / n : NaN;
  const meanY = n ? sy / n : NaN;
  // Moments about the means: no cancellation for points far from 0.
  let xx = 0;
  let yy = 0;
  let xy = 0;
  g.x.forEach((x, i) => {
    if (!Number.isFinite(x) || !Number.isFinite(g.y[i])) return;
    xx += (x - meanX) ** 2;
    yy += (g.y[i] - meanY) ** 2;
    xy += (x - meanX) * (g.y[i] - meanY);
  });
  const stdDevX = n ? Math.sqrt(xx / n) : NaN;
  const stdDevY = n ? Math.sqrt(yy / n) : NaN;
  return { points: g.x.length, meanX, meanY, stdDevX, stdDevY, correlation: xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : NaN, nan: g.x.length - n };
}
