// The ratio panel of Save SVG, under the overlay as on the page (ROOT's TRatioPlot): its own frame
// under the histogram's, sharing its x axis, a dashed line at 1, a point per bin with its error bar
// and the bin's width, in each overlay's colour, clipped to the panel.
import type { RatioPoint } from '../text/histogramRatio';
import { ratioRange } from '../text/histogramRatio';
import { axes, escapeXml, fmt, type Frame, scaleOf, type SvgRatio } from './svgFrame';

/** Of the frame's height, the histogram keeps this much; the panel takes the rest but the gap. */
const HISTOGRAM_SHARE = 0.7;
const GAP = 10;

/** The histogram's frame and the panel's, split from the whole. */
export function splitFrame(whole: Frame): { readonly histogram: Frame; readonly panel: Frame } {
  const height = Math.round(whole.height * HISTOGRAM_SHARE);
  return { histogram: { ...whole, height }, panel: { ...whole, top: whole.top + height + GAP, height: whole.height - height - GAP } };
}

export function ratioPanelSvg(ratio: SvgRatio, panel: Frame, x: { low: number; high: number; log: boolean }, px: (v: number) => number): string[] {
  const [low, high] = ratioRange(ratio.series.map((s) => s.points));
  const py = scaleOf(low, high, false, panel.top + panel.height, panel.top);
  const centre = (p: RatioPoint): number => (x.log ? Math.sqrt(p.low * p.high) : (p.low + p.high) / 2);
  const points = ratio.series.map((s) =>
    s.points
      .map((p) => {
        const cx = fmt(px(centre(p)));
        const y = fmt(py(p.ratio));
        return `<path d="M${fmt(px(p.low))},${y}H${fmt(px(p.high))}M${cx},${fmt(py(p.ratio - p.error))}V${fmt(py(p.ratio + p.error))}" stroke="${s.colour}" stroke-width="1.2" fill="none"/><circle cx="${cx}" cy="${y}" r="2.2" fill="${s.colour}"/>`;
      })
      .join(''),
  );
  return [
    `<defs><clipPath id="ratio-frame"><rect x="${panel.left}" y="${fmt(panel.top)}" width="${fmt(panel.width)}" height="${fmt(panel.height)}"/></clipPath></defs>`,
    `<g class="ratio" clip-path="url(#ratio-frame)"><line x1="${panel.left}" y1="${fmt(py(1))}" x2="${fmt(panel.left + panel.width)}" y2="${fmt(py(1))}" stroke="#222222" stroke-dasharray="4 4"/>${points.join('')}</g>`,
    ...axes(panel, x, { low, high }, px, py),
    `<rect x="${panel.left}" y="${fmt(panel.top)}" width="${fmt(panel.width)}" height="${fmt(panel.height)}" fill="none" stroke="#222222"/>`,
    `<text transform="translate(16 ${fmt(panel.top + panel.height / 2)}) rotate(-90)" font-size="13" text-anchor="middle">${escapeXml(ratio.label)}</text>`,
  ];
}
