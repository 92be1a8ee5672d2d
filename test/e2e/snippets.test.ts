// End-to-end: a network-block snippet typed in a Python file of the demo workspace in code-server:
// the suggestion shows with its documentation, and accepting it inserts the block and the import
// the file lacked.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { until } from '../support/until';
import { openFileAndWaitReady, readExtensionLog, screenshotPath, useWorkbench, type Workbench } from './workbench';

describe('network-block snippets in code-server', function () {
  this.timeout(120_000);
  const file = 'blocks.py';
  const workbench = useWorkbench({ settings: { 'hai.completion.enabled': false } }, (wb) =>
    writeFileSync(path.join(wb.workspace, file), 'import torch\n\n\n'),
  );
  let wb: Workbench;

  beforeEach(() => {
    wb = workbench();
  });

  it('offers se-block with its documentation; Enter inserts the block and `import torch.nn as nn`', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, file);
    await page.locator('.monaco-editor .view-line').nth(3).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('se-block');
    const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'se-block' });
    await row.first().waitFor({ timeout: 30_000 });
    // The documentation flyout: open it if the widget shows it collapsed.
    const details = page.locator('.suggest-details', { hasText: 'arXiv:1709.01507' });
    if (!(await details.isVisible())) await page.keyboard.press('Control+Space');
    await details.waitFor();
    assert.match(await details.innerText(), /Input:.*\(N, C, H, W\)/s);
    await page.screenshot({ path: screenshotPath('snippet.png') });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+S');
    const saved = await until(async () => {
      const text = readFileSync(path.join(wb.workspace, file), 'utf8');
      return text.includes('class SEBlock(nn.Module):') ? text : undefined;
    }, 'the file holds the inserted block');
    assert.match(saved, /^import torch\nimport torch\.nn as nn\n/);
    assert.match(saved, /def forward\(self, x: torch\.Tensor\) -> torch\.Tensor:\n {8}return x \* self\.gate\(self\.pool\(x\)\)/);
    // The editor ran the item's command after inserting it: the HAI log names the block.
    await until(async () => (/Snippet inserted: se-block/.test(readExtensionLog(wb.userDataDir)) ? true : undefined), 'the HAI log names the inserted snippet');
  });
});
