// uPlot draws an axis label on its canvas, centred on the plot: an expression longer than the plot
// ran off both ends (the mass of two muons from their components, cut to "on_E[0] + …"). It is
// shortened to the plot's length with an ellipsis in the middle — an expression's two ends say most
// about it — and the chart's title above still has all of it.

/** uPlot's own axis label font (its default: bold 12px of the system's UI font). */
export const AXIS_LABEL_FONT = 'bold 12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

/** `text` as it fits in `room` pixels by `measure`: whole, or its two ends around "…". */
export function fitLabel(text: string, room: number, measure: (s: string) => number): string {
  if (measure(text) <= room) return text;
  const chars = [...text];
  const cut = (keep: number): string => `${chars.slice(0, Math.ceil(keep / 2)).join('').trimEnd()} … ${chars.slice(chars.length - Math.floor(keep / 2)).join('').trimStart()}`;
  // The most characters kept that still fit (fewer always fit no worse).
  let low = 0;
  let high = chars.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(cut(mid)) <= room) low = mid;
    else high = mid - 1;
  }
  return low > 0 ? cut(low) : '…';
}

/** A measure of text in the axis label font, by a canvas of the page's own. */
export function labelMeasure(): (s: string) => number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return (s) => s.length * 7;
  ctx.font = AXIS_LABEL_FONT;
  return (s) => ctx.measureText(s).width;
}
