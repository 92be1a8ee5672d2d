// A 2-D fit's function drawn over the heat map as ROOT draws a TF2 on a COLZ plot: contour lines
// (core/text/fitContours.ts finds them) in the fit's colour, inside the fit range only.
import type uPlot from 'uplot';
import type { ContourLevel } from '../../core/text/fitContours';

export interface FitContours {
  readonly levels: readonly ContourLevel[];
  readonly low: number;
  readonly high: number;
  readonly lowY: number;
  readonly highY: number;
}

/** Strokes the contours, clipped to the plot area and the fit range (the rings close around the range, outside it). */
export function strokeContours(u: uPlot, c: FitContours, colour: string): void {
  const ctx = u.ctx;
  const [left, right] = [u.valToPos(c.low, 'x', true), u.valToPos(c.high, 'x', true)];
  const [top, bottom] = [u.valToPos(c.highY, 'y', true), u.valToPos(c.lowY, 'y', true)];
  const x0 = Math.max(u.bbox.left, left);
  const y0 = Math.max(u.bbox.top, top);
  const x1 = Math.min(u.bbox.left + u.bbox.width, right);
  const y1 = Math.min(u.bbox.top + u.bbox.height, bottom);
  if (!(x1 > x0 && y1 > y0)) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, y0, x1 - x0, y1 - y0);
  ctx.clip();
  ctx.beginPath();
  for (const level of c.levels) {
    for (const ring of level.rings) {
      ring.forEach(([x, y], i) => {
        const [px, py] = [u.valToPos(x, 'x', true), u.valToPos(y, 'y', true)];
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.closePath();
    }
  }
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.stroke();
  ctx.restore();
}
