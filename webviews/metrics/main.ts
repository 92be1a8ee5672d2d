// The metrics view: loss, accuracy and learning-rate curves of one or more runs, drawn with uPlot,
// updated as the host sends new points. Runs can be overlaid (the checkboxes); a paper's number from
// the model card shows as a dashed reference line.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LogFolder, MetricsRequest, MetricsUpdate, MetricsUpdates, ReferenceLine, RunSeries } from '../../core/protocol/metricsMessages';
import { messageGuard } from '../../core/protocol/webviewProtocol';
import { Messenger } from '../shared/messenger';
import { lineStyle, RunColours, runColour } from './lineStyle';

const messenger = new Messenger<MetricsRequest, MetricsUpdate>();

type Group = 'loss' | 'accuracy' | 'lr' | 'other';
const GROUPS: readonly Group[] = ['loss', 'accuracy', 'lr', 'other'];

function groupOf(metric: string): Group {
  if (/loss/i.test(metric)) return 'loss';
  // lr, lr/pg0 (Ultralytics' parameter groups), lr-Adam (Lightning's monitor), learning_rate.
  if (/(^|[/_-])lr($|[/_-])|learning.?rate/i.test(metric)) return 'lr';
  if (/acc|auc|metric|best|precision|recall|f1|map/i.test(metric)) return 'accuracy';
  return 'other';
}

let runs: RunSeries[] = [];
let selected = new Set<string>();
let references: readonly ReferenceLine[] = [];
let folders: readonly LogFolder[] = [];
let labels: Record<string, string> = {};
const colours = new RunColours();
/** The charts by `<group>-<axis>`. */
const plots = new Map<string, uPlot>();
/** What each chart was built with (title, and each line's label and style): the same, and only its data is set. */
const builtWith = new Map<string, string>();

const folderList = document.getElementById('folders')!;
const runList = document.getElementById('runs')!;
const charts = document.getElementById('charts')!;
const empty = document.getElementById('empty')!;

function label(key: string): string {
  return labels[key] ?? key;
}

/** The log folders shown, each with a button that removes it from the view (empty: no line at all). */
function renderFolders(): void {
  if (folders.length === 0) {
    folderList.replaceChildren();
    return;
  }
  const title = document.createElement('span');
  title.textContent = label('logFolders');
  folderList.replaceChildren(
    title,
    ...folders.map((f) => {
      const item = document.createElement('span');
      item.className = 'folder';
      item.dataset.root = f.root;
      const name = document.createElement('span');
      name.textContent = f.name;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = '×';
      remove.title = label('removeFolder');
      remove.setAttribute('aria-label', `${label('removeFolder')}: ${f.name}`);
      remove.addEventListener('click', () => messenger.send({ type: 'removeFolder', root: f.root }));
      item.append(name, remove);
      return item;
    }),
  );
}

function renderRunList(): void {
  runList.replaceChildren(
    ...runs.map((r) => {
      const row = document.createElement('label');
      row.className = 'run';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = selected.has(r.id);
      box.addEventListener('change', () => {
        if (box.checked) selected.add(r.id);
        else selected.delete(r.id);
        messenger.send({ type: 'select', ids: [...selected] });
        colours.update(selected);
        renderRunList();
        draw();
      });
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      // A run that is not ticked has no colour yet: it gets the first one free when ticked.
      const slot = colours.slot(r.id);
      if (slot !== undefined) swatch.style.background = runColour(slot);
      else swatch.classList.add('unticked');
      const text = document.createElement('span');
      text.textContent = `${r.name} (${r.state})`;
      row.append(box, swatch, text);
      return row;
    }),
    // Below the runs, a line each: what could not be read of a run's files.
    ...runs.flatMap((r) =>
      (r.problems ?? []).map((problem) => {
        const line = document.createElement('span');
        line.className = 'problem';
        line.textContent = `${r.name}: ${problem}`;
        return line;
      }),
    ),
  );
}

type Axis = RunSeries['series']['axis'];
/** Every chart there can be, in the order they are shown: each group of metrics along epochs, then along steps. */
const CHARTS: readonly (readonly [Group, Axis])[] = (['epoch', 'step'] as const).flatMap((axis) => GROUPS.map((group) => [group, axis] as const));

/**
 * The data of one chart: x values of the selected runs that count along `axis`, one y series per run
 * and metric. Runs that count epochs and runs that count steps (TensorBoard's) get charts of their own.
 */
