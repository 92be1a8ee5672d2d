import * as assert from 'node:assert/strict';
import { chooseLine, followingLines, lineQuery, repeatedLine } from './repeatedLines';

const TRAIN_STEP = `def train_epoch(model, loader, optimizer):
    for batch in loader:
        optimizer.zero_grad()
        loss = model(batch).mean()
        loss.backward()
        optimizer.step()
`;

describe('lines repeated from the project', () => {
  it('offers the line that followed the line above where the file has it too', () => {
    const prefix = `${TRAIN_STEP}\n\ndef validate(model, loader, optimizer):\n    for batch in loader:\n        optimizer.zero_grad()\n        `;
    assert.equal(repeatedLine(prefix, '\n'), 'loss = model(batch).mean()');
  });

  it('offers the rest of that line when its start is typed, and nothing when what is typed differs', () => {
    const prefix = `${TRAIN_STEP}\n\ndef validate(model, loader):\n    for batch in loader:\n        optimizer.zero_grad()\n        loss = `;
    assert.equal(repeatedLine(prefix, '\n'), 'model(batch).mean()');
    assert.equal(repeatedLine(prefix.replace(/loss = $/, 'pred = '), '\n'), undefined);
  });

  it('looks below the cursor and in other files, and leaves a line that is below the cursor already', () => {
    const below = `\n\n\ndef fit(model, loader):\n    optimizer.zero_grad()\n    scheduler.step()\n`;
    assert.equal(repeatedLine('def f(model):\n    optimizer.zero_grad()\n    ', below), 'scheduler.step()');
    const other = (query: Parameters<typeof followingLines>[1]) => followingLines(TRAIN_STEP, query);
    assert.equal(repeatedLine('def f(model):\n    loss.backward()\n    ', '\n', other), 'optimizer.step()');
    assert.equal(repeatedLine('def f(model):\n    loss.backward()\n    ', '\n    optimizer.step()\n', other), undefined);
  });

  it('keeps the indentation step: a line one level deeper there is offered only one level deeper here', () => {
    const text = 'for batch in loader:\n    step(batch)\n';
    assert.equal(repeatedLine(`${text}\nfor batch in loader:\n    `, '\n'), 'step(batch)');
    assert.equal(repeatedLine(`${text}\nfor batch in loader:\n`, '\n'), undefined);
  });

  it('prefers what followed where the line two above agrees too, then the most frequent', () => {
    const query = lineQuery('x = 1\nmodel.eval()\n', '\n')!;
    const text = 'y = 2\nmodel.eval()\nprint(1)\ny = 2\nmodel.eval()\nprint(1)\nx = 1\nmodel.eval()\nprint(2)\n';
    const found = followingLines(text, query);
    assert.deepEqual(found, [
      { text: 'print(1)', agrees: false },
      { text: 'print(1)', agrees: false },
      { text: 'print(2)', agrees: true },
    ]);
    assert.equal(chooseLine(found, query), 'print(2)');
    assert.equal(chooseLine(found.slice(0, 2), query), 'print(1)');
  });

  it('matches whole lines only, and not short or letterless lines, nor text after the cursor on its line', () => {
    assert.equal(repeatedLine('a = optimizer.zero_grad()\nb = 1\noptimizer.zero_grad()\n', '\n'), undefined);
    assert.equal(lineQuery('x = 0\ny = 0\nx = 0\n', '\n'), undefined, 'a line of 5 characters says too little');
    assert.equal(lineQuery('        ])\n', '\n'), undefined);
    const data = `values = [${'1.5, '.repeat(100)}]`;
    assert.equal(lineQuery(`${data}\nx = 1\n${data}\n`, '\n'), undefined, 'a line of data is not matched');
    assert.equal(repeatedLine(`print(values)\n${data}\nprint(values)\n`, '\n'), undefined, 'nor offered');
    assert.equal(lineQuery('optimizer.zero_grad()\nloss', '.backward()\n'), undefined);
    assert.equal(repeatedLine('', ''), undefined);
  });

  it('reads CRLF files and tabs', () => {
    const text = 'for batch in loader:\r\n\tstep(batch)\r\n\tlog(batch)\r\n';
    assert.equal(repeatedLine(`${text}for batch in loader:\r\n\tstep(batch)\r\n\t`, '\r\n'), 'log(batch)');
  });
});
