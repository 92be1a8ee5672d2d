// A 1-D histogram's bins as every drawing of it takes them (the page's charts, its PNG, Save SVG, the
// overlays' tests and ratios): its edges — its own when its bins vary (a stored histogram's), else
// uniform over its axis, the last edge exactly the axis's upper end —, the x range of several drawn
// together, and the scale that takes one to unit area when the page normalises.

export interface BinnedAxis {
  readonly axis: { readonly bins: number; readonly low: number; readonly high: number };
  readonly edges?: readonly number[];
}

export function binEdges(h: BinnedAxis): number[] {
  const { bins, low, high } = h.axis;
  return h.edges ? [...h.edges] : Array.from({ length: bins + 1 }, (_, i) => (i === bins ? high : low + (i * (high - low)) / bins));
}

/** Whether two histograms have the same bins, edge for edge: only then are they compared or divided bin by bin. */
export function sameBins(a: BinnedAxis, b: BinnedAxis): boolean {
  if (a.axis.bins !== b.axis.bins || a.axis.low !== b.axis.low || a.axis.high !== b.axis.high) return false;
  if (!a.edges && !b.edges) return true;
  const [x, y] = [binEdges(a), binEdges(b)];
  return x.every((v, i) => v === y[i]);
}

/** The x range that holds every histogram drawn together: from the lowest first edge to the highest last. */
export function sharedRange(histograms: readonly BinnedAxis[]): { readonly low: number; readonly high: number } {
  let low = Infinity;
  let high = -Infinity;
  for (const h of histograms) {
    const edges = binEdges(h);
    low = Math.min(low, edges[0]);
    high = Math.max(high, edges[edges.length - 1]);
  }
  return { low, high };
}

/**
 * What a histogram's contents are multiplied by to show its shape (ROOT's DrawNormalized): one over
 * its total over bins 1 … n; 1 when not normalised, or when the total is not above 0 (negative
 * weights), where no unit area can be had.
 */
export function unitAreaScale(h: BinnedAxis & { readonly sumw: readonly number[] }, normalise: boolean): number {
  if (!normalise) return 1;
  let total = 0;
  for (let i = 1; i <= h.axis.bins; i++) total += h.sumw[i];
  return total > 0 ? 1 / total : 1;
}
