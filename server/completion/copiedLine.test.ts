// A first answer that copies a statement just above: which lines count, and where a second pass
// turns away from it (with the shipped model's tokenizer; the engine's use of it is in openLine.test.ts).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CodeTokenizer } from './codeTokenizer';
import { copiesRecentLine, recentStatements, turnAway } from './copiedLine';
import type { Choice } from './generator';

const SHIPPED_MODEL = path.resolve(__dirname, '..', '..', 'models', 'code-model');

describe('statements just above the cursor', () => {
  it('are the last three lines with code above the cursor line, blank and comment lines skipped, ends trimmed', () => {
    const prefix = 'import os\n\ndef f(path):\n    a = 1\n\n    # the size\n    b = 2  \r\n    c = 3\r\n\n    ';
    assert.deepEqual(recentStatements(prefix), ['    a = 1', '    b = 2', '    c = 3']);
    assert.deepEqual(recentStatements('x = 1\ny = 2\n'), ['x = 1', 'y = 2']);
    assert.deepEqual(recentStatements('x = 1'), [], 'the cursor line itself is not above it');
    assert.deepEqual(recentStatements(''), []);
  });

  it('a copy is one of them with the same indentation, unless code repeats such a statement anyway', () => {
    const recent = ['        self.path = path', '        self.max_particles = max_particles'];
    assert.equal(copiesRecentLine('        self.max_particles = max_particles', recent), true);
    assert.equal(copiesRecentLine('        self.path = path  ', recent), true, 'trailing blanks do not count');
    assert.equal(copiesRecentLine('        self.labels = labels', recent), false);
    assert.equal(copiesRecentLine('    self.path = path', recent), false, 'another indentation is another line');
    const anyway = ['return False', 'return', 'continue', 'break', 'pass', '...', 'else:', 'try:', 'except ImportError:', 'raise NotImplementedError',
      'while True:', 'for x in y:', 'if self.model is not None:', 'x = 1 + \\', '@property', '@pytest.mark.parametrize("n", [1, 2])', ')', '],', '"""', "'''", 'r"""', '2,', 'SMOTE(random_state=0),', 'parser.add_argument(', '+-----+-----+'];
    for (const line of anyway) assert.equal(copiesRecentLine(`    ${line}`, [`    ${line}`]), false, line);
    for (const line of ['return x + 1', 'x = 1', 'print(x.shape)', 'if x is None: x = 1', '变量 = 值', 'énergie = masse * c2']) assert.equal(copiesRecentLine(line, [line]), true, line);
  });
});

describe('where a second pass turns away from a copied line', () => {
  const tokenizer = CodeTokenizer.load(path.join(SHIPPED_MODEL, 'tokenizer.json'), path.join(SHIPPED_MODEL, 'tokenizer_config.json'));
  const id = (text: string): number => {
    const ids = tokenizer.encode(text);
    assert.equal(ids.length, 1, `${JSON.stringify(text)} is one token`);
    return ids[0];
  };
  /** Choices for `tokens` with no runner-up, and at positions `at` these runners-up with their gaps. */
  const choices = (tokens: readonly number[], at: Record<number, [string | number, number][]>): Choice[] =>
    tokens.map((t, i) => {
      const others = at[i] ?? [];
      return { ids: [t, ...others.map(([o]) => (typeof o === 'number' ? o : id(o)))], logits: [10, ...others.map(([, gap]) => 10 - gap)] };
    });

  it('takes the runner-up closest to the token chosen that leads to another line', () => {
    const tokens = tokenizer.encode('x = foo(a)\ny = 1'); // x, " =", " foo", "(", "a", ")", "\n", "y", " =", " 1"
    const turn = turnAway(tokens, choices(tokens, {
      2: [[' bar', 2]],
      4: [['b', 1]],
      7: [['z', 0.01]], // past the first line: that line is chosen already
    }), tokenizer, 0, 'x = foo(a)\ny = 1');
    assert.deepEqual(turn, { forced: [...tokens.slice(0, 4), id('b')], gap: 1 });
  });

  it('passes over runners-up that spell the same line another way, end it the same, begin a comment, or are special tokens', () => {
    const tokens = tokenizer.encode('x = foo(a)\ny = 1');
    const shown = 'x = foo(a)\ny = 1';
    const turn = turnAway(tokens, choices(tokens, {
      0: [['#', 0.05]],
      2: [[' f', 0.1], [' bar', 2]], // " f" + "oo" is the same text
      5: [[0, 0.2]], // <|endoftext|>
      6: [['\n\n', 0.3], [' ', 0.4], ['\t', 0.5], ['\r', 0.6]], // the same line, ended otherwise or with a blank after it
    }), tokenizer, 0, shown);
    assert.ok(tokenizer.isSpecial(0));
    assert.deepEqual(turn, { forced: [...tokens.slice(0, 2), id(' bar')], gap: 2 });
    assert.equal(turnAway(tokens, choices(tokens, { 2: [[' f', 0.1]], 6: [['\n\n', 0.3], [' ', 0.4]] }), tokenizer, 0, shown), undefined, 'no runner-up leads elsewhere');
  });

  it('stops where generation cut the first answer', () => {
    // A stop rule cut the first answer after `x = foo`: later choices made no part of the line shown.
    const tokens = tokenizer.encode('x = foo(a)\ny = 1');
    const turn = turnAway(tokens, choices(tokens, { 1: [[' +', 2]], 4: [['b', 1]] }), tokenizer, 0, 'x = foo');
    assert.deepEqual(turn, { forced: [tokens[0], id(' +')], gap: 2 });
  });

  it('counts only what comes after the healed text (typed already) as the line', () => {
    const tokens = tokenizer.encode('    y[6] = 2\n'); // "   ", " y", "[", "6", "]", " =", " 2", "\n"
    const turn = turnAway(tokens, choices(tokens, {
      0: [['  ', 0.05]], // spells only typed indentation: no choice of the line's
      1: [[' z', 1.5]],
      3: [['7', 0.5]],
    }), tokenizer, 4, 'y[6] = 2\n');
    assert.deepEqual(turn, { forced: [...tokens.slice(0, 3), id('7')], gap: 0.5 });
  });
});
