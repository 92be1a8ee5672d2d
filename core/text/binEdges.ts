// A 1-D histogram's bin edges as every drawing of it takes them (the page's charts, its PNG, Save SVG,
// the overlays' tests and ratios): its own edges when its bins vary (a stored histogram's), else
// uniform over its axis, the last edge exactly the axis's upper end.

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
