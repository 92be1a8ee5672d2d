// The generator's runners-up and forced tokens (for a second pass that turns away from a first answer,
// copiedLine.ts), against the tiny test model.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeTokenizer } from './codeTokenizer';
import { readDecoderConfig } from './modelConfig';
import { findModelFiles } from './modelFiles';
import { OnnxDecoder } from './onnxDecoder';
import { generate, type GenerateResult, SequenceCache, topAllowed } from './generator';
import { fillsLine } from './openLine';

const TINY_MODEL = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'tiny-code-model');
const expected: { cases: { text: string; ids: number[] }[] } = JSON.parse(readFileSync(path.join(TINY_MODEL, 'expected.json'), 'utf8'));

describe('the best tokens allowed at a choice', () => {
  it('are the k highest logits among the allowed ids, best first, the lower id first on a tie', () => {
    const logits = Float32Array.from([0.5, 3, 1, 3, -2, 2, 7]);
    assert.deepEqual(topAllowed(logits, 3), { ids: [6, 1, 3], logits: [7, 3, 3] });
    assert.deepEqual(topAllowed(logits, 4, (id) => id !== 6 && id !== 3), { ids: [1, 5, 2, 0], logits: [3, 2, 1, 0.5] });
    assert.deepEqual(topAllowed(logits, 4, (id) => id === 4), { ids: [4], logits: [-2] }, 'fewer allowed than asked for');
    assert.deepEqual(topAllowed(logits, 2, () => false), { ids: [], logits: [] });
  });
});

