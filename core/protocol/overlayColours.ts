// Which pinned overlays a drawn plot shows, and in what colours: the page's chart, its PNG and the
// host's SVG take them from here, so that what is saved is what is seen. Histograms are drawn over a
// histogram, profiles over a profile, nothing over a 2-D histogram; each overlay keeps the colour of
// its place on the board (the drawn plot is colour 0), whether or not it is shown.
import type { OverlayPayload } from './dataExplorerMessages';

// Tableau's ten without its red, which is the fit's curve.
const PALETTE = ['#4e79a7', '#f28e2b', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The colour of the drawn plot (0) and of each overlay (1…). */
export function overlayColour(index: number): string {
  return PALETTE[index % PALETTE.length];
}

export type ColouredOverlay = OverlayPayload & { readonly colour: string };

/** The overlays drawn over a plot of this kind, each in its board colour. */
export function shownOverlays(overlays: readonly OverlayPayload[], drawn: { readonly profile: boolean; readonly twoD: boolean }): ColouredOverlay[] {
  if (drawn.twoD) return [];
  return overlays.map((o, i) => ({ ...o, colour: overlayColour(i + 1) })).filter((o) => !o.profile === !drawn.profile);
}
