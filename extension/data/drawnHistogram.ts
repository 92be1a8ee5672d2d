// The histogram an explorer page shows, as the page is sent it and as Save CSV, Save SVG, the fit
// and the overlays take it: a 1-D histogram (a stored one with its variable bins), a 2-D histogram,
// or a profile — drawn from the form or stored as a TProfile — whose bins are the means of y with
// their errors and, apart, each bin's entries. One place decides, so that what is saved, fitted or
// compared is what is drawn.
import type { DatasetProgress, DatasetResult } from '../../core/data/dataset';
import { type Axis, Histogram1D, type Histogram1DData, Histogram2D, statistics2D } from '../../core/data/histogram';
import { cutflowCsv, histogram2dCsv, histogramCsv, profileCsv } from '../../core/data/histogramCsv';
import { histogram2dSvg, histogramSvg, profileSvg, type SvgOptions } from '../../core/data/histogramSvg';
import { type ColouredOverlay, overlayColour } from '../../core/protocol/overlayColours';
import { Profile, profileBins } from '../../core/data/profile';
import { ratioSeries } from '../../core/text/histogramRatio';
import type { StoredHistogram } from '../../core/data/root/rootFile';
import type { FitResult } from '../../core/data/fit/histogramFit';
import type { Fit2DHistogram } from '../../core/data/fit/histogramFit2d';
import type { Compared } from '../../core/data/histogramComparison';
import type { DataExplorerUpdates, HistogramPayload, PlotRequest, ProfileErrors } from '../../core/protocol/dataExplorerMessages';
import { plotTitleOf } from '../../core/text/plotTitle';
import type { HistogramResult } from '../../core/data/workers/dataJobs';

export interface Drawn {
  readonly request: PlotRequest;
  readonly axis: Axis;
  readonly result: DatasetResult;
  /** A histogram stored in the file, drawn as it is. */
  readonly stored?: StoredHistogram;
  /** A dataset's files, as this histogram read them (they are found again at each draw). */
  readonly files?: readonly string[];
}

type Shown = Pick<Drawn, 'result' | 'stored'> & { readonly request?: Pick<PlotRequest, 'profileErrors'> };
type Plotted = Pick<DataExplorerUpdates['histogram'], 'histogram' | 'statistics' | 'histogram2d' | 'statistics2d' | 'profile'>;

/** The 1-D bins the page draws: the histogram's, or a profile's means with their errors squared. */
export function shownHistogram(d: Shown): HistogramPayload {
  const p = d.result.profile;
  if (p) {
    const bins = profileBins(p.sumw, p.sumw2, p.sumwy, p.sumwy2, profileErrorsOf(d));
    return { axis: p.axis, sumw: bins.means, sumw2: bins.errors2 };
  }
  const h = d.result.histogram;
  return { axis: h.axis, sumw: h.sumw, sumw2: h.sumw2, ...(d.stored?.x.edges ? { edges: d.stored.x.edges } : {}) };
}

/** The histogram as a fit takes it: a 2-D one's cells, else the 1-D bins drawn. */
export function fitHistogramOf(d: Shown): HistogramPayload | Fit2DHistogram {
  const h2 = d.result.histogram2d;
  return h2 ? { x: h2.x, y: h2.y, sumw: h2.sumw, sumw2: h2.sumw2 } : shownHistogram(d);
}

/** How a profile's errors are given: as a stored TProfile was saved, or as the form asks. */
export function profileErrorsOf(d: Shown): ProfileErrors {
  return d.stored?.profileErrors ?? d.request?.profileErrors ?? 'mean';
}

/** A profile's Σw per bin (from the form, or a stored TProfile's bin entries); none for a histogram. */
export function binEntriesOf(d: Shown): readonly number[] | undefined {
  return d.result.profile?.sumw ?? d.stored?.binEntries;
}

/** What the page's histogram message carries of a result (the parts merged so far, or all). */
export function plotted(p: DatasetProgress & { readonly histogram: Histogram1DData }, request: PlotRequest, stored?: StoredHistogram): Plotted {
  const d: Shown = { result: { ...p, failed: [], parts: 0 }, stored, request };
  const binEntries = binEntriesOf(d);
  return {
    histogram: shownHistogram(d),
    statistics: Histogram1D.fromData(p.histogram).statistics(stored?.x.edges),
    histogram2d: p.histogram2d && { x: p.histogram2d.x, y: p.histogram2d.y, sumw: p.histogram2d.sumw },
    statistics2d: p.histogram2d ? Histogram2D.fromData(p.histogram2d).statistics(stored?.x.edges, stored?.y?.edges) : p.profile ? Profile.fromData(p.profile).statistics() : stored?.binEntries ? storedProfileStatistics(stored) : undefined,
    ...(binEntries ? { profile: { binEntries } } : {}),
  };
}

/** A stored TProfile's statistics box from ROOT's own moment sums, as ROOT prints it. */
function storedProfileStatistics(h: StoredHistogram): ReturnType<typeof statistics2D> {
  const w = h.binEntries ?? [];
  const inRange = w.slice(1, -1).reduce((a, b) => a + b, 0);
  return statistics2D({ entries: h.entries, nan: 0, tsumw: h.tsumw, tsumwx: h.tsumwx, tsumwx2: h.tsumwx2, tsumwy: h.tsumwy, tsumwy2: h.tsumwy2 }, inRange, (w[0] ?? 0) + (w[w.length - 1] ?? 0));
}

/** The drawn histogram's title, as the chart shows it (a 1-D one without the y of its request). */
export function drawnTitle(d: Drawn): string {
  const withY = d.result.histogram2d || binEntriesOf(d);
  return plotTitleOf(withY ? d.request : { ...d.request, yExpression: '' });
}

