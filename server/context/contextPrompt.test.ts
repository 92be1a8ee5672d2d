import * as assert from 'node:assert/strict';
import { contextText, fileHeaderAt } from './contextPrompt';
import type { ContextPiece } from './workspaceContext';

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
