// End-to-end: the packaged extension in code-server, driven in headless Chromium as a user would.
import * as assert from 'node:assert/strict';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { ROOT } from '../../scripts/paths';
import { until } from '../support/until';
import { readExtensionLog, runCommand, screenshotPath, statusBarItem, useWorkbench, webviewFrame, type Workbench } from './workbench';

const version: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

describe('HAI in code-server (English)', function () {
  this.timeout(120_000);
  const workbench = useWorkbench();
  let wb: Workbench;
  let statusItem: Locator;

  beforeEach(() => {
    wb = workbench();
    statusItem = statusBarItem(wb.page);
  });

  it('shows the HAI container in the activity bar with the Hub, Data and Jobs views', async () => {
    const { page } = wb;
    await page.locator('.activitybar a.action-label[aria-label="HAI"]').click();
    const sidebar = page.locator('.sidebar');
    for (const name of ['Hub', 'Data', 'Jobs']) {
      await sidebar.locator('.pane-header', { hasText: new RegExp(`^${name}$`, 'i') }).waitFor();
    }
    await sidebar.locator('.monaco-list-row', { hasText: /Particle Transformer \(ParT\)\s*jet tagging · HAI built-in/ }).waitFor();
    await sidebar.getByText('Training jobs appear here').waitFor();
    await sidebar.locator('.welcome-view-content a', { hasText: 'Submit Training Job' }).waitFor();
  });

  it('lists the workspace’s ROOT file in the Data view, with its format and size', async () => {
    const row = wb.page.locator('.sidebar .monaco-list-row', { hasText: 'uproot-HZZ.root' });
    await row.waitFor();
    assert.match(await row.innerText(), /ROOT · 212\.8 KiB · data/);
  });

  it('adds a data file to the Data view as soon as it appears in the workspace, and drops it when deleted', async () => {
    const file = path.join(wb.workspace, 'data', 'jets_val.parquet');
    // Four bytes of parquet magic are enough for the listing, which reads names and sizes only.
    writeFileSync(file, 'PAR1');
    const row = wb.page.locator('.sidebar .monaco-list-row', { hasText: 'jets_val.parquet' });
    await row.waitFor();
    assert.match(await row.innerText(), /Parquet · 4 B · data/);
    unlinkSync(file);
    await row.waitFor({ state: 'detached' });
  });

  it('shows the HAI output channel from the command palette', async () => {
    const { page } = wb;
    await runCommand(page, 'HAI: Show Output');
    // Monaco renders spaces as no-break spaces, which \s matches.
    await page.locator('.part.panel .monaco-editor', { hasText: /HAI\s[\d.]+\sactivated:\scode\sloaded\sin/ }).waitFor();
    await page.locator('.part.panel .monaco-editor', { hasText: /Language\sserver\sready\sin\s\d+\sms/ }).waitFor();
  });

  it('shows the language server as ready in the status bar', async () => {
    await statusItem.filter({ hasText: 'HAI: ready' }).waitFor({ timeout: 60_000 });
    const log = readExtensionLog(wb.userDataDir);
    assert.match(log, /HAI \d+\.\d+\.\d+ activated: code loaded in [\d.]+ ms, activate\(\) took [\d.]+ ms/);
    assert.match(log, new RegExp(`Language server ready in \\d+ ms: version ${version.replace(/\./g, '\\.')}, pid \\d+`));
  });

  it('opens the server status panel from the command palette and refreshes it on request', async () => {
    const { page } = wb;
    await runCommand(page, 'HAI: Show Server Status');
    const panel = await webviewFrame(page, 'HAI Server Status');
    await panel.locator('#version', { hasText: version }).waitFor();
    await panel.locator('#phase', { hasText: 'ready' }).waitFor();
    // With no configuration, the built-in model is loaded.
    await panel.locator('#model', { hasText: 'code-model (int8' }).waitFor();
    assert.match(await panel.locator('#pid').innerText(), /^\d+$/);
    const updated = panel.locator('#updated');
    const before = Number(await updated.getAttribute('data-received-at'));
    assert.ok(before > 0);
    await panel.locator('#refresh').click();
    const after = await until(async () => {
      const at = Number(await updated.getAttribute('data-received-at'));
      return at !== before ? at : undefined;
    }, 'the panel shows a new answer after Refresh');
    assert.ok(after > before, `refresh brought a newer answer (${before} → ${after})`);
    // The demo workspace's two Python files are indexed for similar code (indexing takes milliseconds
    // here); how much of a prompt they may take was sized to this machine when the model loaded.
    await panel.locator('#context', { hasText: /^similar chunks of the project’s files, up to (192|256|320|384|448) tokens \(sized to this machine\); 0 local modules read; 2 files indexed; workspace cache off$/ }).waitFor();
    await panel.locator('#model', { hasText: /; [\d.]+ ms per generated token, [\d.]+ ms per prompt token$/ }).waitFor();
    await page.screenshot({ path: screenshotPath('overview.png') });
  });

  it('restarts the language server when its process is killed, and says so', async () => {
    const { page } = wb;
    const panel = await webviewFrame(page, 'HAI Server Status');
    const oldPid = Number(await panel.locator('#pid').innerText());
    assert.ok(isAlive(oldPid), 'the pid the panel shows is a running process');
    process.kill(oldPid, 'SIGKILL');
    await statusItem.filter({ hasText: /HAI: ready · restarted 1×/ }).waitFor({ timeout: 60_000 });
    await panel.locator('#restarts', { hasText: /^1$/ }).waitFor();
    const newPid = await until(async () => {
      const pid = Number(await panel.locator('#pid').innerText());
      return Number.isInteger(pid) && pid !== oldPid ? pid : undefined;
    }, 'the panel shows the new server process');
    assert.ok(isAlive(newPid), 'the restarted server is running');
    assert.match(readExtensionLog(wb.userDataDir), /exited unexpectedly; restarting it \(restart 1\)/);
  });

  it('restarts the server on request from the command palette', async () => {
    const { page } = wb;
    const panel = await webviewFrame(page, 'HAI Server Status');
    const oldPid = Number(await panel.locator('#pid').innerText());
    await runCommand(page, 'HAI: Restart Language Server');
    const newPid = await until(async () => {
      const pid = Number(await panel.locator('#pid').innerText());
      return Number.isInteger(pid) && pid !== oldPid && (await panel.locator('#phase').innerText()) === 'ready'
        ? pid
        : undefined;
    }, 'the panel shows a new, ready server process');
    assert.ok(isAlive(newPid));
    await until(async () => (isAlive(oldPid) ? undefined : true), 'the old server process has exited');
    // A restart the user asked for is not a crash: the crash count stays as it was.
    assert.equal(await panel.locator('#restarts').innerText(), '1');
  });

  it('stops restarting after five crashes in three minutes and offers a manual restart', async () => {
    const { page } = wb;
    const panel = await webviewFrame(page, 'HAI Server Status');
    for (let crash = 1; crash <= 5; crash++) {
      const pid = await until(async () => {
        const text = await panel.locator('#pid').innerText();
        const phase = await panel.locator('#phase').innerText();
        return /^\d+$/.test(text) && phase === 'ready' && isAlive(Number(text)) ? Number(text) : undefined;
      }, `a running server before crash ${crash}`);
      process.kill(pid, 'SIGKILL');
      await until(async () => ((await panel.locator('#pid').innerText()) === String(pid) ? undefined : true), `crash ${crash} is noticed`);
    }
    await statusItem.filter({ hasText: 'HAI: stopped' }).waitFor();
    const toast = page.locator('.notification-toast', { hasText: 'will not be restarted automatically' });
    await toast.waitFor();
    await toast.getByRole('button', { name: 'Restart Server' }).click();
    await statusItem.filter({ hasText: /HAI: ready/ }).waitFor({ timeout: 60_000 });
    await panel.locator('#phase', { hasText: 'ready' }).waitFor();
  });

  it('loads the status panel without any Content-Security-Policy violation', () => {
    const violations = wb.console.filter((line) => /Content Security Policy|Refused to/i.test(line));
    assert.deepEqual(violations, []);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