describe('generation with runners-up and forced tokens (tiny test model)', function () {
  this.timeout(20_000);
  let decoder: OnnxDecoder;
  let tokenizer: CodeTokenizer;

  before(async () => {
    const files = findModelFiles(TINY_MODEL, 'auto');
    tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
    decoder = await OnnxDecoder.load(files.onnx, readDecoderConfig(files.config), 1);
  });
  after(() => decoder?.dispose());

  const options = { maxTokens: 12, timeBudgetMs: 10_000, stopStrings: [], isCancelled: () => false };
  // Every token after the first comes from a step or a guess taken; the first from the prefill, and a
  // step after the last one only when it was the end-of-text token the loop stops at.
  const decided = (r: GenerateResult): number => r.tokens.length - (r.reason === 'specialToken' ? 0 : 1);

  it('records the best allowed tokens at each choice, the chosen one first, without changing the answer', async () => {
    for (const c of expected.cases) {
      const plain = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, opening: fillsLine });
      const recorded = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, opening: fillsLine, alternatives: 4 });
      assert.deepEqual(recorded.tokens, plain.tokens, c.text);
      assert.equal(plain.choices, undefined);
      assert.equal(recorded.choices?.length, recorded.tokens.length);
      recorded.choices!.forEach((choice, i) => {
        assert.equal(choice.ids[0], recorded.tokens[i]);
        assert.equal(choice.ids.length, 4);
        assert.deepEqual([...choice.logits], [...choice.logits].sort((a, b) => b - a));
      });
      // The first choice's runners-up are the prompt's best next tokens that the opening rule allows.
      const { lastLogits } = await decoder.forward(decoder.emptyState(), c.ids);
      const texts = tokenizer.tokenTexts(decoder.vocabSize);
      assert.deepEqual(recorded.choices![0].ids, topAllowed(lastLogits, 4, (id) => texts[id] !== '' && fillsLine(texts[id])).ids, c.text);
    }
  });

  it('takes forced tokens first, in one step, and goes on as from a prompt that ends with them', async () => {
    for (const c of expected.cases) {
      const first = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, alternatives: 3 });
      // The first answer up to its third token, there its runner-up.
      const forced = [...first.tokens.slice(0, 2), first.choices![2].ids[1]];
      const cache = new SequenceCache();
      await generate(decoder, tokenizer, cache, c.ids, options); // the first pass's cache, as in the engine
      const turned = await generate(decoder, tokenizer, cache, c.ids, { ...options, forced });
      assert.deepEqual(turned.tokens.slice(0, 3), forced, c.text);
      const from = await generate(decoder, tokenizer, new SequenceCache(), [...c.ids, ...forced], { ...options, maxTokens: options.maxTokens - forced.length });
      assert.deepEqual(turned.tokens.slice(3), from.tokens, c.text);
      assert.equal(turned.text, tokenizer.decode(turned.tokens));
      assert.equal(turned.steps, decided(turned) - (forced.length - 1), 'the forced tokens after the first in one step');
      assert.equal(turned.forcedTokens, forced.length);
      assert.equal(first.forcedTokens, 0);
      assert.equal(turned.drafted, 0, 'forced tokens are no guesses');
      assert.equal(turned.accepted, 0);
      // With guesses from the prompt too (as the engine runs slot-cache models): the same tokens.
      const guessed = await generate(decoder, tokenizer, cache, c.ids, { ...options, forced, draftTokens: 6 });
      assert.deepEqual(guessed.tokens, turned.tokens, c.text);
      assert.ok(guessed.accepted <= guessed.drafted);
      assert.equal(guessed.steps + guessed.accepted, decided(guessed) - (forced.length - 1), 'a step or a guess taken per token after the forced ones');
    }
  });

  it('ends a block before a later line of unsure tokens it chose, not forced ones, and never when sampling (unsureLines.ts)', async () => {
    // The tiny model is unsure of everything (every log-probability under 0): once the forced tokens
    // have begun a second line, its first own token there ends the suggestion before that line.
    const forced = tokenizer.encode('x = 1\n    y');
    const kept: string[] = [];
    const unsureLines = { threshold: 0, complete: (text: string) => kept.push(text) > 0 };
    const c = expected.cases[0];
    const cut = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, unsureLines });
    assert.equal(cut.text, 'x = 1');
    assert.equal(cut.tokens.length, forced.length + 1, 'at the first token chosen, not at a forced one');
    assert.deepEqual(kept, ['x = 1']);
    const sampling = { temperature: 1, topK: 40, topP: 1, seed: 3 };
    const sampled = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, sampling });
    const sampledToo = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, sampling, unsureLines });
    assert.equal(sampledToo.text, sampled.text);
    assert.ok(sampled.text.startsWith('x = 1\n    y') && sampled.tokens.length > forced.length + 1, sampled.text);
    assert.equal(kept.length, 1, 'not asked while sampling');
  });

  it('ends a block before a line repeating its first, counted with the cursor line’s indentation (unsureLines.ts, repetition.ts)', async () => {
    const forced = tokenizer.encode('x = 1\n    x = 1\n');
    const c = expected.cases[0];
    const repeats = { threshold: -Infinity, complete: () => true };
    const cut = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, unsureLines: repeats, lineSoFar: '    ' });
    assert.equal(cut.text, 'x = 1');
    assert.equal(cut.lastLineWhole, true, 'cut at a line break');
    const atColumn0 = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, unsureLines: repeats });
    assert.ok(atColumn0.text.startsWith('x = 1\n    x = 1\n'), 'at column 0 the first line is another line');
    // Without the unsure-line rule (so with sampling, where it is off), the loop cut alone.
    const loopCut = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, lineSoFar: '    ' });
    assert.equal(loopCut.text, 'x = 1');
  });

  it('at the token budget, looks one token further for whether the last line is whole, when asked', async () => {
    const c = expected.cases[0];
    const forced = tokenizer.encode('x = 1\n    y = 2\n    z = 3\n');
    const upTo = (text: string): number => forced.findIndex((_, k) => tokenizer.decode(forced.slice(0, k + 1)) === text) + 1;
    const whole = upTo('x = 1\n    y = 2');
    assert.ok(whole > 0 && upTo('x = 1\n    y =') > 0, 'the line break begins a token');
    const peeked = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, maxTokens: whole, peekAtBudget: true });
    assert.equal(peeked.text, 'x = 1\n    y = 2');
    assert.equal(peeked.reason, 'maxTokens');
    assert.equal(peeked.lastLineWhole, true, 'the next token begins a line');
    const notAsked = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, maxTokens: whole });
    assert.equal(notAsked.lastLineWhole, false);
    assert.deepEqual(peeked.tokens, notAsked.tokens, 'the token looked at is not taken');
    const midLine = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, maxTokens: upTo('x = 1\n    y ='), peekAtBudget: true });
    assert.equal(midLine.lastLineWhole, false, 'the next token goes on with the line');
  });
  it('looks with the model itself where nothing is forced: one step more, the cache holding only the tokens taken', async () => {
    const c = expected.cases[0];
    const cache = new SequenceCache();
    const peeked = await generate(decoder, tokenizer, cache, c.ids, { ...options, maxTokens: 6, peekAtBudget: true });
    const notAsked = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, maxTokens: 6 });
    assert.deepEqual(peeked.tokens, notAsked.tokens);
    assert.equal(peeked.steps, notAsked.steps + 1, 'the last token fed to see what comes after it');
    assert.equal(cache.state?.tokens.length, c.ids.length + 6, 'the next request reuses the prompt and the tokens taken');
    // This model writes no line breaks: its next token goes on with the line.
    assert.equal(peeked.lastLineWhole, false);
  });

  it('gives a line the peek finds whole the look of a finished one: a repeat of the first line is cut', async () => {
    const c = expected.cases[0];
    const forced = tokenizer.encode('y = f(x)\n    y = f(x)\n    z = 1\n');
    const budget = forced.findIndex((_, k) => tokenizer.decode(forced.slice(0, k + 1)) === 'y = f(x)\n    y = f(x)') + 1;
    assert.ok(budget > 0);
    const peeked = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, maxTokens: budget, lineSoFar: '    ', peekAtBudget: true });
    assert.equal(peeked.text, 'y = f(x)');
    assert.equal(peeked.lastLineWhole, true);
    const notAsked = await generate(decoder, tokenizer, new SequenceCache(), c.ids, { ...options, forced, maxTokens: budget, lineSoFar: '    ' });
    assert.equal(notAsked.text, 'y = f(x)\n    y = f(x)', 'unfinished, the line is no repeat yet (and its cut comes from unfinishedBlock.ts)');
  });
});
