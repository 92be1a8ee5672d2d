// End-to-end: the data explorer in code-server, on the demo workspace's uproot-HZZ.root. The Data view
// expands the file to its tree and branches; clicking Jet_Px opens the explorer and draws it; with the
// entry cut NJet >= 2 and the element cut Jet_Px > 20 the statistics box and the multiplicity plot show
// what NumPy computes from the file by an independent decoder (test/fixtures/data/root/reference.py);
// Copy as Python gives the uproot script; a cut in the wrong field is pointed at, the plot left from
// before marked as such; definitions draw what the expressions written out draw; the table lists the
// first entries; a file cut short says so across the page; a page opened again shows the form last drawn. A folder opened as a dataset: explorerDataset.test.ts; fits: explorerFit.test.ts.
import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { ROOT } from '../../scripts/paths';
import { dataRow, openInExplorer, saveAsProposed, statistics } from './explorerPage';
import { until } from '../support/until';
import { screenshotPath, setRowExpanded, useWorkbench, webviewFrame, type Workbench } from './workbench';

const reference = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'data', 'root', 'reference.json'), 'utf8')) as {
  NJet_first: number[];
  Jet_Px_first: number[];
  both_cuts: { entries: number; entries_kept: number; mean: number; std_dev: number; underflow: number; overflow: number; integral: number; multiplicity: number[] };
  scan_NJet_ge_4: { entries: number[]; NJet: number[] };
};

