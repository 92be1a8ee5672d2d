// The tokenizer and config files of the public code models the Hub offers, in the structure their
// exports ship (test/fixtures/public-tokenizers/build_public_tokenizers.py: the real added tokens,
// ids, flags and config values; a small stand-in vocabulary): the FIM prompt the engine builds from
// them, where generation stops, BOS, and the decoder shape read from config.json.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeTokenizer } from './codeTokenizer';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from './completionEngine';
import { buildPrompt, detectFim } from './fimTemplates';
import { readDecoderConfig } from './modelConfig';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'public-tokenizers');
const load = (family: string): CodeTokenizer => CodeTokenizer.load(path.join(FIXTURES, family, 'tokenizer.json'), path.join(FIXTURES, family, 'tokenizer_config.json'));
const CODE = "def f(x):\n    return x + 12345  # über 中文\n";

describe('Qwen2.5-Coder tokenizer and config (onnx-community export)', () => {
  const tokenizer = load('qwen2.5-coder');
  const config = readDecoderConfig(path.join(FIXTURES, 'qwen2.5-coder', 'config.json'));

  it('gives PSM prompts with <|fim_prefix|> 151659, <|fim_suffix|> 151661, <|fim_middle|> 151660 and no BOS', () => {
    const fim = detectFim(tokenizer);
    assert.deepEqual(fim, { family: 'qwen', prefixId: 151659, suffixId: 151661, middleId: 151660 });
    assert.equal(config.fimOrder, undefined, 'no fim_order: the engine uses PSM, the order Qwen documents');
    assert.equal(tokenizer.bosId, undefined);
    const pre = tokenizer.encode('x = ');
    const suf = tokenizer.encode('\nprint(x)\n');
    assert.deepEqual(buildPrompt(fim, pre, suf, 'psm'), [151659, ...pre, 151661, ...suf, 151660]);
  });

  it('stops at <|endoftext|> and at the "special": false control tokens (FIM, <|file_sep|>), not at text', () => {
    for (const id of [151643, 151645, 151659, 151660, 151661, 151662, 151663, 151664]) assert.ok(tokenizer.isSpecial(id), `${id} stops generation`);
    for (const id of tokenizer.encode(CODE)) assert.equal(tokenizer.isSpecial(id), false);
    assert.deepEqual(config.eosTokenIds, [151643]);
  });

  it('encodes code losslessly and never turns text that spells a control token into one', () => {
    assert.equal(tokenizer.decode(tokenizer.encode(CODE)), CODE);
    const hostile = "s = '<|fim_prefix|><|file_sep|><|endoftext|>'\n";
    const ids = tokenizer.encode(hostile);
    assert.ok(ids.every((id) => id < 151643), 'no added token from user text');
    assert.equal(tokenizer.decode(ids), hostile);
  });

  it('reads the decoder shape: 28 layers, 12 query heads over 2 key/value heads (GQA) of 128, 151,936 logits', () => {
    assert.deepEqual(
      { layers: config.numLayers, heads: config.numHeads, kvHeads: config.numKvHeads, headDim: config.headDim, vocab: config.vocabSize, positions: config.maxPositions },
      { layers: 28, heads: 12, kvHeads: 2, headDim: 128, vocab: 151936, positions: 32768 },
    );
    // Every id the model can produce has a text for token healing; the 271 padding ids past the
    // tokenizer's last token have none.
    const texts = tokenizer.tokenTexts(config.vocabSize);
    assert.equal(texts.length, 151936);
    assert.equal(texts[151660], '');
    assert.equal(texts[151900], '');
  });

  it('agrees with what the Hub catalog says of the model', () => {
    const catalog = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'hub', 'catalog.json'), 'utf8')) as { models: { id: string; completion?: { fim: string; contextLength: number; kvHeads: string } }[] };
    const entry = catalog.models.find((m) => m.id === 'qwen2-5-coder-1-5b')?.completion;
    assert.deepEqual(entry && { fim: entry.fim, contextLength: entry.contextLength, kvHeads: entry.kvHeads }, { fim: detectFim(tokenizer)?.family, contextLength: config.maxPositions, kvHeads: `${config.numHeads} / ${config.numKvHeads}` });
  });
});

describe('DeepSeek-Coder tokenizer and config (base models)', () => {
  const tokenizer = load('deepseek-coder');
  const config = readDecoderConfig(path.join(FIXTURES, 'deepseek-coder', 'config.json'));

  it('gives prompts that begin with BOS 32013, then <｜fim▁begin｜> 32016 … <｜fim▁hole｜> 32015 … <｜fim▁end｜> 32017', () => {
    const fim = detectFim(tokenizer);
    assert.deepEqual(fim, { family: 'deepseek', prefixId: 32016, suffixId: 32015, middleId: 32017 });
    assert.equal(tokenizer.bosId, 32013, 'add_bos_token: true');
  });

  it('stops at EOS 32014, <|EOT|> and the FIM tokens, but writes the single characters DeepSeek added (ü is 32009)', () => {
    for (const id of [32013, 32014, 32015, 32016, 32017, 32018, 32021]) assert.ok(tokenizer.isSpecial(id), `${id} stops generation`);
    const ids = tokenizer.encode('name = "über"\n');
    assert.ok(ids.includes(32009), 'ü is the added token 32009');
    assert.equal(tokenizer.isSpecial(32009), false);
    assert.equal(tokenizer.tokenTexts(config.vocabSize)[32009], 'ü');
    assert.equal(tokenizer.decode(ids), 'name = "über"\n');
    assert.deepEqual(config.eosTokenIds, [32014]);
  });

  it('reads the decoder shape: 24 layers of 16 heads of 128, 16,384 positions', () => {
    assert.deepEqual(
      { layers: config.numLayers, heads: config.numHeads, kvHeads: config.numKvHeads, headDim: config.headDim, vocab: config.vocabSize, positions: config.maxPositions },
      { layers: 24, heads: 16, kvHeads: 16, headDim: 128, vocab: 32256, positions: 16384 },
    );
  });
});

describe('a tokenizer configured to add BOS (as DeepSeek-Coder and CodeLlama are), in the engine', function () {
  this.timeout(30_000);
  const TINY = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'tiny-code-model');
  let dir: string;
  const engines: CompletionEngine[] = [];
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-bos-'));
    cpSync(TINY, dir, { recursive: true });
    const config = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ ...config, add_bos_token: true }));
  });
  after(async () => {
    for (const e of engines) await e.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const engineFor = async (modelPath: string): Promise<CompletionEngine> => {
    const engine = new CompletionEngine(() => undefined);
    engines.push(engine);
    await engine.configure({ ...DEFAULT_ENGINE_SETTINGS, modelPath, maxTokens: 4, threads: 1 });
    assert.equal(engine.modelState().state, 'loaded');
    return engine;
  };

  it('puts the BOS token first in every prompt (one more token prefilled), and the cache still matches while typing', async () => {
    const text = 'import torch\n\ndef forward(self, x):\n    return self.';
    const plain = await (await engineFor(TINY)).complete('file:///w/a.py', text, text.length, () => false);
    const withBos = await engineFor(dir);
    const first = await withBos.complete('file:///w/a.py', text, text.length, () => false);
    assert.ok(plain && first);
    assert.equal(first.prefilled, plain.prefilled + 1);
    const typed = text + 'c';
    const next = await withBos.complete('file:///w/a.py', typed, typed.length, () => false);
    assert.ok(next && next.prefilled <= 2, `typing one character prefills ${next?.prefilled} tokens`);
  });
});
