// Encoding the finished lines once and the current line per keystroke must give exactly the ids of
// encoding the whole prefix, on real code.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeTokenizer, lineEndCut } from './codeTokenizer';

const ROOT = path.resolve(__dirname, '..', '..');
const TINY = path.join(ROOT, 'test', 'fixtures', 'tiny-code-model');

describe('line-wise encoding', () => {
  const tokenizer = CodeTokenizer.load(path.join(TINY, 'tokenizer.json'), path.join(TINY, 'tokenizer_config.json'));

  it('is allowed for a byte-level BPE tokenizer', () => {
    assert.equal(tokenizer.splitsAtLineEnds(), true);
  });

  it('gives the ids of whole-text encoding at every line of real files', function () {
    this.timeout(20_000);
    const files = ['demo/train.py', 'demo/model.py', 'test/fixtures/tiny-code-model/build_tiny_model.py'];
    for (const [file, crlf] of [...files.map((f) => [f, false] as const), ['demo/model.py', true] as const]) {
      // Up to 6,000 characters: encoding every prefix whole is quadratic. Windows line ends too.
      const lf = readFileSync(path.join(ROOT, file), 'utf8').slice(0, 6000);
      const text = crlf ? lf.replace(/\n/g, '\r\n') : lf;
      // Cursor positions in the middle of each line, after indentation, and after trailing spaces.
      for (let at = text.indexOf('\n') + 3; at > 2 && at < text.length; at = text.indexOf('\n', at) + 3) {
        const prefix = text.slice(0, at);
        const cut = lineEndCut(prefix, prefix.length);
        const split = [...tokenizer.encode(prefix.slice(0, cut)), ...tokenizer.encode(prefix.slice(cut))];
        assert.deepEqual(split, tokenizer.encode(prefix), `${file} at ${at}`);
      }
    }
  });

  it('encodes a line of 300,000 characters, as the tokenizer itself does', function () {
    // ~1 s on 2 idle cores: mocha's 2 s default failed once beside another test run.
    this.timeout(20_000);
    let line = 'table = [';
    for (let i = 0; line.length < 300_000; i++) line += `${(i * 7919) % 100003}, `;
    const ids = tokenizer.encode(line);
    assert.ok(ids.length > 100_000, `${ids.length} ids`);
    assert.equal(tokenizer.decode(ids), line);
  });

  it('cuts after the last visible character that ends a line', () => {
    assert.equal(lineEndCut('x = 1\n    y', 11), 5);
    assert.equal(lineEndCut('x = 1  \n\n    y', 14), 0, 'trailing spaces and blank lines do not end a visible line');
    assert.equal(lineEndCut('a\nb = 1  \n\n    y', 16), 1);
    assert.equal(lineEndCut('no line break', 13), 0);
    assert.equal(lineEndCut('x = 1\r\n    y', 12), 5, 'a Windows line ends at its "\\r"');
    assert.equal(lineEndCut('a\r\nb = 1  \r\n\r\n    y', 20), 1);
    assert.equal(lineEndCut('\r\n    y', 7), 0);
  });
});
