// The decoder against the tiny test model, whose reference outputs PyTorch computed when it was built
// (test/fixtures/tiny-code-model/build_tiny_model.py).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeTokenizer } from './codeTokenizer';
import { type DecoderConfig, readDecoderConfig } from './modelConfig';
import { ModelLoadError } from './modelErrors';
import { findModelFiles } from './modelFiles';
import { OnnxDecoder } from './onnxDecoder';
import { generate, SequenceCache } from './generator';
import { blankPart } from './tokenHealing';
import { fillsLine } from './openLine';
import { memberNames } from './memberNames';

const TINY_MODEL = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'tiny-code-model');
/** The same weights with GPTBigCode's config and fused multi-query cache. */
const TINY_BIGCODE = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'tiny-code-model-bigcode');
/** The same weights as Optimum's merged decoder (an If on use_cache_branch). */
const TINY_MERGED = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'tiny-code-model-merged');
interface Case {
  text: string;
  ids: number[];
  greedy: number[];
  lastLogitsHead: number[];
}
const expected: { cases: Case[] } = JSON.parse(readFileSync(path.join(TINY_MODEL, 'expected.json'), 'utf8'));

function argmax(v: Float32Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

for (const [label, modelDir] of [
  ['Llama layout', TINY_MODEL],
  ['GPTBigCode layout', TINY_BIGCODE],
  ['merged decoder', TINY_MERGED],
] as const) describe(`ONNX decoder (tiny test model, ${label})`, function () {
  this.timeout(20_000);
  let decoder: OnnxDecoder;
  let config: DecoderConfig;
  let tokenizer: CodeTokenizer;

  before(async () => {
    const files = findModelFiles(modelDir, 'auto');
    config = readDecoderConfig(files.config);
    tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
    decoder = await OnnxDecoder.load(files.onnx, config, 1);
  });

  after(() => decoder?.dispose());

  it('reads the layout: layers, heads, cache shape, position ids, no merged-decoder branch', () => {
    const fused = modelDir === TINY_BIGCODE;
    assert.equal(decoder.layout.pastNames.length, (fused ? 1 : 2) * config.numLayers);
    assert.equal(decoder.layout.kvHeads, 1);
    assert.equal(decoder.layout.headDim, 16);
    assert.deepEqual(decoder.layout.emptyDims, fused ? [1, 0, 32] : [1, 1, 0, 16]);
    assert.equal(decoder.layout.hasPositionIds, true);
    assert.equal(decoder.layout.hasUseCacheBranch, modelDir === TINY_MERGED);
  });

  it('tokenizes the prompts as the reference does', () => {
    for (const c of expected.cases) assert.deepEqual(tokenizer.encode(c.text), c.ids, c.text);
  });

  it('computes the same logits as PyTorch', async () => {
    for (const c of expected.cases) {
      const { lastLogits } = await decoder.forward(decoder.emptyState(), c.ids);
      const head = Float32Array.from(c.lastLogitsHead);
      assert.ok(maxAbsDiff(lastLogits.slice(0, head.length), head) < 1e-4, c.text);
    }
  });

  it('continues each prompt greedily exactly as PyTorch does, one cached step at a time', async () => {
    for (const c of expected.cases) {
      let step = await decoder.forward(decoder.emptyState(), c.ids);
      const generated: number[] = [];
      for (let i = 0; i < c.greedy.length; i++) {
        const next = argmax(step.lastLogits);
        generated.push(next);
        step = await decoder.forward(step.state, [next]);
      }
      assert.deepEqual(generated, c.greedy, c.text);
    }
  });

  it('gives the same logits with the KV cache as without it, across steps and after a divergence', async () => {
    const c = expected.cases[1];
    const sequence = [...c.ids, ...c.greedy];
    const full = await decoder.forward(decoder.emptyState(), sequence, true);
    const vocab = config.vocabSize;
    // Prefill the prompt, then feed the rest one token at a time.
    let step = await decoder.forward(decoder.emptyState(), c.ids);
    for (let i = c.ids.length; i < sequence.length; i++) {
      step = await decoder.forward(step.state, [sequence[i]]);
      const reference = full.allLogits!.slice(i * vocab, (i + 1) * vocab);
      assert.ok(maxAbsDiff(step.lastLogits, reference) < 1e-4, `step ${i}`);
    }
    // Cut the cache back to 5 tokens and continue with other tokens, as after an edit.
    const diverged = [...sequence.slice(0, 5), 17, 42, 99];
    const cut = decoder.truncate(step.state, 5);
    assert.deepEqual(cut.tokens, sequence.slice(0, 5));
    const resumed = await decoder.forward(cut, diverged.slice(5), true);
    const fresh = await decoder.forward(decoder.emptyState(), diverged, true);
    assert.ok(maxAbsDiff(resumed.allLogits!, fresh.allLogits!.slice(5 * vocab)) < 1e-4);
    assert.equal(resumed.state.tensors[0].dims[decoder.layout.seqAxis], diverged.length);
  });
});

describe('loading a broken or foreign model', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-model-'));
    cpSync(TINY_MODEL, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function loadError(): Promise<ModelLoadError> {
    try {
      const files = findModelFiles(dir, 'auto');
      const config = readDecoderConfig(files.config);
      CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
      await (await OnnxDecoder.load(files.onnx, config, 1)).dispose();
    } catch (err) {
      assert.ok(err instanceof ModelLoadError, `a ModelLoadError, not ${String(err)}`);
      assert.ok(err.hint.length > 10, 'with a next step');
      return err;
    }
    assert.fail('the model loaded');
  }

  it('says which folder does not exist', async () => {
    rmSync(dir, { recursive: true });
    assert.match((await loadError()).message, /does not exist/);
  });

  it('names the missing tokenizer.json', async () => {
    rmSync(path.join(dir, 'tokenizer.json'));
    assert.match((await loadError()).message, /has no tokenizer\.json/);
  });

  it('reports a corrupt ONNX file as such', async () => {
    const onnx = path.join(dir, 'onnx', 'model.onnx');
    writeFileSync(onnx, readFileSync(onnx).subarray(0, 5000));
    const err = await loadError();
    assert.match(err.message, /not a model ONNX Runtime can load/);
    assert.match(err.hint, /corrupt/);
  });

  it('reports a config.json that is not JSON', async () => {
    writeFileSync(path.join(dir, 'config.json'), '{"num_hidden_layers": 2,');
    assert.match((await loadError()).message, /config\.json is not valid JSON/);
  });

  it('refuses a config.json that disagrees with the ONNX graph', async () => {
    const configFile = path.join(dir, 'config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    writeFileSync(configFile, JSON.stringify({ ...config, num_hidden_layers: 3 }));
    assert.match((await loadError()).message, /has 2 cached layers but config\.json says 3/);
  });

  it('says when no decoder of the requested dtype exists', () => {
    assert.throws(() => findModelFiles(dir, 'int8'), /no ONNX decoder for dtype "int8"/);
    assert.equal(findModelFiles(dir, 'auto').dtype, 'fp32');
  });
});

describe('generation (tiny test model)', function () {
  this.timeout(20_000);
  let decoder: OnnxDecoder;
  let tokenizer: CodeTokenizer;
  const c = expected.cases[2];

  before(async () => {
    const files = findModelFiles(TINY_MODEL, 'auto');
    tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
    decoder = await OnnxDecoder.load(files.onnx, readDecoderConfig(files.config), 1);
  });
  after(() => decoder?.dispose());

  const options = { maxTokens: 8, timeBudgetMs: 10_000, stopStrings: [], isCancelled: () => false };

  it('reuses the cache: a repeated prompt prefills one token, an extended one only the new tokens', async () => {
    const cache = new SequenceCache();
    const first = await generate(decoder, tokenizer, cache, c.ids, options);
    assert.equal(first.prefilled, c.ids.length);
    assert.deepEqual(first.tokens, c.greedy);
    const again = await generate(decoder, tokenizer, cache, c.ids, options);
    assert.equal(again.prefilled, 1);
    assert.deepEqual(again.tokens, c.greedy);
    const extended = await generate(decoder, tokenizer, cache, [...c.ids, 17, 42], options);
    assert.equal(extended.prefilled, 2);
  });

  it('stops where a stop rule says, and at the token budget', async () => {
    const cut = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, stopAt: (t) => (t.length >= 3 ? 3 : undefined) });
    assert.equal(cut.reason, 'stopString');
    assert.equal(cut.text.length, 3);
    const short = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, maxTokens: 2 });
    assert.equal(short.reason, 'maxTokens');
    assert.deepEqual(short.tokens, c.greedy.slice(0, 2));
  });

  it('samples reproducibly with a seed, and greedily with top-k 1', async () => {
    const sampling = { temperature: 1.5, topK: 20, topP: 0.95, seed: 42 };
    const a = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, sampling });
    const b = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, sampling });
    assert.deepEqual(a.tokens, b.tokens);
    const others = await Promise.all([1, 2, 3].map((seed) => generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, sampling: { ...sampling, seed } })));
    assert.ok(others.some((o) => o.tokens.join() !== a.tokens.join()), 'another seed gives another draw');
    const one = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, sampling: { ...sampling, topK: 1 } });
    assert.deepEqual(one.tokens, c.greedy);
  });

  it('on an opened line, takes the best token that neither ends the line nor stops where the model would', async () => {
    const texts = tokenizer.tokenTexts(decoder.vocabSize);
    const blankOrStop = (id: number): boolean => tokenizer.isSpecial(id) || !fillsLine(texts[id]);
    // A line-start prompt whose most likely next token leaves the line blank or ends the text.
    let prompt: number[] | undefined;
    for (const text of ['import os\n', 'x = 1\n\n', 'def f(x):\n    return x\n\n\n', 'class A:\n    pass\n\n', 'import torch\nimport numpy as np\n\n\n']) {
      const ids = tokenizer.encode(text);
      if (blankOrStop(argmax((await decoder.forward(decoder.emptyState(), ids)).lastLogits))) prompt = ids;
    }
    assert.ok(prompt, 'one of the prompts has a first token that leaves the line blank or stops');
    const free = await generate(decoder, tokenizer, new SequenceCache(), prompt, { ...options, stopStrings: ['\n'] });
    assert.equal(free.text.trim(), '', 'left alone, the suggestion is blank');
    const filled = await generate(decoder, tokenizer, new SequenceCache(), prompt, { ...options, stopStrings: ['\n'], opening: fillsLine });
    const { lastLogits } = await decoder.forward(decoder.emptyState(), prompt);
    let best = -1;
    for (let id = 0; id < lastLogits.length; id++) {
      if (texts[id] !== '' && !blankOrStop(id) && (best < 0 || lastLogits[id] > lastLogits[best])) best = id;
    }
    assert.equal(filled.tokens[0], best, 'the best of the tokens allowed');
    assert.notEqual(filled.text.trim(), '');
  });

  it("after a dot behind one of the project's modules, spells one of its names (greedy, sampled, with guesses, after healing)", async () => {
    const members = memberNames(new Map([['helpers', new Set(['zz_quantile_norm', 'other_thing'])]]));
    const line = 'x = helpers.';
    const prompt = tokenizer.encode(`import helpers\n${line}`);
    const long = { ...options, maxTokens: 16, stopStrings: ['\n'] };
    const free = await generate(decoder, tokenizer, new SequenceCache(), prompt, long);
    assert.doesNotMatch(free.text, /^(zz_quantile_norm|other_thing)/, 'left alone, the tiny model writes neither');
    const sampling = { temperature: 1.5, topK: 20, topP: 0.95, seed: 7 };
    for (const extra of [{}, { draftTokens: 6 }, { sampling }, { sampling, draftTokens: 6 }]) {
      const named = await generate(decoder, tokenizer, new SequenceCache(), prompt, { ...long, ...extra, names: { members, line } });
      assert.match(named.text, /^(zz_quantile_norm|other_thing)(\W|$)/, JSON.stringify(extra));
    }
    // The user has typed the name's start; healing backs up over its last token, and the model spells it again.
    const begun = tokenizer.encode(`import helpers\n${line}zz_q`);
    const texts = tokenizer.tokenTexts(decoder.vocabSize);
    const heal = texts[begun[begun.length - 1]];
    const healed = await generate(decoder, tokenizer, new SequenceCache(), begun.slice(0, -1), { ...long, heal: { text: heal, tokenTexts: texts }, names: { members, line: `${line}zz_q` } });
    assert.match(healed.text, /^uantile_norm(\W|$)/);
  });

  it('with guessed tokens (prompt lookup): the same tokens and the same cache, in fewer steps', async () => {
    const sum = { steps: 0, tokens: 0, drafted: 0, accepted: 0 };
    // Every token after the first comes from a step or a guess taken; the first from the prefill, and
    // a step after the last one only when it was the end-of-text token the loop stops at.
    const decided = (r: { tokens: readonly number[]; reason: string }): number => r.tokens.length - (r.reason === 'specialToken' ? 0 : 1);
    // Each case also behind its own first greedy token followed by arbitrary ids: the lookup then
    // guesses those after that token, which the model does not choose (a guess refused).
    const prompts = expected.cases.flatMap((c) => [{ text: c.text, ids: c.ids }, { text: `misleading + ${c.text}`, ids: [c.greedy[0], 17, 42, 99, ...c.ids] }]);
    for (const x of prompts) {
      const long = { ...options, maxTokens: 24 };
      const plain = await generate(decoder, tokenizer, new SequenceCache(), x.ids, long);
      const cache = new SequenceCache();
      const guessed = await generate(decoder, tokenizer, cache, x.ids, { ...long, draftTokens: 6 });
      assert.deepEqual(guessed.tokens, plain.tokens, x.text);
      assert.equal(plain.steps, decided(plain), 'without guesses: a step per token');
      assert.equal(plain.drafted, 0);
      assert.equal(guessed.steps + guessed.accepted, decided(guessed), 'a step or a guess taken per token');
      for (const k of ['steps', 'drafted', 'accepted'] as const) sum[k] += guessed[k];
      sum.tokens += decided(guessed);
      // The cache the guesses leave behind (guesses never confirmed at its end among them) serves the
      // next request as a fresh prefill would.
      for (const more of [guessed.tokens.slice(0, 3), guessed.tokens]) {
        const again = await generate(decoder, tokenizer, cache, [...x.ids, ...more], long);
        if (more.length === 3) assert.equal(again.prefilled, 1);
        const fresh = await generate(decoder, tokenizer, new SequenceCache(), [...x.ids, ...more], long);
        assert.deepEqual(again.tokens, fresh.tokens);
      }
    }
    assert.ok(sum.steps < sum.tokens, `${sum.steps} steps for ${sum.tokens} tokens`);
    assert.ok(sum.accepted > 0 && sum.drafted > sum.accepted, `guesses taken and refused: ${sum.accepted} of ${sum.drafted}`);
  });

  it('samples the same tokens with guesses as without', async () => {
    const sampling = { temperature: 1.2, topK: 20, topP: 0.95, seed: 7 };
    let drafted = 0;
    let accepted = 0;
    for (const [x, seed] of expected.cases.flatMap((c) => [7, 8, 9].map((seed) => [c, seed] as const))) {
      const plain = await generate(decoder, tokenizer, new SequenceCache(), x.ids, { ...options, maxTokens: 32, sampling: { ...sampling, seed } });
      const guessed = await generate(decoder, tokenizer, new SequenceCache(), x.ids, { ...options, maxTokens: 32, sampling: { ...sampling, seed }, draftTokens: 6 });
      assert.deepEqual(guessed.tokens, plain.tokens, `${x.text}, seed ${seed}`);
      drafted += guessed.drafted;
      accepted += guessed.accepted;
    }
    assert.ok(accepted > 0 && drafted > accepted, `guesses taken and refused: ${accepted} of ${drafted}`);
  });

  it('stops between decode steps when cancelled, and returns nothing', async () => {
    let steps = 0;
    const result = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, isCancelled: () => ++steps > 3 });
    assert.equal(result.reason, 'cancelled');
    assert.equal(result.text, '');
    assert.equal(result.tokens.length, 3);
  });
});

