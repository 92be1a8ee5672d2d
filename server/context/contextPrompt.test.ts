import * as assert from 'node:assert/strict';
import { contextText, fileHeaderAt } from './contextPrompt';
import type { ContextPiece } from './contextPieces';

const count = (text: string) => text.length; // one "token" per character keeps the arithmetic visible

describe('workspace context as prompt text', () => {
  const pieces: ContextPiece[] = [
    { kind: 'definition', file: 'jets/model.py', text: 'class Net: ...' },
    { kind: 'definition', file: 'jets/model.py', text: 'def build(): ...' },
    { kind: 'similar', file: 'train_old.py', text: 'loss.backward()' },
  ];

  it('writes neighbours from one file under one header, and the own file’s header last', () => {
    assert.equal(
      contextText(pieces, 'train.py', 1000, count),
      '# file: jets/model.py\nclass Net: ...\ndef build(): ...\n# file: train_old.py\nloss.backward()\n# file: train.py\n',
    );
  });

  it('keeps the most useful pieces (the last ones) when the budget is short, in their order', () => {
    const own = '# file: train.py\n'.length;
    const similar = '# file: train_old.py\nloss.backward()\n'.length;
    const build = '# file: jets/model.py\ndef build(): ...\n'.length;
    assert.equal(contextText(pieces, 'train.py', own + similar + build, count), '# file: jets/model.py\ndef build(): ...\n# file: train_old.py\nloss.backward()\n# file: train.py\n');
    assert.equal(contextText(pieces, 'train.py', own + similar, count), '# file: train_old.py\nloss.backward()\n# file: train.py\n');
  });

  it('gives the last lines of a similar chunk too long for what is left: its end is nearest the line being written', () => {
    const chunk: ContextPiece = { kind: 'similar', file: 'old.py', text: 'for batch in loader:\n    x = batch.x\n    y = model(x)\n    loss = crit(y)\n    loss.backward()' };
    const own = '# file: train.py\n';
    const header = '# file: old.py\n';
    const lastThree = '    y = model(x)\n    loss = crit(y)\n    loss.backward()\n';
    // Room for the header and three lines but not four.
    const budget = own.length + header.length + lastThree.length + 5;
    assert.equal(contextText([chunk], 'train.py', budget, count), header + lastThree + own);
    // The whole chunk when it fits.
    assert.equal(contextText([chunk], 'train.py', 1000, count), header + chunk.text + '\n' + own);
  });

  it('cuts neither a definition nor into fewer than three lines, nor into a small remainder', () => {
    const definition: ContextPiece = { kind: 'definition', file: 'm.py', text: 'def build(\n    a,\n    b,\n    c,\n):\n    ...' };
    // 50 left: the definition (56) does not fit, and its last lines would.
    assert.equal(contextText([definition], 'train.py', 67, count), '');
    const chunk: ContextPiece = { kind: 'similar', file: 'old.py', text: 'a = 1\n' + 'x'.repeat(200) + '\n' + 'y'.repeat(200) + '\nb = 2' };
    // Only the last line or two would fit: nothing is better than a scrap.
    assert.equal(contextText([chunk], 'train.py', 300, count), '');
    // 40 left: the chunk (43) does not fit, its last four lines (37) would, but under 48 no cut is tried.
    const short: ContextPiece = { kind: 'similar', file: 'o.py', text: 'a = 1\nb = 2\nc = 3\nd = 4\ne = 5' };
    assert.equal(contextText([short], 'train.py', 57, count), '');
  });

  it('writes the document\'s own earlier lines under its header, in the document\'s order, right before its window', () => {
    const loop: ContextPiece = { kind: 'earlier', file: 'train.py', text: 'for x, y in loader:\n    loss = crit(net(x), y)', line: 40 };
    const imports: ContextPiece = { kind: 'earlier', file: 'train.py', text: 'import torch\nfrom jets import Net', line: 0 };
    // Most useful last: the loop, then the old script's chunk, then the imports (the least useful).
    const ranked = [imports, pieces[2], loop];
    const own = '# file: train.py\n';
    const all = '# file: train_old.py\nloss.backward()\n' + own + imports.text + '\n' + loop.text + '\n';
    assert.equal(contextText(ranked, 'train.py', 1000, count), all);
    // Counted without a header of their own: exactly what they add. The imports (the least useful) go first.
    assert.equal(contextText(ranked, 'train.py', all.length, count), all);
    assert.equal(contextText(ranked, 'train.py', all.length - 1, count), '# file: train_old.py\nloss.backward()\n' + own + loop.text + '\n');
    // Alone, they still come after the header: the own file's text is what follows it.
    assert.equal(contextText([loop], 'train.py', 1000, count), own + loop.text + '\n');
  });

  it('cuts the document\'s earlier lines to their last ones, nearest the window', () => {
    const long: ContextPiece = { kind: 'earlier', file: 'train.py', text: ['a = 1', 'b = 2', 'c = 3', 'd = 4', 'e = 5', 'f = 6', 'g = 7', 'h = 8', 'i = 9'].join('\n'), line: 3 };
    const own = '# file: train.py\n';
    // Room for the header and eight of the nine lines (48 characters left, the least a cut is tried for): the last eight.
    assert.equal(contextText([long], 'train.py', own.length + 48, count), own + long.text.split('\n').slice(1).join('\n') + '\n');
  });

  it('writes lines that two of the document\'s earlier chunks both offer once', () => {
    // Lines 20-29 and, from a chunk near the end of the text whose lines are not moved as far, 26-33.
    const text = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `x_${from + i} = ${from + i}`).join('\n');
    const upper: ContextPiece = { kind: 'earlier', file: 'train.py', text: text(20, 29), line: 20 };
    const lower: ContextPiece = { kind: 'earlier', file: 'train.py', text: text(26, 33), line: 26 };
    assert.equal(contextText([lower, upper], 'train.py', 1000, count), '# file: train.py\n' + text(20, 33) + '\n');
    // One inside the other: nothing of it again.
    const inside: ContextPiece = { kind: 'earlier', file: 'train.py', text: text(22, 25), line: 22 };
    assert.equal(contextText([inside, upper], 'train.py', 1000, count), '# file: train.py\n' + text(20, 29) + '\n');
    // A cut piece keeps its last lines, and they are where they stand in the document: 34-39 of 26-39
    // after all of upper (the more useful), none of them written as if they were 26-31.
    const longer: ContextPiece = { kind: 'earlier', file: 'train.py', text: text(26, 39), line: 26 };
    const fits = '# file: train.py\n'.length + (text(20, 29) + '\n').length + (text(34, 39) + '\n').length;
    assert.equal(contextText([longer, upper], 'train.py', fits, count), '# file: train.py\n' + text(20, 29) + '\n' + text(34, 39) + '\n');
  });

  it('is empty when nothing fits or there is nothing', () => {
    assert.equal(contextText(pieces, 'train.py', 20, count), '');
    assert.equal(contextText([], 'train.py', 1000, count), '');
  });
});

describe('a file header in generated text (the model thinks the file is over)', () => {
  it('is found at a line start, where the suggestion is cut', () => {
    const text = 'return loss\n\n\n# file: jets/test_model.py\nimport torch';
    assert.equal(text.slice(0, fileHeaderAt(text, false)), 'return loss\n\n\n');
    assert.equal(fileHeaderAt('    # file: x.py', true), 0);
  });

  it('right at the start only when the suggestion starts a line; never within a line', () => {
    assert.equal(fileHeaderAt('# file: x.py', false), undefined, 'after code on the line: an inline comment');
    assert.equal(fileHeaderAt('x = 1  # file: x.py', true), undefined);
    assert.equal(fileHeaderAt('# filename = x', true), undefined);
  });
});
