// FIM detection per family, with real tokenizers built from tokenizer.json files that carry each
// family's special tokens (as the published Qwen, DeepSeek, StarCoder and CodeLlama tokenizers do).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeTokenizer } from './codeTokenizer';
import { buildPrompt, detectFim, FIM_MARKERS, type FimFamily } from './fimTemplates';

function tokenizerWith(specials: string[]): CodeTokenizer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-tok-'));
  try {
    const vocab: Record<string, number> = { '[UNK]': 0, def: 1, return: 2 };
    const added = specials.map((content, i) => ({ id: 3 + i, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
    for (const a of added) vocab[a.content] = a.id;
    const json = {
      version: '1.0',
      added_tokens: added,
      normalizer: null,
      pre_tokenizer: { type: 'Whitespace' },
      post_processor: null,
      decoder: null,
      model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
    };
    const file = path.join(dir, 'tokenizer.json');
    writeFileSync(file, JSON.stringify(json));
    return CodeTokenizer.load(file, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('fill-in-the-middle templates', () => {
  for (const family of Object.keys(FIM_MARKERS) as FimFamily[]) {
    it(`detects the ${family} markers and builds prefix-suffix-middle prompts with them`, () => {
      const m = FIM_MARKERS[family];
      const tok = tokenizerWith(['<|endoftext|>', m.prefix, m.suffix, m.middle]);
      const fim = detectFim(tok);
      assert.equal(fim?.family, family);
      assert.deepEqual([fim!.prefixId, fim!.suffixId, fim!.middleId], [4, 5, 6]);
      assert.deepEqual(buildPrompt(fim, [1, 2], [2]), [4, 1, 2, 5, 2, 6]);
    });
  }

  it('puts the suffix first in SPM order, so that the prefix ends the prompt', () => {
    const tok = tokenizerWith(['<|endoftext|>', ...Object.values(FIM_MARKERS.starcoder)]);
    const fim = detectFim(tok)!;
    assert.deepEqual(buildPrompt(fim, [1, 2], [2], 'spm'), [4, 5, 2, 6, 1, 2]);
  });

  it('falls back to left-to-right when the tokenizer has no complete set of markers', () => {
    const tok = tokenizerWith(['<|endoftext|>', '<fim_prefix>', '<fim_middle>']);
    assert.equal(detectFim(tok), undefined);
    assert.deepEqual(buildPrompt(undefined, [1, 2], [2]), [1, 2]);
  });

  it('obeys a family named in the settings, and "none"', () => {
    const tok = tokenizerWith([...Object.values(FIM_MARKERS.qwen), ...Object.values(FIM_MARKERS.starcoder)]);
    assert.equal(detectFim(tok, 'auto')?.family, 'starcoder');
    assert.equal(detectFim(tok, 'qwen')?.family, 'qwen');
    assert.equal(detectFim(tok, 'deepseek'), undefined);
    assert.equal(detectFim(tok, 'none'), undefined);
  });
});

describe('special tokens in user code', () => {
  it('are encoded as text, never as the model’s control tokens', () => {
    const tok = tokenizerWith(['<|endoftext|>', ...Object.values(FIM_MARKERS.starcoder)]);
    const ids = tok.encode('def <fim_middle> return');
    for (const special of [3, 4, 5, 6]) assert.ok(!ids.includes(special), `id ${special} in ${ids.join(',')}`);
    assert.deepEqual(tok.encode('def return'), [1, 2]);
  });
});
