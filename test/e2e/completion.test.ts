// End-to-end: ghost text from the local model while typing in code-server, accepted with Tab.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expectedSuggestion, TINY_MODEL, tinyExpected } from '../support/tinyModel';
import { until } from '../support/until';
import { openFileAndWaitReady, readExtensionLog, runCommand, screenshotPath, shownText, typeAndWaitForGhost, useWorkbench, waitForBuiltInModel, webviewFrame, type Workbench } from './workbench';

describe('inline completion in code-server (tiny test model)', function () {
  this.timeout(120_000);
  // The file is the prefix and suffix of a case whose greedy output PyTorch recorded, minus the
  // last character of the prefix, which the test types.
  const c = tinyExpected.fimCases[0];
  const want = expectedSuggestion(c);
  const workbench = useWorkbench(
    { settings: { 'hai.completion.modelPath': TINY_MODEL, 'hai.completion.maxTokens': 8, 'hai.completion.threads': 1 } },
    (wb) => writeFileSync(path.join(wb.workspace, 'ghost.py'), c.prefix.slice(0, -1) + c.suffix),
  );
  let wb: Workbench;

  beforeEach(() => {
    wb = workbench();
  });

  it('loads the configured model when a Python file opens', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'ghost.py');
    await until(
      async () => (/Loaded completion model tiny-code-model \(fp32/.test(readExtensionLog(wb.userDataDir)) ? true : undefined),
      'the HAI log says the model is loaded',
    );
  });

  it('shows the model’s suggestion as ghost text while typing, and Tab accepts it', async () => {
    const { page } = wb;
    assert.ok(want.length > 0);
    const lines = c.prefix.split('\n');
    // The walkthrough open beside, as a new user has it: accepting ticks its completion step.
    await runCommand(page, 'HAI: Get Started');
    const completionStep = (checked: boolean) =>
      page.locator(`.getting-started-step[data-step-id$="#hai.gettingStarted#completion"][aria-checked="${checked}"]`);
    await completionStep(false).waitFor();
    await page.locator('.tabs-container .tab', { hasText: 'ghost.py' }).click();
    // The ghost text may be drawn in several pieces; the line shows them in place after the cursor.
    const line = await typeAndWaitForGhost(page, lines.length - 1, c.prefix.slice(-1), lines[lines.length - 1] + want);
    const ghost = page.locator('.monaco-editor .ghost-text-decoration');
    const shown = (): Promise<string> => shownText(line);
    await page.keyboard.press('Tab');
    await ghost.first().waitFor({ state: 'detached' });
    assert.equal(await shown(), lines[lines.length - 1] + want);
    assert.equal(await ghost.count(), 0);
    await page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).click();
    await completionStep(true).waitFor();
  });
});

