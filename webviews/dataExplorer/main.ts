// The data explorer page: the file's structure, a form (tree, expression, entry cut, element cut,
// binning, log axes), the histogram with its statistics box and, for a jagged expression, the
// multiplicity beside it (plotView.ts draws them); the overlays (overlayStrip.ts); a fit of it
// (fitPanel.ts); Copy as Python, Save PNG/SVG/CSV; the table of first entries. A graph stored in the
// file is drawn instead of a histogram (graphView.ts). The page never reads the file: it asks its
// host, which reads in the data workers, and draws the numbers it gets.
import 'uplot/dist/uPlot.min.css';
import type uPlot from 'uplot';
import type { ColumnInfo, DataExplorerRequest, DataExplorerUpdate, DataExplorerUpdates, GraphPayload, PlotRequest, StructurePayload } from '../../core/protocol/dataExplorerMessages';
import { fitContours } from '../../core/text/fitContours';
import { messageGuard } from '../../core/protocol/webviewProtocol';
import { formatBytes } from '../../core/text/formatting';
import { expressionName } from '../../core/text/expressionName';
import { Messenger } from '../shared/messenger';
import { button, el, fill, type Labels } from './dom';
import { PlotForm } from './plotForm';
import { type Drawn, plotTitle, statisticsLines } from './plotText';
import { chartPng } from './histogramChart';
import { axisLabels, drawCharts, legendOf, logXShown, type PlotSettings } from './plotView';
import { ROWS_PAGE, RowsTable } from './rowsTable';
import { FitPanel } from './fitPanel';
import { fitLines, fitStatus } from './fitText';
import { OverlayStrip } from './overlayStrip';
import { showCutflow } from './cutflowTable';
import { isSingleTable, renderStructure } from './structureView';
import { graphAxes, graphLabels, type GraphOptions, graphStatisticsLines, graphTitle, joined, showGraph } from './graphView';
import { DrawOutcome, openFailure, staleCaption } from './drawOutcome';
import { errorParts, type FieldError, showOpenError } from './errorView';
import { DrawStatus, revealPlot } from './drawStatus';


const messenger = new Messenger<DataExplorerRequest, DataExplorerUpdate>();
const app = document.getElementById('app')!;
// The words come with the page too (not only with the structure): a file that cannot be opened has none.
let labels: Labels = pageLabels();
let drawn: Drawn | undefined;
/** A stored graph drawn instead of a histogram (drawn is then undefined), and how it is shown. */
let graph: GraphPayload | undefined;
const graphOptions: GraphOptions = { logX: false, logY: false, line: true, efficiencyLine: false };
let plots: uPlot[] = [];
/** The ratio panel under an overlay, when shown: saved in the PNG under the chart. */
let ratioPlot: uPlot | undefined;
const ticked = new Map<string, Set<string>>();
/** Whether the plot shown answers the last Draw: a Draw that failed leaves the one before, marked. */
const outcome = new DrawOutcome();

const meta = el('p');
meta.id = 'meta';
const layout = el('div');
layout.id = 'layout';
const structureHolder = el('aside');
structureHolder.id = 'structure';
const main = el('main');
layout.append(structureHolder, main);
// A file or dataset that cannot be opened: its error across the page, with what to do, instead of the layout.
const openError = el('section');
openError.id = 'open-error';
openError.setAttribute('role', 'alert');
openError.hidden = true;
app.append(meta, openError, layout);

// The form. Labels are filled in when the structure (with the words) arrives.
const plotForm = new PlotForm(
  () => redraw(),
  (message) => drawError({ message }),
);
const { element: form, inputs, logX, logY } = plotForm;

