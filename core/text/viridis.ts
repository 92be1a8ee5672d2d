// The colour scale of 2-D histograms, in the webview's heatmap and in the SVG export alike: viridis in
// 9 stops — perceptually even, readable in light and dark themes and by the colour-blind.
export const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'] as const;

/** The colour of `t` in [0, 1] (clamped), interpolated between the stops. */
export function viridis(t: number): string {
  const f = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(f));
  const mix = (at: number): number => Math.round(parseInt(VIRIDIS[i].slice(at, at + 2), 16) * (1 - (f - i)) + parseInt(VIRIDIS[i + 1].slice(at, at + 2), 16) * (f - i));
  return `rgb(${mix(1)},${mix(3)},${mix(5)})`;
}

/**
 * The colour scale of a 2-D histogram's cells inside both ranges (x fastest, flow cells around them):
 * the largest content, and each content's place on the scale, linear or logarithmic from the smallest
 * content above 0 — as ROOT's COLZ scales it.
 */
export function colourScale(h: { readonly x: { readonly bins: number }; readonly y: { readonly bins: number }; readonly sumw: readonly number[] }, log: boolean): { readonly most: number; readonly level: (v: number) => number } {
  const nx = h.x.bins + 2;
  let most = 0;
  let least = Infinity;
  for (let by = 1; by <= h.y.bins; by++) {
    for (let bx = 1; bx <= h.x.bins; bx++) {
      const v = h.sumw[by * nx + bx];
      if (v > most) most = v;
      if (v > 0 && v < least) least = v;
    }
  }
  const level = (v: number): number => (log ? (most > least ? Math.log(v / least) / Math.log(most / least) : 1) : most > 0 ? v / most : 0);
  return { most, level };
}