describe('the data explorer in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench();
  let wb: Workbench;
  let view: FrameLocator;

  before(() => {
    wb = workbench();
  });

  it('expands uproot-HZZ.root in the Data view to its events tree and branches, with types and sizes', async () => {
    const { page } = wb;
    await page.locator('.activitybar a.action-label[aria-label="HAI"]').click();
    await setRowExpanded(await dataRow(page, 'uproot-HZZ.root'), true);
    const events = await dataRow(page, /events\s*2,421 entries/);
    await events.click();
    assert.match(await (await dataRow(page, /^Jet_Px/)).innerText(), /float\[NJet\] · counted by NJet · \d/);
    assert.match(await (await dataRow(page, /^NJet/)).innerText(), /int32_t/);
    // A click on the file itself, not its arrow, opens it in the data explorer, and leaves the tree as it was.
    const file = await dataRow(page, 'uproot-HZZ.root');
    await file.click();
    view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('#structure .column', { hasText: 'Muon_Px' }).waitFor();
    assert.equal(await file.getAttribute('aria-expanded'), 'true');
  });

  it('draws Jet_Px when its branch is clicked: ROOT’s default 100 bins over the data, and its multiplicity', async () => {
    const { page } = wb;
    await (await dataRow(page, /^Jet_Px/)).click();
    view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('#status', { hasText: /2,421 entries read, 2,421 kept/ }).waitFor();
    assert.equal(await view.locator('#expression').inputValue(), 'Jet_Px');
    assert.equal(await view.locator('#bins').getAttribute('placeholder'), '100');
    // The y binning shows only for a 2-D histogram.
    assert.equal(await view.locator('#yBins').isVisible(), false);
    const stats = await statistics(view);
    assert.equal(stats.Entries, '2773');
    await view.locator('#multiplicity .u-title', { hasText: 'Multiplicity' }).waitFor();
    // The structure beside the plot lists the tree's branches too.
    await view.locator('#structure .column', { hasText: 'Muon_Px' }).waitFor();
  });

  it('applies the entry cut NJet >= 2 and the element cut Jet_Px > 20: statistics and multiplicity as NumPy has them', async () => {
    await view.locator('#entryCut').fill('NJet >= 2');
    await view.locator('#elementCut').fill('Jet_Px > 20');
    await view.locator('#bins').fill('20');
    await view.locator('#low').fill('-100');
    await view.locator('#high').fill('100');
    await view.locator('#draw').click();
    const want = reference.both_cuts;
    await view.locator('#status', { hasText: `2,421 entries read, ${want.entries_kept.toLocaleString('en-US')} kept` }).waitFor();
    const stats = await statistics(view);
    assert.equal(stats.Entries, String(want.entries));
    assert.equal(stats.Underflow, String(want.underflow));
    assert.equal(stats.Overflow, String(want.overflow));
    assert.equal(stats.Integral, String(want.integral));
    assert.equal(stats.Mean, Number(want.mean.toPrecision(6)).toString());
    assert.equal(stats['Std Dev'], Number(want.std_dev.toPrecision(6)).toString());
    await view.locator('#histogram .u-title', { hasText: 'Jet_Px {NJet >= 2 && Jet_Px > 20}' }).waitFor();
    await view.locator('#multiplicity canvas').waitFor();
    // Below the form's fields and hints, the plot is brought into view whole, the Draw button kept in view.
    const shown = async (selector: string) => {
      const box = (await view.locator(selector).boundingBox())!;
      return box.y >= 0 && box.y + box.height <= wb.page.viewportSize()!.height;
    };
    await until(async () => ((await shown('#histogram')) ? true : undefined), 'the histogram shows whole');
    assert.ok(await shown('#draw'), 'the Draw button stays in view');
    await wb.page.screenshot({ path: screenshotPath('data-explorer.png') });
  });

  it('copies the Python that reproduces the plot: uproot reads, both cuts, ROOT’s binning', async () => {
    const { page } = wb;
    await view.locator('#copyPython').click();
    const toast = page.locator('.notification-toast', { hasText: 'The Python that reproduces the histogram of Jet_Px is on the clipboard.' });
    await toast.waitFor();
    await toast.locator('.monaco-button', { hasText: 'Open in Editor' }).click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    // Monaco renders spaces as no-break spaces, which \s matches.
    await editor.locator('.view-line', { hasText: /entry_cut\s=\s\(arrays\["NJet"\]\s>=\s2\)/ }).waitFor();
    const text = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /with uproot\.open\(".*uproot-HZZ\.root"\) as f:/);
    assert.match(text, /element_cut = \(arrays\["Jet_Px"\] > 20\)/);
    assert.match(text, /hist\.Hist\.new\.Reg\(20, -100, 100/);
  });

  it('draws a 2-D histogram of Jet_Py against Jet_Px under the same cuts: 40 × 40 cells and the 2-D statistics', async () => {
    const { page } = wb;
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('#yExpression').fill('Jet_Py');
    await view.locator('#yBins').waitFor();
    await view.locator('#bins').fill('');
    await view.locator('#low').fill('');
    await view.locator('#high').fill('');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: 'Jet_Py vs Jet_Px {NJet >= 2 && Jet_Px > 20}' }).waitFor();
    const stats = await statistics(view);
    assert.equal(stats.Entries, String(reference.both_cuts.entries));
    // Ranges from the data hold every pair: all inside.
    assert.deepEqual([stats.Integral, stats['Outside the ranges']], [String(reference.both_cuts.entries), '0']);
    assert.equal(await view.locator('#bins').getAttribute('placeholder'), '40');
    assert.equal(await view.locator('#yBins').getAttribute('placeholder'), '40');
    await wb.page.screenshot({ path: screenshotPath('data-explorer-2d.png') });
    // Back to 1-D for what follows.
    await view.locator('#yExpression').fill('');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: /^Jet_Px \{/ }).waitFor();
  });

  it('saves the histogram as SVG and CSV beside the file, with the names it suggests', async () => {
    const { page } = wb;
    const svg = await saveAsProposed(page, view, '#saveSvg', wb.workspace, 'uproot-HZZ-Jet_Px.svg');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /Jet_Px \{NJet &#62;= 2 &#38;&#38; Jet_Px &#62; 20\}/);
    const csv = (await saveAsProposed(page, view, '#saveCsv', wb.workspace, 'uproot-HZZ-Jet_Px.csv')).split('\n');
    assert.equal(csv[0], 'bin,low,high,content,error');
    // The header, under- and overflow and every bin, the closing comment, and the last newline.
    const bins = Number(await view.locator('#bins').getAttribute('placeholder'));
    assert.equal(csv.length, 1 + bins + 2 + 1 + 1);
  });

  it('points at a per-element condition typed in the entry cut, and says where it belongs', async () => {
    const { page } = wb;
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('#entryCut').fill('NJet >= 2 and Jet_Px > 20');
    await view.locator('#draw').click();
    await view.locator('#error', { hasText: 'move it to the element cut' }).waitFor();
    assert.match(await view.locator('#error pre').innerText(), /\n\s+\^+$/);
    assert.equal(await view.locator('#entryCut.invalid').count(), 1);
    // The histogram drawn before stays, dimmed, under a line naming it: it is not the cut just typed.
    assert.equal(await view.locator('#stale-note').innerText(), 'Not redrawn: the last Draw failed. This is the previous plot: Jet_Px {NJet >= 2 && Jet_Px > 20}');
    assert.equal(await view.locator('#charts.stale').count(), 1);
  });

  it('draws with definitions (ROOT\'s SetAlias): the same histogram as the expression written out; a mistake in one is pointed at in the definitions', async () => {
    const fields = ['#definitions', '#expression', '#yExpression', '#entryCut', '#elementCut', '#weight', '#bins', '#low', '#high'];
    const before = await Promise.all(fields.map((f) => view.locator(f).inputValue()));
    const set = async (values: readonly string[]): Promise<void> => {
      for (const [i, f] of fields.entries()) await view.locator(f).fill(values[i]);
    };
    // The leading jet's transverse momentum in events with two jets, and its histogram written out.
    await set(['pt = hypot(Jet_Px, Jet_Py)\nlead = pt[0]\ntwo = NJet >= 2', 'lead', '', 'two', '', '', '20', '0', '200']);
    await view.locator('#definitions').press('Control+Enter');
    await view.locator('#histogram .u-title', { hasText: /^lead \{two\}$/ }).waitFor();
    // Drawn again: the previous plot's mark is gone.
    assert.equal(await view.locator('#stale-note').isVisible(), false);
    assert.equal(await view.locator('#charts.stale').count(), 0);
    const defined = await statistics(view);
    await view.locator('#definitions').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await wb.page.screenshot({ path: screenshotPath('data-explorer-definitions.png') });
    await set(['', 'hypot(Jet_Px, Jet_Py)[0]', '', 'NJet >= 2', '', '', '20', '0', '200']);
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: 'hypot(Jet_Px, Jet_Py)[0] {NJet >= 2}' }).waitFor();
    assert.deepEqual(defined, await statistics(view));
    assert.equal(defined.Entries, String(reference.both_cuts.entries_kept));
    // A branch misspelt in the second definition: the error shows that line, with a caret under the name.
    await set(['pt = hypot(Jet_Px, Jet_Py)\nlead = pt[0] + Jet_Pyy[0]', 'lead', '', '', '', '', '20', '0', '200']);
    await view.locator('#draw').click();
    await view.locator('#error', { hasText: 'Did you mean "Jet_Py"?' }).waitFor();
    assert.match(await view.locator('#error pre').innerText(), /^Definitions: lead = pt\[0\] \+ Jet_Pyy\[0\]\n {28}\^{7}$/);
    assert.equal(await view.locator('#definitions.invalid').count(), 1);
    await set(before);
  });

  it('lists the first entries of the ticked branches, a list for each jagged value', async () => {
    await view.getByRole('checkbox', { name: 'First entries: NJet', exact: true }).check();
    await view.getByRole('checkbox', { name: 'First entries: Jet_Px', exact: true }).check();
    const rows = view.locator('#rows-section tbody tr');
    await rows.nth(9).waitFor();
    const first = await rows.nth(3).innerText();
    const cells = first.split('\t').map((c) => c.trim());
    assert.equal(cells[0], '3');
    assert.equal(cells[1], String(reference.NJet_first[3]));
    assert.match(cells[2], /^\[.+, .+, .+\]$/);
    assert.match(await view.locator('#rows-section', { hasText: 'of 2,421 entries' }).innerText(), /100 of 2,421 entries/);
    // Expressions after the branches, as TTree::Scan("NJet:Jet_Px:sum(Jet_Px):Jet_Px[0]"): entry 0 has no jets, so no Jet_Px[0].
    await view.locator('#rowsExpressions').fill('sum(Jet_Px) : Jet_Px[0]');
    await view.locator('#rowsExpressions').press('Enter');
    await view.locator('#rows-section th', { hasText: 'Jet_Px[0]' }).waitFor();
    await rows.nth(9).waitFor();
    const scanned = await rows.evaluateAll((trs) => trs.slice(0, 4).map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    assert.deepEqual(scanned[0], ['0', String(reference.NJet_first[0]), '[]', '0', '—']);
    assert.equal(scanned[1][4], String(Number(reference.Jet_Px_first[0].toPrecision(6))));
    await view.locator('#rowsExpressions').fill('');
    await view.locator('#rowsExpressions').press('Enter');
    await view.locator('#rows-section th', { hasText: 'Jet_Px[0]' }).waitFor({ state: 'detached' });
    // As TTree::Scan("NJet:Jet_Px", "NJet >= 4"): only the entries passing the entry cut, by number, as NumPy finds them.
    const cut = view.locator('#entryCut');
    const before = await cut.inputValue();
    await cut.fill('NJet >= 4');
    await view.locator('#rowsWithCut').check();
    await view.locator('#rows-section', { hasText: '36 of entries 0 to 2,420 pass the entry cut' }).waitFor();
    await view.locator('#rows-section h2', { hasText: 'Entries drawn' }).waitFor();
    const passing = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '').slice(0, 2)));
    assert.deepEqual(passing, reference.scan_NJet_ge_4.entries.map((e, i) => [String(e), String(reference.scan_NJet_ge_4.NJet[i])]));
    // Drawn over entries 1000 to 1999 only: the list follows the form.
    await view.locator('#firstEntry').fill('1000');
    await view.locator('#entryCount').fill('1000');
    await view.locator('#draw').click();
    const inRange = reference.scan_NJet_ge_4.entries.filter((e) => e >= 1000 && e < 2000);
    await view.locator('#rows-section', { hasText: `${inRange.length} of entries 1,000 to 1,999 pass the entry cut` }).waitFor();
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td')?.textContent))), inRange);
    await view.locator('#rows-section').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await wb.page.screenshot({ path: screenshotPath('data-explorer-scan.png') });
    // ROOT's Entry$ in the cut: the even entries among them (a sample split in two, as TMVA splits it).
    await cut.fill('NJet >= 4 and Entry$ % 2 == 0');
    await view.locator('#draw').click();
    const even = inRange.filter((e) => e % 2 === 0);
    await view.locator('#rows-section', { hasText: `${even.length} of entries 1,000 to 1,999 pass the entry cut` }).waitFor();
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td')?.textContent))), even);
    await view.locator('#cutflow', { hasText: 'Entry$ % 2 == 0' }).waitFor();
    await view.locator('#firstEntry').fill('');
    await view.locator('#entryCount').fill('');
    await view.locator('#rowsWithCut').uncheck();
    await view.locator('#rows-section', { hasText: '100 of 2,421 entries' }).waitFor();
    await view.locator('#rows-section h2', { hasText: 'First entries' }).waitFor();
    await cut.fill(before);
  });

  it('opens a parquet file: its columns, and a list column histogrammed with both cuts as NumPy counts it', async () => {
    const { page } = wb;
    const dir = path.join(ROOT, 'test', 'fixtures', 'data', 'parquet');
    copyFileSync(path.join(dir, 'jets.parquet'), path.join(wb.workspace, 'data', 'jets.parquet'));
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { part_deta_cut: { counts: number[]; entries_kept: number } };
    // HAI: Open in Data Explorer lists the workspace's data files afresh (Quick Open's index may lag a new file).
    await openInExplorer(page, 'jets.parquet');
    const parquet = await webviewFrame(page, 'jets.parquet');
    await parquet.locator('#structure h2', { hasText: 'Columns' }).waitFor();
    await parquet.locator('#structure', { hasText: '3 row groups · SNAPPY' }).waitFor();
    await parquet.locator('#structure .column', { hasText: /^part_deta\s*list<FLOAT>/ }).waitFor();
    await parquet.locator('#expression').fill('part_deta');
    await parquet.locator('#entryCut').fill('jet_nparticles >= 3');
    await parquet.locator('#elementCut').fill('part_deta > 0');
    await parquet.locator('#bins').fill('16');
    await parquet.locator('#low').fill('-1.6');
    await parquet.locator('#high').fill('1.6');
    await parquet.locator('#draw').click();
    await parquet.locator('#status', { hasText: `300 entries read, ${expected.part_deta_cut.entries_kept} kept` }).waitFor();
    const stats = await statistics(parquet);
    const counts = expected.part_deta_cut.counts;
    assert.equal(stats.Integral, String(counts.slice(1, -1).reduce((a, b) => a + b, 0)));
    assert.equal(stats.Overflow, String(counts.at(-1)));
  });

  it('opens an HDF5 file: groups of datasets with shapes, chunks and filters; a 2-d dataset histogrammed with both cuts', async () => {
    const { page } = wb;
    const dir = path.join(ROOT, 'test', 'fixtures', 'data', 'hdf5');
    copyFileSync(path.join(dir, 'jets.h5'), path.join(wb.workspace, 'data', 'jets.h5'));
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { deta_cut: { counts: number[]; entries_kept: number } };
    // HAI: Open in Data Explorer lists the workspace's data files afresh (Quick Open's index may lag a new file).
    await openInExplorer(page, 'jets.h5');
    const hdf5 = await webviewFrame(page, 'jets.h5');
    await hdf5.locator('#structure h2', { hasText: 'Groups' }).waitFor();
    await hdf5.locator('#structure .column', { hasText: /^deta\s*<f4 · shape \(400, 16\) · chunks \(50, 16\) · shuffle · deflate/ }).waitFor();
    await hdf5.locator('label[for=tree]', { hasText: 'Group' }).waitFor();
    await hdf5.locator('#tree').selectOption('/particles');
    await hdf5.locator('#expression').fill('deta');
    await hdf5.locator('#entryCut').fill('n >= 3');
    await hdf5.locator('#elementCut').fill('deta > 0');
    await hdf5.locator('#bins').fill('16');
    await hdf5.locator('#low').fill('-1.6');
    await hdf5.locator('#high').fill('1.6');
    await hdf5.locator('#draw').click();
    await hdf5.locator('#status', { hasText: `400 entries read, ${expected.deta_cut.entries_kept} kept` }).waitFor();
    const stats = await statistics(hdf5);
    assert.equal(stats.Integral, String(expected.deta_cut.counts.slice(1, -1).reduce((a, b) => a + b, 0)));
  });

  it('says across the page that a truncated .npz cannot be opened, and what to do; Retry opens it once it is whole', async () => {
    const { page } = wb;
    const whole = readFileSync(path.join(ROOT, 'test', 'fixtures', 'data', 'npy', 'jets.npz'));
    const file = path.join(wb.workspace, 'data', 'cut-short.npz');
    writeFileSync(file, whole.subarray(0, whole.length >> 1));
    await openInExplorer(page, 'cut-short.npz');
    const npz = await webviewFrame(page, 'cut-short.npz');
    await npz.locator('#open-error h2', { hasText: 'This file could not be opened' }).waitFor();
    await npz.locator('#open-error .message', { hasText: 'the zip directory at its end is missing' }).waitFor();
    await npz.locator('#open-error .hint', { hasText: 'press Retry once it is complete' }).waitFor();
    // Not two columns with the error in one and nothing in the other: no structure, no form.
    assert.equal(await npz.locator('#layout').isVisible(), false);
    await page.screenshot({ path: screenshotPath('data-explorer-open-error.png') });
    writeFileSync(file, whole);
    await npz.locator('#open-error #retry').click();
    await npz.locator('#structure h2', { hasText: 'Arrays' }).waitFor();
    assert.equal(await npz.locator('#open-error').isVisible(), false);
    assert.equal(await npz.locator('#plot-form').isVisible(), true);
  });

  it('draws a histogram stored in a ROOT file as it is, with ROOT’s own entries and mean', async () => {
    const { page } = wb;
    await openInExplorer(page, 'uproot-histograms.root');
    const stored = await webviewFrame(page, 'uproot-histograms.root');
    await stored.locator('#structure h2', { hasText: 'Other objects' }).waitFor();
    // No trees: no form for expressions.
    assert.equal(await stored.locator('#plot-form').isVisible(), false);
    await stored.locator('#structure .column[data-object="one"] button', { hasText: 'one' }).click();
    await stored.locator('#histogram .u-title', { hasText: 'one: numero uno' }).waitFor();
    const stats = await statistics(stored);
    assert.deepEqual([stats.Entries, stats.Integral], ['10000', '10000']);
    assert.equal(stats.Mean, '0.0081875');
  });

  it('overlays a pinned histogram on the next one, optionally normalised, and removes it again', async () => {
    const { page } = wb;
    const stored = await webviewFrame(page, 'uproot-histograms.root');
    await stored.locator('#pin', { hasText: 'Overlay' }).click();
    await stored.locator('#overlays .overlay', { hasText: 'uproot-histograms.root: one' }).waitFor();
    // Against the histogram drawn, itself here: nothing between them.
    await stored.locator('#overlays .comparison', { hasText: 'χ² p = 1 · KS p = 1' }).waitFor();
    await stored.locator('#structure .column[data-object="two"] button').click();
    // two has other bins than one ([-10, 10] against [-3, 3]): not compared.
    await stored.locator('#overlays .comparison', { hasText: 'other bins: not compared' }).waitFor();
    const legend = stored.locator('#histogram .u-legend');
    await legend.locator('.u-series', { hasText: 'two: numero dos' }).waitFor();
    await legend.locator('.u-series', { hasText: 'uproot-histograms.root: one' }).waitFor();
    await stored.locator('#normalise').check();
    await legend.locator('.u-series', { hasText: 'uproot-histograms.root: one' }).waitFor();
    await wb.page.screenshot({ path: screenshotPath('data-explorer-overlay.png') });
    // Save SVG draws what the page shows: both outlines in their colours, each to unit area, with a legend.
    const svg = await saveAsProposed(page, stored, '#saveSvg', wb.workspace, 'uproot-histograms-two.svg');
    assert.match(svg, /<path d="M[^"]+" fill="none" stroke="#4e79a7"/);
    assert.match(svg, /<path d="M[^"]+" fill="none" stroke="#f28e2b"/);
    assert.match(svg, /<g class="legend">.*two: numero dos.*uproot-histograms\.root: one.*<\/g>/);
    assert.match(svg, />fraction<\/text>/);
    // A ratio needs the same bins: one's are not two's, and the panel says so.
    await stored.locator('#ratio').check();
    await stored.locator('#ratio-panel', { hasText: 'No ratio: no overlay has the bins of this histogram.' }).waitFor();
    await stored.locator('#ratio').uncheck();
    await stored.locator('#ratio-panel').waitFor({ state: 'detached' });
    await stored.locator('#overlays .remove').click();
    await stored.locator('#overlays .overlay').waitFor({ state: 'detached' });
    await stored.locator('#histogram .u-legend').waitFor({ state: 'detached' });
  });

  it('opens a file again with the form last drawn from it, definitions included, without drawing it', async () => {
    const { page } = wb;
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    view = await webviewFrame(page, 'uproot-HZZ.root');
    const fields = { '#definitions': 'met = MET_px\nmet_pos = met > 0', '#expression': 'met', '#yExpression': '', '#entryCut': 'met_pos', '#elementCut': '', '#weight': '', '#firstEntry': '', '#entryCount': '', '#bins': '30', '#low': '0', '#high': '150' };
    for (const [f, v] of Object.entries(fields)) await view.locator(f).fill(v);
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: /^met \{met_pos\}$/ }).waitFor();
    // Closed by its tab's close button, as a user closes it.
    const tab = page.locator('.tab', { hasText: 'uproot-HZZ.root' });
    await tab.hover();
    await tab.locator('.tab-actions .action-label').click();
    await tab.waitFor({ state: 'detached' });
    await openInExplorer(page, 'uproot-HZZ.root');
    view = await webviewFrame(page, 'uproot-HZZ.root');
    for (const [f, v] of Object.entries(fields)) await until(async () => ((await view.locator(f).inputValue()) === v ? true : undefined), `${f} is ${JSON.stringify(v)} again`);
    // Filled in, not drawn: the page opens as fast as before, and Draw draws it.
    assert.equal(await view.locator('#histogram .u-title').count(), 0);
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: /^met \{met_pos\}$/ }).waitFor();
  });
});
