// Test harness for the end-to-end tier: the packaged .vsix installed into a fresh code-server,
// a copy of demo/ as the workspace, and Debian's Chromium driven by playwright-core.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Browser, chromium, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { ensureCodeServer } from '../../scripts/codeServer';
import { installExtension, type RunningCodeServer, startCodeServer, writeUserSettings } from '../../scripts/codeServerSession';
import { installLanguagePack } from '../../scripts/languagePack';
import { copyDemo } from '../../scripts/demoCopy';
import { ROOT, VSIX_PATH } from '../../scripts/paths';
import { until } from '../support/until';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Workbench {
  readonly page: Page;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly codeServer: RunningCodeServer;
  /** Console messages of the page and its frames (webviews included). */
  readonly console: string[];
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  readonly locale?: string;
  /** Extra user settings, merged over the test defaults. */
  readonly settings?: Record<string, unknown>;
  /** The demo copied as `npm start` and "HAI: Open Demo Project" copy it: the walkthrough opens at its next step. */
  readonly demoJustCopied?: boolean;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const bin = ensureCodeServer();
  const base = mkdtempSync(path.join(os.tmpdir(), 'hai-e2e-'));
  const dirs = { userDataDir: path.join(base, 'user-data'), extensionsDir: path.join(base, 'extensions') };
  const workspace = path.join(base, 'demo');
  copyDemo(workspace, options.demoJustCopied);
  installExtension(bin, dirs, VSIX_PATH);
  if (options.locale) installLanguagePack(bin, dirs, options.locale, base);
  writeUserSettings(dirs, {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'workbench.tips.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    ...options.settings,
  });
  const codeServer = await startCodeServer({
    bin,
    dirs,
    host: '127.0.0.1',
    port: 0,
    folder: workspace,
    locale: options.locale,
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    await page.goto(`${codeServer.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const opened = browser;
    return {
      page,
      workspace,
      userDataDir: dirs.userDataDir,
      codeServer,
      console: consoleLines,
      close: async () => {
        await opened.close();
        await codeServer.stop();
        rmSync(base, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    await codeServer.stop();
    throw err;
  }
}

/**
 * Opens a workbench for the enclosing mocha `describe` (before), reports a failed test with logs and
 * a screenshot (afterEach) and closes it (after). Returns a getter for the tests.
 */
export function useWorkbench(options: WorkbenchOptions = {}, setup?: (wb: Workbench) => void | Promise<void>): () => Workbench {
  let wb: Workbench | undefined;
  before(async function () {
    this.timeout(300_000);
    wb = await openWorkbench(options);
    await setup?.(wb);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await reportFailure(wb, this.currentTest.fullTitle());
  });
  after(async () => {
    await wb?.close();
  });
  return () => {
    if (!wb) throw new Error('the workbench did not open');
    return wb;
  };
}

/** The HAI status bar item. */
export function statusBarItem(page: Page): Locator {
  return page.locator('[id="ihep.hai.hai.serverStatus"]');
}

/**
 * Opens a workspace file with Quick Open (Ctrl+P) and waits for its tab. Tries three times: under load
 * an editor that gets focus late (the walkthrough, a webview) closes Quick Open again, or takes the
 * key before the workbench sees it (a CI run on 2026-12-02).
 */
export async function quickOpen(page: Page, name: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const tab = page.locator('.tabs-container .tab.active', { hasText: name });
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+P');
      await input.fill(name, { timeout: 10_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click({ timeout: 10_000 });
      await tab.waitFor({ timeout: 15_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      if (await input.isVisible()) await input.press('Escape');
    }
  }
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits until the language server is ready. */
export async function openFileAndWaitReady(page: Page, name: string): Promise<void> {
  await quickOpen(page, name);
  await statusBarItem(page).filter({ hasText: 'HAI: ready' }).waitFor({ timeout: 60_000 });
}

/** The text a view line shows, ghost text included (drawn in place after the cursor; Monaco writes spaces as no-break spaces). */
export async function shownText(line: Locator): Promise<string> {
  return (await line.innerText()).replace(/\u00a0/g, ' ');
}

/**
 * Types `typed` at the end of line `index` (0-based) of the active editor and waits until the line
 * reads `expected` (what was there, what was typed, and the ghost text after it); returns the line.
 */
export async function typeAndWaitForGhost(page: Page, index: number, typed: string, expected: string): Promise<Locator> {
  const line = page.locator('.monaco-editor .view-line').nth(index);
  await line.click();
  await page.keyboard.press('End');
  await page.keyboard.type(typed);
  await page.locator('.monaco-editor .ghost-text-decoration').first().waitFor();
  await until(async () => ((await shownText(line)) === expected ? true : undefined), `the line shows "${expected}"`);
  return line;
}

/**
 * Types `typed` at the end of line `index` (0-based) of the active editor, whose text is `before`, and
 * waits until the line shows a suggestion after it, whatever the model suggests; returns the line and
 * the suggested text.
 */
export async function typeAndWaitForSuggestion(page: Page, index: number, before: string, typed: string): Promise<{ line: Locator; suggested: string }> {
  const line = page.locator('.monaco-editor .view-line').nth(index);
  await line.click();
  await page.keyboard.press('End');
  await page.keyboard.type(typed);
  await page.locator('.monaco-editor .ghost-text-decoration').first().waitFor();
  const written = before + typed;
  const shown = await until(async () => {
    const text = await shownText(line);
    return text.startsWith(written) && text.length > written.length ? text : undefined;
  }, `the line shows a suggestion after "${typed}"`);
  return { line, suggested: shown.slice(written.length) };
}

/**
 * Expands or collapses a tree row by its arrow (a row with a command, a data file, opens on a click
 * elsewhere) and waits until the tree shows it so. A click that lands while the view re-renders (a
 * hub's catalog arriving) is lost, and a second click then would toggle the row the wrong way; so
 * the row's own aria-expanded is read before each click (three tries).
 */
export async function setRowExpanded(row: Locator, expanded: boolean): Promise<void> {
  const want = String(expanded);
  for (let attempt = 1; ; attempt++) {
    if ((await row.getAttribute('aria-expanded')) === want) return;
    await row.locator('.monaco-tl-twistie').click();
    try {
      await until(async () => ((await row.getAttribute('aria-expanded')) === want ? true : undefined), `the row is ${expanded ? 'expanded' : 'collapsed'}`, 5_000);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Chooses an item of the open quick pick by typing its label, so that it is the only one shown. */
export async function pickQuickItem(page: Page, label: string, timeoutMs?: number): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: timeoutMs });
  await input.fill(label, { timeout: timeoutMs });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: timeoutMs });
  await input.press('Enter');
}

/**
 * Runs a command that opens a quick pick and chooses `label` in it. A webview shown in the editor area
 * (a model card, the metrics) takes focus a moment after it appears, and VS Code then closes a quick
 * pick opened just before; the command is run again then (three tries), as a user would. Nothing is
 * chosen until the item is listed, so a retry never does anything twice.
 */
export async function runCommandAndPick(page: Page, title: string, label: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, title);
    try {
      await pickQuickItem(page, label, 15_000);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Runs a command from the palette (F1), by its title as the user sees it. Right after code-server
 * starts, the palette sometimes opens before the extensions' commands are listed and shows no match;
 * it is closed and opened again then (three tries), as a user would.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // Take focus off whatever has it, without clicking: a click into an editor area that shows a webview
    // (a model card, the metrics) makes VS Code hand focus to the webview a moment later, which closes
    // the quick pick the command opens — a flake seen when the machine was busy.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    try {
      await input.waitFor({ timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 10_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
      continue;
    }
    await input.press('Enter');
    return;
  }
}

/**
 * The content frame of the webview whose page heading is `heading`. VS Code gives webview iframes no
 * title, so each ready webview is looked into until one shows the heading.
 */
export async function webviewFrame(page: Page, heading: string, timeoutMs?: number): Promise<FrameLocator> {
  return until(async () => {
    const frames = page.locator('iframe.webview.ready');
    for (let i = 0; i < (await frames.count()); i++) {
      const inner = frames.nth(i).contentFrame().frameLocator('#active-frame');
      if ((await inner.locator('h1', { hasText: heading }).count()) > 0) return inner;
    }
    return undefined;
  }, `a webview showing "${heading}" is open`, timeoutMs);
}

/** The contents of every file named `fileName` under code-server's log folder, joined. */
export function readLogFiles(userDataDir: string, fileName: string): string {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === fileName) found.push(full);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return found.map((f) => readFileSync(f, 'utf8')).join('\n');
}

/** The extension's own log (what the "HAI" output channel shows). */
/** Waits until the HAI log says the code model that ships with the extension is loaded. */
export async function waitForBuiltInModel(wb: Workbench): Promise<void> {
  await until(
    async () => (/Loaded completion model code-model \(int8/.test(readExtensionLog(wb.userDataDir)) ? true : undefined),
    'the HAI log says the built-in model is loaded',
  );
}

export function readExtensionLog(userDataDir: string): string {
  return readLogFiles(userDataDir, 'HAI.log');
}

/**
 * After a failed test: prints what CI logs need to explain it (the extension's log and the end of
 * code-server's) and keeps a screenshot under test-results/.
 */
export async function reportFailure(wb: Workbench | undefined, title: string): Promise<void> {
  if (!wb) return;
  const dir = path.join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${title.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`);
  await wb.page.screenshot({ path: file }).catch(() => undefined);
  console.log(`\n--- HAI log ---\n${readExtensionLog(wb.userDataDir)}`);
  // Errors thrown in the extension host (a rejected promise in a command, say) are only in its log.
  // code-server runs it as a remote extension host, desktop VS Code as a local one.
  const hostErrors = [readLogFiles(wb.userDataDir, 'remoteexthost.log'), readLogFiles(wb.userDataDir, 'exthost.log')]
    .join('\n')
    .split('\n')
    .filter((line) => /\[error\]|\[warning\]/.test(line));
  console.log(`--- extension host errors and warnings (last 40) ---\n${hostErrors.slice(-40).join('\n')}`);
  console.log(`--- code-server (last 3000 characters) ---\n${wb.codeServer.log().slice(-3000)}`);
  console.log(`--- screenshot: ${file} ---`);
}

/**
 * Where the tests' screenshots go: an ignored folder, so that a test run leaves the tracked tree as
 * it was. `npm run screenshots:update` copies them over the README's (docs/screenshots) on purpose.
 */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}
