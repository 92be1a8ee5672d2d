// End-to-end: a folder opened as a dataset in the data explorer, in code-server. The four compressions
// of uproot-HZZ.root, a damaged file and uproot-Zmumu.root (which lacks the branches drawn) fill one
// histogram (the damaged one and Zmumu named and left out), as NumPy computes it from the file by an
// independent decoder (test/fixtures/data/root/reference.py);
// an entry cut of two conditions shows its cut flow, weighted by EventWeight with its sums of weights;
// First entry and Entries read entries 2000 to 2999 counted through the files as a TChain does; the
// table lists the files' entries as one chain, with the form's cut and range; a file written into the
// folder later is found at the next draw.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';
import type { FrameLocator, Page } from 'playwright-core';
import { copiedPython, statistics } from './explorerPage';
import { until } from '../support/until';
import { openFileAndWaitReady, screenshotPath, useWorkbench, webviewFrame, type Workbench } from './workbench';

const reference = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'data', 'root', 'reference.json'), 'utf8')) as {
  both_cuts: { entries: number; entries_kept: number; mean: number; integral: number };
  hist_Jet_Px_entries_2000_to_2999_of_two: number[];
  cutflow_weighted: { sumw_all: number; sumw_NJet_ge_2: number };
  jets_in_entries_2000_to_2999_of_two: number;
  scan_NJet_ge_4: { entries: number[] };
};

