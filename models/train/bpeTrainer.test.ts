// The BPE trainer of the default model's tokenizer: the merges it learns, and that the tokenizer.json
// it writes loads in the engine's tokenizer library and behaves as the engine needs.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeTokenizer } from '../../server/completion/codeTokenizer';
import { detectFim } from '../../server/completion/fimTemplates';
import { learnMerges, tokenizerJson } from './bpeTrainer';
import { pretokenize } from './pretokenize';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const id = (ch: string) => ch.charCodeAt(0);

describe('BPE trainer', () => {
  // Sennrich et al.'s example: low ×5, lower ×2, newest ×6, widest ×3.
  const words = ['low', 'lower', 'newest', 'widest'].map(bytes);
  const counts = [5, 2, 6, 3];

  it('merges the most frequent pair first, ties going to the smaller ids', () => {
    // e+s and s+t both occur 9 times: e+s wins; then es+t (9); then l+o and lo+w (7 each).
    assert.deepEqual(learnMerges(words, counts, 4), [
      [id('e'), id('s')],
      [256, id('t')],
      [id('l'), id('o')],
      [258, id('w')],
    ]);
  });

  it('stops when no pair is left to merge', () => {
    assert.equal(learnMerges([bytes('ab')], [3], 10).length, 1);
  });

  describe('the tokenizer.json it writes', () => {
    let dir: string;
    let tokenizer: CodeTokenizer;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'hai-bpe-'));
      const text = 'def forward(self, x):\n    return self.conv(x)\n\nlowest = lower + low\n';
      const pieces = pretokenize(text);
      const unique = [...new Set(pieces)].sort();
      const merges = learnMerges(unique.map(bytes), unique.map((p) => pieces.filter((q) => q === p).length), 60);
      const { tokenizer: json, config } = tokenizerJson(merges, 512);
      writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(json));
      writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(config));
      tokenizer = CodeTokenizer.load(path.join(dir, 'tokenizer.json'), path.join(dir, 'tokenizer_config.json'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('loads in the engine and round-trips any text, byte for byte', () => {
      for (const text of ['def forward(self, x):\n    return x\n', '中文 注释 é ü\t\r\n', 'x = 0x1F + 3.5e-2  # 😀\n']) {
        assert.equal(tokenizer.decode(tokenizer.encode(text)), text);
      }
    });

    it('uses the learned merges: frequent words become single tokens', () => {
      assert.ok(tokenizer.encode('self').length < 'self'.length, 'self is merged');
    });

    it("has StarCoder's fill-in-the-middle tokens, which the engine detects", () => {
      assert.equal(detectFim(tokenizer)?.family, 'starcoder');
    });

    it('never joins a visible character and a line break, so the engine can encode finished lines once', () => {
      assert.equal(tokenizer.splitsAtLineEnds(), true);
    });
  });
});
