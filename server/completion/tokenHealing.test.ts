// Token healing backs up over what the tokenizer writes differently at the end of a text than in the
// middle of one: the prompt that is left must be the start of how the finished line is tokenized.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeTokenizer } from './codeTokenizer';
import { healedTokens, healPrefix } from './tokenHealing';

const ROOT = path.resolve(__dirname, '..', '..');
const MODEL = path.join(ROOT, 'models', 'code-model');

describe('token healing: what the prompt backs up over (the shipped model\'s tokenizer)', () => {
  const tokenizer = CodeTokenizer.load(path.join(MODEL, 'tokenizer.json'), path.join(MODEL, 'tokenizer_config.json'));
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

  it('leaves a prompt that starts the tokens of the finished line, at every line start of real files', () => {
    let lineStarts = 0;
    let afterBlankLines = 0;
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
        const cursor = at + indent;
        const { ids, text: healText } = healed(text.slice(0, cursor));
        assert.equal(tokenizer.decode(ids) + healText, text.slice(0, cursor));
        const finished = tokenizer.encode(text.slice(0, lineEnd));
        assert.deepEqual(finished.slice(0, ids.length), ids, `${file}, line starting at ${at}: ${JSON.stringify(text.slice(at, lineEnd))}`);
        lineStarts++;
        if (/\n\r?\n$/.test(text.slice(0, at))) afterBlankLines++;
      }
    }
    assert.ok(lineStarts > 200 && afterBlankLines > 20, `${lineStarts} line starts, ${afterBlankLines} after a blank line`);
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
