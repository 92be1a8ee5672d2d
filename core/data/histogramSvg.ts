// A histogram as a standalone SVG, for papers and slides: drawn from the numbers (not a screenshot),
// so it scales and its text stays text. 1-D: ROOT's step outline over the bin edges, optional log y;
// a profile: points with error bars; 2-D: the non-empty cells coloured on a viridis scale, with a colour bar. Both with the title, axis
// labels, round ticks and the statistics box. Every piece of text is escaped; a long title wraps over
// up to three lines, a long axis label is shortened in its middle (core/text/textFit.ts).
import { estimatedWidth, fitLabel, wrapText } from '../text/textFit';
import { colourScale, VIRIDIS, viridis } from '../text/viridis';
import { profileRange } from '../text/profileRange';
import type { Bins1D, Histogram2DData } from './histogram';

export interface SvgOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** The statistics box, as the panel shows it. */
  readonly stats: readonly (readonly [string, string])[];
  /** Log y (1-D) or log colour (2-D). */
  readonly log?: boolean;
  readonly width?: number;
  readonly height?: number;
  /** A fitted function over its range, drawn over a 1-D histogram in red, as ROOT draws a fit. */
  readonly curve?: { readonly x: readonly number[]; readonly y: readonly number[] };
}

const MARGIN = { left: 70, right: 30, top: 40, bottom: 55 };
const TITLE_LINE = 18;

export function histogramSvg(h: Omit<Bins1D, 'sumw2'>, options: SvgOptions, edges?: readonly number[]): string {
  const { bins, low, high } = h.axis;
  const contents = h.sumw.slice(1, bins + 1);
  const positive = contents.filter((v) => v > 0);
  const log = !!options.log && positive.length > 0;
  const yMin = log ? Math.min(...positive) * 0.5 : 0;
  const yMax = log ? Math.max(...positive) * 2 : Math.max(1e-300, ...contents) * 1.05;
  const frame = frameOf(options);
  const px = (x: number): number => frame.left + ((x - low) / (high - low)) * frame.width;
  const py = (y: number): number => {
    const v = log ? (Math.log(Math.max(y, yMin)) - Math.log(yMin)) / (Math.log(yMax) - Math.log(yMin)) : (y - yMin) / (yMax - yMin || 1);
    return frame.top + frame.height * (1 - v);
  };
  const width = (high - low) / bins;
  // Variable bins (a stored histogram's) come with their edges.
  const upper = (i: number): number => (edges ? edges[i + 1] : i === bins - 1 ? high : low + (i + 1) * width);
  let d = `M${fmt(px(low))},${fmt(py(yMin))}`;
  for (let i = 0; i < bins; i++) {
    const y = py(Math.max(contents[i], yMin));
    d += `V${fmt(y)}H${fmt(px(upper(i)))}`;
  }
  d += `V${fmt(py(yMin))}Z`;
  const body = [
    `<path d="${d}" fill="#4e79a733" stroke="#4e79a7" stroke-width="1.5"/>`,
    ...(options.curve ? [curvePath(options.curve, frame, px, py, log, low, high)] : []),
    ...axes(frame, { low, high }, { low: yMin, high: yMax }, px, py, log),
  ];
  return document(options, frame, body);
}

/** The fit's curve as one path clipped to the frame, broken where it leaves the x range or (log y) is not above 0. */
function curvePath(curve: NonNullable<SvgOptions['curve']>, f: Frame, px: (x: number) => number, py: (y: number) => number, log: boolean, low: number, high: number): string {
  let d = '';
  let pen = false;
  curve.x.forEach((x, i) => {
    const y = curve.y[i];
    const ok = x >= low && x <= high && Number.isFinite(y) && (!log || y > 0);
    if (ok) d += `${pen ? 'L' : 'M'}${fmt(px(x))},${fmt(py(y))}`;
    pen = ok;
  });
  return [
    `<defs><clipPath id="fit-frame"><rect x="${f.left}" y="${f.top}" width="${f.width}" height="${f.height}"/></clipPath></defs>`,
    `<path d="${d}" fill="none" stroke="#e15759" stroke-width="2" clip-path="url(#fit-frame)"/>`,
  ].join('');
}

