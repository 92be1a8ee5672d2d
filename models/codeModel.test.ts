// The default code model as shipped in models/code-model/: it loads the way any user model loads,
// and its int8 decoder, run by onnxruntime, agrees with the fp32 PyTorch model it was exported from
// (export-check.json, written by models/train/export.py).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeTokenizer } from '../server/completion/codeTokenizer';
import { detectFim } from '../server/completion/fimTemplates';
import { readDecoderConfig } from '../server/completion/modelConfig';
import { findModelFiles } from '../server/completion/modelFiles';
import { OnnxDecoder } from '../server/completion/onnxDecoder';
import { generate, SequenceCache } from '../server/completion/generator';
import { blockEnd, PythonSyntax } from '../server/completion/pythonSyntax';

const DIR = path.join(__dirname, 'code-model');

interface CheckCase {
  prompt: number[];
  greedy: number[];
  top_ids: number[];
  top_logits: number[];
}

describe('the shipped default code model', function () {
  this.timeout(30_000);
  const files = findModelFiles(DIR, 'auto');
  const config = readDecoderConfig(files.config);
  let decoder: OnnxDecoder;
  before(async () => {
    decoder = await OnnxDecoder.load(files.onnx, config, 1);
  });
  after(async () => decoder?.dispose());

  it('is found in the Optimum layout as int8, with a 1024-token context and suffix-prefix-middle prompts', () => {
    assert.equal(files.dtype, 'int8');
    assert.equal(config.maxPositions, 1024);
    assert.equal(config.fimOrder, 'spm');
    // The typing budget's cap on the default model (its card): it ships inside the .vsix (< 70 MB).
    assert.ok(files.bytes <= 48 * 1024 * 1024, `${files.bytes} bytes: small enough to ship in the .vsix`);
  });

  it("has a tokenizer with StarCoder's FIM tokens that encodes finished lines once", () => {
    const tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
    assert.equal(detectFim(tokenizer)?.family, 'starcoder');
    assert.equal(tokenizer.splitsAtLineEnds(), true);
    const text = 'class Net(nn.Module):\n    def forward(self, x):\n        return self.fc(x)  # 中文\n';
    assert.equal(tokenizer.decode(tokenizer.encode(text)), text);
  });

  const check = JSON.parse(readFileSync(path.join(DIR, 'export-check.json'), 'utf8')) as { cases: CheckCase[] };
  for (const [i, c] of check.cases.entries()) {
    it(`int8 logits agree with PyTorch's fp32 model (reference prompt ${i + 1})`, async () => {
      const { lastLogits } = await decoder.forward(decoder.emptyState(), c.prompt);
      let best = 0;
      for (let v = 1; v < lastLogits.length; v++) if (lastLogits[v] > lastLogits[best]) best = v;
      // The same most likely next token — unless fp32 itself nearly ties it with another (logits
      // within 0.1), where int8's rounding may pick either of the two.
      const fp32Logit = c.top_logits[c.top_ids.indexOf(best)];
      assert.ok(
        best === c.top_ids[0] || (fp32Logit !== undefined && c.top_logits[0] - fp32Logit < 0.1),
        `int8's most likely next token ${best} is fp32's (${c.top_ids[0]}) or a near-tie with it`,
      );
      const diffs = c.top_ids.map((id, k) => Math.abs(lastLogits[id] - c.top_logits[k]));
      const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
      assert.ok(mean < 0.25, `mean |int8 - fp32| over the top 20 logits is ${mean.toFixed(3)}`);
    });
  }

  it('generates the same code with tokens guessed from the prompt as without, in fewer model steps (promptLookup.ts)', async () => {
    const tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
    const demo = readFileSync(path.join(__dirname, '..', 'demo', 'train.py'), 'utf8');
    // Prompts ending at line starts spread over the demo's training script: code that repeats its own names.
    const lineStarts = [...demo.matchAll(/\n/g)].map((m) => m.index + 1);
    const prompts = Array.from({ length: 12 }, (_, k) => demo.slice(0, lineStarts[Math.floor(((k + 2) / 14) * lineStarts.length)]));
    const options = { maxTokens: 40, timeBudgetMs: 60_000, stopStrings: [], isCancelled: () => false };
    let tokens = 0;
    let steps = 0;
    let same = 0;
    for (const prompt of prompts) {
      const ids = tokenizer.encode(prompt).slice(-700);
      const plain = await generate(decoder, tokenizer, new SequenceCache(), ids, options);
      const guessed = await generate(decoder, tokenizer, new SequenceCache(), ids, { ...options, draftTokens: 6 });
      tokens += guessed.tokens.length - 1;
      steps += guessed.steps;
      let d = 0;
      while (d < plain.tokens.length && plain.tokens[d] === guessed.tokens[d]) d++;
      if (d === plain.tokens.length && d === guessed.tokens.length) {
        same++;
        continue;
      }
      // Steps of several rows round differently from one-row steps (other kernels; the step's new
      // tokens see each other in fp32, later steps see them as int8 from the cache): where the model
      // finds two tokens all but equally likely, the two ways may pick different ones. Anywhere else
      // they must agree.
      const { lastLogits } = await decoder.forward(decoder.emptyState(), [...ids, ...plain.tokens.slice(0, d)]);
      const gap = Math.abs(lastLogits[plain.tokens[d]] - lastLogits[guessed.tokens[d]]);
      assert.ok(gap < 0.25, `after ${JSON.stringify(prompt.slice(-40))}, token ${d}: ${JSON.stringify(tokenizer.decode([plain.tokens[d]]))} or ${JSON.stringify(tokenizer.decode([guessed.tokens[d]]))}, logits ${gap.toFixed(3)} apart`);
    }
    assert.ok(same >= prompts.length / 2, `${same} of ${prompts.length} the same to the last token`);
    assert.ok(steps < 0.8 * tokens, `${steps} model steps for ${tokens} tokens`);
  });

  it('ends block suggestions before their first unsure later line, where the code kept is complete (unsureLines.ts)', async () => {
    const tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
    const syntax = await PythonSyntax.load();
    const demo = readFileSync(path.join(__dirname, '..', 'demo', 'model.py'), 'utf8');
    // Each block header of the demo's model, the cursor after the indentation of the line below it.
    const headers = [...demo.matchAll(/^( *)\S.*:\n( *)/gm)].map((m) => ({ at: m.index + m[0].length, header: m[1].length, indent: m[2] }));
    assert.ok(headers.length >= 4);
    let cut = 0;
    for (const { at, header, indent } of headers) {
      const ids = tokenizer.encode(demo.slice(0, at)).slice(-400);
      const options = { maxTokens: 64, timeBudgetMs: 60_000, stopStrings: [], stopAt: (t: string) => blockEnd(t, header), isCancelled: () => false };
      const kept: string[] = [];
      const complete = (text: string): boolean => {
        kept.push(text);
        return syntax.completesBlock(indent, text);
      };
      const plain = await generate(decoder, tokenizer, new SequenceCache(), ids, options);
      const ended = await generate(decoder, tokenizer, new SequenceCache(), ids, { ...options, unsureLines: { threshold: -2, complete }, lineSoFar: indent });
      const where = `after ${JSON.stringify(demo.slice(at - 40, at))}`;
      if (ended.text === plain.text) continue;
      cut++;
      // The same tokens as far as it goes, ending at one of its line breaks, at a place the check allowed.
      assert.deepEqual(ended.tokens, plain.tokens.slice(0, ended.tokens.length), where);
      assert.ok(plain.text.startsWith(`${ended.text}\n`), where);
      assert.ok(ended.text.includes(plain.text.split('\n').find((l) => l.trim() !== '')!), `${where}: the first line stays`);
      assert.equal(kept[kept.length - 1], ended.text, where);
      assert.equal(syntax.completesBlock(indent, ended.text), true, where);
      // Sampled tokens are unlikely by design: no cut there.
      const sampling = { temperature: 0.8, topK: 40, topP: 0.95, seed: 7 };
      const sampled = await generate(decoder, tokenizer, new SequenceCache(), ids, { ...options, sampling, lineSoFar: indent });
      const sampledToo = await generate(decoder, tokenizer, new SequenceCache(), ids, { ...options, sampling, unsureLines: { threshold: -2, complete }, lineSoFar: indent });
      assert.equal(sampledToo.text, sampled.text, where);
    }
    assert.ok(cut >= 1, 'at least one of the demo model’s block suggestions ends early');
  });

  it('tells at the token budget whether a block suggestion’s last line is whole, by looking one token further (generator.ts)', async () => {
    const tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
    const demo = readFileSync(path.join(__dirname, '..', 'demo', 'model.py'), 'utf8');
    const header = /^ *def forward\(.*:\n */m.exec(demo);
    assert.ok(header, 'the demo model has a forward()');
    const ids = tokenizer.encode(demo.slice(0, header.index + header[0].length)).slice(-400);
    const options = { maxTokens: 40, timeBudgetMs: 60_000, stopStrings: [], isCancelled: () => false };
    const plain = await generate(decoder, tokenizer, new SequenceCache(), ids, options);
    const texts = plain.tokens.map((t) => tokenizer.decode([t]));
    // A budget ending where the next token begins a line, and one ending where it goes on with the line.
    const atLineEnd = texts.findIndex((t, k) => k > 1 && /^\r?\n/.test(t));
    const inLine = texts.findIndex((t, k) => k > 1 && !t.includes('\n') && !texts[k - 1].includes('\n'));
    assert.ok(atLineEnd > 0 && inLine > 0, JSON.stringify(texts));
    for (const [budget, whole] of [[atLineEnd, true], [inLine, false]] as const) {
      const peeked = await generate(decoder, tokenizer, new SequenceCache(), ids, { ...options, maxTokens: budget, peekAtBudget: true });
      assert.deepEqual(peeked.tokens, plain.tokens.slice(0, budget));
      assert.equal(peeked.lastLineWhole, whole, JSON.stringify(peeked.text));
    }
  });

  describe('its in-place cache (the slot signature, server/completion/slotCache.ts)', () => {
    const ids = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => 40 + ((from + i) * 131) % 8000);
    const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

    it('is the signature the shipped decoder has, with int8 slots (models/train/int8_cache.py)', () => {
      assert.equal(decoder.layout.cache, 'slots');
      assert.equal(decoder.layout.kvType, 'int8');
    });

    it("decodes PyTorch's continuations through its int8 cache as it computes them at once", async () => {
      for (const c of check.cases) {
        let step = await decoder.forward(decoder.emptyState(), c.prompt);
        for (const id of c.greedy) step = await decoder.forward(step.state, [id]);
        // At once, the tokens see each other's keys and values in fp32; step by step, the cached ones
        // as int8 with a scale per head and token: a logit moves by a few hundredths.
        const whole = await decoder.forward(decoder.emptyState(), [...c.prompt, ...c.greedy]);
        const top = Array.from(whole.lastLogits.entries()).sort((a, b) => b[1] - a[1]).slice(0, 20);
        const mean = top.reduce((sum, [id, v]) => sum + Math.abs(step.lastLogits[id] - v), 0) / top.length;
        assert.ok(mean < 0.1, `mean |step by step - at once| over the top 20 logits is ${mean.toFixed(3)}`);
        let best = 0;
        for (let v = 1; v < step.lastLogits.length; v++) if (step.lastLogits[v] > step.lastLogits[best]) best = v;
        assert.equal(best, top[0][0], 'the same most likely next token');
      }
    });

    it('gives the same logits after cutting back and taking another way as the first time', async () => {
      const prompt = await decoder.forward(decoder.emptyState(), ids(50));
      const first = await decoder.forward(prompt.state, ids(3, 100));
      const other = await decoder.forward(decoder.truncate(first.state, 50), ids(5, 200));
      assert.ok(maxAbsDiff(first.lastLogits, other.lastLogits) > 0.1, 'another way, other logits');
      const again = await decoder.forward(decoder.truncate(other.state, 50), ids(3, 100));
      assert.deepEqual(again.lastLogits, first.lastLogits);
      await assert.rejects(decoder.forward(other.state, ids(1, 300)), /overwritten/, 'a state whose slots were overwritten since is refused');
    });

    it("computes a prompt's logits for its last token only, unless all are asked for (models/train/logits_rows.py)", async () => {
      assert.equal(decoder.layout.hasLogitsFrom, true);
      const prompt = ids(40);
      const last = await decoder.forward(decoder.emptyState(), prompt);
      const all = await decoder.forward(decoder.emptyState(), prompt, true);
      const vocab = config.vocabSize;
      assert.equal(all.allLogits!.length, prompt.length * vocab);
      assert.ok(maxAbsDiff(last.lastLogits, all.lastLogits) < 1e-3, `last row alone vs among all: ${maxAbsDiff(last.lastLogits, all.lastLogits)}`);
      // Every row is a position's own: the first one's logits are those of the first token alone.
      const first = await decoder.forward(decoder.emptyState(), prompt.slice(0, 1));
      assert.ok(maxAbsDiff(first.lastLogits, all.allLogits!.subarray(0, vocab)) < 1e-3);
    });

    it('decodes the same across the buffers growing as with room to spare', async () => {
      const steps = async (start: ReturnType<typeof decoder.emptyState>): Promise<Float32Array[]> => {
        let step = await decoder.forward(start, ids(120));
        const logits: Float32Array[] = [];
        for (let i = 0; i < 16; i++) {
          step = await decoder.forward(step.state, ids(1, 500 + i));
          logits.push(step.lastLogits);
        }
        return logits;
      };
      // 120 + 16 tokens cross the first growth (128 slots); a cache that held 300 tokens before
      // has room for all of them.
      const growing = await steps(decoder.emptyState());
      const roomy = (await decoder.forward(decoder.emptyState(), ids(300, 1000))).state;
      const spare = await steps(decoder.truncate(roomy, 0));
      // 384 slots x 8 layers x 8 heads x int8 keys and values of 64 dims and a float scale each (int8_cache.py).
      assert.equal(roomy.slots!.bytes, 384 * 8 * 8 * 2 * (64 + 4));
      for (const [i, l] of growing.entries()) assert.ok(maxAbsDiff(l, spare[i]) < 1e-3, `step ${i + 1}: ${maxAbsDiff(l, spare[i])}`);
    });
  });
});
