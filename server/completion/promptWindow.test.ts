import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CodeTokenizer } from './codeTokenizer';
import { charBudget, cursorWindow, firstLines, prefixText, recentLines, suffixText, SYNTAX_PREFIX_CHARS, SYNTAX_SUFFIX_CHARS, textAboveWindow, windowStart } from './promptWindow';

const ROOT = path.resolve(__dirname, '..', '..');
const tokenizerOf = (dir: string): CodeTokenizer => CodeTokenizer.load(path.join(dir, 'tokenizer.json'), path.join(dir, 'tokenizer_config.json'));

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

  describe('the text above the token window (the document\'s earlier lines for the workspace context)', () => {
    const shipped = tokenizerOf(path.join(ROOT, 'models', 'code-model'));
    /** What the engine hands the context for a window starting at token `start` of the tokenized tail. */
    const above = (tokenizer: CodeTokenizer, prefix: string, budget: number, start: number) => {
      const tokenized = prefixText(prefix, budget);
      const ids = tokenizer.encode(tokenized);
      const earlier = textAboveWindow(prefix, tokenized, start > 0 ? tokenizer.decode(ids.slice(0, start)) : '');
      return { earlier, window: tokenizer.decode(ids.slice(start)), tokenized, ids };
    };
    const lines = Array.from({ length: 60 }, (_, i) => `    value_${i} = compute(value_${i - 1}, "参数 ${i}")  # 第 ${i} 行`);
    const prefix = `def run():\n${lines.join('\n')}\n    total = `;

    it('is every whole line before the window\'s first one: none of the window\'s text, no line between', () => {
      const ids = shipped.encode(prefixText(prefix, 384));
      for (const start of [1, 7, 100, 250, ids.length - 3]) {
        const { earlier, window } = above(shipped, prefix, 384, start);
        assert.ok(prefix.startsWith(earlier) && (earlier === '' || earlier.endsWith('\n')), `whole lines (start ${start})`);
        const between = prefix.slice(earlier.length, prefix.length - window.length);
        assert.ok(prefix.endsWith(window), 'the window is the end of the prefix');
        assert.ok(!between.includes('\n'), `only the part of the window's first line before it is in neither (start ${start}): ${JSON.stringify(between)}`);
      }
    });

    it('holds where a token cuts a character in two (decoded as U+FFFD)', () => {
      const { ids, tokenized } = above(shipped, prefix, 384, 1);
      const split = ids.findIndex((_, i) => i > 0 && shipped.decode(ids.slice(0, i)).endsWith('\uFFFD'));
      assert.ok(split > 0, 'some token of the Chinese comments is part of a character');
      const { earlier, window } = above(shipped, prefix, 384, split);
      assert.ok(earlier.length > 0 && earlier.endsWith('\n') && tokenized.length > window.length);
      assert.ok(!prefix.slice(earlier.length, prefix.length - window.length).includes('\n'));
    });

    it('is empty at the prefix\'s first line, or the untokenized lines when the window starts the tokenized text', () => {
      assert.equal(above(shipped, prefix, 384, 0).earlier, '', 'all of a short prefix is tokenized and in the window');
      assert.equal(textAboveWindow('\nx = 1\n', '\nx = 1\n', ''), '', 'a first blank line is not text above the window');
      // 200 lines: only the last 128 (in steps) are tokenized; with the window at their start, the others are above it.
      const long = Array.from({ length: 200 }, (_, i) => `x_${i} = ${i}`).join('\n') + '\ny = ';
      const tokenized = prefixText(long, 4096);
      assert.ok(tokenized.length < long.length);
      assert.equal(textAboveWindow(long, tokenized, ''), long.slice(0, long.length - tokenized.length));
    });

    it('gives only the untokenized lines where decoding does not give back the text read (a normalizing tokenizer)', () => {
      const qwen = tokenizerOf(path.join(ROOT, 'test', 'fixtures', 'public-tokenizers', 'qwen2.5-coder'));
      // A decomposed é (e + U+0301), which NFC composes: the decoded text is shorter than the text read.
      const text = Array.from({ length: 200 }, (_, i) => `name_${i} = "cafe\u0301 ${i}"`).join('\n') + '\nz = ';
      const { earlier, window, tokenized, ids } = above(qwen, text, 4096, 40);
      assert.notEqual(qwen.decode(ids.slice(0, 40)), tokenized.slice(0, qwen.decode(ids.slice(0, 40)).length), 'the fixture normalizes');
      assert.equal(earlier, text.slice(0, text.length - tokenized.length), 'none of the tokenized text, which may hold the window');
      assert.ok(window.length > 0);
    });
  });
});