/**
 * A profile as ROOT draws one: at each x bin with fills, its mean of y as a point with the error of
 * the mean as a vertical bar and the bin's width as a horizontal one; the y range from the bars
 * (means may be negative), the fit's curve over it.
 */
export function profileSvg(h: Bins1D, binEntries: readonly number[], options: SvgOptions, edges?: readonly number[]): string {
  const { bins, low, high } = h.axis;
  const [yMin, yMax] = profileRange(h.sumw, h.sumw2, binEntries, !!options.log);
  const log = !!options.log && yMin > 0;
  const frame = frameOf(options);
  const px = (x: number): number => frame.left + ((x - low) / (high - low)) * frame.width;
  const py = (y: number): number => {
    const v = log ? (Math.log(Math.max(y, yMin)) - Math.log(yMin)) / (Math.log(yMax) - Math.log(yMin)) : (y - yMin) / (yMax - yMin);
    return frame.top + frame.height * (1 - Math.min(1, Math.max(0, v)));
  };
  const edge = (i: number): number => (edges ? edges[i] : i === bins ? high : low + (i * (high - low)) / bins);
  const points: string[] = [];
  for (let i = 1; i <= bins; i++) {
    if (binEntries[i] === 0 || (log && !(h.sumw[i] > 0))) continue;
    const error = Math.sqrt(h.sumw2[i]);
    const x = px((edge(i - 1) + edge(i)) / 2);
    const y = py(h.sumw[i]);
    points.push(
      `<path d="M${fmt(px(edge(i - 1)))},${fmt(y)}H${fmt(px(edge(i)))}M${fmt(x)},${fmt(py(h.sumw[i] - error))}V${fmt(py(h.sumw[i] + error))}" stroke="#4e79a7" stroke-width="1.2" fill="none"/>`,
      `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="2.5" fill="#4e79a7"/>`,
    );
  }
  const body = [
    `<g class="profile">${points.join('')}</g>`,
    ...(options.curve ? [curvePath(options.curve, frame, px, py, log, low, high)] : []),
    ...axes(frame, { low, high }, { low: yMin, high: yMax }, px, py, log),
  ];
  return document(options, frame, body);
}

export function histogram2dSvg(h: Pick<Histogram2DData, 'x' | 'y' | 'sumw'>, options: SvgOptions): string {
  const frame = frameOf(options, 50);
  const nx = h.x.bins + 2;
  const { most, level } = colourScale(h, !!options.log);
  const px = (x: number): number => frame.left + ((x - h.x.low) / (h.x.high - h.x.low)) * frame.width;
  const py = (y: number): number => frame.top + frame.height * (1 - (y - h.y.low) / (h.y.high - h.y.low));
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
  return document(options, frame, [...cells, ...bar, ...axes(frame, h.x, h.y, px, py, false)]);
}

interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly outerWidth: number;
  readonly outerHeight: number;
  /** The title as wrapped above the frame (the frame starts lower for each line more). */
  readonly titleLines: readonly string[];
}

function frameOf(options: SvgOptions, extraRight = 0): Frame {
  const outerWidth = options.width ?? 720;
  const outerHeight = options.height ?? 480;
  const titleLines = wrapText(options.title, outerWidth - 20, estimatedWidth(15, true));
  const top = MARGIN.top + (titleLines.length - 1) * TITLE_LINE;
  return { left: MARGIN.left, top, width: outerWidth - MARGIN.left - MARGIN.right - extraRight, height: outerHeight - top - MARGIN.bottom, outerWidth, outerHeight, titleLines };
}