const errorBox = el('div');
errorBox.id = 'error';
errorBox.setAttribute('role', 'alert');
const drawStatus = new DrawStatus(() => labels);
const { status, progressBar, failedBox } = drawStatus;
// Over a plot left by a Draw that failed: which plot it is (the form no longer draws it).
const staleNote = el('div');
staleNote.id = 'stale-note';
staleNote.hidden = true;
const cutflowTable = el('table');
cutflowTable.id = 'cutflow';
cutflowTable.hidden = true;
const charts = el('div');
charts.id = 'charts';
const statsTable = el('table');
statsTable.id = 'stats';
const actions = el('div');
actions.id = 'actions';
const pinButton = button('pin', 'action secondary');
const copyButton = button('copyPython', 'action secondary');
const pngButton = button('savePng', 'action secondary');
const svgButton = button('saveSvg', 'action secondary');
const csvButton = button('saveCsv', 'action secondary');
actions.append(pinButton, copyButton, pngButton, svgButton, csvButton);
const fitPanel = new FitPanel(
  (request) => {
    clearError();
    messenger.send(request ? { type: 'fit', ...request } : { type: 'removeFit' });
  },
  (message) => showError({ message }),
);
fitPanel.element.hidden = true;
// The pinned histograms, drawn with each new 1-D one; shared by every explorer page.
const strip = new OverlayStrip(
  (index) => messenger.send({ type: 'unpin', index }),
  () => redraw(),
);
actions.hidden = true;
// Shown with the file's structure: a file that cannot be read shows its error alone, not a bare form.
form.hidden = true;
const rowsSection = el('section');
rowsSection.id = 'rows-section';
main.append(form, errorBox, status, progressBar, staleNote, cutflowTable, failedBox, strip.element, charts, actions, fitPanel.element, rowsSection);
const rows = new RowsTable(
  rowsSection,
  (id, table, columns, expressions, first, entryCut, stop, definitions) =>
    messenger.send({
      type: 'rows',
      id,
      table,
      columns,
      first,
      count: ROWS_PAGE,
      ...(expressions.length ? { expressions } : {}),
      ...(entryCut ? { entryCut } : {}),
      ...(stop === undefined ? {} : { stop }),
      ...(definitions.trim() ? { definitions } : {}),
    }),
  () => plotForm.selection(),
  () => messenger.send({ type: 'rowsStop' }),
);

/** The page's words as the host wrote them into the page (the same as come with the structure). */
function pageLabels(): Labels {
  try {
    return JSON.parse(app.dataset.labels ?? '{}') as Labels;
  } catch {
    return {};
  }
}

function applyLabels(): void {
  plotForm.setLabels(labels);
  for (const [b, key] of [[copyButton, 'copyPython'], [pngButton, 'savePng'], [svgButton, 'saveSvg'], [csvButton, 'saveCsv'], [pinButton, 'pin']] as const) b.textContent = labels[key] ?? key;
  rows.setLabels(labels);
  fitPanel.setLabels(labels);
}

/** The structure shown: a dataset's line under the title changes when its files are found again. */
let shownStructure: StructurePayload | undefined;

function showMeta(s: StructurePayload): void {
  const first = s.tables[0];
  // A NumPy file's arrays may have different lengths: then no one entry count is shown.
  const oneLength = first && first.columns.every((c) => c.entries === first.entries);
  meta.textContent = s.dataset
    ? [labels.dataset, fill(labels.files, s.dataset.files.toLocaleString()), formatBytes(s.dataset.bytes), s.formatLabel, fill(labels.structureOf, s.dataset.structureFile)].join(' · ')
    : [s.formatLabel, oneLength ? fill(labels.entries, first.entries.toLocaleString()) : '', formatBytes(s.size)].filter(Boolean).join(' · ');
}

