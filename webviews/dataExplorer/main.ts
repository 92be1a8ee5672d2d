// The data explorer page: the file's structure, a form (tree, expression, entry cut, element cut,
// binning, log axes), the histogram with its statistics box and, for a jagged expression, the
// multiplicity beside it; a fit of it (fitPanel.ts); Copy as Python, Save PNG/CSV; the table of first entries. The page never
// reads the file: it asks its host, which reads in the data workers, and draws the numbers it gets.
import 'uplot/dist/uPlot.min.css';
import type uPlot from 'uplot';
import type { ColumnInfo, DataExplorerRequest, DataExplorerUpdate, DataExplorerUpdates, PlotField, PlotRequest, ProgressPayload, StructurePayload } from '../../core/protocol/dataExplorerMessages';
import { messageGuard } from '../../core/protocol/webviewProtocol';
import { formatBytes } from '../../core/text/formatting';
import { displayWidth } from '../../core/text/displayWidth';
import { expressionName } from '../../core/text/expressionName';
import { Messenger } from '../shared/messenger';
import { button, checkbox, el, fill, type Labels, numberInput, textInput } from './dom';
import { type Drawn, plotTitle, statisticsLines } from './plotText';
import { chartPng, drawHeatmap, drawHistogram, drawOverlay } from './histogramChart';
import { RowsTable } from './rowsTable';
import { FitPanel } from './fitPanel';
import { fitLines, fitStatus } from './fitText';
import { OverlayStrip } from './overlayStrip';
import { isSingleTable, renderStructure } from './structureView';


const messenger = new Messenger<DataExplorerRequest, DataExplorerUpdate>();
let labels: Labels = {};
let drawn: Drawn | undefined;
let plots: uPlot[] = [];
const ticked = new Map<string, Set<string>>();

const app = document.getElementById('app')!;
const meta = el('p');
meta.id = 'meta';
const layout = el('div');
layout.id = 'layout';
const structureHolder = el('aside');
structureHolder.id = 'structure';
const main = el('main');
layout.append(structureHolder, main);
app.append(meta, layout);

// The form. Labels are filled in when the structure (with the words) arrives.
const form = el('form');
form.id = 'plot-form';
form.noValidate = true;
const treeSelect = el('select');
treeSelect.id = 'tree';
const inputs: Record<PlotField, HTMLInputElement> = { expression: textInput('expression'), yExpression: textInput('yExpression'), entryCut: textInput('entryCut'), elementCut: textInput('elementCut'), weight: textInput('weight') };
const bins = numberInput('bins', '1');
const low = numberInput('low', 'any');
const high = numberInput('high', 'any');
const yBins = numberInput('yBins', '1');
const yLow = numberInput('yLow', 'any');
const yHigh = numberInput('yHigh', 'any');
const logX = checkbox('logX');
const logY = checkbox('logY');
for (const box of [logX, logY]) box.addEventListener('change', () => redraw());
const drawButton = button('draw', 'action', 'submit');
const cancelButton = button('cancel', 'action secondary');
cancelButton.disabled = true;
const formLabels = new Map<string, HTMLElement>();
const hints = new Map<string, HTMLElement>();

