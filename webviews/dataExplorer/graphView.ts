// A stored graph on the explorer page: its own options (log axes, the points joined or not) above the
// chart, the chart (graphChart.ts), the point under the cursor read out below it, and its statistics
// box as ROOT computes one for a graph. The page's form does not apply to a stored object, so the
// graph keeps its options itself, for every graph drawn on the page.
import type uPlot from 'uplot';
import type { EfficiencyPayload, GraphPayload } from '../../core/protocol/dataExplorerMessages';
import { graphStatistics } from '../../core/text/graphStatistics';
import { logShown } from '../../core/text/graphRange';
import { rootLatexText } from '../../core/text/rootLatex';
import { checkbox, el, fill, formatNumber, type Labels } from './dom';
import { drawGraph, pointText } from './graphChart';

export interface GraphOptions {
  logX: boolean;
  logY: boolean;
  /** Join a graph's points; an efficiency's apart, since ROOT draws a TGraph with "ALP" and a TEfficiency with "AP". */
  line: boolean;
  efficiencyLine: boolean;
}

/** Whether `g`'s points are joined. */
export function joined(g: GraphPayload, o: GraphOptions): boolean {
  return g.efficiency ? o.efficiencyLine : o.line;
}

/** "name: title", as a stored histogram's (ROOT's TLatex as text). */
export function graphTitle(g: GraphPayload): string {
  return g.title ? `${g.name}: ${rootLatexText(g.title)}` : g.name;
}

/** The axis titles as shown (ROOT's TLatex as text). */
export function graphLabels(g: GraphPayload): { xLabel: string; yLabel: string } {
  return { xLabel: rootLatexText(g.xTitle), yLabel: rootLatexText(g.yTitle) };
}

/** The log axes drawn: those asked for that have a point above 0. */
export function graphAxes(g: GraphPayload, o: GraphOptions): { logX: boolean; logY: boolean } {
  return { logX: o.logX && logShown(g.x), logY: o.logY && logShown(g.y) };
}

/** Draws `g` into `holder`; a change of option calls `redraw` (the options object is changed first). */
export function showGraph(holder: HTMLElement, g: GraphPayload, o: GraphOptions, labels: Labels, width: number, redraw: () => void): { section: HTMLElement; plot: uPlot } {
  const section = el('section');
  section.id = 'graph';
  section.dataset.points = String(g.x.length);
  const options = el('div', undefined, 'graph-options');
  const lineKey = g.efficiency ? 'efficiencyLine' : 'line';
  for (const [key, label] of [['logX', 'logX'], ['logY', 'logY'], [lineKey, 'graphLine']] as const) {
    const box = checkbox(`graph-${key === lineKey ? 'line' : key}`);
    box.checked = o[key];
    box.addEventListener('change', () => {
      o[key] = box.checked;
      redraw();
    });
    const text = el('label', labels[label] ?? label);
    text.htmlFor = box.id;
    options.append(box, text);
  }
  const readout = el('div', '', 'graph-point muted');
  readout.id = 'graph-point';
  readout.setAttribute('aria-live', 'polite');
  const axes = graphAxes(g, o);
  const notes = [o.logX && !axes.logX ? labels.graphLogX : '', o.logY && !axes.logY ? labels.graphLogY : ''].filter(Boolean).join(' ');
  holder.append(section);
  section.append(options);
  const plot = drawGraph(section, g, {
    title: graphTitle(g),
    ...graphLabels(g),
    ...axes,
    line: joined(g, o),
    width,
    height: 360,
    onHover: (_point, index) => {
      readout.textContent = index >= 0 ? pointText(g, index) : notes || (labels.graphHover ?? '');
    },
  });
  readout.textContent = notes || (labels.graphHover ?? '');
  section.append(readout);
  return { section, plot };
}

/** The statistics box of a graph: its points, and ROOT's TGraph::GetMean, GetRMS and GetCorrelationFactor; a TEfficiency's events and interval. */
export function graphStatisticsLines(g: GraphPayload, labels: Labels): [string, string][] {
  if (g.efficiency) return efficiencyLines(g.efficiency, labels);
  const t = graphStatistics(g);
  const lines: [string, string][] = [
    [labels.statPoints ?? 'Points', formatNumber(t.points)],
    [labels.statMeanX ?? 'Mean x', formatNumber(t.meanX)],
    [labels.statMeanY ?? 'Mean y', formatNumber(t.meanY)],
    [labels.statStdDevX ?? 'Std Dev x', formatNumber(t.stdDevX)],
    [labels.statStdDevY ?? 'Std Dev y', formatNumber(t.stdDevY)],
    [labels.statCorrelation ?? 'Correlation', formatNumber(t.correlation)],
  ];
  if (t.nan) lines.push([labels.statNotNumbers ?? 'Not numbers', formatNumber(t.nan)]);
  return lines;
}

/** How an efficiency's intervals were found: "Clopper–Pearson, 68.3 %". */
export function intervalText(e: EfficiencyPayload, labels: Labels): string {
  const name = e.binPriors ? (labels.interval_binPriors ?? '') : fill(labels[`interval_${e.statistic}`] ?? e.statistic, ...(e.prior ?? []).map((v) => formatNumber(v)));
  return `${name}${e.weighted ? ` ${labels.intervalWeighted ?? ''}` : ''}, ${formatNumber(Number((e.level * 100).toFixed(2)))} %`;
}

/** A TEfficiency's box: its points, the events in them, the efficiency of all, the interval. */
function efficiencyLines(e: EfficiencyPayload, labels: Labels): [string, string][] {
  const passed = e.passed.reduce((a, b) => a + b, 0);
  const total = e.total.reduce((a, b) => a + b, 0);
  return [
    [labels.statPoints ?? 'Points', formatNumber(e.passed.length)],
    [labels.statPassed ?? 'Passed', formatNumber(passed)],
    [labels.statTotal ?? 'Total', formatNumber(total)],
    [labels.statEfficiency ?? 'Efficiency', formatNumber(total > 0 ? passed / total : NaN)],
    [labels.statInterval ?? 'Interval', intervalText(e, labels)],
  ];
}
