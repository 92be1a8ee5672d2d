// What every SVG picture of a histogram shares: the page (white, 720 × 480 unless asked), the title
// wrapped above the frame, the legend of overlays under it, the frame with round ticks (powers of ten
// on a log axis), the axis labels, the statistics box at the frame's top right and a fit's curve.
// Every piece of text is escaped; a long axis label is shortened in its middle.
import { LEGEND_SWATCH, type LegendEntry, layoutLegend, type PlacedEntry } from '../text/legendLayout';
import { estimatedWidth, fitLabel, wrapText } from '../text/textFit';
import type { RatioPoint } from '../text/histogramRatio';

export interface SvgOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** The statistics box, as the panel shows it. */
  readonly stats: readonly (readonly [string, string])[];
  /** Log y (1-D) or log colour (2-D). */
  readonly log?: boolean;
  /** Log x (1-D, when the range is above 0). */
  readonly logX?: boolean;
  /** Each histogram to unit area over its range (ROOT's DrawNormalized), for comparing shapes. */
  readonly normalise?: boolean;
  readonly width?: number;
  readonly height?: number;
  /** A fitted function over its range, drawn over the (first) histogram in red, as ROOT draws a fit. */
  readonly curve?: { readonly x: readonly number[]; readonly y: readonly number[] };
  /** A 2-D fit's function over its range, drawn over the heat map as red contour lines (core/text/fitContours.ts finds them). */
  readonly surface?: { readonly x: readonly number[]; readonly y: readonly number[]; readonly z: readonly number[] };
  /** A ratio panel under a 1-D histogram with overlays (core/data/ratioSvg.ts); none without points. */
  readonly ratio?: SvgRatio;
}

/** The ratio panel under an overlay (core/data/ratioSvg.ts draws it). */
export interface SvgRatio {
  /** The panel's y axis label. */
  readonly label: string;
  readonly series: readonly { readonly colour: string; readonly points: readonly RatioPoint[] }[];
}

const MARGIN = { left: 70, right: 30, top: 40, bottom: 55 };
const TITLE_LINE = 18;
const LEGEND_LINE = 16;

export interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly outerWidth: number;
  readonly outerHeight: number;
  /** The title as wrapped above the frame (the frame starts lower for each line more). */
  readonly titleLines: readonly string[];
  /** The legend's entries in rows under the title (the frame starts lower for each row). */
  readonly legend: readonly PlacedEntry[];
}

export function frameOf(options: SvgOptions, extraRight = 0, legend: readonly LegendEntry[] = []): Frame {
  const outerWidth = options.width ?? 720;
  const outerHeight = options.height ?? 480;
  const titleLines = wrapText(options.title, outerWidth - 20, estimatedWidth(15, true));
  const placed = layoutLegend(legend, outerWidth - MARGIN.left - MARGIN.right, estimatedWidth(11));
  const top = MARGIN.top + (titleLines.length - 1) * TITLE_LINE + placed.rows * LEGEND_LINE + (placed.rows ? 4 : 0);
  return { left: MARGIN.left, top, width: outerWidth - MARGIN.left - MARGIN.right - extraRight, height: outerHeight - top - MARGIN.bottom, outerWidth, outerHeight, titleLines, legend: placed.placed };
}

/** Maps a value on [low, high] to pixels on [from, to] (log: by its logarithm; low must then be above 0). */
export function scaleOf(low: number, high: number, log: boolean, from: number, to: number): (v: number) => number {
  if (log) {
    const a = Math.log(low);
    const span = Math.log(high) - a || 1;
    return (v) => from + ((Math.log(Math.max(v, low)) - a) / span) * (to - from);
  }
  const span = high - low || 1;
  return (v) => from + ((v - low) / span) * (to - from);
}