function labelFor(input: HTMLElement, key: string): HTMLLabelElement {
  const l = el('label');
  l.htmlFor = input.id;
  formLabels.set(key, l);
  return l;
}
function fieldRow(input: HTMLElement, key: string, hintKey?: string): HTMLElement[] {
  const cell = el('div');
  cell.append(input);
  if (hintKey) {
    const hint = el('div', '', 'hint');
    hints.set(hintKey, hint);
    cell.append(hint);
  }
  return [labelFor(input, key), cell];
}
for (const input of Object.values(inputs)) input.style.width = '100%';
const binning = el('div', undefined, 'wide');
binning.append(labelFor(bins, 'bins'), bins, labelFor(low, 'low'), low, labelFor(high, 'high'), high, logX, labelFor(logX, 'logX'), logY, labelFor(logY, 'logY'));
// The y binning shows when there is a y expression (a 2-D histogram).
const yBinning = el('div', undefined, 'wide');
yBinning.append(labelFor(yBins, 'yBins'), yBins, labelFor(yLow, 'yLow'), yLow, labelFor(yHigh, 'yHigh'), yHigh);
const showYBinning = (): void => {
  yBinning.hidden = inputs.yExpression.value.trim() === '';
  formLabels.get('logY')!.textContent = (yBinning.hidden ? labels.logY : labels.logZ) ?? '';
};
inputs.yExpression.addEventListener('input', showYBinning);
const buttons = el('div', undefined, 'wide');
buttons.append(drawButton, cancelButton);
form.append(
  ...fieldRow(treeSelect, 'tree'),
  ...fieldRow(inputs.expression, 'expression', 'expressionHint'),
  ...fieldRow(inputs.yExpression, 'yExpression', 'yExpressionHint'),
  ...fieldRow(inputs.entryCut, 'entryCut', 'entryCutHint'),
  ...fieldRow(inputs.elementCut, 'elementCut', 'elementCutHint'),
  ...fieldRow(inputs.weight, 'weight', 'weightHint'),
  binning,
  yBinning,
  buttons,
);

const errorBox = el('div');
errorBox.id = 'error';
errorBox.setAttribute('role', 'alert');
const status = el('div');
status.id = 'status';
status.setAttribute('aria-live', 'polite');
const progressBar = el('progress');
progressBar.id = 'progress';
progressBar.max = 1;
progressBar.hidden = true;
const failedBox = el('div');
failedBox.id = 'failed';
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
main.append(form, errorBox, status, progressBar, failedBox, strip.element, charts, actions, fitPanel.element, rowsSection);
const rows = new RowsTable(rowsSection, (table, columns, first) => messenger.send({ type: 'rows', table, columns, first, count: 100 }));

function applyLabels(): void {
  for (const [key, l] of formLabels) l.textContent = labels[key] ?? key;
  for (const [key, h] of hints) h.textContent = labels[key] ?? '';
  for (const [b, key] of [[drawButton, 'draw'], [cancelButton, 'cancel'], [copyButton, 'copyPython'], [pngButton, 'savePng'], [svgButton, 'saveSvg'], [csvButton, 'saveCsv'], [pinButton, 'pin']] as const) b.textContent = labels[key] ?? key;
  for (const input of [low, high, yLow, yHigh]) input.placeholder = labels.auto ?? '';
  bins.placeholder = '100';
  yBins.placeholder = '40';
  showYBinning();
  rows.setLabels(labels);
  fitPanel.setLabels(labels);
}

