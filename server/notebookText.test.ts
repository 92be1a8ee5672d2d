// A notebook's text read through NotebookText must be exactly the cells joined by CELL_SEPARATOR,
// for every slice, since the completion window is cut from it at any offsets.
import * as assert from 'node:assert/strict';
import { ChunkedDocument } from './chunkedDocument';
import { CELL_SEPARATOR, NotebookText } from './notebookText';

describe('NotebookText', () => {
  const cells = ['import torch\n', '', 'x = torch.zeros(3)', 'y = x\r\n'];
  const text = new NotebookText(cells.map((c, i) => new ChunkedDocument(`cell:${i}`, 'python', 1, c)));
  const joined = cells.join(CELL_SEPARATOR);

  it('has the joined length and each cell starts where the joined text has it', () => {
    assert.equal(text.length, joined.length);
    let at = 0;
    for (const [i, c] of cells.entries()) {
      assert.equal(text.cellStart(i), at);
      at += c.length + CELL_SEPARATOR.length;
    }
  });

  it('reads every slice as the joined text does', () => {
    for (let start = 0; start <= joined.length + 1; start++) {
      for (let end = start; end <= joined.length + 1; end++) assert.equal(text.slice(start, end), joined.slice(start, end), `[${start}, ${end})`);
    }
  });

  it('is empty without cells', () => {
    assert.equal(new NotebookText([]).length, 0);
    assert.equal(new NotebookText([]).slice(0, 10), '');
  });
});