function chartData(group: Group, axis: Axis): { data: uPlot.AlignedData; series: uPlot.Series[]; axis: string } | undefined {
  const shown = runs.filter((r) => selected.has(r.id) && r.series.axis === axis);
  const xs = new Set<number>();
  const lines: { run: RunSeries; slot: number; metric: string; metricIndex: number }[] = [];
  for (const run of shown) {
    const metrics = new Set<string>();
    for (const p of run.series.points) for (const k of Object.keys(p.values)) if (groupOf(k) === group) metrics.add(k);
    if (metrics.size === 0) continue;
    for (const p of run.series.points) xs.add(p.x);
    [...metrics].sort().forEach((metric, metricIndex) => lines.push({ run, slot: colours.slot(run.id) ?? 0, metric, metricIndex }));
  }
  if (lines.length === 0) return undefined;
  const x = [...xs].sort((a, b) => a - b);
  const data: (number | null)[][] = [x];
  const series: uPlot.Series[] = [{ label: label(axis) }];
  // Several runs on screen (in any chart): each line says its run, in the run's colour.
  const several = runs.filter((r) => selected.has(r.id) && r.series.points.length > 0).length > 1;
  lines.forEach((line) => {
    const byX = new Map(line.run.series.points.map((p) => [p.x, p.values[line.metric]]));
    data.push(x.map((v) => byX.get(v) ?? null));
    series.push({
      label: several ? `${line.run.name} · ${line.metric}` : line.metric,
      ...lineStyle(line.slot, line.metricIndex, several),
      width: 2,
      spanGaps: true,
      // Points where a line has few values (validation once per epoch among per-step values).
      points: { show: x.length < 60 || line.run.series.points.filter((p) => line.metric in p.values).length < 60 },
    });
  });
  for (const ref of references.filter((r) => groupOf(r.metric) === group || (group === 'accuracy' && r.metric === 'accuracy'))) {
    data.push(x.map(() => ref.value));
    series.push({ label: `${ref.label} (${ref.value})`, stroke: '#888', dash: [6, 4], width: 1, points: { show: false } });
  }
  return { data: data as uPlot.AlignedData, series, axis: label(axis) };
}

/** Tick spacings of the x axis: whole numbers only. */
const WHOLE_INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 2.5e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7];

/** The CSS border style of a legend marker for a line's dash pattern (lineStyle.ts): short dashes read as dots. */
function markerDash(dash: number[] | undefined): string {
  if (!dash || dash.length === 0) return 'solid';
  return dash[0] <= 2 ? 'dotted' : 'dashed';
}

/** Canvas cannot read CSS variables: the theme's colours are looked up once per drawing. */
function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function draw(): void {
  const fg = themeColour('--vscode-foreground', '#cccccc');
  const width = Math.max(320, charts.clientWidth - 8);
  let any = false;
  const axesShown = new Set(runs.filter((r) => selected.has(r.id) && r.series.points.length > 0).map((r) => r.series.axis));
  for (const [group, axis] of CHARTS) {
    const key = `${group}-${axis}`;
    const chart = chartData(group, axis);
    const old = plots.get(key);
    if (!chart) {
      old?.destroy();
      plots.delete(key);
      document.getElementById(`chart-${key}`)?.remove();
      continue;
    }
    const title = axesShown.size > 1 ? `${label(group)} · ${label(axis)}` : label(group);
    any = true;
    // Same lines as before: only the data moves on; otherwise the chart is built again.
    const signature = JSON.stringify([title, chart.series.map((s) => [s.label, s.stroke, s.dash])]);
    if (old && builtWith.get(key) === signature) {
      old.setData(chart.data);
      continue;
    }
    old?.destroy();
    let holder = document.getElementById(`chart-${key}`);
    if (!holder) {
      holder = document.createElement('section');
      holder.id = `chart-${key}`;
      holder.className = 'chart';
      charts.append(holder);
    }
    holder.replaceChildren();
    const plot = new uPlot(
      {
        title,
        width,
        height: 260,
        scales: { x: { time: false }, y: group === 'lr' ? { distr: 3 } : {} },
        // The legend's marker of a dashed line is dashed (dotted for the short pattern), as the line is.
        legend: { markers: { width: 3, dash: (u, i) => markerDash(u.series[i].dash) } },
        axes: [
          // Epochs and steps are whole numbers: no ticks at 1.5.
          { label: chart.axis, stroke: fg, grid: { stroke: 'rgba(128,128,128,0.2)' }, incrs: WHOLE_INCREMENTS },
          { stroke: fg, grid: { stroke: 'rgba(128,128,128,0.2)' }, size: 60 },
        ],
        series: chart.series,
      },
      chart.data,
      holder,
    );
    plots.set(key, plot);
    builtWith.set(key, signature);
  }
  // Keep the charts in a fixed order.
  for (const [group, axis] of CHARTS) {
    const el = document.getElementById(`chart-${group}-${axis}`);
    if (el) charts.append(el);
  }
  empty.hidden = any;
  // Nothing ticked is not "no metrics yet".
  empty.textContent = runs.some((r) => selected.has(r.id)) ? label('empty') : label('noneTicked');
  document.body.dataset.points = String(runs.filter((r) => selected.has(r.id)).reduce((n, r) => n + r.series.points.length, 0));
}

messenger.listen(
  messageGuard<MetricsUpdates>({ runs: true, run: true }),
  (message) => {
    if (message.type === 'runs') {
      runs = [...message.runs];
      selected = new Set(message.selected);
      references = message.references;
      folders = message.folders;
      labels = { ...message.labels };
      colours.update(selected);
      renderFolders();
      renderRunList();
    } else {
      const i = runs.findIndex((r) => r.id === message.run.id);
      if (i >= 0) runs[i] = message.run;
      else runs.push(message.run);
      renderRunList();
    }
    draw();
  },
);

window.addEventListener('resize', () => {
  const width = Math.max(320, charts.clientWidth - 8);
  for (const plot of plots.values()) plot.setSize({ width, height: 260 });
});

messenger.send({ type: 'ready' });
