// A histogram as a standalone SVG, for papers and slides: drawn from the numbers (not a screenshot),
// so it scales and its text stays text, and it shows what the page shows. 1-D: ROOT's step outline
// over the bin edges, with the pinned overlays as outlines in their colours (optionally each to unit
// area) and a legend; a profile (and pinned profiles): points with error bars; 2-D: the non-empty
// cells coloured on a viridis scale, with a colour bar, and a fit's contour lines. Log axes as the page's; the page around them
// (title, legend, ticks, statistics box) is core/data/svgFrame.ts, the ratio panel under an overlay
// core/data/ratioSvg.ts.
import { binEdges, sharedRange, unitAreaScale } from '../text/binEdges';
import { linearContentRange } from '../text/contentRange';
import { profileRange } from '../text/profileRange';
import { colourScale, VIRIDIS, viridis } from '../text/viridis';
import { fitContours } from '../text/fitContours';
import type { Bins1D, Histogram2DData } from './histogram';
import { ratioPanelSvg, splitFrame } from './ratioSvg';
import { axes, curvePath, document, escapeXml, fmt, type Frame, frameOf, scaleOf, type SvgOptions } from './svgFrame';

export { type SvgOptions, ticks } from './svgFrame';

/** One histogram or profile drawn: the first is the page's own (the fit is its), the others overlays. */
export interface SvgSeries {
  readonly label: string;
  readonly colour: string;
  readonly histogram: Pick<Bins1D, 'axis' | 'sumw'> & { readonly sumw2?: readonly number[]; readonly edges?: readonly number[] };
  /** A profile's Σw per bin (flow bins first and last): bins with none are not drawn. */
  readonly binEntries?: readonly number[];
}

/** The x range of all series, and whether it can be drawn on a log axis (only above 0, as on the page). */
function xRange(series: readonly SvgSeries[], options: SvgOptions): { low: number; high: number; log: boolean } {
  const { low, high } = sharedRange(series.map((s) => s.histogram));
  return { low, high, log: !!options.logX && low > 0 };
}

export function histogramSvg(series: readonly SvgSeries[], options: SvgOptions): string {
  const normalise = !!options.normalise && series.length > 1;
  const contents = series.map((s) => {
    const k = unitAreaScale(s.histogram, normalise);
    return s.histogram.sumw.slice(1, s.histogram.axis.bins + 1).map((v) => v * k);
  });
  // Loops, not Math.max(...): nine histograms of 100 000 bins are too many arguments for a call.
  let most = 0;
  let leastPositive = Infinity;
  for (const values of contents) {
    for (const v of values) {
      if (v > most) most = v;
      if (v > 0 && v < leastPositive) leastPositive = v;
    }
  }
  const log = !!options.log && most > 0;
  // Linear: from 0, or from below the lowest bin when some are negative; an empty histogram on [0, 1], as the page draws it.
  const [yMin, yMax] = log ? [leastPositive * 0.5, most * 2] : linearContentRange(contents);
  // The steps rise from 0 (linear) or from the bottom of a log axis, where an empty bin is drawn.
  const base = log ? yMin : 0;
  const whole = frameOf(options, 0, series);
  const ratio = options.ratio?.series.some((s) => s.points.length > 0) ? options.ratio : undefined;
  const split = ratio ? splitFrame(whole) : undefined;
  const frame = split?.histogram ?? whole;
  const x = xRange(series, options);
  const px = scaleOf(x.low, x.high, x.log, frame.left, frame.left + frame.width);
  const py = scaleOf(yMin, yMax, log, frame.top + frame.height, frame.top);
  // One histogram is filled as ROOT draws it; several are outlines, so that each shows through.
  const paths = series.map((s, k) => {
    const edges = binEdges(s.histogram);
    let d = `M${fmt(px(edges[0]))},${fmt(py(base))}`;
    contents[k].forEach((v, i) => {
      d += `V${fmt(py(log ? Math.max(v, yMin) : v))}H${fmt(px(edges[i + 1]))}`;
    });
    d += `V${fmt(py(base))}${series.length === 1 ? 'Z' : ''}`;
    return `<path d="${d}" fill="${series.length === 1 ? `${s.colour}33` : 'none'}" stroke="${s.colour}" stroke-width="1.5"/>`;
  });
  const body = [
    ...paths,
    ...(options.curve ? [curvePath(options.curve, frame, px, py, x, log, unitAreaScale(series[0].histogram, normalise))] : []),
    ...axes(frame, x, { low: yMin, high: yMax, log }, px, py, !ratio),
    ...(ratio && split ? ratioPanelSvg(ratio, split.panel, x, px) : []),
  ];
  return document(options, frame, body);
}

/**
 * Profiles as ROOT draws one: at each x bin with fills, its mean of y as a point with the error of
 * the mean as a vertical bar and the bin's width as a horizontal one; the y range from all the bars
 * (means may be negative), the fit's curve over the first.
 */
