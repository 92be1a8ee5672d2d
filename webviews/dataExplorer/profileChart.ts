// Profiles drawn as ROOT draws one: at each x bin with fills, the mean of y as a point, the error of
// that mean as a vertical bar and the bin's width as a horizontal one; the y range from the bars (means
// may be negative, core/text/profileRange.ts), a fit's curve over the first, and a range chosen by
// dragging. Pinned profiles are drawn with it, each in its colour, with a legend.
import uPlot from 'uplot';
import type { HistogramPayload } from '../../core/protocol/dataExplorerMessages';
import { binEdges } from '../../core/text/binEdges';
import { fitLabel } from '../../core/text/textFit';
import { profileRange } from '../../core/text/profileRange';
import { canvasMeasure } from './axisLabel';
import { type ChartOptions, clipToPlot, curveHook, rangeSelection, themeColour } from './histogramChart';

export interface ProfileSeries {
  readonly label: string;
  /** Each bin's mean (sumw) and its error squared (sumw2). */
  readonly histogram: HistogramPayload;
  readonly binEntries: readonly number[];
  readonly colour: string;
}

/** The drawn profile first (the fit is its), then the overlays; one series has no legend. */
export function drawProfiles(holder: HTMLElement, series: readonly ProfileSeries[], options: ChartOptions): uPlot {
  const fg = themeColour('--vscode-foreground', '#cccccc');
  const grid = { stroke: 'rgba(128,128,128,0.2)' };
  const ranges = series.map((s) => profileRange(s.histogram.sumw, s.histogram.sumw2, s.binEntries, options.logY));
  const range: [number, number] = [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
  const logY = options.logY && range[0] > 0;
  const parts = series.map((s) => binsOf(s, logY));
  // One x array for all: every series' bin centres, a series null where it has no bin.
  const xs = [...new Set(parts.flatMap((p) => p.centres))].sort((a, b) => a - b);
  const data = [xs, ...parts.map((p) => xs.map((x) => p.meanAt.get(x) ?? null))];
  // The bars, drawn under the points: the bin's width across, the error of its mean up and down.
  const bars = (u: uPlot): void => {
    const ctx = clipToPlot(u);
    ctx.lineWidth = 1.2 * devicePixelRatio;
    series.forEach((s, k) => {
      ctx.beginPath();
      for (const b of parts[k].bins) {
        const y = u.valToPos(b.mean, 'y', true);
        const x = u.valToPos(b.centre, 'x', true);
        ctx.moveTo(u.valToPos(b.low, 'x', true), y);
        ctx.lineTo(u.valToPos(b.high, 'x', true), y);
        ctx.moveTo(x, u.valToPos(logY ? Math.max(b.mean - b.error, range[0]) : b.mean - b.error, 'y', true));
        ctx.lineTo(x, u.valToPos(b.mean + b.error, 'y', true));
      }
      ctx.strokeStyle = s.colour;
      ctx.stroke();
    });
    ctx.restore();
  };
  const selection = rangeSelection(options.onSelect);
  const low = Math.min(...series.map((s) => s.histogram.axis.low));
  const high = Math.max(...series.map((s) => s.histogram.axis.high));
  return new uPlot(
    {
      title: options.title,
      width: options.width,
      height: options.height,
      // Names and colours only: a value under the cursor says little of a point with its bars.
      legend: { show: series.length > 1, live: false, markers: { fill: (_u, i) => series[i - 1]?.colour ?? '' } },
      cursor: selection.cursor,
      scales: {
        x: { time: false, distr: options.logX ? 3 : 1, range: () => [low, high] },
        y: logY ? { distr: 3, range: () => range } : { range: () => range },
      },
      axes: [
        { label: fitLabel(options.xLabel, options.width - 70, canvasMeasure()), stroke: fg, grid },
        { label: fitLabel(options.yLabel, options.height - 80, canvasMeasure()), stroke: fg, grid, size: 60 },
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, paths: () => null, points: { show: true, size: 6, fill: s.colour, stroke: s.colour } }))],
      hooks: { ...selection.hooks, drawClear: [bars], ...(options.curve ? { draw: [curveHook(options.curve, 1, logY)] } : {}) },
    },
    data as uPlot.AlignedData,
    holder,
  );
}

interface ShownBin {
  readonly low: number;
  readonly high: number;
  readonly centre: number;
  readonly mean: number;
  readonly error: number;
}

/** A profile's bins that are drawn (filled; on a log axis, positive means), and its mean at each centre. */
function binsOf(s: ProfileSeries, logY: boolean): { bins: ShownBin[]; centres: number[]; meanAt: Map<number, number> } {
  const h = s.histogram;
  const bins = h.axis.bins;
  const edges = binEdges(h);
  const edge = (i: number): number => edges[i];
  const shown: ShownBin[] = [];
  const centres: number[] = [];
  const meanAt = new Map<number, number>();
  for (let i = 1; i <= bins; i++) {
    const centre = (edge(i - 1) + edge(i)) / 2;
    centres.push(centre);
    if (s.binEntries[i] === 0 || (logY && !(h.sumw[i] > 0))) continue;
    shown.push({ low: edge(i - 1), high: edge(i), centre, mean: h.sumw[i], error: Math.sqrt(h.sumw2[i]) });
    meanAt.set(centre, h.sumw[i]);
  }
  return { bins: shown, centres, meanAt };
}
