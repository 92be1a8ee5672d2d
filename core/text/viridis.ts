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