describe('token healing (tiny test model)', function () {
  this.timeout(20_000);
  let decoder: OnnxDecoder;
  let tokenizer: CodeTokenizer;

  before(async () => {
    const files = findModelFiles(TINY_MODEL, 'auto');
    tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
    decoder = await OnnxDecoder.load(files.onnx, readDecoderConfig(files.config), 1);
  });
  after(() => decoder?.dispose());

  it('backs up one token and makes the first new token begin with its text', async () => {
    const c = expected.cases[1]; // "def forward(self, x):\n    return self."
    const texts = tokenizer.tokenTexts(decoder.vocabSize);
    const healText = texts[c.ids[c.ids.length - 1]];
    assert.equal(healText, '.');
    const prompt = c.ids.slice(0, -1);
    const options = { maxTokens: 4, timeBudgetMs: 10_000, stopStrings: [], isCancelled: () => false };
    const result = await generate(decoder, tokenizer, new SequenceCache(), prompt, { ...options, heal: { text: healText, tokenTexts: texts } });
    // The oracle: the best-scoring token among those that begin with the healed text or are a part of it
    // (any part: the healed text is not blank).
    const { lastLogits } = await decoder.forward(decoder.emptyState(), prompt);
    let best = -1;
    for (let id = 0; id < lastLogits.length; id++) {
      const t = texts[id];
      if (t && (t.startsWith(healText) || healText.startsWith(t)) && (best < 0 || lastLogits[id] > lastLogits[best])) best = id;
    }
    assert.equal(result.tokens[0], best);
    assert.ok(texts[result.tokens[0]].startsWith('.'));
    assert.equal(result.text, tokenizer.decode(result.tokens).slice(1), 'the typed "." is not suggested again');
  });

  it('spells a healed text over several tokens when the model writes it in pieces (a line break and indentation)', async () => {
    const texts = tokenizer.tokenTexts(decoder.vocabSize);
    const healText = '\n        ';
    const prompt = tokenizer.encode('def forward(self, x):\n    if x:');
    const options = { maxTokens: 6, timeBudgetMs: 10_000, stopStrings: [], isCancelled: () => false };
    const result = await generate(decoder, tokenizer, new SequenceCache(), prompt, { ...options, heal: { text: healText, tokenTexts: texts } });
    // Replay the rule on what it chose: each token covers what is left of the healed text, or is the
    // part of it the tokenizer writes first when a word follows (blankPart).
    let pending = healText;
    let i = 0;
    for (; pending && i < result.tokens.length; i++) {
      const t = texts[result.tokens[i]];
      const part = blankPart(pending, (text) => tokenizer.encode(text), (id) => texts[id]);
      assert.ok(t.length > 0 && (t.startsWith(pending) || (pending.startsWith(t) && t === part)), `token ${i} (${JSON.stringify(t)}) continues ${JSON.stringify(pending)} (part: ${JSON.stringify(part)})`);
      pending = t.startsWith(pending) ? '' : pending.slice(t.length);
    }
    assert.equal(pending, '', 'the healed text is spelled out');
    assert.equal(result.text, tokenizer.decode(result.tokens).slice(healText.length));
  });

  it('keeps to the token budget while it spells the healed text, and then suggests nothing', async () => {
    const texts = tokenizer.tokenTexts(decoder.vocabSize);
    const healText = '\n\n\n' + ' '.repeat(40); // longer than any token of the tiny vocabulary
    assert.ok(texts.every((t) => !t || !t.startsWith(healText)));
    const prompt = tokenizer.encode('def forward(self, x):\n    if x:');
    const result = await generate(decoder, tokenizer, new SequenceCache(), prompt, {
      maxTokens: 2,
      timeBudgetMs: 10_000,
      stopStrings: [],
      isCancelled: () => false,
      heal: { text: healText, tokenTexts: texts },
    });
    assert.equal(result.tokens.length, 2);
    assert.equal(result.reason, 'maxTokens');
    assert.equal(result.text, '');
  });
});

