import * as assert from 'node:assert/strict';
import { displayWidth } from './displayWidth';

describe('display width in a monospace font', () => {
  it('counts Chinese characters and fullwidth punctuation as two columns, the rest as one', () => {
    assert.equal(displayWidth('Expression: '), 12);
    assert.equal(displayWidth('表达式：'), 8);
    assert.equal(displayWidth('表达式: Jet_Pxx'), 6 + 2 + 7);
    assert.equal(displayWidth('𠀀'), 2, 'a character outside the BMP is one character, two columns');
    assert.equal(displayWidth(''), 0);
  });
});