function showStructure(s: StructurePayload): void {
  shownStructure = s;
  openError.hidden = true;
  openError.replaceChildren();
  layout.hidden = false;
  showMeta(s);
  renderStructure(structureHolder, s, labels, {
    histogram: (table, column) => histogramOf(table, column),
    stored: (name) => {
      clearError();
      outcome.asked();
      messenger.send({ type: 'object', name });
    },
    toggleRow: (table, column, on) => {
      const set = ticked.get(table) ?? new Set<string>();
      if (on) set.add(column);
      else set.delete(column);
      ticked.set(table, set);
      const order = s.tables.find((t) => t.name === table)?.columns.map((c) => c.name).filter((c) => set.has(c)) ?? [];
      rows.show(table, order);
    },
  });
  const treeSelect = plotForm.tree;
  treeSelect.replaceChildren(...s.tables.map((t) => Object.assign(el('option', t.name || s.fileName), { value: t.name })));
  // Nothing to draw from expressions (a ROOT file of stored histograms only): no form.
  form.hidden = s.tables.length === 0;
  // A checkpoint's hints speak of tensors and rows, not branches and entries.
  for (const key of ['expressionHint', 'entryCutHint', 'elementCutHint', 'weightHint']) plotForm.setHint(key, labels[s.format === 'torch' || s.format === 'safetensors' ? `${key}Tensor` : key] ?? '');
  // A NumPy or parquet file, or a bare state_dict, has one table: no tree, group or part to choose
  // (a checkpoint's parts, "model", "optimizer", are chosen like trees).
  const single = isSingleTable(s);
  plotForm.label('tree').textContent = s.format === 'hdf5' ? (labels.group ?? 'Group') : s.format === 'torch' ? (labels.part ?? 'Part') : (labels.tree ?? 'Tree');
  treeSelect.disabled = single;
  plotForm.label('tree').hidden = single;
  treeSelect.parentElement!.hidden = single;
  if (!inputs.expression.value) {
    const column = s.tables[0]?.columns.find((c) => c.shape !== 'unsupported');
    if (column) inputs.expression.value = expressionName(column.name);
  }
}

function histogramOf(table: string, column: ColumnInfo): void {
  plotForm.tree.value = table;
  inputs.expression.value = expressionName(column.name);
  // Cuts stay: the same selection, seen on another branch.
  submit();
}

/** What the page's controls ask of the charts now. */
function settings(): PlotSettings {
  return { labels, overlays: strip.overlays, normalise: strip.normalise.checked, ratio: strip.ratio.checked, logX: logX.checked, logY: logY.checked };
}

function submit(): void {
  // Asked before the form is read: a number out of range fails this Draw too.
  outcome.asked();
  const r = plotForm.request();
  if (!r) return;
  if (!r.expression) {
    outcome.dropped();
    return;
  }
  clearError();
  messenger.send({ type: 'histogram', ...dropUndefined(r) });
}

/** JSON has no undefined: an absent number is left out (the host's validator refuses extra fields only). */
function dropUndefined(r: PlotRequest): PlotRequest {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as PlotRequest;
}

function clearError(): void {
  errorBox.replaceChildren();
  for (const input of [...Object.values(inputs), fitPanel.model]) input.classList.remove('invalid');
}

function showError(e: FieldError): void {
  clearError();
  setBusy(false);
  status.textContent = '';
  const input = e.field === undefined ? undefined : e.field === 'fitModel' ? fitPanel.model : inputs[e.field];
  errorBox.replaceChildren(...errorParts(e, input, e.field === undefined ? '' : (labels[e.field] ?? e.field)));
}

/**
 * An error from the host or the form. Before any structure, the file could not be opened: said across
 * the page. After a Draw, the plot on the page is the one before it: marked so (a plot read only in part is removed).
 */
function drawError(e: FieldError): void {
  if (!shownStructure) {
    showOpenFailure(e.message);
    return;
  }
  showError(e);
  if (!outcome.failed()) return;
  if (drawn?.partial) {
    drawn = undefined;
    redraw();
  }
  showStale();
}

/** The mark of a plot left by a failed Draw, on whichever plot is shown; gone once a plot answers a Draw. */
function showStale(): void {
  const title = graph ? graphTitle(graph) : drawn ? plotTitle(drawn) : undefined;
  const caption = staleCaption(outcome, title, labels);
  staleNote.textContent = caption;
  staleNote.hidden = !caption;
  for (const e of [cutflowTable, failedBox, charts]) e.classList.toggle('stale', !!caption);
}

function showOpenFailure(message: string): void {
  setBusy(false);
  showOpenError(openError, openFailure(message, app.dataset.source === 'dataset', labels), () => messenger.send({ type: 'ready' }));
  layout.hidden = true;
}

function setBusy(busy: boolean, text?: string): void {
  if (!busy) progressBar.hidden = true;
  plotForm.drawButton.disabled = busy;
  plotForm.cancelButton.disabled = !busy;
  document.body.dataset.busy = String(busy);
  if (text !== undefined) status.textContent = text;
}