describe('inline completion in code-server with no configuration (the built-in model)', function () {
  this.timeout(120_000);
  const source = [
    'import torch',
    'import torch.nn as nn',
    '',
    '',
    'class JetTagger(nn.Module):',
    '    def __init__(self, n_features, n_classes):',
    '        super().__init__()',
    '        self.fc1 = nn.Linear(n_features, 128)',
    '        self.fc2 = nn.Linear(128, 128)',
    '        self.fc3 = ',
  ].join('\n');
  // A training step written once, and again in a second loop: its next line is the first loop's. That
  // line is longer than the model writes in one suggestion (hai.completion.maxTokens, 64 tokens), so the
  // whole of it shows that it is the repeated line, not the model's copy.
  const logLine =
    '        metrics.log(step=step, loss=loss.item(), learning_rate=scheduler.get_last_lr()[0], grad_norm=grad_norm, batch_size=len(batch), ' +
    'samples_seen=samples_seen, epoch=epoch, phase="train", device=str(device), timestamp=time.time(), memory_mib=torch.cuda.max_memory_allocated() / 2**20)';
  const loops = [
    'def train_epoch(model, loader, optimizer, metrics):',
    '    for step, batch in enumerate(loader):',
    '        loss = model(batch).mean()',
    '        loss.backward()',
    logLine,
    '        optimizer.step()',
    '',
    '',
    'def finetune_epoch(model, loader, optimizer, metrics):',
    '    for step, batch in enumerate(loader):',
    '        loss = model(batch).mean()',
    '        loss.backward()',
  ].join('\n');
  const workbench = useWorkbench({ settings: {} }, (wb) => {
    writeFileSync(path.join(wb.workspace, 'tagger.py'), source + '\n');
    writeFileSync(path.join(wb.workspace, 'loops.py'), loops + '\n');
    writeFileSync(path.join(wb.workspace, 'pooling.py'), 'import torch\nimport torch.nn as nn\n\n\n');
  });
  let wb: Workbench;

  beforeEach(() => {
    wb = workbench();
  });

  it('loads the HAI code model that ships with the extension', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'tagger.py');
    await waitForBuiltInModel(wb);
  });

  it('suggests the next layer as ghost text, and Tab accepts it', async () => {
    const { page } = wb;
    const lines = source.split('\n');
    const line = page.locator('.monaco-editor .view-line').nth(lines.length - 1);
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.type('nn.');
    const typed = lines[lines.length - 1] + 'nn.';
    const ghost = page.locator('.monaco-editor .ghost-text-decoration');
    await ghost.first().waitFor();
    const shown = async (): Promise<string> => (await line.innerText()).replace(/\u00a0/g, ' ');
    // Whatever the model suggests is drawn after the cursor; it must be code, not blank.
    const withGhost = await until(async () => {
      const text = await shown();
      return text.startsWith(typed) && text.length > typed.length ? text : undefined;
    }, 'the line shows a suggestion after "nn."');
    assert.match(withGhost.slice(typed.length), /^\w/);
    await page.screenshot({ path: screenshotPath('ghost-text.png') });
    await page.keyboard.press('Tab');
    await ghost.first().waitFor({ state: 'detached' });
    assert.equal(await shown(), withGhost);
  });

  it('suggests the line that followed the line above where the file has it already, and Tab accepts it', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'loops.py');
    // Enter at the end of the second loop's last line: the editor indents the new line, and the
    // suggestion there is the line the first loop has next (no word list pops up, nothing is typed).
    const lines = loops.split('\n');
    await page.locator('.monaco-editor .view-line').nth(lines.length - 1).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const line = page.locator('.monaco-editor .view-line').nth(lines.length);
    await page.locator('.monaco-editor .ghost-text-decoration').first().waitFor();
    await until(async () => ((await shownText(line)) === logLine ? true : undefined), 'the new line shows the first loop\'s metrics.log(...) line, all of it');
    await page.screenshot({ path: screenshotPath('repeated-line.png') });
    await page.keyboard.press('Tab');
    await page.locator('.monaco-editor .ghost-text-decoration').first().waitFor({ state: 'detached' });
    assert.equal(await shownText(line), logLine);
    // The server status panel counts it among the requests, as one a repeated line answered.
    await runCommand(page, 'HAI: Show Server Status');
    const panel = await webviewFrame(page, 'HAI Server Status');
    await panel.locator('#suggestions', { hasText: /^\d+ requests, [1-9]\d* answered with a line repeated from the project; the model read \d+ prompt tokens and generated \d+ \(\d+ of them guessed from the text before them, a step saved each\)$/ }).waitFor();
  });

  it('moves to the next placeholder of a snippet on Tab, leaving the ghost text there unaccepted', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'pooling.py');
    await page.locator('.monaco-editor .view-line').nth(3).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('sppf');
    await page.locator('.suggest-widget .monaco-list-row', { hasText: 'sppf' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    // The class name is the first placeholder, selected; the model suggests how the line goes on.
    await page.locator('.monaco-editor .ghost-text-decoration').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Tab');
    // The second placeholder (the pool's kernel size) takes what is typed next.
    await page.keyboard.type('7');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+S');
    const saved = await until(async () => {
      const text = readFileSync(path.join(wb.workspace, 'pooling.py'), 'utf8');
      return text.includes('kernel_size: int = 7):') ? text : undefined;
    }, 'Tab moved to the kernel size');
    assert.match(saved, /^class SPPF\(nn\.Module\):$/m, 'the class line is as the snippet wrote it');
  });
});

// With no workspace context in the prompt the model does not see clusters.py, so the name comes from
// the module's names list alone (with the context on, the chunk of clusters.py like the code at the
// cursor shows the model the definition, and the case would pass without the names).
describe('project names in code-server, with no workspace context in the prompt (the built-in model)', function () {
  this.timeout(120_000);
  // A module of the project, and a script beside it that imports it: after `clusters.merge_` only
  // clusters.py's names can follow (hai.completion.projectNames); the model alone goes on with names
  // such modules do not have (in bench:names `clusters.merge_source(event)`).
  const clusters = [
    'import numpy as np',
    '',
    '',
    'def merge_neighbouring_cells(event, threshold=0.5):',
    '    """Groups calorimeter cells above threshold with their neighbours."""',
    '    return event',
    '',
    '',
    'def cluster_centroid(cluster):',
    '    return np.mean(cluster, axis=0)',
  ].join('\n');
  const reco = ['import numpy as np', '', 'import clusters', '', '', 'def reconstruct(event):', '    found = clusters.'].join('\n');
  const workbench = useWorkbench({ settings: { 'hai.completion.workspaceContext': 'off' } }, (wb) => {
    mkdirSync(path.join(wb.workspace, 'calo'));
    writeFileSync(path.join(wb.workspace, 'calo', 'clusters.py'), clusters + '\n');
    writeFileSync(path.join(wb.workspace, 'calo', 'reco.py'), reco + '\n');
  });
  let wb: Workbench;

  beforeEach(() => {
    wb = workbench();
  });

  it('after a module of the project and a dot, suggests a name that module defines', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'reco.py');
    await waitForBuiltInModel(wb);
    const lines = reco.split('\n');
    const line = page.locator('.monaco-editor .view-line').nth(lines.length - 1);
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.type('merge_');
    await page.locator('.monaco-editor .ghost-text-decoration').first().waitFor();
    const typed = `${lines[lines.length - 1]}merge_`;
    const shown = await until(async () => {
      const text = await shownText(line);
      return text.startsWith(typed) && text.length > typed.length ? text : undefined;
    }, 'the line shows a suggestion after "clusters.merge_"');
    assert.match(shown.slice(typed.length), /^neighbouring_cells\b/);
    await page.screenshot({ path: screenshotPath('project-names.png') });
    await page.keyboard.press('Escape');
  });
});
