// End-to-end: graphs stored in a ROOT file, in code-server, on the demo workspace's graphs.root (written
// by test/fixtures/data/root/make_graphs.py, whose values graphs.json holds). The file's objects list
// the graphs with their classes; a TGraphAsymmErrors is drawn with its titles, the statistics box as
// ROOT computes a graph's, and the point under the cursor read out with its errors; log y and the line
// follow their boxes; the CSV saved holds the stored values, and Copy as Python reads ROOT's members. A
// TEfficiency is drawn with its intervals, its events and its option in the box. A graph clicked in
// the Data view opens its file's explorer and draws it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { ROOT } from '../../scripts/paths';
import { graphMarks, graphRange } from '../../core/text/graphRange';
import { copiedPython, dataRow, openInExplorer, saveAsProposed, showHai, statistics } from './explorerPage';
import { screenshotPath, setRowExpanded, useWorkbench, webviewFrame, type Workbench } from './workbench';

interface StoredValues {
  readonly class: string;
  readonly title: string;
  readonly x: number[];
  readonly y: number[];
  readonly exl?: number[];
  readonly exh?: number[];
  readonly eyl?: number[];
  readonly eyh?: number[];
  readonly passed?: number[];
  readonly total?: number[];
}
const stored = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'data', 'root', 'graphs.json'), 'utf8')) as Record<string, StoredValues>;

/** A number as the page's statistics box and read-out show it: 6 significant digits. */
const shown = (v: number): string => String(Number(v.toPrecision(6)));

