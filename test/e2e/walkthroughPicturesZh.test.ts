// End-to-end in Simplified Chinese, step by step of the walkthrough: each scene its picture shows
// (media/walkthrough/zh-cn/), taken from HAI as a Chinese user has it, with the words of each
// feature checked on the way. The pictures are written to test-results/screenshots/zh-cn/; copying
// them into media/walkthrough/zh-cn/ renews the walkthrough's Chinese pictures.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { until } from '../support/until';
import { prepareDemo } from '../../scripts/serve';
import { showHai } from './explorerPage';
import { pickQuickItem, quickOpen, runCommand, runCommandAndPick, screenshotPath, statusBarItem, typeAndWaitForSuggestion, useWorkbench, waitForBuiltInModel, webviewFrame, type Workbench } from './workbench';

const picture = (step: string): string => screenshotPath(path.join('zh-cn', `${step}.png`));

describe('the walkthrough’s scenes in code-server (简体中文)', function () {
  this.timeout(240_000);
  const tagger = ['import torch', 'import torch.nn as nn', '', '', 'class JetTagger(nn.Module):', '    def __init__(self, n_features, n_classes):', '        super().__init__()', '        self.fc1 = nn.Linear(n_features, 128)', '        self.fc2 = nn.Linear(128, 128)', '        self.fc3 = '].join('\n');
  // The settings `npm start` serves the demo with (hai.jobs.python among them), as a user of the demo has them.
  const workbench = useWorkbench({ locale: 'zh-cn', settings: { ...prepareDemo(), 'hai.jobs.refreshSeconds': 1 } }, (wb) => writeFileSync(path.join(wb.workspace, 'tagger.py'), tagger + '\n'));
  let wb: Workbench;

  beforeEach(() => {
    wb = workbench();
  });

  it('demo: the HAI views, the server status and its log', async () => {
    const { page } = wb;
    await showHai(page);
    await page.locator('.sidebar .pane-header', { hasText: /^模型中心$/ }).waitFor();
    await statusBarItem(page).filter({ hasText: 'HAI: 就绪' }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'HAI: 显示服务器状态');
    const panel = await webviewFrame(page, 'HAI 服务器状态');
    await panel.locator('#phase', { hasText: '就绪' }).waitFor();
    await runCommand(page, 'HAI: 显示输出');
    await page.locator('.view-lines', { hasText: 'Language server ready' }).waitFor();
    await page.screenshot({ path: picture('demo') });
    // The panel stays closed for the scenes after this one.
    await page.keyboard.press('Control+J');
    await page.locator('.part.panel').waitFor({ state: 'hidden' });
  });

  it('completion: the next layer as ghost text', async () => {
    const { page } = wb;
    await quickOpen(page, 'tagger.py');
    await statusBarItem(page).filter({ hasText: 'HAI: 就绪' }).waitFor({ timeout: 60_000 });
    await waitForBuiltInModel(wb);
    const lines = tagger.split('\n');
    const { suggested } = await typeAndWaitForSuggestion(page, lines.length - 1, lines[lines.length - 1], 'nn.');
    assert.match(suggested, /^\w/);
    await page.screenshot({ path: picture('completion') });
    await page.keyboard.press('Escape');
  });

  it('snippet: se-block offered with its documentation', async () => {
    const { page } = wb;
    const lines = tagger.split('\n');
    await page.locator('.monaco-editor .view-line').nth(lines.length - 1).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('se-block');
    await page.locator('.suggest-widget .monaco-list-row', { hasText: 'se-block' }).first().waitFor({ timeout: 30_000 });
    const details = page.locator('.suggest-details', { hasText: 'arXiv:1709.01507' });
    if (!(await details.isVisible())) await page.keyboard.press('Control+Space');
    await details.waitFor();
    await page.screenshot({ path: picture('snippet') });
    await page.keyboard.press('Escape');
  });

  it('hub: the model card of ParT beside the hub', async () => {
    const { page } = wb;
    await showHai(page);
    await page.locator('.sidebar .monaco-list-row', { hasText: /Particle Transformer \(ParT\)\s*喷注标记/ }).waitFor();
    await runCommandAndPick(page, 'HAI: 打开模型卡', 'Particle Transformer (ParT)');
    const card = await webviewFrame(page, 'Particle Transformer (ParT)');
    await card.locator('vscode-table-cell', { hasText: '0.9877' }).waitFor();
    await page.screenshot({ path: picture('hub') });
  });

  it('data: Jet_Px with an entry cut and an element cut, its statistics and multiplicity', async () => {
    const { page } = wb;
    await runCommandAndPick(page, 'HAI: 在数据浏览器中打开', 'uproot-HZZ.root');
    const view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('label[for=entryCut]', { hasText: '条目选择' }).waitFor();
    await view.locator('#expression').fill('Jet_Px');
    await view.locator('#entryCut').fill('NJet >= 2');
    await view.locator('#elementCut').fill('Jet_Px > 20');
    await view.locator('#bins').fill('20');
    await view.locator('#low').fill('-100');
    await view.locator('#high').fill('100');
    await view.locator('#draw', { hasText: '绘制' }).click();
    await view.locator('#status', { hasText: /读取 2,421 个条目，保留 824 个/ }).waitFor();
    await view.locator('#stats td', { hasText: '条目数' }).waitFor();
    await view.locator('#multiplicity .u-title', { hasText: '多重数' }).waitFor();
    await page.screenshot({ path: picture('data') });
  });

  it('annotation: a detector frame pre-labelled, its suggestions to review', async () => {
    const { page } = wb;
    await runCommandAndPick(page, 'HAI: 在标注编辑器中打开', 'run042_frame0000.tif');
    const view = await webviewFrame(page, 'run042_frame0000.tif');
    await view.locator('#prelabel', { hasText: '预标注' }).click();
    await view.locator('#status', { hasText: /\d+ 条建议/ }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: picture('annotation') });
  });

  it('job: the demo training run on this machine, its loss curve to the end', async () => {
    const { page } = wb;
    await showHai(page);
    // The pages open in the editor area (a webview taking focus closes a quick pick): the command again then.
    for (let attempt = 1; ; attempt++) {
      await runCommand(page, 'HAI: 提交训练作业');
      try {
        await pickQuickItem(page, 'train.hai-job.yaml', 15_000);
        await pickQuickItem(page, '本机', 15_000);
        await pickQuickItem(page, '提交', 15_000);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await page.keyboard.press('Escape');
      }
    }
    const rows = page.locator('.sidebar .monaco-list-row');
    await rows.filter({ hasText: /demo-jet-tagger\s*(运行中|已完成)/ }).waitFor({ timeout: 30_000 });
    await rows.filter({ hasText: /demo-jet-tagger\s*已完成/ }).waitFor({ timeout: 150_000 });
    await runCommandAndPick(page, 'HAI: 打开作业指标', 'demo-jet-tagger');
    const view = await webviewFrame(page, '训练指标');
    await until(async () => (Number((await view.locator('body').getAttribute('data-points')) ?? '0') >= 30 ? true : undefined), 'the metrics view shows the finished job');
    // The job's notices (submitted, finished) said their part; the picture is of the curves.
    const toasts = page.locator('.notification-toast');
    while (await toasts.count()) {
      await toasts.first().hover();
      await toasts.first().locator('.codicon-notifications-clear').click();
    }
    await page.screenshot({ path: picture('job') });
  });
});