export function profileSvg(series: readonly SvgSeries[], options: SvgOptions): string {
  const ranges = series.map((s) => profileRange(s.histogram.sumw, s.histogram.sumw2 ?? [], s.binEntries ?? [], !!options.log));
  const yMin = Math.min(...ranges.map((r) => r[0]));
  const yMax = Math.max(...ranges.map((r) => r[1]));
  const log = !!options.log && yMin > 0;
  const frame = frameOf(options, 0, series);
  const x = xRange(series, options);
  const px = scaleOf(x.low, x.high, x.log, frame.left, frame.left + frame.width);
  const toY = scaleOf(yMin, yMax, log, frame.top + frame.height, frame.top);
  const py = (y: number): number => Math.min(frame.top + frame.height, Math.max(frame.top, toY(y)));
  const points = series.map((s) => {
    const h = s.histogram;
    const edges = binEdges(h);
    const out: string[] = [];
    for (let i = 1; i <= h.axis.bins; i++) {
      if (!s.binEntries?.[i] || (log && !(h.sumw[i] > 0))) continue;
      const error = Math.sqrt(h.sumw2?.[i] ?? 0);
      const cx = px((edges[i - 1] + edges[i]) / 2);
      const y = py(h.sumw[i]);
      out.push(
        `<path d="M${fmt(px(edges[i - 1]))},${fmt(y)}H${fmt(px(edges[i]))}M${fmt(cx)},${fmt(py(h.sumw[i] - error))}V${fmt(py(h.sumw[i] + error))}" stroke="${s.colour}" stroke-width="1.2" fill="none"/>`,
        `<circle cx="${fmt(cx)}" cy="${fmt(y)}" r="2.5" fill="${s.colour}"/>`,
      );
    }
    return `<g class="profile">${out.join('')}</g>`;
  });
  const body = [
    ...points,
    ...(options.curve ? [curvePath(options.curve, frame, px, py, x, log)] : []),
    ...axes(frame, x, { low: yMin, high: yMax, log }, px, py),
  ];
  return document(options, frame, body);
}

export function histogram2dSvg(h: Pick<Histogram2DData, 'x' | 'y' | 'sumw'>, options: SvgOptions): string {
  const frame = frameOf(options, 50);
  const nx = h.x.bins + 2;
  const { most, level } = colourScale(h, !!options.log);
  const px = scaleOf(h.x.low, h.x.high, false, frame.left, frame.left + frame.width);
  const py = scaleOf(h.y.low, h.y.high, false, frame.top + frame.height, frame.top);
  const cellW = frame.width / h.x.bins;
  const cellH = frame.height / h.y.bins;
  const cells: string[] = [];
  for (let by = 1; by <= h.y.bins; by++) {
    for (let bx = 1; bx <= h.x.bins; bx++) {
      const v = h.sumw[by * nx + bx];
      if (v <= 0) continue;
      cells.push(`<rect x="${fmt(frame.left + (bx - 1) * cellW)}" y="${fmt(frame.top + frame.height - by * cellH)}" width="${fmt(cellW + 0.3)}" height="${fmt(cellH + 0.3)}" fill="${viridis(level(v))}"/>`);
    }
  }
  const barX = frame.left + frame.width + 12;
  const stops = VIRIDIS.map((c, i) => `<stop offset="${fmt(i / (VIRIDIS.length - 1))}" stop-color="${c}"/>`).join('');
  const bar = [
    `<defs><linearGradient id="colz" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>`,
    `<rect x="${fmt(barX)}" y="${frame.top}" width="12" height="${frame.height}" fill="url(#colz)"/>`,
    `<text x="${fmt(barX)}" y="${frame.top - 6}" font-size="11">${escapeXml(String(most))}</text>`,
  ];
  return document(options, frame, [...cells, ...(options.surface ? [contourPaths(options.surface, frame, px, py)] : []), ...bar, ...axes(frame, h.x, h.y, px, py)]);
}

/** A 2-D fit's contour lines as one path, clipped to the frame and the fit's range (the rings close around it, outside). */
function contourPaths(surface: NonNullable<SvgOptions['surface']>, f: Frame, px: (x: number) => number, py: (y: number) => number): string {
  const d = fitContours(surface)
    .flatMap((level) => level.rings.map((ring) => `${ring.map(([x, y], i) => `${i ? 'L' : 'M'}${fmt(px(x))},${fmt(py(y))}`).join('')}Z`))
    .join('');
  const [x0, x1] = [Math.max(f.left, px(surface.x[0])), Math.min(f.left + f.width, px(surface.x[surface.x.length - 1]))];
  const [y0, y1] = [Math.max(f.top, py(surface.y[surface.y.length - 1])), Math.min(f.top + f.height, py(surface.y[0]))];
  return [
    `<defs><clipPath id="fit-range"><rect x="${fmt(x0)}" y="${fmt(y0)}" width="${fmt(Math.max(0, x1 - x0))}" height="${fmt(Math.max(0, y1 - y0))}"/></clipPath></defs>`,
    `<path d="${d}" fill="none" stroke="#e15759" stroke-width="1.5" clip-path="url(#fit-range)"/>`,
  ].join('');
}
