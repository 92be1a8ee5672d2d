// End-to-end: the keys of a data file inside `tree["…"]` in code-server, with the built-in model. An
// analysis script opens the HZZ sample (a ROOT file of the workspace) with uproot; typed inside the
// tree's subscript (the editor closes the quote and the bracket), the ghost text is the rest of a
// branch the file has, read from the file by the data explorer's readers; after the awkward array
// uproot reads and a dot (`events.`), a branch too.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';
import { until } from '../support/until';
import { openFileAndWaitReady, screenshotPath, shownText, typeAndWaitForSuggestion, useWorkbench, waitForBuiltInModel, type Workbench } from './workbench';

const SCRIPT = [
  '"""Four-muon candidates of the H -> ZZ sample."""',
  'import numpy as np',
  'import uproot',
  '',
  'tree = uproot.open("data/hzz.root")["events"]',
  'muons = tree.arrays(["Muon_Px", "Muon_Py", "Muon_Charge"])',
  'pt = np.hypot(muons["Muon_Px"], muons["Muon_Py"])',
  'n = ',
  'print(np.mean(pt), np.mean(n))',
].join('\n');
/** The line the test types on (0-based). */
const LINE = SCRIPT.split('\n').findIndex((l) => l === 'n = ');

/** A script whose file comes from a command-line option's default, through the call that hands its tree on. */
const COUNTS = [
  '"""Jet and vertex counts of the H -> ZZ sample given on the command line."""',
  'import argparse',
  '',
  'import numpy as np',
  'import uproot',
  '',
  '',
  'def counts(events):',
  '    return np.stack(',
  '        [',
  '            events["NJet"],',
  '            ',
  '        ]',
  '    )',
  '',
  '',
  'parser = argparse.ArgumentParser()',
  'parser.add_argument("--input", default="data/hzz.root")',
  'args = parser.parse_args()',
  'print(counts(uproot.open(args.input)["events"]))',
].join('\n');
/** The line inside `np.stack([` the test types on (0-based). */
const COUNTS_LINE = COUNTS.split('\n').findIndex((l) => l === '            ');

/** A script reading the tree's branches as an awkward array, whose fields are attributes too. */
const VERTICES = ['"""Primary vertices of the H -> ZZ sample, as an awkward array."""', 'import numpy as np', 'import uproot', '', 'events = uproot.open("data/hzz.root")["events"].arrays()', 'n = ', 'print(np.mean(n))'].join('\n');
const VERTICES_LINE = VERTICES.split('\n').findIndex((l) => l === 'n = ');

/** A script that takes the missing transverse momentum from its two components. */
const MET = ['"""Missing transverse momentum of the H -> ZZ sample."""', 'import numpy as np', 'import uproot', '', 'events = uproot.open("data/hzz.root")["events"].arrays()', 'met = ', 'print(np.mean(met))'].join('\n');
const MET_LINE = MET.split('\n').findIndex((l) => l === 'met = ');

describe('a data file’s keys inside `tree["…"]` in code-server (the built-in model)', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({}, (wb) => {
    mkdirSync(path.join(wb.workspace, 'data'), { recursive: true });
    copyFileSync(path.join(ROOT, 'test', 'fixtures', 'data', 'root', 'uproot-HZZ.root'), path.join(wb.workspace, 'data', 'hzz.root'));
    writeFileSync(path.join(wb.workspace, 'four_muons.py'), SCRIPT + '\n');
    writeFileSync(path.join(wb.workspace, 'counts.py'), COUNTS + '\n');
    writeFileSync(path.join(wb.workspace, 'vertices.py'), VERTICES + '\n');
    writeFileSync(path.join(wb.workspace, 'met.py'), MET + '\n');
    writeFileSync(path.join(wb.workspace, 'met_dot.py'), MET + '\n');
  });
  let wb: Workbench;

  beforeEach(() => {
    wb = workbench();
  });

  it('suggests the rest of a branch the ROOT file has', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'four_muons.py');
    await waitForBuiltInModel(wb);
    // NPrimaryVertices is the only branch that starts so; the editor closes `"]` after the cursor.
    const { suggested } = await typeAndWaitForSuggestion(page, LINE, 'n = ', 'tree["NPrimaryV');
    assert.match(suggested, /^ertices"\]/);
    await page.screenshot({ path: screenshotPath('data-keys.png') });
    await page.keyboard.press('Escape');
  });

  it('follows the file from a command-line option\'s default into the function its tree is handed to', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'counts.py');
    await waitForBuiltInModel(wb);
    // A line inside `np.stack([`: the key is an argument there, read as one.
    const { suggested } = await typeAndWaitForSuggestion(page, COUNTS_LINE, '            ', 'events["NPrimaryV');
    assert.match(suggested, /^ertices"\]/);
    await page.keyboard.press('Escape');
  });

  it('suggests a branch after the awkward array uproot reads and a dot', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'vertices.py');
    await waitForBuiltInModel(wb);
    // `events.NPrimaryVertices`: the field, an attribute of the awkward array, though no line names it.
    const { suggested } = await typeAndWaitForSuggestion(page, VERTICES_LINE, 'n = ', 'events.NPrimaryV');
    assert.match(suggested, /^ertices\b/);
    await page.keyboard.press('Escape');
  });

  it('lists the branches after the dot, and shows the ghost text of the one the call\'s other argument does not take', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'met.py');
    await waitForBuiltInModel(wb);
    // The editor's list is ours (the branches), not the document's words, which offer only MET_px
    // here and hide ghost text that begins none of them; the model would copy MET_px.
    const { suggested } = await typeAndWaitForSuggestion(page, MET_LINE, 'met = ', 'np.hypot(events.MET_px, events.MET_p');
    assert.match(suggested, /^y\b/);
    const rows = page.locator('.suggest-widget .monaco-list-row');
    await rows.first().waitFor();
    const labels = await rows.allInnerTexts();
    assert.ok(labels.some((l) => l.includes('MET_py')) && labels.some((l) => l.includes('MET_px')), labels.join(' | '));
    await page.screenshot({ path: screenshotPath('data-members.png') });
    await page.keyboard.press('Escape');
  });

  it('selects in the list the branch the ghost text writes, right after the dot', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'met_dot.py');
    await waitForBuiltInModel(wb);
    // Nothing typed after the dot: the editor would select the first branch in its own order and show
    // only ghost text that begins it. The list selects the model's branch, and the ghost text shows it.
    const written = 'met = np.hypot(events.MET_px, events.';
    const { line } = await typeAndWaitForSuggestion(page, MET_LINE, 'met = ', 'np.hypot(events.MET_px, events.');
    const focused = page.locator('.suggest-widget .monaco-list-row.focused .monaco-icon-name-container');
    const { label, ghost } = await until(async () => {
      const shown = (await focused.count()) > 0 ? (await focused.first().innerText()).trim() : '';
      const text = await shownText(line);
      return shown && text.startsWith(written + shown) ? { label: shown, ghost: text.slice(written.length) } : undefined;
    }, 'the line shows the selected branch as ghost text');
    assert.notEqual(label, 'MET_px', 'the first argument\'s branch');
    assert.match(ghost, new RegExp(`^${label}\\b`));
    await page.screenshot({ path: screenshotPath('data-members-chosen.png') });
    await page.keyboard.press('Escape');
  });
});