describe('stored graphs in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench();
  let wb: Workbench;
  let view: FrameLocator;

  before(() => {
    wb = workbench();
  });

  it('lists the graphs of a ROOT file and draws a TGraphAsymmErrors with its titles and statistics', async () => {
    const { page } = wb;
    await openInExplorer(page, 'graphs.root');
    view = await webviewFrame(page, 'graphs.root');
    await view.locator('#structure h2', { hasText: 'Other objects' }).waitFor();
    for (const [name, values] of Object.entries(stored)) await view.locator(`#structure .column[data-object="${name}"]`, { hasText: values.class }).waitFor();
    // The listing shows a title without the axis titles after its semicolons, TLatex as text.
    assert.match(await view.locator('#structure .column[data-object="resolution"]').innerText(), /TGraphErrors · Energy resolution · \d+ B/);
    await view.locator('#structure .column[data-object="efficiency"] button').click();
    await view.locator('#graph .u-title', { hasText: 'efficiency: Trigger efficiency' }).waitFor();
    await view.locator('#status', { hasText: 'TGraphAsymmErrors, 15 points' }).waitFor();
    const e = stored.efficiency;
    const stats = await statistics(view);
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    assert.equal(stats.Points, '15');
    assert.equal(stats['Mean x'], shown(mean(e.x)));
    assert.equal(stats['Mean y'], shown(mean(e.y)));
  });

  it('reads out the point under the cursor with its errors below and above', async () => {
    const { page } = wb;
    const e = stored.efficiency;
    const g = { x: e.x, y: e.y, ex: { low: e.exl!, high: e.exh! }, ey: { low: e.eyl!, high: e.eyh! } };
    const range = graphRange(graphMarks(g, false, false), false, false);
    const box = (await view.locator('#graph .u-over').boundingBox())!;
    const k = 4;
    const at = { x: box.x + ((e.x[k] - range.x[0]) / (range.x[1] - range.x[0])) * box.width, y: box.y + box.height - ((e.y[k] - range.y[0]) / (range.y[1] - range.y[0])) * box.height };
    await page.mouse.move(at.x - 30, at.y - 30);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    await view.locator('#graph-point', { hasText: `${k}: x = ${shown(e.x[k])} ± ${shown(e.exl![k])}, y = ${shown(e.y[k])} +${shown(e.eyh![k])} −${shown(e.eyl![k])}` }).waitFor();
    await page.screenshot({ path: screenshotPath('data-explorer-graph.png') });
  });

  it('draws a ROC curve on log y, saves its points as CSV and its SVG as shown, and copies the uproot script', async () => {
    const { page } = wb;
    await view.locator('#structure .column[data-object="roc"] button').click();
    await view.locator('#graph .u-title', { hasText: 'roc: Jet tagger ROC' }).waitFor();
    await view.locator('#graph-logY').check();
    await view.locator('#graph-line').uncheck();
    await view.locator('#graph-line:not(:checked)').waitFor();
    assert.equal(await view.locator('#graph-logY').isChecked(), true);
    const roc = stored.roc;
    const csv = await saveAsProposed(page, view, '#saveCsv', wb.workspace, 'graphs-roc.csv');
    const rows = csv.trimEnd().split('\n');
    assert.equal(rows[0], 'x,y');
    assert.deepEqual(rows.slice(1, -1).map((r) => r.split(',').map(Number)), roc.x.map((x, i) => [x, roc.y[i]]));
    assert.match(rows.at(-1)!, /^# TGraph "roc": "Jet tagger ROC"; x: "signal efficiency"; y: "background rejection"; 40 points$/);
    // The SVG as shown: log y, markers without the line.
    const svg = await saveAsProposed(page, view, '#saveSvg', wb.workspace, 'graphs-roc.svg');
    assert.equal((svg.match(/<circle /g) ?? []).length, roc.x.filter((x, i) => Number.isFinite(x) && roc.y[i] > 0).length);
    assert.doesNotMatch(svg, /class="line"/);
    assert.match(svg, />10<\/text>/);
    // The axis titles ROOT keeps after the title's semicolons.
    assert.match(svg, />signal efficiency<\/text>[\s\S]*>background rejection<\/text>/);
    await copiedPython(page, view, /g = f\["roc"\][\s\S]*x = g\.member\("fX"\)[\s\S]*plt\.errorbar\(x, y, xerr=xerr, yerr=yerr, fmt="o", markersize=3\)[\s\S]*plt\.yscale\("log"\)/);
  });

  it('draws a TGraphErrors with its errors, and a graph of no points without failing', async () => {
    const { page } = wb;
    await page.getByRole('tab', { name: 'graphs.root', exact: true }).click();
    view = await webviewFrame(page, 'graphs.root');
    await view.locator('#structure .column[data-object="resolution"] button').click();
    await view.locator('#graph .u-title', { hasText: 'resolution: Energy resolution' }).waitFor();
    assert.equal((await statistics(view)).Points, String(stored.resolution.x.length));
    await view.locator('#structure .column[data-object="empty"] button').click();
    await view.locator('#graph .u-title', { hasText: 'empty: No points' }).waitFor();
    assert.equal((await statistics(view)).Points, '0');
    assert.equal((await view.locator('#error').innerText()).trim(), '');
  });

  it('draws a TEfficiency with its Clopper–Pearson intervals, its events in the box, and a Bayesian one with its prior', async () => {
    const { page } = wb;
    await page.getByRole('tab', { name: 'graphs.root', exact: true }).click();
    view = await webviewFrame(page, 'graphs.root');
    await view.locator('#structure .column[data-object="eff_pt"] button').click();
    await view.locator('#graph .u-title', { hasText: 'eff_pt: Tagging efficiency' }).waitFor();
    const e = stored.eff_pt;
    await view.locator('#status', { hasText: `TEfficiency, ${e.x.length} points` }).waitFor();
    const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);
    const stats = await statistics(view);
    assert.deepEqual([stats.Points, stats.Passed, stats.Total, stats.Efficiency, stats.Interval], [String(e.x.length), String(sum(e.passed!)), String(sum(e.total!)), shown(sum(e.passed!) / sum(e.total!)), 'Clopper–Pearson, 68.27 %']);
    // ROOT draws a TEfficiency with "AP": its points are not joined.
    assert.equal(await view.locator('#graph-line').isChecked(), false);
    await copiedPython(page, view, /e = f\["eff_pt"\][\s\S]*low = np\.where\(k > 0, stats\.beta\.ppf\(alpha, k, n - k \+ 1\), 0\.0\)[\s\S]*plt\.errorbar\(centres, eff, xerr=half, yerr=np\.clip\(\[eff - low, high - eff\], 0, None\), fmt="o"/);
    await page.getByRole('tab', { name: 'graphs.root', exact: true }).click();
    view = await webviewFrame(page, 'graphs.root');
    await view.locator('#structure .column[data-object="eff_bayes"] button').click();
    await view.locator('#graph .u-title', { hasText: 'eff_bayes: Tagging efficiency (Bayesian' }).waitFor();
    assert.equal((await statistics(view)).Interval, 'Beta(0.5, 0.5) prior, 68.27 %');
  });

  it('draws a graph clicked in the Data view, opening its file in the explorer when it is closed', async () => {
    const { page } = wb;
    // Closed by its tab's close button, as a user closes it.
    const tab = page.getByRole('tab', { name: 'graphs.root', exact: true });
    await tab.hover();
    await tab.locator('.tab-actions .action-label').click();
    await tab.waitFor({ state: 'detached' });
    await showHai(page);
    const file = await dataRow(page, /^graphs\.root/);
    await setRowExpanded(file, true);
    await (await dataRow(page, /^resolution\s*TGraphErrors/)).click();
    view = await webviewFrame(page, 'graphs.root');
    await view.locator('#graph .u-title', { hasText: 'resolution: Energy resolution' }).waitFor();
    // ROOT's TLatex in the title shown as text: #sigma_{E}/E.
    const svg = await saveAsProposed(page, view, '#saveSvg', wb.workspace, 'graphs-resolution.svg');
    assert.match(svg, />σ_\{E\}\/E<\/text>/);
  });
});

