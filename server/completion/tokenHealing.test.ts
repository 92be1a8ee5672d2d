// Token healing backs up over what the tokenizer writes differently at the end of a text than in the
// middle of one: the prompt that is left must be the start of how the finished line is tokenized.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeTokenizer } from './codeTokenizer';
import { blankPart, healedTokens, healPrefix } from './tokenHealing';

const ROOT = path.resolve(__dirname, '..', '..');
const MODEL = path.join(ROOT, 'models', 'code-model');

describe('token healing: what the prompt backs up over (the shipped model\'s tokenizer)', () => {
  const tokenizer = CodeTokenizer.load(path.join(MODEL, 'tokenizer.json'), path.join(MODEL, 'tokenizer_config.json'));
  const vocabSize = (JSON.parse(readFileSync(path.join(MODEL, 'config.json'), 'utf8')) as { vocab_size: number }).vocab_size;
  /** The prompt's ids after healing, and the healed text ('' for none). */
  const healed = (prefix: string): { ids: number[]; text: string } => {
    const { ids, heal } = healPrefix(tokenizer.encode(prefix), prefix, tokenizer);
    return { ids, text: heal ?? '' };
  };

  it('backs up over the whole blank run after a blank line, which the tokenizer splits in two', () => {
    const prefix = 'def f(x):\n    y = g(x)\n\n    ';
    const ids = tokenizer.encode(prefix);
    // Why one token is not enough: the run's last token alone is "\n    ", and a lone "\n" stays.
    assert.equal(tokenizer.decode(ids.slice(-1)), '\n    ');
    const { ids: prompt, text } = healed(prefix);
    assert.equal(text, '\n\n    ');
    assert.equal(tokenizer.decode(prompt), 'def f(x):\n    y = g(x)');
  });

  /** Every line start of the demo files (as written, with CRLF, with tabs) where a line has code: the text, the cursor, the line's end. */
  const lineStarts = function* (): Generator<{ file: string; text: string; cursor: number; lineEnd: number; afterBlank: boolean }> {
    const demo = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
    const variants: [string, string][] = [
      ['demo/train.py', demo('demo/train.py')],
      ['demo/model.py', demo('demo/model.py')],
      // Windows line ends and tab indentation: blank runs of other characters.
      ['demo/model.py with CRLF', demo('demo/model.py').replace(/\n/g, '\r\n')],
      ['demo/train.py with tabs', demo('demo/train.py').replace(/^((?: {4})+)/gm, (m) => '\t'.repeat(m.length / 4))],
    ];
    for (const [file, text] of variants) {
      for (let at = text.indexOf('\n') + 1; at > 0 && at < text.length; at = text.indexOf('\n', at) + 1) {
        const indent = /^[ \t]*/.exec(text.slice(at))![0].length;
        const lineEnd = text.indexOf('\n', at);
        if (lineEnd < 0 || lineEnd === at + indent) continue; // a blank line: nothing is written on it
        yield { file, text, cursor: at + indent, lineEnd, afterBlank: /\n\r?\n$/.test(text.slice(0, at)) };
      }
    }
  };

  it('leaves a prompt that starts the tokens of the finished line, at every line start of real files', () => {
    let count = 0;
    let afterBlankLines = 0;
    for (const { file, text, cursor, lineEnd, afterBlank } of lineStarts()) {
      const { ids, text: healText } = healed(text.slice(0, cursor));
      assert.equal(tokenizer.decode(ids) + healText, text.slice(0, cursor));
      const finished = tokenizer.encode(text.slice(0, lineEnd));
      assert.deepEqual(finished.slice(0, ids.length), ids, `${file}, line starting at ${cursor}: ${JSON.stringify(text.slice(cursor, lineEnd))}`);
      count++;
      if (afterBlank) afterBlankLines++;
    }
    assert.ok(count > 200 && afterBlankLines > 20, `${count} line starts, ${afterBlankLines} after a blank line`);
  });

  /** Where the finished line's tokens spell only a part of the healed text, whether each is the part blankPart allows. */
  const partsOf = (text: string, cursor: number, lineEnd: number): { parts: number; wrong: string[] } => {
    const texts = tokenizer.tokenTexts(vocabSize);
    const { ids, text: healText } = healed(text.slice(0, cursor));
    let pending = healText;
    let parts = 0;
    const wrong: string[] = [];
    for (const id of tokenizer.encode(text.slice(0, lineEnd)).slice(ids.length)) {
      const t = texts[id];
      if (!pending || t.startsWith(pending)) break;
      assert.ok(pending.startsWith(t), `${JSON.stringify(t)} spells ${JSON.stringify(pending)}`);
      const part = blankPart(pending, (s) => tokenizer.encode(s), (i) => texts[i]);
      if (part !== undefined && part !== t) wrong.push(`${JSON.stringify(pending)}: the tokenizer wrote ${JSON.stringify(t)}, the rule allows ${JSON.stringify(part)}`);
      pending = pending.slice(t.length);
      parts++;
    }
    return { parts, wrong };
  };

  it('lets a model spell the healed text as the tokenizer writes the finished line, at every line start of real files', () => {
    let parts = 0;
    for (const { file, text, cursor, lineEnd } of lineStarts()) {
      const found = partsOf(text, cursor, lineEnd);
      assert.deepEqual(found.wrong, [], `${file}, line at ${cursor}`);
      parts += found.parts;
    }
    // After a blank line the run is split ("\n\n   " + " def"): most such lines take a part first.
    assert.ok(parts > 20, `${parts} tokens spelled a part of the healed text`);
  });

  it('and after one to five blank lines at any indentation, LF or CRLF, spaces or tabs, before any kind of statement', () => {
    let parts = 0;
    for (const eol of ['\n', '\r\n']) {
      for (let blank = 1; blank <= 5; blank++) {
        for (const indent of ['', '  ', '    ', '      ', '        ', '            ', '\t', '\t\t']) {
          for (const statement of ['def f(x):', 'return x', 'x = 1', '# note', '(a, b) = c', '"""Doc."""', '@property', '_private = 2']) {
            const head = `class A:${eol}    def g(self):${eol}        y = 1`;
            const text = `${head}${eol.repeat(blank + 1)}${indent}${statement}${eol}`;
            const cursor = head.length + eol.length * (blank + 1) + indent.length;
            const found = partsOf(text, cursor, text.length - eol.length);
            assert.deepEqual(found.wrong, [], JSON.stringify(text));
            parts += found.parts;
          }
        }
      }
    }
    assert.ok(parts > 300, `${parts} tokens spelled a part of the healed text`);
  });

  it('allows the tokenizer\'s own split of a blank run, and any part of a half-typed word', () => {
    const texts = tokenizer.tokenTexts(vocabSize);
    const part = (pending: string) => blankPart(pending, (s) => tokenizer.encode(s), (i) => texts[i]);
    assert.equal(part('\n\n    '), '\n\n   ');
    assert.equal(part('\n\n\n        '), tokenizer.decode(tokenizer.encode('\n\n\n        x').slice(0, 1)));
    assert.equal(part(' '), '', 'a last blank goes with the word: no part of it alone');
    // `val_ac` then `c`: the tokenizer writes "_" + "acc"; the half-typed word may be spelled any way.
    assert.equal(part('_ac'), undefined);
    assert.equal(part('zer'), undefined);
  });

  it('backs up over one token where the prefix ends in code (half an identifier, an operator)', () => {
    assert.equal(healed('x = np.zer').text, 'zer');
    assert.equal(healed('return a +').text, ' +');
  });

  it('keeps one token of a prefix that is all blank (an empty new file), so the prompt is never empty', () => {
    const prefix = '\n\n    ';
    const all = tokenizer.encode(prefix);
    assert.ok(all.length >= 2);
    const { ids, text } = healed(prefix);
    assert.equal(ids.length, 1);
    assert.equal(tokenizer.decode(ids) + text, prefix);
  });

  it('never backs up over a special token, nor over more than eight blank tokens', () => {
    assert.equal(healedTokens([5, 0], (id) => (id === 0 ? undefined : 'x')), 0);
    assert.equal(healedTokens([], () => 'x'), 0);
    assert.equal(healedTokens([5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], (id) => (id === 1 ? '\n' : 'x')), 8);
  });
});
