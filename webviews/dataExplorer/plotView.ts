// The charts of a drawn histogram, as the page shows them and as its PNG and Save SVG take them: which
// overlays are drawn over it (core/protocol/overlayColours.ts), the x range and axis labels, the
// legend, and the charts themselves — a histogram, histograms overlaid (with the ratio panel under
// them when asked), profiles, a 2-D histogram — with the multiplicity beside, laid out as ROOT does.
import type uPlot from 'uplot';
import type { OverlayPayload } from '../../core/protocol/dataExplorerMessages';
import { type ColouredOverlay, overlayColour, shownOverlays } from '../../core/protocol/overlayColours';
import { sharedRange } from '../../core/text/binEdges';
import { rootLatexText } from '../../core/text/rootLatex';
import { ratioSeries, type RatioSeries } from '../../core/text/histogramRatio';
import { el, type Labels } from './dom';
import type { FitContours } from './contourLines';
import { type Curve, drawHeatmap, drawHistogram, drawOverlay } from './histogramChart';
import { type Drawn, plotTitle } from './plotText';
import { drawProfiles } from './profileChart';
import { drawRatio } from './ratioChart';

/** What the page's controls ask of the charts. */
export interface PlotSettings {
  readonly labels: Labels;
  /** Every pinned overlay, as the host last sent them. */
  readonly overlays: readonly OverlayPayload[];
  readonly normalise: boolean;
  readonly ratio: boolean;
  readonly logX: boolean;
  readonly logY: boolean;
}

/** The overlays drawn over `d` (of its kind), each in its colour. */
export function overlaysOver(d: Drawn, s: PlotSettings): ColouredOverlay[] {
  return shownOverlays(s.overlays, { profile: !!d.profile, twoD: !!d.histogram2d });
}

/** The x range the chart shows: the drawn histogram's, with those of the overlays drawn over it. */
export function shownRange(d: Drawn, s: PlotSettings): { low: number; high: number } {
  return sharedRange([d.histogram, ...overlaysOver(d, s).map((o) => o.histogram)]);
}

/** Whether log x can be drawn: the whole x range above 0, the overlays' too. */
export function logXShown(d: Drawn, s: PlotSettings): boolean {
  return s.logX && shownRange(d, s).low > 0;
}

/** The y axis of a 1-D histogram: counts, or sums of weights when weighted; a profile's, the y it averages. */
function countLabel(d: Drawn, labels: Labels): string {
  if (d.profile) return (d.stored ? rootLatexText(d.stored.yTitle) : d.request.yExpression) || (labels.profileMean ?? '');
  return (d.request.weight?.trim() ? labels.weightSum : labels.count) ?? '';
}

/** The axis labels as the chart, its PNG and its SVG show them. */
export function axisLabels(d: Drawn, s: PlotSettings): { xLabel: string; yLabel: string } {
  // A stored histogram's titles, ROOT's TLatex as text.
  const xLabel = rootLatexText(d.stored?.xTitle ?? '') || d.request.expression;
  if (d.histogram2d) return { xLabel, yLabel: rootLatexText(d.stored?.yTitle ?? '') || d.request.yExpression };
  const normalised = s.normalise && !d.profile && overlaysOver(d, s).length > 0;
  return { xLabel, yLabel: normalised ? (s.labels.fraction ?? '') : countLabel(d, s.labels) };
}

/** The legend of a picture with overlays: the drawn plot first, named by its title. */
export function legendOf(d: Drawn, s: PlotSettings): { label: string; colour: string }[] {
  return [{ label: plotTitle(d), colour: overlayColour(0) }, ...overlaysOver(d, s)];
}

export interface DrawnCharts {
  /** The histogram's section (the statistics box goes in it). */
  readonly section: HTMLElement;
  /** The main chart first, then the multiplicity. */
  readonly plots: uPlot[];
  readonly ratio?: uPlot;
}

/**
 * Draws `d` into `holder`, `wide` pixels across: ROOT's layout, the statistics box in the histogram's
 * top right corner (the caller's), the multiplicity beside it when there is room, else below.
 */