export function document(options: SvgOptions, f: Frame, body: readonly string[]): string {
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
  const legendTop = 24 + (f.titleLines.length - 1) * TITLE_LINE + 8;
  const legend = f.legend.flatMap((e) => {
    const y = legendTop + e.row * LEGEND_LINE;
    return [
      `<line x1="${fmt(f.left + e.x)}" y1="${y + 4}" x2="${fmt(f.left + e.x + LEGEND_SWATCH)}" y2="${y + 4}" stroke="${e.colour}" stroke-width="3"/>`,
      `<text x="${fmt(f.left + e.x + LEGEND_SWATCH + 6)}" y="${y + 8}" font-size="11">${escapeXml(e.label)}</text>`,
    ];
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.outerWidth}" height="${f.outerHeight}" viewBox="0 0 ${f.outerWidth} ${f.outerHeight}" font-family="Helvetica, Arial, sans-serif" fill="#222222">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...f.titleLines.map((line, i) => `<text x="${f.outerWidth / 2}" y="${24 + i * TITLE_LINE}" font-size="15" font-weight="600" text-anchor="middle">${escapeXml(line)}</text>`),
    ...(legend.length ? [`<g class="legend">${legend.join('')}</g>`] : []),
    ...body,
    `<rect x="${f.left}" y="${f.top}" width="${fmt(f.width)}" height="${f.height}" fill="none" stroke="#222222"/>`,
    `<text x="${fmt(f.left + f.width / 2)}" y="${f.outerHeight - 12}" font-size="13" text-anchor="middle">${escapeXml(fitLabel(options.xLabel, f.width, estimatedWidth(13)))}</text>`,
    `<text transform="translate(16 ${fmt(f.top + f.height / 2)}) rotate(-90)" font-size="13" text-anchor="middle">${escapeXml(fitLabel(options.yLabel, f.height, estimatedWidth(13)))}</text>`,
    ...stats,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Tick marks and labels at round values on both axes (a log axis: powers of ten); above a ratio
 * panel, the x ticks without labels (the panel's axis has them), as ROOT's TRatioPlot draws it.
 */
export function axes(f: Frame, x: { low: number; high: number; log?: boolean }, y: { low: number; high: number; log?: boolean }, px: (v: number) => number, py: (v: number) => number, xLabels = true): string[] {
  const out: string[] = [];
  for (const t of x.log ? powersOfTen(x.low, x.high) : ticks(x.low, x.high)) {
    out.push(`<line x1="${fmt(px(t))}" y1="${f.top + f.height}" x2="${fmt(px(t))}" y2="${f.top + f.height - 6}" stroke="#222222"/>`);
    if (xLabels) out.push(`<text x="${fmt(px(t))}" y="${f.top + f.height + 16}" font-size="11" text-anchor="middle">${escapeXml(label(t))}</text>`);
  }
  for (const t of y.log ? powersOfTen(y.low, y.high) : ticks(y.low, y.high)) {
    out.push(`<line x1="${f.left}" y1="${fmt(py(t))}" x2="${f.left + 6}" y2="${fmt(py(t))}" stroke="#222222"/>`);
    out.push(`<text x="${f.left - 6}" y="${fmt(py(t) + 4)}" font-size="11" text-anchor="end">${escapeXml(label(t))}</text>`);
  }
  return out;
}

/** The fit's curve (times `scale`) as one path clipped to the frame, broken where it leaves the x range or (log y) is not above 0. */
export function curvePath(curve: NonNullable<SvgOptions['curve']>, f: Frame, px: (x: number) => number, py: (y: number) => number, x: { low: number; high: number }, logY: boolean, scale = 1): string {
  let d = '';
  let pen = false;
  curve.x.forEach((cx, i) => {
    const y = curve.y[i] * scale;
    const ok = cx >= x.low && cx <= x.high && Number.isFinite(y) && (!logY || y > 0);
    if (ok) d += `${pen ? 'L' : 'M'}${fmt(px(cx))},${fmt(py(y))}`;
    pen = ok;
  });
  return [
    `<defs><clipPath id="fit-frame"><rect x="${f.left}" y="${f.top}" width="${f.width}" height="${f.height}"/></clipPath></defs>`,
    `<path d="${d}" fill="none" stroke="#e15759" stroke-width="2" clip-path="url(#fit-frame)"/>`,
  ].join('');
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

export function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/**
 * Characters XML 1.0 forbids even as references (controls other than tab, line feed and carriage
 * return; U+FFFE, U+FFFF; halves of a surrogate pair alone): a title or branch name holding one
 * made an SVG every XML parser rejects, so they become U+FFFD, as a decoder shows a bad character.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