export function drawnCsv(d: Drawn, fit: FitResult | undefined): string {
  const title = drawnTitle(d);
  const flow = cutflowCsv(d.result.cutflow, d.result.entriesRead, d.result.cutflowSumw);
  if (d.result.histogram2d) return histogram2dCsv(d.result.histogram2d, title, fit) + flow;
  const shown = shownHistogram(d);
  const binEntries = binEntriesOf(d);
  return (binEntries ? profileCsv(shown, binEntries, title, shown.edges, fit, profileErrorsOf(d)) : histogramCsv(shown, title, shown.edges, fit)) + flow;
}

/**
 * The picture the page shows: the drawn plot (named by its title in the legend), the overlays shown
 * over it, and under a histogram's, with `ratioLabel`, the ratio panel of the drawn histogram over
 * each overlay with its bins.
 */
export function drawnSvg(d: Drawn, options: SvgOptions, overlays: readonly ColouredOverlay[], ratioLabel?: string): string {
  if (d.result.histogram2d) return histogram2dSvg(d.result.histogram2d, options);
  const shown = shownHistogram(d);
  const binEntries = binEntriesOf(d);
  const ratio = ratioLabel !== undefined && !binEntries ? { label: ratioLabel, series: ratioSeries(shown, overlays, !!options.normalise) } : undefined;
  const series = [
    { label: options.title, colour: overlayColour(0), histogram: shown, ...(binEntries ? { binEntries } : {}) },
    ...overlays.map((o) => ({ label: o.label, colour: o.colour, histogram: o.histogram, ...(o.profile ? { binEntries: o.profile.binEntries } : {}) })),
  ];
  return binEntries ? profileSvg(series, options) : histogramSvg(series, { ...options, ...(ratio ? { ratio } : {}) });
}

/** The drawn 1-D histogram or profile as an overlay holds it and as overlays are compared with it. */
export function compared(d: Drawn): Compared {
  const binEntries = binEntriesOf(d);
  return { histogram: shownHistogram(d), ...(binEntries ? { profile: { binEntries, errors: profileErrorsOf(d) } } : {}) };
}

/**
 * Whether a request asks for the profile drawn with another error option and nothing else: its sums
 * can be shown again without reading. The same request again reads again (a file changed on disk, a
 * dataset's file that failed), as a histogram's does.
 */
export function onlyErrorsChanged(drawn: Pick<Drawn, 'request' | 'result'>, request: PlotRequest): boolean {
  if (!drawn.result.profile || drawn.result.failed.length > 0) return false;
  if ((drawn.request.profileErrors ?? 'mean') === (request.profileErrors ?? 'mean')) return false;
  const keys = new Set([...Object.keys(drawn.request), ...Object.keys(request)]);
  keys.delete('profileErrors');
  return [...keys].every((k) => drawn.request[k as keyof PlotRequest] === request[k as keyof PlotRequest]);
}

/** A histogram stored in the file as the page draws it: its bins, errors and ROOT's own statistics (a TH2, of uniform bins, with its x projection). */
export function drawnStored(name: string, h: StoredHistogram): Drawn {
  const request: PlotRequest = { table: '', expression: name, yExpression: h.kind === '2d' ? (h.y?.title || 'y') : '', entryCut: '', elementCut: '' };
  const moments = { entries: h.entries, nan: 0, tsumw: h.tsumw, tsumwx: h.tsumwx, tsumwx2: h.tsumwx2 };
  const uniform = (a: StoredHistogram['x']): Axis => ({ bins: a.bins, low: a.low, high: a.high });
  let histogram: HistogramResult['histogram'];
  let histogram2d: HistogramResult['histogram2d'];
  if (h.kind === '2d' && h.y) {
    histogram2d = { x: uniform(h.x), y: uniform(h.y), sumw: [...h.sumw], sumw2: [...h.sumw2], ...moments, tsumwy: h.tsumwy, tsumwy2: h.tsumwy2 };
    // The projection on x, as the x axis of the pair.
    // In one pass: filtering the whole array per x bin held the extension host 5 s for a 1000 × 1000 TH2.
    const nx = h.x.bins + 2;
    const proj = new Array<number>(nx).fill(0);
    for (let c = 0; c < h.sumw.length; c++) proj[c % nx] += h.sumw[c];
    histogram = { axis: uniform(h.x), sumw: proj, sumw2: proj.map(Math.abs), ...moments };
  } else {
    histogram = { axis: uniform(h.x), sumw: [...h.sumw], sumw2: [...h.sumw2], ...moments };
  }
  const result: DatasetResult = { files: 1, filesDone: 1, bytes: 0, bytesDone: 0, entriesRead: h.entries, entriesKept: h.entries, histogram, histogram2d, failed: [], parts: 1 };
  return { request, axis: histogram.axis, result, stored: h };
}

/** The page's histogram message for a stored histogram: read whole, from one file, with ROOT's titles. */
export function storedUpdate(d: Drawn, h: StoredHistogram, millis: number): DataExplorerUpdates['histogram'] {
  return {
    partial: false,
    request: d.request,
    ...plotted(d.result, d.request, h),
    entriesRead: h.entries,
    entriesKept: h.entries,
    millis,
    progress: { files: 1, filesDone: 1, bytes: 0, bytesDone: 0, entriesRead: h.entries },
    failed: [],
    stored: { className: h.className, title: h.title, xTitle: h.x.title, yTitle: h.y?.title ?? '' },
  };
}
