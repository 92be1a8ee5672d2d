// A histogram drawn with uPlot the way ROOT draws one: a step line over the bin edges, optional log
// axes, and (for Save PNG) a picture of the chart with its title and statistics box.
import uPlot from 'uplot';
import type { HistogramPayload } from '../../core/protocol/dataExplorerMessages';
import { colourScale, viridis } from '../../core/text/viridis';
import { binEdges, sharedRange, unitAreaScale } from '../../core/text/binEdges';
import { linearContentRange } from '../../core/text/contentRange';
import { LEGEND_SWATCH, type LegendEntry, layoutLegend } from '../../core/text/legendLayout';
import { fitLabel, wrapText } from '../../core/text/textFit';
import { canvasMeasure } from './axisLabel';
import { type FitContours, strokeContours } from './contourLines';

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logX: boolean;
  readonly logY: boolean;
  readonly width: number;
  readonly height: number;
  /** A fitted function over its range, drawn in red over the histogram as ROOT draws a fit. */
  readonly curve?: Curve;
  /** Dragging across the chart chooses an x range (the fit's), without zooming. */
  readonly onSelect?: (low: number, high: number) => void;
}

/** The cursor and hook for choosing a range by dragging, when the page asks for one. */
export function rangeSelection(onSelect: ChartOptions['onSelect']): Pick<uPlot.Options, 'cursor' | 'hooks'> {
  if (!onSelect) return { cursor: { drag: { x: false, y: false } }, hooks: {} };
  return {
    cursor: { drag: { x: true, y: false, setScale: false } },
    hooks: {
      setSelect: [
        (u) => {
          if (u.select.width < 3) return;
          onSelect(u.posToVal(u.select.left, 'x'), u.posToVal(u.select.left + u.select.width, 'x'));
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
    },
  };
}

export interface Curve {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/**
 * A uPlot draw hook that strokes the curve (times `scale`) inside the plot area; the line is broken
 * where a log axis cannot show it.
 */
export function curveHook(curve: Curve, scale: number, logY: boolean): (u: uPlot) => void {
  return (u) => {
    const ctx = clipToPlot(u);
    ctx.beginPath();
    let pen = false;
    curve.x.forEach((x, i) => {
      const y = curve.y[i] * scale;
      const ok = Number.isFinite(y) && (!logY || y > 0);
      if (ok) {
        const px = u.valToPos(x, 'x', true);
        const py = u.valToPos(y, 'y', true);
        if (pen) ctx.lineTo(px, py);
        else ctx.moveTo(px, py);
      }
      pen = ok;
    });
    ctx.strokeStyle = themeColour('--vscode-charts-red', '#e15759');
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.stroke();
    ctx.restore();
  };
}

/** Saves the canvas state and clips to the plot area, for a draw hook (which restores it). */
export function clipToPlot(u: uPlot): CanvasRenderingContext2D {
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  return ctx;
}

/** Canvas cannot read CSS variables: the theme's colours are looked up once per drawing. */
export function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/**
 * Bin edges as x, contents as y; the last content repeated so that the step closes at the upper edge.
 * On a log scale an empty bin is drawn at `floor` (the bottom of the axis), as ROOT draws it.
 */
export function chartData(h: HistogramPayload, floor?: number): uPlot.AlignedData {
  const bins = h.axis.bins;
  const x = binEdges(h);
  const y = h.sumw.slice(1, bins + 1).map((v) => (floor !== undefined && v <= 0 ? floor : v));
  y.push(y[bins - 1] ?? 0);
  return [x, y];
}

/** The y range of a log axis: from half the smallest content above 0 to twice the largest. */
function logRange(h: HistogramPayload): [number, number] {
  const positive = h.sumw.slice(1, h.axis.bins + 1).filter((v) => v > 0);
  if (positive.length === 0) return [0.5, 10];
  return [Math.min(...positive) * 0.5, Math.max(...positive) * 2];
}

export function drawHistogram(holder: HTMLElement, h: HistogramPayload, options: ChartOptions): uPlot {
  const fg = themeColour('--vscode-foreground', '#cccccc');
  const line = themeColour('--vscode-charts-blue', '#4e79a7');
  const grid = { stroke: 'rgba(128,128,128,0.2)' };
  const logY = options.logY ? logRange(h) : undefined;
  const data = chartData(h, logY?.[0]);
  const linear = linearContentRange([h.sumw.slice(1, h.axis.bins + 1)]);
  return new uPlot(
    {
      title: options.title,
      width: options.width,
      height: options.height,
      legend: { show: false },
      cursor: rangeSelection(options.onSelect).cursor,
      scales: {
        x: { time: false, distr: options.logX ? 3 : 1, range: () => [h.axis.low, h.axis.high] },
        // Linear: from 0 (or below the lowest bin, for negative weights) to a little above the tallest, as ROOT draws it.
        y: logY ? { distr: 3, range: () => logY } : { range: () => linear },
      },
      axes: [
        { label: fitLabel(options.xLabel, options.width - 70, canvasMeasure()), stroke: fg, grid },
        { label: options.yLabel, stroke: fg, grid, size: 60 },
      ],
      series: [
        {},
        {
          label: options.yLabel,
          stroke: line,
          fill: `${line}33`,
          width: 1.5,
          paths: uPlot.paths.stepped!({ align: 1 }),
          points: { show: false },
        },
      ],
      hooks: { ...rangeSelection(options.onSelect).hooks, ...(options.curve ? { draw: [curveHook(options.curve, 1, options.logY)] } : {}) },
    },
    data,
    holder,
  );
}

/**
 * The chart as a PNG data URL: the title above, the legend of overlays under it (the page's legend is
 * HTML, not in the canvas), the statistics box in the top right corner, as ROOT prints it, and the
 * ratio panel under the chart when one is shown.
 */
export function chartPng(plot: uPlot, title: string, stats: readonly (readonly [string, string])[], legend: readonly LegendEntry[] = [], below?: uPlot): string {
  const source = plot.ctx.canvas;
  const scale = source.width / Math.max(1, plot.width);
  // A long title (an expression with its cuts) wraps over up to three lines above the chart.
  const titleFont = `600 ${Math.round(14 * scale)}px sans-serif`;
  const titleLines = wrapText(title, source.width - 20 * scale, canvasMeasure(titleFont));
  const titleLine = Math.round(18 * scale);
  const legendFont = `${Math.round(11 * scale)}px sans-serif`;
  const legendLine = Math.round(16 * scale);
  const placed = layoutLegend(legend, source.width - 20 * scale, canvasMeasure(legendFont), scale);
  const legendTop = titleLines.length * titleLine + Math.round(6 * scale);
  const titleHeight = legendTop + placed.rows * legendLine + Math.round(4 * scale);
  const out = document.createElement('canvas');
  out.width = source.width;
  // A ratio panel, when shown, goes under the chart as on the page.
  const lower = below?.ctx.canvas;
  out.height = source.height + titleHeight + (lower?.height ?? 0);
  const ctx = out.getContext('2d')!;
  const fg = themeColour('--vscode-foreground', '#222222');
  ctx.fillStyle = themeColour('--vscode-editor-background', '#ffffff');
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = fg;
  ctx.font = titleFont;
  ctx.textAlign = 'center';
  titleLines.forEach((line, i) => ctx.fillText(line, out.width / 2, Math.round(19 * scale) + i * titleLine));
  ctx.font = legendFont;
  ctx.textAlign = 'left';
  for (const e of placed.placed) {
    const x = 10 * scale + e.x;
    const y = legendTop + e.row * legendLine + legendLine / 2;
    ctx.fillStyle = e.colour;
    ctx.fillRect(x, y - 1.5 * scale, LEGEND_SWATCH * scale, 3 * scale);
    ctx.fillStyle = fg;
    ctx.fillText(e.label, x + (LEGEND_SWATCH + 6) * scale, y + 4 * scale);
  }
  ctx.drawImage(source, 0, titleHeight);
  if (lower) ctx.drawImage(lower, 0, titleHeight + source.height);
  const lineHeight = Math.round(15 * scale);
  ctx.font = `${Math.round(11 * scale)}px sans-serif`;
  const labelWidth = Math.max(...stats.map(([k]) => ctx.measureText(k).width));
  const valueWidth = Math.max(...stats.map(([, v]) => ctx.measureText(v).width));
  const boxWidth = labelWidth + valueWidth + 24 * scale;
  const boxHeight = stats.length * lineHeight + 8 * scale;
  const left = out.width - boxWidth - 12 * scale;
  const top = titleHeight + 8 * scale;
  ctx.fillStyle = themeColour('--vscode-editor-background', '#ffffff');
  ctx.fillRect(left, top, boxWidth, boxHeight);
  ctx.strokeStyle = fg;
  ctx.strokeRect(left, top, boxWidth, boxHeight);
  ctx.fillStyle = fg;
  stats.forEach(([k, v], i) => {
    const y = top + 4 * scale + (i + 0.8) * lineHeight;
    ctx.textAlign = 'left';
    ctx.fillText(k, left + 8 * scale, y);
    ctx.textAlign = 'right';
    ctx.fillText(v, left + boxWidth - 8 * scale, y);
  });
  return out.toDataURL('image/png');
}

export interface Heatmap {
  readonly x: HistogramPayload['axis'];
  readonly y: HistogramPayload['axis'];
  /** (x.bins + 2) × (y.bins + 2) cells, x fastest, under/overflow included. */
  readonly sumw: readonly number[];
}

/**
 * A 2-D histogram as ROOT's COLZ draws it: each cell inside both ranges a rectangle coloured by its
 * content (empty cells left blank), a colour bar with the largest content on the right; `logZ`
 * colours by the logarithm.
 */
export function drawHeatmap(holder: HTMLElement, h: Heatmap, options: Omit<ChartOptions, 'logX' | 'logY'> & { readonly logZ: boolean; readonly contours?: FitContours }): uPlot {
  const fg = themeColour('--vscode-foreground', '#cccccc');
  const grid = { stroke: 'rgba(128,128,128,0.2)' };
  const nx = h.x.bins + 2;
  const { most, level } = colourScale(h, !!options.logZ);
  const edge = (a: Heatmap['x'], i: number): number => (i === a.bins ? a.high : a.low + (i * (a.high - a.low)) / a.bins);
  const paint = (u: uPlot): void => {
    const ctx = clipToPlot(u);
    for (let by = 1; by <= h.y.bins; by++) {
      const top = u.valToPos(edge(h.y, by), 'y', true);
      const bottom = u.valToPos(edge(h.y, by - 1), 'y', true);
      for (let bx = 1; bx <= h.x.bins; bx++) {
        const v = h.sumw[by * nx + bx];
        if (v <= 0) continue;
        const left = u.valToPos(edge(h.x, bx - 1), 'x', true);
        const right = u.valToPos(edge(h.x, bx), 'x', true);
        ctx.fillStyle = viridis(level(v));
        // A hair wider than the cell, so that no seams show between neighbours.
        ctx.fillRect(left, top, right - left + 0.5, bottom - top + 0.5);
      }
    }
    ctx.restore();
    if (options.contours) strokeContours(u, options.contours, themeColour('--vscode-charts-red', '#e15759'));
    // The colour bar: a strip at the plot's right edge, the largest content above it.
    const barLeft = u.bbox.left + u.bbox.width + 6 * devicePixelRatio;
    const barWidth = 10 * devicePixelRatio;
    for (let i = 0; i < u.bbox.height; i++) {
      ctx.fillStyle = viridis(1 - i / u.bbox.height);
      ctx.fillRect(barLeft, u.bbox.top + i, barWidth, 1.5);
    }
    ctx.fillStyle = fg;
    ctx.font = `${11 * devicePixelRatio}px sans-serif`;
    ctx.textAlign = 'left';
    ctx.fillText(String(most), barLeft, u.bbox.top - 4 * devicePixelRatio);
  };
  return new uPlot(
    {
      title: options.title,
      width: options.width,
      height: options.height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      padding: [16, 40, 0, 0],
      scales: { x: { time: false, range: () => [h.x.low, h.x.high] }, y: { range: () => [h.y.low, h.y.high] } },
      axes: [
        { label: fitLabel(options.xLabel, options.width - 110, canvasMeasure()), stroke: fg, grid },
        { label: fitLabel(options.yLabel, options.height - 80, canvasMeasure()), stroke: fg, grid, size: 60 },
      ],
      series: [{}, { stroke: 'transparent', points: { show: false }, paths: () => null }],
      hooks: { draw: [paint] },
    },
    [
      [h.x.low, h.x.high],
      [null, null],
    ],
    holder,
  );
}

/** The y axis width of the overlay chart, which the ratio panel under it shares (ratioChart.ts): their plot areas line up. */
export const OVERLAY_Y_AXIS = 70;

export interface OverlaySeries {
  readonly label: string;
  readonly histogram: HistogramPayload;
  readonly colour: string;
}

/**
 * Several 1-D histograms on one plot, each a step outline in its colour with a legend: the x values
 * are the union of all their bin edges, each histogram's content held across its own bins (nothing
 * drawn outside its range). `normalise` scales each to unit area over its range, as ROOT's
 * DrawNormalized, so that shapes of different sizes compare.
 */
export function drawOverlay(holder: HTMLElement, series: readonly OverlaySeries[], options: ChartOptions & { readonly normalise: boolean; readonly ratioBelow?: boolean }): uPlot {
  const fg = themeColour('--vscode-foreground', '#cccccc');
  const grid = { stroke: 'rgba(128,128,128,0.2)' };
  const xs = [...new Set(series.flatMap((s) => binEdges(s.histogram)))].sort((a, b) => a - b);
  const data: (number | null)[][] = [xs];
  for (const s of series) {
    const edges = binEdges(s.histogram);
    const contents = s.histogram.sumw.slice(1, edges.length);
    const scale = unitAreaScale(s.histogram, options.normalise);
    let bin = 0;
    data.push(
      xs.map((x, i) => {
        if (x < edges[0] || x > edges[edges.length - 1]) return null;
        while (bin < contents.length - 1 && x >= edges[bin + 1]) bin++;
        // The last x closes the step of the bin before it.
        const v = (i === xs.length - 1 || x >= edges[edges.length - 1] ? contents[contents.length - 1] : contents[bin]) * scale;
        return options.logY && v <= 0 ? null : v;
      }),
    );
  }
  const { low, high } = sharedRange(series.map((s) => s.histogram));
  // Above a ratio panel the x axis keeps its ticks but not its numbers or label (the panel has them), as ROOT's TRatioPlot.
  const xAxis = options.ratioBelow ? { values: (_u: uPlot, splits: number[]) => splits.map(() => ''), size: 12 } : { label: fitLabel(options.xLabel, options.width - 80, canvasMeasure()) };
  return new uPlot(
    {
      title: options.title,
      width: options.width,
      height: options.height,
      // The legend names each histogram in its colour, without values under the cursor.
      legend: { live: false },
      cursor: rangeSelection(options.onSelect).cursor,
      scales: { x: { time: false, distr: options.logX ? 3 : 1, range: () => [low, high] }, y: options.logY ? { distr: 3 } : { range: (_u, min, max) => linearContentRange([[min ?? 0, max ?? 0]]) } },
      axes: [
        { ...xAxis, stroke: fg, grid },
        { label: options.yLabel, stroke: fg, grid, size: OVERLAY_Y_AXIS },
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false }, spanGaps: false }))],
      // The fit belongs to the first histogram: scaled with it when the shapes are normalised.
      hooks: { ...rangeSelection(options.onSelect).hooks, ...(options.curve ? { draw: [curveHook(options.curve, unitAreaScale(series[0].histogram, options.normalise), options.logY)] } : {}) },
    },
    data as uPlot.AlignedData,
    holder,
  );
}
