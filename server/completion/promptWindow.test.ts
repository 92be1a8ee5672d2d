import * as assert from 'node:assert/strict';
import { firstLines, recentLines, stablePrefix } from './completionEngine';

describe('prompt window', () => {
  it('keeps a short prefix whole', () => {
    assert.deepEqual(stablePrefix([1, 2, 3], 10), [1, 2, 3]);
    assert.equal(recentLines('import torch\nx = 1\n'), 'import torch\nx = 1\n');
  });

  it('drops whole chunks from the front, so the start stays put while the user types', () => {
    const ids = Array.from({ length: 300 }, (_, i) => i);
    const starts = new Set<number>();
    for (let n = 257; n <= 300; n++) starts.add(stablePrefix(ids.slice(0, n), 256)[0]);
    assert.deepEqual([...starts], [64], 'one start for 44 keystrokes');
    assert.ok(stablePrefix(ids, 256).length <= 256);
  });

  it('tokenizes only recent lines, from a line number that moves in steps', () => {
    const text = Array.from({ length: 400 }, (_, i) => `x${i} = ${i}`).join('\n');
    const window = recentLines(text);
    assert.ok(window.startsWith('x288 = 288\n'), window.slice(0, 20));
    assert.equal(recentLines(`${text}\ny = 1`).slice(0, 10), window.slice(0, 10));
  });

  it('takes the first lines of the suffix only', () => {
    assert.equal(firstLines('a\nb\nc\n', 2), 'a\nb\n');
    assert.equal(firstLines('a\nb', 5), 'a\nb');
  });
});