describe('a dataset in the data explorer in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench();
  let wb: Workbench;

  before(() => {
    wb = workbench();
  });

  it('opens a folder as a dataset (the four compressions of the file, a damaged file first, a file lacking the branches last) and fills one histogram over all of them', async () => {
    const { page } = wb;
    const folder = path.join(wb.workspace, 'hzz-dataset');
    mkdirSync(folder);
    for (const name of ['uproot-HZZ.root', 'uproot-HZZ-lz4.root', 'uproot-HZZ-zstd.root', 'uproot-HZZ-lzma.root']) copyFileSync(path.join(ROOT, 'test', 'fixtures', 'data', 'root', name), path.join(folder, name));
    // First in name order, and unreadable: the structure comes from the next file, and the
    // histogram says it left this one out.
    writeFileSync(path.join(folder, '0-damaged.root'), Buffer.alloc(100, 7));
    // Last in name order: another sample's tree "events", without Jet_Px or NJet. Left out, named, and
    // its 2,304 entries still counted in the chain, as a TChain numbers them.
    copyFileSync(path.join(ROOT, 'test', 'fixtures', 'data', 'root', 'uproot-Zmumu.root'), path.join(folder, 'uproot-Zmumu.root'));
    // A fresh workbench: the extension (whose command is on the folder's menu) activates with a Python file.
    await openFileAndWaitReady(page, 'train.py');
    const dataset = await openFolderAsDataset(page, 'hzz-dataset');
    await dataset.locator('#meta', { hasText: /^Dataset · 6 files · .* · structure as in uproot-HZZ-lz4\.root$/ }).waitFor();
    await dataset.locator('#expression').fill('Jet_Px');
    await dataset.locator('#entryCut').fill('NJet >= 2');
    await dataset.locator('#elementCut').fill('Jet_Px > 20');
    await dataset.locator('#bins').fill('20');
    await dataset.locator('#low').fill('-100');
    await dataset.locator('#high').fill('100');
    await dataset.locator('#draw').click();
    const want = reference.both_cuts;
    await dataset.locator('#status', { hasText: `9,684 entries read, ${(4 * want.entries_kept).toLocaleString('en-US')} kept` }).waitFor();
    await dataset.locator('#failed', { hasText: /^2 files are left out of the histogram:\s*0-damaged\.root: [^\n]+\s*uproot-Zmumu\.root: There is no branch or column "Jet_Px"\.$/ }).waitFor();
    const stats = await statistics(dataset);
    assert.equal(stats.Entries, String(4 * want.entries));
    assert.equal(stats.Integral, String(4 * want.integral));
    assert.equal(stats.Mean, Number(want.mean.toPrecision(6)).toString());
    await wb.page.screenshot({ path: screenshotPath('data-explorer-dataset.png') });
    // An entry cut of two conditions: its cut flow under the status line, as RDataFrame's Report().
    await dataset.locator('#entryCut').fill('NJet >= 2 and MET_px > 0');
    await dataset.locator('#draw').click();
    await dataset.locator('#cutflow tr', { hasText: 'MET_px > 0' }).waitFor();
    const status = await dataset.locator('#status', { hasText: /^9,684 entries read, [\d,]+ kept/ }).innerText();
    const flow = await dataset.locator('#cutflow tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => c.textContent ?? '')));
    assert.deepEqual(flow.map((r) => r.slice(0, 2)), [
      ['Condition', 'Entries'],
      ['All entries', '9,684'],
      ['NJet >= 2', (4 * want.entries_kept).toLocaleString('en-US')],
      ['MET_px > 0', /, ([\d,]+) kept/.exec(status)![1]],
    ]);
    assert.match(flow[2][2], /^\d+\.\d %$/);
    // Weighted by EventWeight (a value per event): each step's sum of weights too, as NumPy sums them.
    await dataset.locator('#weight').fill('EventWeight');
    await dataset.locator('#draw').click();
    await dataset.locator('#cutflow th', { hasText: 'Sum of weights' }).waitFor();
    const weighted = await dataset.locator('#cutflow tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => c.textContent ?? '')));
    const six = (x: number): string => Number(x.toPrecision(6)).toString();
    assert.deepEqual(weighted.slice(0, 3).map((r) => r.slice(0, 3)), [
      ['Condition', 'Entries', 'Sum of weights'],
      ['All entries', '9,684', six(4 * reference.cutflow_weighted.sumw_all)],
      ['NJet >= 2', (4 * want.entries_kept).toLocaleString('en-US'), six(4 * reference.cutflow_weighted.sumw_NJet_ge_2)],
    ]);
    await dataset.locator('#cutflow').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await wb.page.screenshot({ path: screenshotPath('data-explorer-cutflow.png') });
    await dataset.locator('#weight').fill('');
    // Entries 2000 to 2999 only (TTree::Draw's firstentry and nentries), counted through the readable
    // files in name order: the LZ4 copy's last 421 events and the LZMA copy's first 579, as NumPy has them.
    await dataset.locator('#entryCut').fill('');
    await dataset.locator('#elementCut').fill('');
    await dataset.locator('#firstEntry').fill('2000');
    await dataset.locator('#entryCount').fill('1000');
    await dataset.locator('#draw').click();
    await dataset.locator('#status', { hasText: /^1,000 entries read, 1,000 kept/ }).waitFor();
    const ranged = await statistics(dataset);
    const inRange = reference.hist_Jet_Px_entries_2000_to_2999_of_two;
    assert.equal(ranged.Entries, String(reference.jets_in_entries_2000_to_2999_of_two));
    assert.equal(ranged.Integral, String(inRange.slice(1, -1).reduce((a, b) => a + b, 0)));
    assert.deepEqual([ranged.Underflow, ranged.Overflow], [String(inRange[0]), String(inRange[inRange.length - 1])]);
    // A first entry past the files' 9,684 + 2,304 (Zmumu's count too): what to do instead.
    await dataset.locator('#firstEntry').fill('12000');
    await dataset.locator('#draw').click();
    await dataset.locator('#error', { hasText: 'The range starts at entry 12000, but the files hold 11988 entries' }).waitFor();
    await dataset.locator('#firstEntry').fill('2000');
    await dataset.locator('#draw').click();
    await dataset.locator('#status', { hasText: /^1,000 entries read, 1,000 kept/ }).waitFor();
    // The table lists the files as one chain (TChain::Scan): entries numbered through the readable files,
    // the damaged one named and left out.
    await dataset.getByRole('checkbox', { name: 'First entries: NJet', exact: true }).check();
    const rows = dataset.locator('#rows-section tbody tr');
    await dataset.locator('#rows-section', { hasText: '100 of 11,988 entries in 6 files' }).waitFor();
    await dataset.locator('#rows-section', { hasText: /Files left out: 0-damaged\.root \(/ }).waitFor();
    // With the form's entry cut and range: the LZ4 copy's events with NJet >= 4 from entry 2000, then the
    // LZMA copy's below its entry 579, each with its number in the chain and, on hover, in its file.
    await dataset.locator('#entryCut').fill('NJet >= 4');
    await dataset.locator('#draw').click();
    await dataset.locator('#status', { hasText: /^1,000 entries read, \d+ kept/ }).waitFor();
    await dataset.locator('#rowsWithCut').check();
    const scan = reference.scan_NJet_ge_4.entries;
    const chained = [...scan.filter((e) => e >= 2000), ...scan.filter((e) => e < 3000 - 2421).map((e) => e + 2421)];
    await dataset.locator('#rows-section', { hasText: `${chained.length} of entries 2,000 to 2,999 pass the entry cut` }).waitFor();
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td')?.textContent))), chained);
    const firstOfSecond = rows.nth(scan.filter((e) => e >= 2000).length).locator('td').first();
    assert.equal(await firstOfSecond.getAttribute('title'), `uproot-HZZ-lzma.root, entry ${scan[0]}`);
    // Copied as Python, the range is read as the page read it (the script's loop through the files).
    const code = await copiedPython(page, dataset, /FIRST,\sSTOP\s=\s2000,\s3000/);
    assert.match(code, /if seen >= STOP:/);
    // The files are found again at each draw: one a job has written since is read too, and counted above.
    copyFileSync(path.join(ROOT, 'test', 'fixtures', 'data', 'root', 'uproot-HZZ.root'), path.join(folder, 'uproot-HZZ-more.root'));
    await page.locator('.tab', { hasText: 'hzz-dataset/**/*.root' }).click();
    await dataset.locator('#firstEntry').fill('');
    await dataset.locator('#entryCount').fill('');
    await dataset.locator('#draw').click();
    await dataset.locator('#status', { hasText: /^12,105 entries read/ }).waitFor();
    await dataset.locator('#meta', { hasText: /^Dataset · 7 files · / }).waitFor();
    await dataset.locator('#failed', { hasText: /^2 files are left out of the histogram:/ }).waitFor();
    // The table lists the files found now; Copy as Python reads those drawn, Zmumu left out with why.
    await dataset.locator('#rowsWithCut').uncheck();
    await dataset.locator('#rows-section', { hasText: '100 of 14,409 entries in 7 files' }).waitFor();
    const now = await copiedPython(page, dataset, /"[^"]*uproot-HZZ-more\.root",/);
    assert.match(now, /# {3}"[^"]*uproot-Zmumu\.root": There is no branch or column "(NJet|Jet_Px)"\./);
  });

  it('stops the table scanning 400 files for a cut no entry passes, and goes on from there when asked', async () => {
    const { page } = wb;
    const folder = path.join(wb.workspace, 'many-copies');
    mkdirSync(folder);
    const file = path.join(ROOT, 'test', 'fixtures', 'data', 'root', 'uproot-HZZ.root');
    for (let i = 0; i < 400; i++) copyFileSync(file, path.join(folder, `part-${String(i).padStart(3, '0')}.root`));
    const dataset = await openFolderAsDataset(page, 'many-copies');
    await dataset.locator('#meta', { hasText: /^Dataset · 400 files/ }).waitFor();
    await dataset.locator('#expression').fill('NJet');
    await dataset.locator('#entryCut').fill('NJet > 100');
    await dataset.locator('#draw').click();
    await dataset.locator('#status', { hasText: /^968,400 entries read, 0 kept/ }).waitFor({ timeout: 120_000 });
    await dataset.getByRole('checkbox', { name: 'First entries: NJet', exact: true }).check();
    await dataset.locator('#rows-section', { hasText: /100 of at least [\d,]+ entries/ }).waitFor();
    // Only the entries drawn: none passes, so the table reads on through every file until Stop.
    await dataset.locator('#rowsWithCut').check();
    await dataset.locator('#rowsStop').click();
    // What was scanned before the stop stays scanned: More entries goes on from the file it was reading.
    const stoppedAt = await dataset.locator('#rows-section div', { hasText: /^Stopped: 0 rows listed\. More entries goes on from entry [\d,]+\.$/ }).innerText();
    assert.equal(Number(/entry ([\d,]+)/.exec(stoppedAt)![1].replace(/,/g, '')) % 2421, 0, stoppedAt);
    assert.equal(await dataset.locator('#rowsStop').isVisible(), false);
    assert.equal(await dataset.locator('#rows-section tbody tr').count(), 0);
    await dataset.locator('#rows-section button', { hasText: 'More entries' }).click();
    await dataset.locator('#rows-section', { hasText: '0 of entries 0 to 968,399 pass the entry cut' }).waitFor({ timeout: 120_000 });
  });
});

/**
 * A workspace folder opened as a dataset from its context menu in the Explorer, with the glob suggested
 * for it (every ROOT file under it): the dataset's page, once open.
 */
async function openFolderAsDataset(page: Page, folder: string): Promise<FrameLocator> {
  await page.keyboard.press('Control+Shift+E');
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: folder });
  await row.click({ button: 'right' });
  // A context menu item is chosen as a keyboard user does: VS Code's menus act on Enter reliably.
  await page.locator('.context-view .action-label', { hasText: 'Open Folder as Dataset in Data Explorer' }).hover();
  await page.keyboard.press('Enter');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  // The glob is filled in a moment after the box opens: Enter before that would be lost.
  await until(async () => ((await input.inputValue()) === '**/*.root' ? true : undefined), `the glob suggested for ${folder}`);
  await input.press('Enter');
  return webviewFrame(page, `${folder}/**/*.root`);
}