function redraw(): void {
  showStale();
  for (const p of plots) p.destroy();
  plots = [];
  ratioPlot?.destroy();
  ratioPlot = undefined;
  charts.replaceChildren();
  statsTable.replaceChildren();
  if (graph) {
    redrawGraph(graph);
    return;
  }
  actions.hidden = !drawn || drawn.partial;
  pinButton.disabled = !drawn || !!drawn.histogram2d;
  // Profiles are not normalised: their bins are means, not counts.
  strip.normalise.disabled = !!drawn?.profile;
  strip.ratio.disabled = !!drawn?.profile;
  fitPanel.element.hidden = !drawn || drawn.partial;
  if (!drawn) return;
  const d = drawn;
  fitPanel.setTwoD(!!d.histogram2d);
  const fit = fitPanel.fit;
  const curve = d.histogram2d ? undefined : fit?.curve;
  const contours = d.histogram2d && fit?.surface ? { levels: fitContours(fit.surface), low: fit.low, high: fit.high, lowY: fit.lowY ?? d.histogram2d.y.low, highY: fit.highY ?? d.histogram2d.y.high } : undefined;
  const onSelect = d.histogram2d || d.partial ? undefined : (from: number, to: number) => fitPanel.chooseRange(from, to);
  const s = settings();
  if (s.logX && !logXShown(d, s)) status.textContent = labels.logXNeedsPositive ?? '';
  const shown = drawCharts(charts, d, s, Math.max(320, main.clientWidth - 8), { curve, contours, onSelect });
  plots = shown.plots;
  ratioPlot = shown.ratio;
  shown.section.append(statsTable);
  for (const [k, v] of boxLines(d)) {
    const tr = el('tr');
    tr.append(el('td', k), el('td', v));
    statsTable.append(tr);
  }
}

/** A graph: no fit, overlay or pin yet (those are a histogram's); Copy as Python and the saves as for a histogram. */
function redrawGraph(g: GraphPayload): void {
  actions.hidden = false;
  pinButton.disabled = true;
  strip.normalise.disabled = true;
  strip.ratio.disabled = true;
  fitPanel.element.hidden = true;
  const shown = showGraph(charts, g, graphOptions, labels, Math.min(Math.max(320, main.clientWidth - 8), 900), redraw);
  plots = [shown.plot];
  shown.section.append(statsTable);
  for (const [k, v] of graphStatisticsLines(g, labels)) {
    const tr = el('tr');
    tr.append(el('td', k), el('td', v));
    statsTable.append(tr);
  }
}

/** The statistics box: the histogram's, then its fit's (χ², probability, parameters). */
function boxLines(d: Drawn): [string, string][] {
  const fit = fitPanel.fit;
  return [...statisticsLines(d, labels), ...(fit ? fitLines(fit, labels) : [])];
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
  rows.formChanged();
});
plotForm.cancelButton.addEventListener('click', () => {
  outcome.dropped();
  messenger.send({ type: 'cancel' });
});
copyButton.addEventListener('click', () => messenger.send(graph ? { type: 'copyPython', line: joined(graph, graphOptions), ...graphAxes(graph, graphOptions) } : { type: 'copyPython' }));
csvButton.addEventListener('click', () => messenger.send({ type: 'saveCsv' }));
svgButton.addEventListener('click', () => {
  if (graph) {
    const axes = graphAxes(graph, graphOptions);
    // As ROOT draws a graph: no statistics box over its points (the page shows it under the chart).
    messenger.send({ type: 'saveSvg', title: graphTitle(graph), ...graphLabels(graph), stats: [], log: axes.logY, logX: axes.logX, normalise: false, ratio: false, line: joined(graph, graphOptions) });
    return;
  }
  if (!drawn) return;
  const s = settings();
  messenger.send({ type: 'saveSvg', title: plotTitle(drawn), ...axisLabels(drawn, s), stats: boxLines(drawn), log: s.logY, logX: logXShown(drawn, s), normalise: s.normalise, ratio: s.ratio });
});
pinButton.addEventListener('click', () => messenger.send({ type: 'pin' }));
pngButton.addEventListener('click', () => {
  if (graph && plots[0]) messenger.send({ type: 'savePng', dataUrl: chartPng(plots[0], graphTitle(graph), []) });
  else if (drawn && plots[0]) messenger.send({ type: 'savePng', dataUrl: chartPng(plots[0], plotTitle(drawn), boxLines(drawn), legendOf(drawn, settings()), ratioPlot) });
});