function showStructure(s: StructurePayload): void {
  const first = s.tables[0];
  // A NumPy file's arrays may have different lengths: then no one entry count is shown.
  const oneLength = first && first.columns.every((c) => c.entries === first.entries);
  meta.textContent = s.dataset
    ? [labels.dataset, fill(labels.files, s.dataset.files.toLocaleString()), formatBytes(s.dataset.bytes), s.formatLabel, fill(labels.structureOf, s.dataset.structureFile)].join(' · ')
    : [s.formatLabel, oneLength ? fill(labels.entries, first.entries.toLocaleString()) : '', formatBytes(s.size)].filter(Boolean).join(' · ');
  renderStructure(structureHolder, s, labels, {
    histogram: (table, column) => histogramOf(table, column),
    stored: (name) => {
      clearError();
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
  treeSelect.replaceChildren(...s.tables.map((t) => Object.assign(el('option', t.name || s.fileName), { value: t.name })));
  // Nothing to draw from expressions (a ROOT file of stored histograms only): no form.
  form.hidden = s.tables.length === 0;
  // A checkpoint's hints speak of tensors and rows, not branches and entries.
  for (const key of ['expressionHint', 'entryCutHint', 'elementCutHint', 'weightHint']) hints.get(key)!.textContent = labels[s.format === 'torch' || s.format === 'safetensors' ? `${key}Tensor` : key] ?? '';
  // A NumPy or parquet file, or a bare state_dict, has one table: no tree, group or part to choose
  // (a checkpoint's parts, "model", "optimizer", are chosen like trees).
  const single = isSingleTable(s);
  formLabels.get('tree')!.textContent = s.format === 'hdf5' ? (labels.group ?? 'Group') : s.format === 'torch' ? (labels.part ?? 'Part') : (labels.tree ?? 'Tree');
  treeSelect.disabled = single;
  formLabels.get('tree')!.hidden = single;
  treeSelect.parentElement!.hidden = single;
  if (!inputs.expression.value) {
    const column = first?.columns.find((c) => c.shape !== 'unsupported');
    if (column) inputs.expression.value = expressionName(column.name);
  }
}

function histogramOf(table: string, column: ColumnInfo): void {
  treeSelect.value = table;
  inputs.expression.value = expressionName(column.name);
  // Cuts stay: the same selection, seen on another branch.
  submit();
}

function request(): PlotRequest | undefined {
  const num = (input: HTMLInputElement): number | undefined => (input.value.trim() === '' || !Number.isFinite(input.valueAsNumber) ? undefined : input.valueAsNumber);
  const twoD = inputs.yExpression.value.trim() !== '';
  const b = num(bins);
  const yb = twoD ? num(yBins) : undefined;
  const most = twoD ? 1000 : 10_000;
  for (const [value, key, limit] of [[b, 'bins', most], [yb, 'yBins', 1000]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > limit)) {
      showError({ message: fill(labels.binsRange ?? '{0}: 1 … {1}', labels[key] ?? key, limit.toLocaleString()) });
      return undefined;
    }
  }
  return {
    table: treeSelect.value,
    expression: inputs.expression.value.trim(),
    yExpression: inputs.yExpression.value.trim(),
    entryCut: inputs.entryCut.value,
    elementCut: inputs.elementCut.value,
    weight: inputs.weight.value,
    bins: b,
    low: num(low),
    high: num(high),
    yBins: yb,
    yLow: twoD ? num(yLow) : undefined,
    yHigh: twoD ? num(yHigh) : undefined,
  };
}

/** The y axis of a 1-D histogram: counts, or sums of weights when weighted. */
function countLabel(d: Drawn): string {
  return (d.request.weight?.trim() ? labels.weightSum : labels.count) ?? '';
}

function submit(): void {
  const r = request();
  if (!r || !r.expression) return;
  clearError();
  messenger.send({ type: 'histogram', ...dropUndefined(r) });
}

/** JSON has no undefined: an absent number is left out (the host's validator refuses extra fields only). */
function dropUndefined(r: PlotRequest): PlotRequest {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as PlotRequest;
}

function fillForm(r: PlotRequest): void {
  treeSelect.value = r.table;
  inputs.expression.value = r.expression;
  inputs.entryCut.value = r.entryCut;
  inputs.elementCut.value = r.elementCut;
  inputs.weight.value = r.weight ?? '';
  bins.value = r.bins === undefined ? '' : String(r.bins);
  low.value = r.low === undefined ? '' : String(r.low);
  high.value = r.high === undefined ? '' : String(r.high);
  inputs.yExpression.value = r.yExpression;
  yBins.value = r.yBins === undefined ? '' : String(r.yBins);
  yLow.value = r.yLow === undefined ? '' : String(r.yLow);
  yHigh.value = r.yHigh === undefined ? '' : String(r.yHigh);
  showYBinning();
}

function clearError(): void {
  errorBox.replaceChildren();
  for (const input of [...Object.values(inputs), fitPanel.model]) input.classList.remove('invalid');
}

function showError(e: { message: string; field?: PlotField | 'fitModel'; start?: number; end?: number }): void {
  clearError();
  setBusy(false);
  status.textContent = '';
  const parts: HTMLElement[] = [el('div', e.message)];
  if (e.field) {
    const input = e.field === 'fitModel' ? fitPanel.model : inputs[e.field];
    input.classList.add('invalid');
    if (e.start !== undefined) {
      // The text with a caret line under the offending part, as a terminal would show it.
      const end = Math.max(e.start + 1, Math.min(e.end ?? e.start + 1, input.value.length));
      // Columns, not characters: a Chinese label takes two per character.
      const lead = `${labels[e.field] ?? e.field}: `;
      const under = displayWidth(lead + input.value.slice(0, e.start));
      parts.push(el('pre', `${lead}${input.value}\n${' '.repeat(under)}${'^'.repeat(Math.max(1, displayWidth(input.value.slice(e.start, end))))}`));
      input.focus();
      input.setSelectionRange(e.start, end);
    }
  }
  errorBox.replaceChildren(...parts);
}

function setBusy(busy: boolean, text?: string): void {
  if (!busy) progressBar.hidden = true;
  drawButton.disabled = busy;
  cancelButton.disabled = !busy;
  document.body.dataset.busy = String(busy);
  if (text !== undefined) status.textContent = text;
}

function showProgress(p: ProgressPayload, done: boolean): void {
  progressBar.hidden = done || p.bytes === 0;
  progressBar.value = p.bytes ? p.bytesDone / p.bytes : 0;
  if (!done) status.textContent = fill(labels.progress, p.filesDone.toLocaleString(), p.files.toLocaleString(), formatBytes(p.bytesDone), formatBytes(p.bytes), p.entriesRead.toLocaleString());
}

function showFailed(failed: readonly { readonly file: string; readonly message: string }[]): void {
  if (failed.length === 0) {
    failedBox.replaceChildren();
    return;
  }
  const list = el('ul');
  list.append(...failed.slice(0, 20).map((f) => el('li', `${f.file}: ${f.message}`)));
  failedBox.replaceChildren(el('div', failed.length === 1 ? labels.failedFile : fill(labels.failedFiles, failed.length)), list);
}

function redraw(): void {
  for (const p of plots) p.destroy();
  plots = [];
  charts.replaceChildren();
  statsTable.replaceChildren();
  actions.hidden = !drawn || drawn.partial;
  pinButton.disabled = !drawn || !!drawn.histogram2d;
  fitPanel.element.hidden = !drawn || drawn.partial || !!drawn.histogram2d;
  if (!drawn) return;
  const d = drawn;
  const curve = d.histogram2d ? undefined : fitPanel.fit?.curve;
  const onSelect = d.histogram2d || d.partial ? undefined : (from: number, to: number) => fitPanel.chooseRange(from, to);
  const wide = Math.max(320, main.clientWidth - 8);
  // ROOT's layout: the histogram, its statistics box at the top right, the multiplicity beside.
  // ROOT's layout: the statistics box in the histogram's top right corner, the multiplicity beside
  // it when there is room, else below.
  const oneRow = wide >= 640 && !!d.multiplicity;
  const width = oneRow ? Math.floor(wide * 0.6) : Math.min(wide, 900);
  const sideWidth = oneRow ? wide - width - 16 : Math.min(wide, 520);
  const positive = d.histogram.axis.low > 0;
  if (logX.checked && !positive) status.textContent = labels.logXNeedsPositive ?? '';
  const main1 = el('section');
  main1.id = 'histogram';
  main1.classList.toggle('two-d', !!d.histogram2d);
  charts.append(main1);
  const overlaid = !d.histogram2d && strip.overlays.length > 0;
  plots.push(
    overlaid
      ? drawOverlay(
          main1,
          [{ label: plotTitle(d), histogram: d.histogram, colour: OverlayStrip.colour(0) }, ...strip.overlays.map((o, i) => ({ label: o.label, histogram: o.histogram, colour: OverlayStrip.colour(i + 1) }))],
          { title: plotTitle(d), xLabel: d.stored ? d.stored.xTitle : d.request.expression, yLabel: strip.normalise.checked ? (labels.fraction ?? '') : countLabel(d), logX: logX.checked && positive, logY: logY.checked, width, height: 320, normalise: strip.normalise.checked, curve, onSelect },
        )
      : d.histogram2d
      ? drawHeatmap(main1, d.histogram2d, { title: plotTitle(d), xLabel: d.stored?.xTitle || d.request.expression, yLabel: d.stored?.yTitle || d.request.yExpression, logZ: logY.checked, width, height: 360 })
      : drawHistogram(main1, d.histogram, { title: plotTitle(d), xLabel: d.stored ? d.stored.xTitle : d.request.expression, yLabel: countLabel(d), logX: logX.checked && positive, logY: logY.checked, width, height: 320, curve, onSelect }),
  );
  main1.append(statsTable);
  if (d.multiplicity) {
    const side = el('section');
    side.id = 'multiplicity';
    charts.append(side);
    plots.push(drawHistogram(side, d.multiplicity, { title: labels.multiplicity ?? '', xLabel: labels.elementsPerEntry ?? '', yLabel: labels.entriesAxis ?? '', logX: false, logY: logY.checked, width: sideWidth, height: 320 }));
  }
  for (const [k, v] of boxLines(d)) {
    const tr = el('tr');
    tr.append(el('td', k), el('td', v));
    statsTable.append(tr);
  }
}

/** The statistics box: the histogram's, then its fit's (χ², probability, parameters). */
function boxLines(d: Drawn): [string, string][] {
  const fit = d.histogram2d ? undefined : fitPanel.fit;
  return [...statisticsLines(d, labels), ...(fit ? fitLines(fit, labels) : [])];
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});
cancelButton.addEventListener('click', () => messenger.send({ type: 'cancel' }));
copyButton.addEventListener('click', () => messenger.send({ type: 'copyPython' }));
csvButton.addEventListener('click', () => messenger.send({ type: 'saveCsv' }));
svgButton.addEventListener('click', () => {
  if (!drawn) return;
  const r = drawn.request;
  messenger.send({ type: 'saveSvg', title: plotTitle(drawn), xLabel: drawn.stored ? drawn.stored.xTitle : r.expression, yLabel: drawn.histogram2d ? r.yExpression : countLabel(drawn), stats: boxLines(drawn), log: logY.checked });
});
pinButton.addEventListener('click', () => messenger.send({ type: 'pin' }));
pngButton.addEventListener('click', () => {
  if (drawn && plots[0]) messenger.send({ type: 'savePng', dataUrl: chartPng(plots[0], plotTitle(drawn), boxLines(drawn)) });
});

const handlers: { [K in keyof DataExplorerUpdates]: (m: Extract<DataExplorerUpdate, { type: K }>) => void } = {
  structure: (m) => {
    labels = m.labels;
    applyLabels();
    showStructure(m.structure);
  },
  plot: (m) => fillForm(m.request),
  busy: (m) => {
    // A new histogram is coming: the fit drawn and the comparisons were of the old one (the host redoes them).
    fitPanel.fit = undefined;
    strip.comparisons = [];
    strip.render(labels);
    clearError();
    showFailed([]);
    setBusy(true, m.text);
  },
  progress: (m) => showProgress(m.progress, false),
  histogram: (m) => {
    drawn = m;
    if (!m.partial) fitPanel.fit = undefined;
    showProgress(m.progress, !m.partial);
    showFailed(m.failed);
    if (!m.partial) {
      setBusy(false);
      // A stored histogram does not come from the form: the form keeps what the user typed.
      if (!m.stored) fillForm(m.request);
      status.textContent = fill(labels.read, m.entriesRead.toLocaleString(), m.entriesKept.toLocaleString(), m.millis);
    }
    // The range the data gave, shown where the user would type one.
    low.placeholder = String(m.histogram.axis.low);
    high.placeholder = String(m.histogram.axis.high);
    bins.placeholder = String(m.histogram.axis.bins);
    if (m.histogram2d) {
      yLow.placeholder = String(m.histogram2d.y.low);
      yHigh.placeholder = String(m.histogram2d.y.high);
      yBins.placeholder = String(m.histogram2d.y.bins);
    }
    redraw();
  },
  rows: (m) => rows.add(m),
  fit: (m) => {
    fitPanel.show(m.fit, m.request);
    if (m.fit) status.textContent = fitStatus(m.fit, labels);
    else if (!m.request) status.textContent = '';
    redraw();
  },
  error: (m) => showError(m),
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

messenger.listen(messageGuard<DataExplorerUpdates>({ structure: true, plot: true, busy: true, progress: true, histogram: true, rows: true, error: true, notice: true, overlays: true, fit: true, comparisons: true }), (message) => {
  (handlers[message.type] as (m: DataExplorerUpdate) => void)(message);
});

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(redraw, 150);
});

messenger.send({ type: 'ready' });
