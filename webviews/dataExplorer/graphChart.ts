// A graph stored in a ROOT file, drawn as ROOT's TBrowser draws one ("ALP"): the points joined in
// their stored order (a ROC curve, a resolution against energy), a marker at each, and the error bars
// a TGraphErrors or TGraphAsymmErrors keeps; ROOT's frame (core/text/graphRange.ts), log axes when
// asked, and under the chart the point nearest the cursor with its errors. uPlot gives the frame and
// axes; the points are drawn in a hook, since uPlot's series must have sorted x and a graph need not.
import uPlot from 'uplot';
import type { GraphPayload } from '../../core/protocol/dataExplorerMessages';
import { type GraphMark, graphMarks, graphRange } from '../../core/text/graphRange';
import { fitLabel } from '../../core/text/textFit';
import { canvasMeasure } from './axisLabel';
import { formatNumber } from './dom';
import { clipToPlot, themeColour } from './histogramChart';

export interface GraphChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logX: boolean;
  readonly logY: boolean;
  /** Join the points with a line, in their stored order. */
  readonly line: boolean;
  readonly width: number;
  readonly height: number;
  /** The point nearest the cursor (within a few pixels), or undefined when none is. */
  readonly onHover: (point: GraphMark | undefined, index: number) => void;
}

/** How near the cursor, in CSS pixels, a point must be to be read out. */
const HOVER_PIXELS = 12;

export function drawGraph(holder: HTMLElement, g: GraphPayload, options: GraphChartOptions): uPlot {
  const fg = themeColour('--vscode-foreground', '#cccccc');
  const colour = themeColour('--vscode-charts-blue', '#4e79a7');
  const grid = { stroke: 'rgba(128,128,128,0.2)' };
  const marks = graphMarks(g, options.logX, options.logY);
  const range = graphRange(marks, options.logX, options.logY);
  const paint = (u: uPlot): void => {
    const ctx = clipToPlot(u);
    const px = (v: number): number => u.valToPos(v, 'x', true);
    const py = (v: number): number => u.valToPos(v, 'y', true);
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 1.2 * devicePixelRatio;
    ctx.beginPath();
    for (const m of marks) {
      if (!m) continue;
      if (m.xLow !== m.xHigh) {
        ctx.moveTo(px(m.xLow), py(m.y));
        ctx.lineTo(px(m.xHigh), py(m.y));
      }
      if (m.yLow !== m.yHigh) {
        ctx.moveTo(px(m.x), py(m.yLow));
        ctx.lineTo(px(m.x), py(m.yHigh));
      }
    }
    ctx.stroke();
    if (options.line) {
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.beginPath();
      let pen = false;
      for (const m of marks) {
        if (m) {
          if (pen) ctx.lineTo(px(m.x), py(m.y));
          else ctx.moveTo(px(m.x), py(m.y));
        }
        pen = m !== null;
      }
      ctx.stroke();
    }
    const r = 2.5 * devicePixelRatio;
    ctx.beginPath();
    for (const m of marks) {
      if (!m) continue;
      ctx.moveTo(px(m.x) + r, py(m.y));
      ctx.arc(px(m.x), py(m.y), r, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.restore();
  };
  // The point nearest the cursor, in pixels: a linear pass (a million points take a few milliseconds).
  const hover = (u: uPlot): void => {
    const { left, top } = u.cursor;
    if (left === undefined || top === undefined || left < 0) {
      options.onHover(undefined, -1);
      return;
    }
    let best = -1;
    let bestDistance = HOVER_PIXELS ** 2;
    marks.forEach((m, i) => {
      if (!m) return;
      const d = (u.valToPos(m.x, 'x') - left) ** 2 + (u.valToPos(m.y, 'y') - top) ** 2;
      if (d <= bestDistance) {
        best = i;
        bestDistance = d;
      }
    });
    options.onHover(best >= 0 ? marks[best]! : undefined, best);
  };
  return new uPlot(
    {
      title: options.title,
      width: options.width,
      height: options.height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, distr: options.logX ? 3 : 1, range: () => [range.x[0], range.x[1]] },
        y: { distr: options.logY ? 3 : 1, range: () => [range.y[0], range.y[1]] },
      },
      axes: [
        { label: fitLabel(options.xLabel, options.width - 70, canvasMeasure()), stroke: fg, grid },
        { label: fitLabel(options.yLabel, options.height - 80, canvasMeasure()), stroke: fg, grid, size: 60 },
      ],
      // One empty series: uPlot draws the frame and axes, the hook the points.
      series: [{}, { paths: () => null, points: { show: false } }],
      hooks: { draw: [paint], setCursor: [hover] },
    },
    [
      [range.x[0], range.x[1]],
      [null, null],
    ],
    holder,
  );
}

/** A point as the read-out under the chart gives it: "x = 40 ± 5, y = 0.51 +0.035 −0.036" (ROOT counts points from 0). */
export function pointText(g: GraphPayload, index: number): string {
  const error = (e: GraphPayload['ex']): string => {
    if (!e) return '';
    const low = e.low[index];
    const high = e.high[index];
    if (low === high) return low ? ` ± ${formatNumber(low)}` : '';
    return ` +${formatNumber(high)} −${formatNumber(low)}`;
  };
  return `${index}: x = ${formatNumber(g.x[index])}${error(g.ex)}, y = ${formatNumber(g.y[index])}${error(g.ey)}`;
}