const handlers: { [K in keyof DataExplorerUpdates]: (m: Extract<DataExplorerUpdate, { type: K }>) => void } = {
  structure: (m) => {
    labels = m.labels;
    applyLabels();
    showStructure(m.structure);
  },
  datasetFiles: (m) => {
    if (!shownStructure?.dataset) return;
    shownStructure = { ...shownStructure, size: m.bytes, dataset: { ...shownStructure.dataset, files: m.files, bytes: m.bytes } };
    showMeta(shownStructure);
    // The table lists the files found now, from its first entry.
    const { table, columns } = rows.shown;
    if (columns.length || rows.listsExpressions) rows.show(table, columns);
  },
  plot: (m) => plotForm.fill(m.request),
  busy: (m) => {
    // A new histogram is coming: the fit drawn and the comparisons were of the old one (the host redoes them).
    fitPanel.fit = undefined;
    strip.comparisons = [];
    strip.render(labels);
    clearError();
    drawStatus.failed([]);
    showCutflow(cutflowTable, undefined, 0, labels);
    // A Draw (the page's, or one the host began for the Data view): an error from now on is its.
    outcome.asked();
    setBusy(true, m.text);
  },
  progress: (m) => drawStatus.progress(m.progress, false),
  histogram: (m) => {
    drawn = m;
    graph = undefined;
    outcome.plotted(!m.partial);
    if (!m.partial) fitPanel.fit = undefined;
    drawStatus.progress(m.progress, !m.partial);
    drawStatus.failed(m.failed);
    if (!m.partial) {
      setBusy(false);
      // A stored histogram does not come from the form: the form keeps what the user typed.
      if (!m.stored) plotForm.fill(m.request);
      status.textContent = fill(labels.read, m.entriesRead.toLocaleString(), m.entriesKept.toLocaleString(), m.millis);
    }
    showCutflow(cutflowTable, m.cutflow, m.entriesRead, labels, m.cutflowSumw);
    plotForm.showAutomatic(m.histogram.axis, m.histogram2d?.y);
    redraw();
    if (!m.partial) revealPlot(charts, status);
  },
  graph: (m) => {
    drawn = undefined;
    graph = m.graph;
    outcome.plotted(true);
    fitPanel.fit = undefined;
    setBusy(false);
    drawStatus.failed([]);
    showCutflow(cutflowTable, undefined, 0, labels);
    const asked = m.graph.efficiency?.asked;
    // A TEfficiency whose option is not computed here says what is drawn instead.
    status.textContent = [fill(labels.graphRead, m.graph.className, m.graph.x.length.toLocaleString(), m.millis), asked ? labels[`efficiencyAsked_${asked}`] : ''].filter(Boolean).join(' ');
    redraw();
    revealPlot(charts, status);
  },
  rows: (m) => rows.add(m),
  rowsProgress: (m) => rows.progress(m),
  fit: (m) => {
    // A fit of the histogram drawn before a graph: nothing of it is shown.
    if (graph) return;
    fitPanel.show(m.fit, m.request);
    if (m.fit) status.textContent = fitStatus(m.fit, labels);
    else if (!m.request) status.textContent = '';
    redraw();
  },
  error: (m) => drawError(m),
  comparisons: (m) => {
    strip.comparisons = m.comparisons;
    strip.render(labels);
  },
  overlays: (m) => {
    strip.overlays = m.overlays;
    strip.render(labels);
    redraw();
  },
  notice: (m) => {
    setBusy(false);
    status.textContent = m.text;
  },
};

messenger.listen(messageGuard<DataExplorerUpdates>({ structure: true, datasetFiles: true, plot: true, busy: true, progress: true, histogram: true, graph: true, rows: true, rowsProgress: true, error: true, notice: true, overlays: true, fit: true, comparisons: true }), (message) => {
  (handlers[message.type] as (m: DataExplorerUpdate) => void)(message);
});

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(redraw, 150);
});

messenger.send({ type: 'ready' });