export function drawCharts(holder: HTMLElement, d: Drawn, s: PlotSettings, wide: number, fit: { curve?: Curve; contours?: FitContours; onSelect?: (low: number, high: number) => void }): DrawnCharts {
  const oneRow = wide >= 640 && !!d.multiplicity;
  const width = oneRow ? Math.floor(wide * 0.6) : Math.min(wide, 900);
  const sideWidth = oneRow ? wide - width - 16 : Math.min(wide, 520);
  const section = el('section');
  section.id = 'histogram';
  section.classList.toggle('two-d', !!d.histogram2d);
  // How many contour lines of a 2-D fit are drawn: what the page shows, for its tests.
  if (fit.contours) section.dataset.contours = String(fit.contours.levels.reduce((n, l) => n + l.rings.length, 0));
  holder.append(section);
  // Overlays of the drawn kind (histograms over a histogram, profiles over a profile), in their colours.
  const pinned = overlaysOver(d, s);
  const { xLabel, yLabel } = axisLabels(d, s);
  const chart = { title: plotTitle(d), xLabel, yLabel, logX: logXShown(d, s), logY: s.logY, width, height: 320, curve: fit.curve, onSelect: fit.onSelect };
  const ratios = pinned.length > 0 && !d.profile && s.ratio ? ratioSeries(d.histogram, pinned, s.normalise) : undefined;
  const plots = [
    pinned.length > 0 && !d.profile
      ? drawOverlay(section, [{ label: plotTitle(d), histogram: d.histogram, colour: overlayColour(0) }, ...pinned], { ...chart, normalise: s.normalise, ratioBelow: !!ratios?.length })
      : d.profile
      ? drawProfiles(section, [{ label: plotTitle(d), histogram: d.histogram, binEntries: d.profile.binEntries, colour: overlayColour(0) }, ...pinned.map((o) => ({ ...o, binEntries: o.profile?.binEntries ?? [] }))], chart)
      : d.histogram2d
      ? drawHeatmap(section, d.histogram2d, { title: plotTitle(d), xLabel, yLabel, logZ: s.logY, width, height: 360, contours: fit.contours })
      : drawHistogram(section, d.histogram, chart),
  ];
  const ratio = ratios ? drawRatioPanel(section, ratios, shownRange(d, s), chart, s.labels) : undefined;
  // A long name in the legend keeps to one line within the chart, whole in its tooltip.
  for (const label of section.querySelectorAll<HTMLElement>('.u-legend .u-label')) {
    label.style.maxWidth = `${width - 60}px`;
    label.title = label.textContent ?? '';
  }
  if (d.multiplicity) {
    const side = el('section');
    side.id = 'multiplicity';
    holder.append(side);
    plots.push(drawHistogram(side, d.multiplicity, { title: s.labels.multiplicity ?? '', xLabel: s.labels.elementsPerEntry ?? '', yLabel: s.labels.entriesAxis ?? '', logX: false, logY: s.logY, width: sideWidth, height: 320 }));
  }
  return { section, plots, ...(ratio ? { ratio } : {}) };
}

/**
 * The ratio panel under the overlay, on its x range, the legend moved under the panel; a note when no
 * overlay has the drawn histogram's bins.
 */
function drawRatioPanel(holder: HTMLElement, series: readonly RatioSeries[], range: { low: number; high: number }, chart: { xLabel: string; logX: boolean; width: number }, labels: Labels): uPlot | undefined {
  const panel = el('section');
  panel.id = 'ratio-panel';
  panel.dataset.points = String(series.reduce((n, r) => n + r.points.length, 0));
  const legend = holder.querySelector('.u-legend');
  if (legend) legend.before(panel);
  else holder.append(panel);
  if (series.length === 0) {
    panel.append(el('div', labels.ratioOtherBins ?? '', 'muted'));
    return undefined;
  }
  return drawRatio(panel, series, { xLabel: chart.xLabel, yLabel: labels.ratioAxis ?? '', ...range, logX: chart.logX, width: chart.width, height: 170 });
}
