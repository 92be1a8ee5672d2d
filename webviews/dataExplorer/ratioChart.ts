// The ratio panel under an overlay (ROOT's TRatioPlot): the drawn histogram over each pinned one with
// the same bins, a point per bin with its error bar and the bin's width, in the pinned one's colour;
// a dashed line at 1. Its x axis is the overlay's (same range, same y axis width, so bins line up);
// its series come from core/text/histogramRatio.ts, as Save SVG's do.
import uPlot from 'uplot';
import { type RatioPoint, ratioRange, type RatioSeries } from '../../core/text/histogramRatio';
import { fitLabel } from '../../core/text/textFit';
import { canvasMeasure } from './axisLabel';
import { clipToPlot, OVERLAY_Y_AXIS, themeColour } from './histogramChart';

export interface RatioOptions {
  readonly xLabel: string;
  readonly yLabel: string;
  /** The overlay's x range, so that the two plots share their x axis. */
  readonly low: number;
  readonly high: number;
  readonly logX: boolean;
  readonly width: number;
  readonly height: number;
}

export function drawRatio(holder: HTMLElement, series: readonly RatioSeries[], options: RatioOptions): uPlot {
  const fg = themeColour('--vscode-foreground', '#cccccc');
  const grid = { stroke: 'rgba(128,128,128,0.2)' };
  const range = ratioRange(series.map((s) => s.points));
  const centres = (p: RatioPoint): number => (options.logX ? Math.sqrt(p.low * p.high) : (p.low + p.high) / 2);
  const xs = [...new Set(series.flatMap((s) => s.points.map(centres)))].sort((a, b) => a - b);
  const data = [xs, ...series.map((s) => {
    const at = new Map(s.points.map((p) => [centres(p), p.ratio]));
    return xs.map((x) => at.get(x) ?? null);
  })];
  const bars = (u: uPlot): void => {
    const ctx = clipToPlot(u);
    // The line at 1: equal counts (or shapes).
    ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.strokeStyle = fg;
    ctx.lineWidth = devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, u.valToPos(1, 'y', true));
    ctx.lineTo(u.bbox.left + u.bbox.width, u.valToPos(1, 'y', true));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.lineWidth = 1.2 * devicePixelRatio;
    for (const s of series) {
      ctx.beginPath();
      for (const p of s.points) {
        const y = u.valToPos(p.ratio, 'y', true);
        const x = u.valToPos(centres(p), 'x', true);
        ctx.moveTo(u.valToPos(p.low, 'x', true), y);
        ctx.lineTo(u.valToPos(p.high, 'x', true), y);
        ctx.moveTo(x, u.valToPos(p.ratio - p.error, 'y', true));
        ctx.lineTo(x, u.valToPos(p.ratio + p.error, 'y', true));
      }
      ctx.strokeStyle = s.colour;
      ctx.stroke();
    }
    ctx.restore();
  };
  return new uPlot(
    {
      width: options.width,
      height: options.height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, distr: options.logX ? 3 : 1, range: () => [options.low, options.high] }, y: { range: () => range } },
      axes: [
        { label: fitLabel(options.xLabel, options.width - 80, canvasMeasure()), stroke: fg, grid },
        // Closer ticks than uPlot's default: the panel is short.
        { label: options.yLabel, stroke: fg, grid, size: OVERLAY_Y_AXIS, space: 18 },
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, paths: () => null, points: { show: true, size: 5, fill: s.colour, stroke: s.colour } }))],
      hooks: { drawClear: [bars] },
    },
    data as uPlot.AlignedData,
    holder,
  );
}
