// The words of a drawn histogram: its title (ROOT's TTree::Draw spelling) and its statistics box,
// shared by the chart, the PNG and the SVG export.
import type { DataExplorerUpdate } from '../../core/protocol/dataExplorerMessages';
import { plotTitleOf } from '../../core/text/plotTitle';
import { rootLatexText } from '../../core/text/rootLatex';
import { formatNumber, type Labels } from './dom';

export type Drawn = Extract<DataExplorerUpdate, { type: 'histogram' }>;

/** "y vs x {weight * (entry cut && element cut)}"; a stored histogram by its name and title. */
export function plotTitle(d: Drawn): string {
  const r = d.request;
  if (d.stored) return d.stored.title ? `${r.expression}: ${rootLatexText(d.stored.title)}` : r.expression;
  return plotTitleOf(r);
}

/** The statistics box's lines, as ROOT's (1-D) or with both axes' moments (2-D, a profile). */
export function statisticsLines(d: Drawn, labels: Labels): [string, string][] {
  const t = d.statistics2d;
  if (t) {
    const lines: [string, string][] = [
      [labels.statEntries ?? 'Entries', formatNumber(t.entries)],
      [labels.statMeanX ?? 'Mean x', formatNumber(t.meanX)],
      [labels.statMeanY ?? 'Mean y', formatNumber(t.meanY)],
      [labels.statStdDevX ?? 'Std Dev x', formatNumber(t.stdDevX)],
      [labels.statStdDevY ?? 'Std Dev y', formatNumber(t.stdDevY)],
    ];
    // A profile's box is TProfile's (both axes' moments); a 2-D histogram's adds what lies in and out of range.
    if (!d.profile) lines.push([labels.statIntegral ?? 'Integral', formatNumber(t.integral)], [labels.statOutside ?? 'Outside', formatNumber(t.outside)]);
    if (t.nan) lines.push([labels.statNan ?? 'NaN', formatNumber(t.nan)]);
    return lines;
  }
  const s = d.statistics;
  const lines: [string, string][] = [
    [labels.statEntries ?? 'Entries', formatNumber(s.entries)],
    [labels.statMean ?? 'Mean', formatNumber(s.mean)],
    [labels.statStdDev ?? 'Std Dev', formatNumber(s.stdDev)],
    [labels.statUnderflow ?? 'Underflow', formatNumber(s.underflow)],
    [labels.statOverflow ?? 'Overflow', formatNumber(s.overflow)],
    [labels.statIntegral ?? 'Integral', formatNumber(s.integral)],
  ];
  if (s.nan) lines.push([labels.statNan ?? 'NaN', formatNumber(s.nan)]);
  return lines;
}

