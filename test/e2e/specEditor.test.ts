// End-to-end: writing a job spec as a user does, with only HAI installed (no YAML extension): a
// script path with a typo and a hub id that does not exist are pointed at before anything is
// submitted; completion walks the folders to the script and lists the hub's models; a hover says
// what a field is for and what it takes. With a real Slurm that keeps accounts: its partitions, GRES,
// the user's accounts and QOS offered, a wrong account pointed at, and the job charged as written.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SlurmCluster } from '../support/slurmCluster';
import { pickQuickItem, quickOpen, runCommand, screenshotPath, useWorkbench, type Workbench } from './workbench';

const SPEC = ['name: tagger', 'script: scripts/trian.sh', 'resources:', '  gpus: 2', 'hub:', '  model: part', '  dataset: JetClass', ''].join('\n');

/** Puts the cursor at the end of a (1-based) line. */
async function endOfLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  // Go to Line's input begins with ':'; filling it replaces that too.
  await page.locator('.quick-input-widget input').fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
}

/**
 * Presses `key` until `row` shows: a key pressed while the editor is still taking the focus back
 * (after Go to Line), or before the server's diagnostics reach the line, can be lost or find nothing.
 * Three tries, ten seconds each.
 */
async function pressUntil(page: Page, key: string, row: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await row.waitFor({ timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** Opens the suggest widget until `row` is in it. */
async function suggestUntil(page: Page, row: Locator): Promise<void> {
  await pressUntil(page, 'Control+Space', row);
}

/**
 * Applies the quick fix with this title at the cursor. The quick fix menu takes the keyboard (a layer
 * over the page blocks clicks): the fix must be the one focused, as it is when it is the only one.
 */
async function quickFix(page: Page, title: string): Promise<void> {
  await pressUntil(page, 'Control+.', page.locator('.action-widget .monaco-list-row.focused', { hasText: title }));
  await page.keyboard.press('Enter');
}

/** Chooses the suggestion with this label from the suggest widget, opened with Ctrl+Space unless it is open. */
async function suggest(page: Page, label: string, open = true): Promise<void> {
  if (open) await page.keyboard.press('Control+Space');
  const row = page.locator('.suggest-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

describe('writing a job spec', function () {
  this.timeout(180_000);
  // No notice about Slurm's ports being forwarded over the suggestions in the README's picture.
  const workbench = useWorkbench({ settings: { 'hai.completion.enabled': false, 'remote.autoForwardPorts': false } }, (wb) => {
    mkdirSync(path.join(wb.workspace, 'scripts'));
    writeFileSync(path.join(wb.workspace, 'scripts', 'train.sh'), 'python3 train.py --epochs 3\n');
    writeFileSync(path.join(wb.workspace, 'tagger.hai-job.yaml'), SPEC);
  });
  let wb: Workbench;
  beforeEach(() => {
    wb = workbench();
  });

  it('points at a script that is not there and an unknown hub model, and completion fixes both', async () => {
    const { page } = wb;
    await quickOpen(page, 'tagger.hai-job.yaml');
    await runCommand(page, 'View: Toggle Problems');
    const problems = page.locator('.markers-panel');
    const scriptWarning = problems.locator('.monaco-list-row', { hasText: `There is no ${path.join(wb.workspace, 'scripts', 'trian.sh')}: the job would fail at once.` });
    const modelWarning = problems.locator('.monaco-list-row', { hasText: 'The hub has no model "part". Its models: ' });
    const datasetWarning = problems.locator('.monaco-list-row', { hasText: 'The hub has no dataset "JetClass". Did you mean "jetclass"?' });
    await scriptWarning.waitFor({ timeout: 60_000 });
    await modelWarning.waitFor();
    await datasetWarning.waitFor();
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();

    // The script: the typo removed, then the folder and the file chosen from completion.
    await page.locator('.monaco-editor .view-lines').first().click();
    await endOfLine(page, 2);
    for (let i = 0; i < 'scripts/trian.sh'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('scr');
    await suggest(page, 'scripts/');
    // Choosing a folder opens its entries at once.
    await suggest(page, 'train.sh', false);
    await page.locator('.view-line', { hasText: 'script: scripts/train.sh' }).waitFor();
    await scriptWarning.waitFor({ state: 'detached', timeout: 30_000 });

    // The hub model: the hub's models are offered, with their names.
    await endOfLine(page, 6);
    for (let i = 0; i < 'part'.length; i++) await page.keyboard.press('Backspace');
    // Each id with the model's name.
    await suggestUntil(page, page.locator('.suggest-widget .monaco-list-row', { hasText: 'particle-transformer' }).filter({ hasText: 'Particle Transformer (ParT)' }));
    await page.screenshot({ path: screenshotPath('job-spec.png') });
    await suggest(page, 'particle-transformer', false);
    await page.locator('.view-line', { hasText: 'model: particle-transformer' }).waitFor();
    await modelWarning.waitFor({ state: 'detached', timeout: 30_000 });

    // The dataset: its quick fix writes the id meant.
    await endOfLine(page, 7);
    await quickFix(page, 'Change to "jetclass"');
    await page.locator('.view-line', { hasText: 'dataset: jetclass' }).waitFor();
    await datasetWarning.waitFor({ state: 'detached', timeout: 30_000 });
    await problems.locator('.monaco-list-row', { hasText: 'HAI job' }).waitFor({ state: 'detached' });
    // A hover on the script says where it points.
    await page.locator('.view-lines span', { hasText: /train\.sh/ }).first().hover();
    await page.locator('.monaco-hover:visible', { hasText: `Points to ${path.join(wb.workspace, 'scripts', 'train.sh')}` }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
  });

  it('says in a hover what a field is for and what it takes', async () => {
    const { page } = wb;
    await page.locator('.view-lines span', { hasText: /^gpus$/ }).first().hover();
    const hover = page.locator('.monaco-hover:visible');
    await hover.filter({ hasText: 'resources.gpus' }).waitFor({ timeout: 30_000 });
    await hover.filter({ hasText: 'Accelerators per node.' }).waitFor();
    await hover.filter({ hasText: 'Takes a whole number from 0 to 64' }).waitFor();
    await page.keyboard.press('Escape');
    // On a hub id, the hub's entry.
    await page.locator('.view-lines span', { hasText: /^jetclass$/ }).first().hover();
    await hover.filter({ hasText: 'A dataset of the hub, by its id' }).filter({ hasText: 'JetClass' }).waitFor({ timeout: 30_000 });
  });

  describe('with a real Slurm', () => {
    let cluster: SlurmCluster | undefined;
    before(async function () {
      this.timeout(120_000);
      // With accounting (slurmdbd), so that accounts and QOS are offered as well.
      cluster = await SlurmCluster.start({ accounting: true });
    });
    after(async function () {
      this.timeout(60_000);
      await cluster?.stop();
    });

    it('offers the cluster’s partitions, GRES names, and the accounts and QOS sacctmgr has for the user', async () => {
      const { page } = wb;
      writeFileSync(path.join(wb.workspace, 'cluster.hai-job.yaml'), ['name: on-cluster', 'backend: slurm-cli', 'command: [python3, train.py]', 'slurm:', '  partition: ', ''].join('\n'));
      // From the Explorer: Quick Open's file list may not have the new file yet.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cluster.hai-job.yaml' }).click({ timeout: 30_000 });
      await page.locator('.view-line', { hasText: 'partition:' }).waitFor();
      await page.locator('.monaco-editor .view-lines').first().click();
      await endOfLine(page, 5);
      // The test cluster's one partition, its default, with its two GPUs.
      await suggestUntil(page, page.locator('.suggest-widget .monaco-list-row', { hasText: 'debug' }).filter({ hasText: 'default · gpu ×2' }));
      await suggest(page, 'debug', false);
      await page.locator('.view-line', { hasText: 'partition: debug' }).waitFor();
      // A field typed without its space after the colon gets it with the value.
      await page.keyboard.press('Enter');
      await page.keyboard.type('gres:');
      await suggestUntil(page, page.locator('.suggest-widget .monaco-list-row', { hasText: 'gpu' }).filter({ hasText: '2 per node on debug' }));
      await suggest(page, 'gpu', false);
      await page.locator('.view-line', { hasText: 'gres: gpu' }).waitFor();
      // code-server runs as root: its default account first; ml, limited to partition long, last with where it works.
      await page.keyboard.press('Enter');
      await page.keyboard.type('account:');
      await suggestUntil(page, page.locator('.suggest-widget .monaco-list-row', { hasText: 'root' }).filter({ hasText: 'default · QOS normal' }));
      await page.locator('.suggest-widget .monaco-list-row', { hasText: 'ml' }).filter({ hasText: 'only on partition long · QOS gpu-debug, normal' }).waitFor();
      await page.screenshot({ path: screenshotPath('job-spec-accounts.png') });
      await suggest(page, 'root', false);
      await page.locator('.view-line', { hasText: 'account: root' }).waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.type('qos:');
      await suggestUntil(page, page.locator('.suggest-widget .monaco-list-row', { hasText: 'normal' }).filter({ hasText: 'default' }));
      await suggest(page, 'normal', false);
      await page.locator('.view-line', { hasText: 'qos: normal' }).waitFor();
    });

    it('warns of an account the user does not have before the job is submitted, and fixes it', async () => {
      const { page } = wb;
      writeFileSync(path.join(wb.workspace, 'account.hai-job.yaml'), ['name: charged', 'backend: slurm-cli', 'command: [python3, train.py]', 'slurm:', '  partition: long', '  account: mll', ''].join('\n'));
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'account.hai-job.yaml' }).click({ timeout: 30_000 });
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const warning = page.locator('.markers-panel .monaco-list-row', { hasText: 'You have no account "mll" on this cluster. Did you mean "ml"?' });
      await warning.waitFor({ timeout: 30_000 });
      // The quick fix writes the account meant; the warning goes.
      await page.locator('.monaco-editor .view-lines').first().click();
      await endOfLine(page, 6);
      await quickFix(page, 'Change to "ml"');
      await page.locator('.view-line', { hasText: 'account: ml', hasNotText: 'mll' }).waitFor();
      await warning.waitFor({ state: 'detached', timeout: 30_000 });
    });

    it('submits the spec charged to its account: the confirmation says so, and so does Slurm', async () => {
      const { page } = wb;
      // From the spec's CodeLens (the spec as edited, unsaved).
      await page.locator('.codelens-decoration a', { hasText: 'Submit Training Job' }).first().click();
      await pickQuickItem(page, 'Slurm (sbatch on this node)');
      await pickQuickItem(page, 'long', 30_000);
      await pickQuickItem(page, 'No accelerator');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Submit' }).filter({ hasText: 'long · no accelerator · account ml' }).waitFor();
      await pickQuickItem(page, 'Submit');
      await page.locator('.sidebar .monaco-list-row').filter({ hasText: /charged\s*(pending|running|completed|failed)/ }).waitFor({ timeout: 30_000 });
      const job = execFileSync('scontrol', ['show', 'job', '-o'], { encoding: 'utf8' }).split('\n').find((l) => /\bJobName=charged\b/.test(l)) ?? '';
      assert.match(job, /\bAccount=ml\b/);
      assert.match(job, /\bPartition=long\b/);
    });

    it('warns at the confirmation when the partition picked is one the account cannot use, and opens the spec there', async () => {
      const { page } = wb;
      // No partition in the spec: the editor cannot tell yet; Submit asks for one.
      writeFileSync(path.join(wb.workspace, 'nowhere.hai-job.yaml'), ['name: nowhere', 'backend: slurm-cli', 'command: [python3, train.py]', 'slurm:', '  account: ml', ''].join('\n'));
      // The submission before showed the HAI view: back to the Explorer.
      await page.keyboard.press('Control+Shift+E');
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'nowhere.hai-job.yaml' }).click({ timeout: 30_000 });
      await page.locator('.view-line', { hasText: 'account: ml' }).waitFor();
      await page.locator('.codelens-decoration a', { hasText: 'Submit Training Job' }).first().click();
      await pickQuickItem(page, 'Slurm (sbatch on this node)');
      await pickQuickItem(page, 'debug', 30_000);
      await pickQuickItem(page, 'No accelerator');
      const warning = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Account "ml" works only on partition long; this job goes to debug.' });
      await warning.waitFor();
      assert.equal(await page.locator('.quick-input-widget input').getAttribute('placeholder'), 'Slurm may refuse or hold this job: pick a warning to fix the spec');
      await page.screenshot({ path: screenshotPath('job-submit-warning.png') });
      await warning.click();
      // The spec, its account's value selected (the status bar counts it); nothing was submitted.
      await page.locator('.statusbar', { hasText: /Ln 5, Col 1[24] \(2 selected\)/ }).waitFor();
      const jobs = execFileSync('scontrol', ['show', 'job', '-o'], { encoding: 'utf8' });
      assert.doesNotMatch(jobs, /\bJobName=nowhere\b/);
    });
  });
});
