import * as assert from 'node:assert/strict';
import { charBudget, cursorWindow, firstLines, prefixText, recentLines, suffixText, SYNTAX_PREFIX_CHARS, SYNTAX_SUFFIX_CHARS, windowStart } from './promptWindow';

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

  it('looks at a whole small document before the cursor, as before', () => {
    const text = 'import torch\n\nclass Net(torch.nn.Module):\n    pass\n';
    assert.deepEqual(cursorWindow(text, 20), { prefix: text.slice(0, 20), suffix: text.slice(20), start: 0 });
  });

  it('bounds the window of a 50 MB document, starting at a line, and keeps its start while typing', () => {
    const line = 'x = torch.zeros(3, 4)  # some line of code\n';
    let text = line.repeat(Math.ceil(50e6 / line.length));
    const offset = Math.floor(text.length / 2 / line.length) * line.length + 10;
    const first = cursorWindow(text, offset);
    assert.ok(first.prefix.length <= SYNTAX_PREFIX_CHARS + 8192 && first.prefix.length >= SYNTAX_PREFIX_CHARS - line.length);
    assert.ok(first.suffix.length <= SYNTAX_SUFFIX_CHARS && first.suffix.endsWith('\n'));
    assert.equal(text[first.start - 1], '\n', 'the window starts at a line');
    assert.equal(first.prefix, text.slice(first.start, offset));
    text = `${text.slice(0, offset)}ab${text.slice(offset)}`;
    const typed = cursorWindow(text, offset + 2);
    assert.equal(typed.start, first.start);
    assert.equal(typed.prefix, `${first.prefix}ab`);
    assert.equal(typed.suffix, first.suffix);
  });

  it('cuts a line of 5 million characters around the cursor, in characters and in steps', () => {
    const text = `data = [${'1234, '.repeat(833_333)}]`;
    const window = cursorWindow(text, 4_000_000);
    assert.ok(window.prefix.length <= SYNTAX_PREFIX_CHARS + 8192);
    assert.equal(window.suffix.length, SYNTAX_SUFFIX_CHARS);
    const tokenized = prefixText(window.prefix, 384);
    assert.ok(tokenized.length <= charBudget(384) && tokenized.length > charBudget(384) - 1024, `${tokenized.length}`);
    assert.ok(window.prefix.endsWith(tokenized));
    // Typing moves the cut only every 1,024 characters, so the token ids before the cursor stay.
    const longer = prefixText(`${window.prefix}12`, 384);
    assert.equal(longer, `${tokenized}12`);
    assert.ok(suffixText(window.suffix, 64).length <= charBudget(64));
  });
});
