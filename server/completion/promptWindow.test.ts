import * as assert from 'node:assert/strict';
import { firstLines, recentLines, windowStart } from './completionEngine';

describe('prompt window', () => {
  it('gives a new request the budget, less a little room to type in, and a short prefix whole', () => {
    assert.equal(windowStart(10, 256, undefined), 0);
    assert.equal(windowStart(1000, 256, undefined), 776);
    assert.equal(recentLines('import torch\nx = 1\n'), 'import torch\nx = 1\n');
  });

  it('keeps the start while the user types, then moves it to free half the budget', () => {
    let start: number | undefined;
    const starts: number[] = [];
    for (let length = 300; length <= 700; length++) {
      start = windowStart(length, 256, start);
      starts.push(start);
      assert.ok(length - start <= 256, 'never more than the budget');
      assert.ok(length - start >= 128, 'never less than half of it');
    }
    const moves = starts.filter((s, i) => i > 0 && s !== starts[i - 1]).length;
    assert.equal(moves, 3, 'one move per 128 tokens typed');
  });

  it('starts over with the whole budget when the window shrank a lot (the cursor went back)', () => {
    assert.equal(windowStart(500, 256, 440), 276);
    assert.equal(windowStart(380, 256, 400), 156, 'the cursor before the old start');
    assert.equal(windowStart(395, 256, 300), 300, 'a few characters deleted: the start stays');
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
