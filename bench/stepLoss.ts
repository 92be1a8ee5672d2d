// Next-token loss as the engine computes it while a completion is decoded: a prompt of --prompt tokens
// prefilled, then one token per step through the decoder's cache, on files of packages no model here
// trained on (the work folder's unseen split). bench:quality's bits per byte prefills whole chunks and
// never reads a cache; this reads it at every step, which is what a change to the cache (its layout,
// int8 slots: models/train/int8_cache.py) can change.
//
// Prints JSON: per model, the mean loss (nats per token) and how often its most likely token is the
// file's; with --baseline, the two models on the same positions: the mean difference of the loss
// with its standard error over files (positions within a file are not independent), how often their
// most likely tokens agree, and the mean KL divergence from the baseline's distribution.
//
// Files are taken round-robin across the split's packages, the first --files with at least --prompt +
// --steps tokens, so that no one package makes the figure.
//
// Run: npm run bench:step-loss [-- --model DIR] [--baseline DIR | --baseline git:REV] [--work DIR]
//        [--files N] [--prompt N] [--steps N] [--out FILE]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeTokenizer } from '../server/completion/codeTokenizer';
import { OnnxDecoder } from '../server/completion/onnxDecoder';
import { ROOT } from '../scripts/paths';
import { arg, report } from './lspSession';
import { benchModel } from './modelRevision';
import { round, standardError } from './quality/score';

interface SourceFile {
  readonly package: string;
  readonly path: string;
  readonly text: string;
}

/** log-softmax of `logits`, in float64. */
function logProbabilities(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  const log = max + Math.log(sum);
  return Float64Array.from(logits, (v) => v - log);
}

function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** The first `count` files with at least `tokens` tokens, taking one package's next file in turn. */
function pickFiles(files: readonly SourceFile[], tokenizer: CodeTokenizer, tokens: number, count: number): { file: SourceFile; ids: number[] }[] {
  const byPackage = new Map<string, SourceFile[]>();
  for (const f of files) {
    const queue = byPackage.get(f.package);
    if (queue) queue.push(f);
    else byPackage.set(f.package, [f]);
  }
  const queues = [...byPackage.values()];
  const picked: { file: SourceFile; ids: number[] }[] = [];
  while (picked.length < count && queues.some((q) => q.length > 0)) {
    for (const queue of queues) {
      while (queue.length > 0 && picked.length < count) {
        const file = queue.shift()!;
        const ids = tokenizer.encode(file.text);
        if (ids.length >= tokens) {
          picked.push({ file, ids: ids.slice(0, tokens) });
          break;
        }
      }
    }
  }
  return picked;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-bench-step-loss-'));
  try {
    const models = [benchModel('model', arg('model', path.join(ROOT, 'models', 'code-model')), tmp)];
    const baseline = arg('baseline', '');
    if (baseline) models.push(benchModel('baseline', baseline, tmp));
    const work = path.resolve(arg('work', path.join(ROOT, '.cache', 'v2')));
    const count = Number(arg('files', '40'));
    const prompt = Number(arg('prompt', '300'));
    const steps = Number(arg('steps', '160'));
    for (const m of models) {
      if (prompt + steps > (m.config.maxPositions ?? Infinity)) throw new Error(`--prompt + --steps (${prompt + steps}) is past ${m.label}'s context (${m.config.maxPositions})`);
    }
    // The models must share the tokenizer for their losses to be compared token by token.
    const tokenizerText = readFileSync(models[0].tokenizer, 'utf8');
    for (const m of models.slice(1)) if (readFileSync(m.tokenizer, 'utf8') !== tokenizerText) throw new Error(`${m.dir} has another tokenizer than ${models[0].dir}: their losses are not per the same tokens`);
    const tokenizer = CodeTokenizer.load(models[0].tokenizer, models[0].tokenizerConfig);
    const corpus = readFileSync(path.join(work, 'corpus', 'unseen.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SourceFile);
    const files = pickFiles(corpus, tokenizer, prompt + steps, count);
    const decoders = await Promise.all(models.map((m) => OnnxDecoder.load(m.onnx, m.config, 1)));
    const loss = models.map(() => [] as number[]);
    const hits = models.map(() => 0);
    const fileDifferences: number[] = [];
    let agree = 0;
    let kl = 0;
    let positions = 0;
    for (const { ids } of files) {
      // Each model prefills the prompt but its last token, then decodes one token per step.
      let current = await Promise.all(decoders.map(async (d) => d.forward(d.emptyState(), ids.slice(0, prompt))));
      let fileDifference = 0;
      for (let t = prompt; t < ids.length; t++) {
        const logp = current.map((s) => logProbabilities(s.lastLogits));
        const tops = logp.map(argmax);
        logp.forEach((lp, k) => {
          loss[k].push(-lp[ids[t]]);
          if (tops[k] === ids[t]) hits[k]++;
        });
        if (logp.length === 2) {
          fileDifference += logp[1][ids[t]] - logp[0][ids[t]];
          if (tops[0] === tops[1]) agree++;
          for (let v = 0; v < logp[1].length; v++) kl += Math.exp(logp[1][v]) * (logp[1][v] - logp[0][v]);
        }
        positions++;
        if (t + 1 < ids.length) current = await Promise.all(decoders.map((d, k) => d.forward(current[k].state, [ids[t]])));
      }
      fileDifferences.push(fileDifference / (ids.length - prompt));
    }
    await Promise.all(decoders.map((d) => d.dispose()));
    const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    report({
      bench: 'step-loss',
      work: path.relative(ROOT, work) || work,
      files: files.length,
      packages: [...new Set(files.map((f) => f.file.package))],
      promptTokens: prompt,
      decodeSteps: steps,
      positions,
      models: models.map((m, k) => ({ label: m.label, dir: m.dir, cache: decoders[k].layout.kvType, lossNatsPerToken: round(mean(loss[k]), 4), top1: round(hits[k] / positions, 4) })),
      ...(models.length === 2
        ? {
            paired: {
              what: 'model − baseline, per token, mean over files (standard error over files)',
              lossDifference: round(mean(fileDifferences), 5),
              standardError: round(standardError(fileDifferences), 5),
              top1Agreement: round(agree / positions, 4),
              klFromBaseline: round(kl / positions, 6),
            },
          }
        : {}),
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