function document(options: SvgOptions, f: Frame, body: readonly string[]): string {
  const lineHeight = 15;
  const labelWidth = Math.max(0, ...options.stats.map(([k]) => k.length)) * 6.5;
  const valueWidth = Math.max(0, ...options.stats.map(([, v]) => v.length)) * 6.5;
  const boxWidth = labelWidth + valueWidth + 24;
  const boxX = f.left + f.width - boxWidth - 6;
  const stats = options.stats.length
    ? [
        `<rect x="${fmt(boxX)}" y="${f.top + 6}" width="${fmt(boxWidth)}" height="${options.stats.length * lineHeight + 8}" fill="#ffffff" fill-opacity="0.9" stroke="#222222"/>`,
        ...options.stats.flatMap(([k, v], i) => [
          `<text x="${fmt(boxX + 8)}" y="${f.top + 20 + i * lineHeight}" font-size="11">${escapeXml(k)}</text>`,
          `<text x="${fmt(boxX + boxWidth - 8)}" y="${f.top + 20 + i * lineHeight}" font-size="11" text-anchor="end">${escapeXml(v)}</text>`,
        ]),
      ]
    : [];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.outerWidth}" height="${f.outerHeight}" viewBox="0 0 ${f.outerWidth} ${f.outerHeight}" font-family="Helvetica, Arial, sans-serif" fill="#222222">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...f.titleLines.map((line, i) => `<text x="${f.outerWidth / 2}" y="${24 + i * TITLE_LINE}" font-size="15" font-weight="600" text-anchor="middle">${escapeXml(line)}</text>`),
    ...body,
    `<rect x="${f.left}" y="${f.top}" width="${fmt(f.width)}" height="${f.height}" fill="none" stroke="#222222"/>`,
    `<text x="${fmt(f.left + f.width / 2)}" y="${f.outerHeight - 12}" font-size="13" text-anchor="middle">${escapeXml(fitLabel(options.xLabel, f.width, estimatedWidth(13)))}</text>`,
    `<text transform="translate(16 ${fmt(f.top + f.height / 2)}) rotate(-90)" font-size="13" text-anchor="middle">${escapeXml(fitLabel(options.yLabel, f.height, estimatedWidth(13)))}</text>`,
    ...stats,
    '</svg>',
    '',
  ].join('\n');
}

/** Tick marks and labels at round values on both axes (log y: powers of ten). */
function axes(f: Frame, x: { low: number; high: number }, y: { low: number; high: number }, px: (v: number) => number, py: (v: number) => number, logY: boolean): string[] {
  const out: string[] = [];
  for (const t of ticks(x.low, x.high)) {
    out.push(`<line x1="${fmt(px(t))}" y1="${f.top + f.height}" x2="${fmt(px(t))}" y2="${f.top + f.height - 6}" stroke="#222222"/>`);
    out.push(`<text x="${fmt(px(t))}" y="${f.top + f.height + 16}" font-size="11" text-anchor="middle">${escapeXml(label(t))}</text>`);
  }
  const yTicks = logY ? powersOfTen(y.low, y.high) : ticks(y.low, y.high);
  for (const t of yTicks) {
    out.push(`<line x1="${f.left}" y1="${fmt(py(t))}" x2="${f.left + 6}" y2="${fmt(py(t))}" stroke="#222222"/>`);
    out.push(`<text x="${f.left - 6}" y="${fmt(py(t) + 4)}" font-size="11" text-anchor="end">${escapeXml(label(t))}</text>`);
  }
  return out;
}

/** About five round ticks (1, 2 or 5 × 10^k apart) inside [low, high]. */
export function ticks(low: number, high: number): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  // The round step nearest the raw one (by ratio): 1, 2 or 5 × 10^k.
  const step = [1, 2, 5, 10].map((m) => m * power).sort((a, b) => Math.abs(Math.log(a / raw)) - Math.abs(Math.log(b / raw)))[0];
  const out: number[] = [];
  for (let t = Math.ceil(low / step - 1e-9) * step; t <= high + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function powersOfTen(low: number, high: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(low)); e <= Math.floor(Math.log10(high)); e++) out.push(10 ** e);
  return out;
}

function label(v: number): string {
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(Number(v.toPrecision(6)));
}

function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
