// The data explorer's page as the end-to-end tests use it: opening a file in it, reading its
// statistics box, its Copy as Python, saving what it draws, and rows of the Data view.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { until } from '../support/until';

/**
 * The statistics box's rows, each its cells' text. Read cell by cell: a row's innerText separates its
 * cells by tabs only while the page is laid out, and a webview being laid out again gave them joined.
 */
export async function statisticsRows(view: FrameLocator): Promise<string[][]> {
  return view.locator('#stats tr').evaluateAll((rows) => rows.map((r) => Array.from((r as HTMLTableRowElement).cells, (c) => (c.textContent ?? '').trim())));
}

/** The statistics box as the user reads it: label → shown value. */
export async function statistics(view: FrameLocator): Promise<Record<string, string>> {
  return Object.fromEntries((await statisticsRows(view)).map((r) => r as [string, string]));
}

/**
 * HAI: Open in Data Explorer from the palette (chosen by its exact title: "Open Folder as Dataset…"
 * matches too), then the file. A webview that settles late can take the focus and hide the quick pick
 * (seen on a busy machine): then the whole step is tried again.
 */
export async function openInExplorer(page: Page, file: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.fill('>HAI: Open in Data Explorer');
      await page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: /^HAI: Open in Data Explorer$/ }) }).click({ timeout: 10_000 });
      await page.locator('.quick-input-widget input[placeholder="Open which data file?"]').fill(file, { timeout: 10_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().click({ timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** The HAI side bar, shown: a click on its icon when it is already shown would hide it. */
export async function showHai(page: Page): Promise<void> {
  const item = page.locator('.activitybar li.action-item', { has: page.locator('a.action-label[aria-label="HAI"]') });
  if (!/\bchecked\b/.test((await item.getAttribute('class')) ?? '')) await item.locator('a.action-label').click();
}

/**
 * Copy as Python from an explorer, then its notification's Open in Editor: the script's text, read a
 * screen at a time, which must match `shown` (Monaco's no-break spaces as spaces; \s matches either).
 */
export async function copiedPython(page: Page, frame: FrameLocator, shown: RegExp): Promise<string> {
  await frame.locator('#copyPython').click();
  const toast = page.locator('.notification-toast', { hasText: 'is on the clipboard' }).last();
  await toast.waitFor();
  await toast.locator('.monaco-button', { hasText: 'Open in Editor' }).click();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: /import/ }).first().waitFor();
  // Monaco renders only the lines in view: the script is read a screen at a time, down to its end.
  const screens: string[] = [];
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 20; i++) {
    const text = await editor.locator('.view-lines').innerText();
    if (screens.at(-1) === text) break;
    screens.push(text);
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(100);
  }
  const text = screens.join('\n').replace(/\u00a0/g, ' ');
  assert.match(text, shown);
  return text;
}

/** A row of the Data view (in the side bar) with this text, once shown. */
export async function dataRow(page: Page, text: string | RegExp) {
  const row = page.locator('.sidebar .monaco-list-row', { hasText: text }).first();
  await row.waitFor();
  return row;
}

/**
 * Presses a Save button of a page and accepts the name the save dialog (VS Code's own in
 * code-server) proposes beside the data, data/`name`; once the page says it saved, the file's text.
 */
export async function saveAsProposed(page: Page, view: FrameLocator, button: string, workspace: string, name: string): Promise<string> {
  await view.locator(button).click();
  const input = page.locator('.quick-input-widget input');
  // The dialog shows the folder first and fills in the file name a moment later.
  await until(async () => ((await input.inputValue()).endsWith(name) ? true : undefined), `the save dialog proposes ${name}`);
  await input.press('Enter');
  await view.locator('#status', { hasText: `Saved data/${name}.` }).waitFor();
  return readFileSync(path.join(workspace, 'data', name), 'utf8');
}
