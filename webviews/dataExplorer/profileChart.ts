// A profile drawn as ROOT draws one: at each x bin with fills, the mean of y as a point, the error of
// that mean as a vertical bar and the bin's width as a horizontal one; the y range from the bars (means
// may be negative, core/text/profileRange.ts), a fit's curve over it, and a range chosen by dragging.
import uPlot from 'uplot';
import type { HistogramPayload } from '../../core/protocol/dataExplorerMessages';
import { fitLabel } from '../../core/text/textFit';
import { profileRange } from '../../core/text/profileRange';
import { canvasMeasure } from './axisLabel';
import { type ChartOptions, clipToPlot, curveHook, rangeSelection, themeColour } from './histogramChart';

export function drawProfile(holder: HTMLElement, h: HistogramPayload, binEntries: readonly number[], options: ChartOptions): uPlot {
  const fg = themeColour('--vscode-foreground', '#cccccc');
  const colour = themeColour('--vscode-charts-blue', '#4e79a7');
  const grid = { stroke: 'rgba(128,128,128,0.2)' };
  const { bins, low, high } = h.axis;
  const range = profileRange(h.sumw, h.sumw2, binEntries, options.logY);
  const logY = options.logY && range[0] > 0;
  const edge = (i: number): number => (h.edges ? h.edges[i] : i === bins ? high : low + (i * (high - low)) / bins);
  const shown = (i: number): boolean => binEntries[i] !== 0 && (!logY || h.sumw[i] > 0);
  const centres: number[] = [];
  const means: (number | null)[] = [];
  for (let i = 1; i <= bins; i++) {
    centres.push((edge(i - 1) + edge(i)) / 2);
    means.push(shown(i) ? h.sumw[i] : null);
  }
  // The bars, drawn under the points: the bin's width across, the error of its mean up and down.
  const bars = (u: uPlot): void => {
    const ctx = clipToPlot(u);
    ctx.beginPath();
    for (let i = 1; i <= bins; i++) {
      if (!shown(i)) continue;
      const error = Math.sqrt(h.sumw2[i]);
      const y = u.valToPos(h.sumw[i], 'y', true);
      const x = u.valToPos((edge(i - 1) + edge(i)) / 2, 'x', true);
      ctx.moveTo(u.valToPos(edge(i - 1), 'x', true), y);
      ctx.lineTo(u.valToPos(edge(i), 'x', true), y);
      ctx.moveTo(x, u.valToPos(logY ? Math.max(h.sumw[i] - error, range[0]) : h.sumw[i] - error, 'y', true));
      ctx.lineTo(x, u.valToPos(h.sumw[i] + error, 'y', true));
    }
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.2 * devicePixelRatio;
    ctx.stroke();
    ctx.restore();
  };
  const selection = rangeSelection(options.onSelect);
  return new uPlot(
    {
      title: options.title,
      width: options.width,
      height: options.height,
      legend: { show: false },
      cursor: selection.cursor,
      scales: {
        x: { time: false, distr: options.logX ? 3 : 1, range: () => [low, high] },
        y: logY ? { distr: 3, range: () => range } : { range: () => range },
      },
      axes: [
        { label: fitLabel(options.xLabel, options.width - 70, canvasMeasure()), stroke: fg, grid },
        { label: fitLabel(options.yLabel, options.height - 80, canvasMeasure()), stroke: fg, grid, size: 60 },
      ],
      series: [{}, { label: options.yLabel, stroke: colour, paths: () => null, points: { show: true, size: 6, fill: colour, stroke: colour } }],
      hooks: { ...selection.hooks, drawClear: [bars], ...(options.curve ? { draw: [curveHook(options.curve, 1, logY)] } : {}) },
    },
    [centres, means],
    holder,
  );
}