describe('ONNX decoder sessions in a process of their own, as in the language server', function () {
  this.timeout(30_000);

  it('run with denormal floats flushed to zero, which masked attention scores would otherwise slow down', () => {
    // ONNX Runtime sets the thread's float mode from the first session a process creates (its docs:
    // later sessions do not change the main thread's), so this needs a fresh process, as the server
    // is, in which the decoder's session is that first one. A denormal product there is 0.
    const decoder = path.resolve(__dirname, 'onnxDecoder.ts');
    const modelConfig = path.resolve(__dirname, 'modelConfig.ts');
    const script = `
      const { OnnxDecoder } = require(${JSON.stringify(decoder)});
      const { readDecoderConfig } = require(${JSON.stringify(modelConfig)});
      const dir = ${JSON.stringify(TINY_MODEL)};
      // Written out at once: once denormals are flushed, even printing one gives 0.
      const before = String(Number('1e-310') * 0.5);
      OnnxDecoder.load(dir + '/onnx/model.onnx', readDecoderConfig(dir + '/config.json'), 1).then(async (d) => {
        console.log(JSON.stringify({ before, after: String(Number('1e-310') * 0.5) }));
        await d.dispose();
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { encoding: 'utf8', cwd: path.resolve(__dirname, '..', '..') }));
    // As text: this process may flush denormals itself, which would make any number compare as 0.
    assert.equal(out.before, '5e-311', 'denormals are kept before any session exists');
    assert.equal(out.after, '0');
  });
});
