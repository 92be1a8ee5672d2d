// End-to-end: in a Jupyter notebook (code-server's built-in ipynb support, no Jupyter extension), a
// suggestion in the second cell uses a name defined in the first: the notebook is synced as one.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { until } from '../support/until';
import { openFileAndWaitReady, screenshotPath, useWorkbench, waitForBuiltInModel, type Workbench } from './workbench';
import { JET_TAGGER_CELL } from '../support/jetTaggerCell';

/** A notebook in nbformat 4 whose code cells hold `cells` (Python, as its metadata says). */
function notebookJson(cells: readonly string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
    cells: cells.map((source, i) => ({
      cell_type: 'code',
      id: `cell${i + 1}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source: source.split(/(?<=\n)/),
    })),
  });
}

describe('inline completion in a notebook cell (the built-in model)', function () {
  this.timeout(180_000);
  // The shipped model completes `model = JetT` in the second cell from the class of the first: over
  // LSP "aggerNet(" when the whole prompt is prefilled at once, "agger(" when, as here, it was
  // prefilled in idle time and then key by key (int8 activations are quantized per call, so the
  // pieces round differently). In a cell of its own it does not know that name ("oken(self.model, self").
  const cell1 = JET_TAGGER_CELL;
  // The editor's own settings: a word-based list may open, and the suggestion goes on from its item.
  const workbench = useWorkbench({}, (wb) => writeFileSync(path.join(wb.workspace, 'jets.ipynb'), notebookJson([cell1, ''])));
  let wb: Workbench;

  beforeEach(() => {
    wb = workbench();
  });

  it('suggests, in the second cell, the class defined in the first', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'jets.ipynb');
    await waitForBuiltInModel(wb);
    // The second code cell's editor: its only line.
    const cell2 = page.locator('.notebook-editor .cell-editor-container').nth(1);
    const line = cell2.locator('.view-line').first();
    await line.click();
    await page.keyboard.type('model = JetT');
    const ghost = cell2.locator('.ghost-text-decoration');
    await ghost.first().waitFor({ timeout: 60_000 });
    // Monaco renders spaces as no-break spaces.
    const shown = await until(async () => {
      const text = (await line.innerText()).replace(/\u00a0/g, ' ');
      return text.startsWith('model = JetT') && text.length > 'model = JetT'.length ? text : undefined;
    }, 'the cell shows a suggestion after "model = JetT"');
    await page.screenshot({ path: screenshotPath('notebook-ghost-text.png') });
    assert.match(shown.slice('model = JetT'.length), /^agger/, `the suggestion uses the name from cell 1: ${JSON.stringify(shown)}`);
  });
});
