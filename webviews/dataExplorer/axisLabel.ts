// uPlot draws an axis label on its canvas, centred on the plot: an expression longer than the plot
// ran off both ends (the mass of two muons from their components, cut to "on_E[0] + …"). Labels are
// fitted to the plot (core/text/textFit.ts) as measured here, in uPlot's own label font.
import type { Measure } from '../../core/text/textFit';

/** uPlot's axis label font (its default: bold 12px of the system's UI font). */
const AXIS_LABEL_FONT = 'bold 12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

/** A measure of text in a font (uPlot's axis label font unless told), by a canvas of the page's own. */
export function canvasMeasure(font = AXIS_LABEL_FONT): Measure {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return (s) => [...s].length * 7;
  ctx.font = font;
  return (s) => ctx.measureText(s).width;
}
