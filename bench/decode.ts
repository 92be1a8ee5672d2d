// Decode speed of the code model against the memory-bandwidth bound (issue 18, item 4). A decode
// step reads every weight once, so it cannot be faster than the int8 file's bytes divided by the
// bytes per second one core can read; attention also reads the cached keys and values (all slots
// the in-place cache holds, masked or not). Prints JSON with, measured in the same run:
//
// - the single-thread read bandwidth: memchr over a 512 MiB buffer (main memory), and over a buffer
//   the size of the model file (largely the 32 MiB L3 here), median of repeats;
// - per model (the one given and, with --baseline, another in the same run) and per cached context:
//   decode ms/token (median and p95 of --steps one-token steps through the engine's OnnxDecoder on
//   one thread, as the server runs it, in --rounds rounds in which the models take turns), the
//   weight-only bound (file bytes ÷ main-memory bandwidth) and the share of it reached, and the bound
//   with the key/value cache's bytes added;
// - per model, the prefill of a prompt of --prefill tokens from an empty cache (a cold request's
//   first step; bench:cold's prompts average ~330 tokens): median ms and tokens per second;
// - with --weight-matmuls FILE (models/train/weight_matmuls.py: the model's MatMulNBits nodes alone,
//   one token's activations in), how long the weights take by themselves, against the same bound:
//   what a step spends beyond them is attention over the cache and the rest of the graph;
// - with --rest DIR (weight_matmuls.py --rest of --model's file, never the baseline's: the model's graph
//   with its weight products replaced by a broadcast of their input), that graph stepped in turn with
//   the model, at the same moments (its rows name the model they are read against): the
//   step without its weights, and so (model − rest) what the weight products take inside a real step,
//   where the rest of the step has pushed part of them out of the caches.
//
// Run: npm run bench:decode [-- --model DIR] [--baseline DIR | --baseline git:REV] [--contexts 64,300,700]
//        [--steps N] [--rounds N] [--prefill N] [--weight-matmuls FILE] [--rest DIR] [--out FILE]
// --baseline git:REV takes models/code-model as committed at REV (e.g. git:HEAD before a re-export).
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DecoderConfig } from '../server/completion/modelConfig';
import { OnnxDecoder } from '../server/completion/onnxDecoder';
import { SLOT_STEP } from '../server/completion/slotCache';
import { ROOT } from '../scripts/paths';
import { arg, percentile, report } from './lspSession';
import { benchModel } from './modelRevision';

/** The target: decode reaches at least this share of the weight-only bound. */
const TARGET_SHARE = 0.5;

/** Bytes per second one thread reads, by memchr for a byte that is not there (median of `repeats`). */
function readBandwidth(bytes: number, repeats: number): number {
  const buffer = Buffer.alloc(bytes, 1);
  buffer.indexOf(7); // fault the pages in
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    if (buffer.indexOf(7) !== -1) throw new Error('memchr found a byte that was never written');
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  return bytes / percentile(times, 50);
}

/**
 * Bytes of keys and values a step reads with `context` cached tokens: every slot of the buffers, per
 * head and slot head_dim values of the cache's type (int8 slots: and a float scale; int8Slots.ts).
 */
function cacheBytes(config: DecoderConfig, kvType: OnnxDecoder['layout']['kvType'], context: number): number {
  const slots = Math.ceil((context + 1) / SLOT_STEP) * SLOT_STEP;
  const perHeadSlot = kvType === 'int8' ? config.headDim + 4 : config.headDim * (kvType === 'float16' ? 2 : 4);
  return config.numLayers * 2 * config.numKvHeads * slots * perHeadSlot;
}

/** The positions a measurement at `context` cached tokens uses: the prompt, 4 warm-up steps, then a round's steps. */
const positionsUsed = (context: number, perRound: number): number => context + Math.max(perRound, 4);

/**
 * Median and p95 ms of one-token decode steps after a prompt of `context` tokens, per decoder: `rounds`
 * rounds of `perRound` steps, the decoders taking turns within each round (each round starts again
 * from the prompt), so that all of them meet the same machine: its speed drifts by ±20 % over minutes.
 */
async function decodeTimes(decoders: readonly OnnxDecoder[], context: number, rounds: number, perRound: number): Promise<{ p50: number; p95: number }[]> {
  const token = (i: number): number => 40 + ((i * 131) % 8000);
  const prompts = await Promise.all(decoders.map(async (decoder) => {
    let state = (await decoder.forward(decoder.emptyState(), Array.from({ length: context }, (_, i) => token(i)))).state;
    for (let i = 0; i < 4; i++) state = (await decoder.forward(state, [token(context + i)])).state; // warm
    return state;
  }));
  const times: number[][] = decoders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [k, decoder] of decoders.entries()) {
      let state = decoder.truncate(prompts[k], context);
      for (let i = 0; i < perRound; i++) {
        const start = performance.now();
        state = (await decoder.forward(state, [token(context + i)])).state;
        times[k].push(performance.now() - start);
      }
      prompts[k] = state;
    }
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return { p50: round(percentile(t, 50)), p95: round(percentile(t, 95)) };
  });
}

/** Median and p95 ms of running the weight products alone (weight_matmuls.py's graph), on one thread. */
async function weightMatmulTimes(file: string, runs: number): Promise<{ p50: number; p95: number }> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' });
  try {
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
    for (const name of session.inputNames) {
      const width = Number(/^activations_(\d+)$/.exec(name)?.[1]);
      if (!Number.isInteger(width) || width <= 0) throw new Error(`${file}: input ${name} is not one of weight_matmuls.py's activations_<width>`);
      feeds[name] = new ort.Tensor('float32', Float32Array.from({ length: width }, (_, i) => Math.sin(i)), [1, 1, width]);
    }
    for (let i = 0; i < 20; i++) await session.run(feeds);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await session.run(feeds);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
  } finally {
    await session.release();
  }
}

/** Median ms of prefilling `tokens` tokens into an empty cache, over `repeats` runs after one warm-up. */
async function prefillTime(decoder: OnnxDecoder, tokens: number, repeats: number): Promise<number> {
  const ids = Array.from({ length: tokens }, (_, i) => 40 + ((i * 131) % 8000));
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const start = performance.now();
    await decoder.forward(decoder.emptyState(), ids);
    if (i > 0) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-bench-decode-'));
  try {
    const models = [benchModel('model', arg('model', path.join(ROOT, 'models', 'code-model')), tmp)];
    const baseline = arg('baseline', '');
    if (baseline) models.push(benchModel('baseline', baseline, tmp));
    const restDir = arg('rest', '');
    if (restDir) models.push(benchModel('rest', restDir, tmp));
    const contexts = arg('contexts', '64,300,700').split(',').map(Number);
    const steps = Number(arg('steps', '48'));
    const rounds = Number(arg('rounds', '6'));
    const perRound = Math.max(1, Math.round(steps / rounds));
    const memory = readBandwidth(512 * 1024 * 1024, 9);
    const cached = readBandwidth(models[0].bytes, 25);
    const decoders = await Promise.all(models.map((m) => OnnxDecoder.load(m.onnx, m.config, 1)));
    const rows: Record<string, unknown>[] = [];
    const skipped: string[] = [];
    // Models take turns within each context, so that all meet the same machine state.
    for (const context of contexts) {
      // The exported model knows positions up to its context only (its rotary table ends there).
      const fits = models.map((m) => positionsUsed(context, perRound) <= (m.config.maxPositions ?? Number.POSITIVE_INFINITY));
      models.forEach((m, i) => {
        if (!fits[i]) skipped.push(`${m.label} at ${context}: needs ${positionsUsed(context, perRound)} positions, the model has ${m.config.maxPositions}`);
      });
      const measured = models.map((_, i) => i).filter((i) => fits[i]);
      const times = await decodeTimes(measured.map((i) => decoders[i]), context, rounds, perRound);
      for (const [j, i] of measured.entries()) {
        const m = models[i];
        const t = times[j];
        const boundMs = (m.bytes / memory) * 1000;
        if (m.label === 'rest') {
          // Bounds mean nothing for a graph that reads no weights: what counts is the difference.
          // model − rest: an upper bound on the weight products' part, since the weights also push the
          // rest's data (the key/value slots) out of the caches.
          const full = times[measured.indexOf(0)];
          const inStep = full ? full.p50 - t.p50 : undefined;
          const boundMs = (models[0].bytes / memory) * 1000;
          const parts = inStep !== undefined && inStep > 0 ? { weightProductsInStepMs: round(inStep), weightProductsShareOfBound: round(boundMs / inStep, 2) } : {};
          rows.push({ model: m.label, forModel: models[0].label, context, decodeMsP50: t.p50, decodeMsP95: t.p95, ...parts });
          continue;
        }
        const cache = cacheBytes(m.config, decoders[i].layout.kvType, context);
        const withCacheMs = ((m.bytes + cache) / memory) * 1000;
        rows.push({
          model: m.label, context, decodeMsP50: t.p50, decodeMsP95: t.p95,
          weightBoundMs: round(boundMs), shareOfWeightBound: round(boundMs / t.p50, 2),
          cacheType: decoders[i].layout.kvType, cacheBytes: cache, boundWithCacheMs: round(withCacheMs), shareOfBoundWithCache: round(withCacheMs / t.p50, 2),
        });
      }
    }
    const prefillTokens = Number(arg('prefill', '316'));
    const prefill: Record<string, unknown>[] = [];
    // Alternating too, and repeated in rounds: a prefill is long enough for the machine's mood to show.
    const prefillMs: number[][] = models.map(() => []);
    for (let pass = 0; pass < 5; pass++) {
      for (const [i, m] of models.entries()) {
        if (prefillTokens > (m.config.maxPositions ?? Number.POSITIVE_INFINITY)) continue;
        prefillMs[i].push(await prefillTime(decoders[i], prefillTokens, 3));
      }
    }
    for (const [i, m] of models.entries()) {
      if (prefillMs[i].length === 0) continue;
      const ms = percentile([...prefillMs[i]].sort((a, b) => a - b), 50);
      prefill.push({ model: m.label, tokens: prefillTokens, msP50: round(ms, 1), tokensPerSecond: Math.round((prefillTokens / ms) * 1000) });
    }
    await Promise.all(decoders.map((d) => d.dispose()));
    const weightFile = arg('weight-matmuls', '');
    let weights: Record<string, unknown> | undefined;
    if (weightFile) {
      const t = await weightMatmulTimes(weightFile, steps * 4);
      const boundMs = (models[0].bytes / memory) * 1000;
      weights = { file: weightFile, forModel: models[0].label, msP50: t.p50, msP95: t.p95, weightBoundMs: round(boundMs), shareOfWeightBound: round(boundMs / t.p50, 2) };
    }
    report({
      bench: 'decode',
      machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}, one inference thread`,
      readBandwidthGBps: { mainMemory: round(memory / 1e9, 1), modelSizedBuffer: round(cached / 1e9, 1) },
      models: models.map((m) => ({ label: m.label, dir: m.dir, onnxBytes: m.bytes })),
      target: `decode ms/token within ${1 / TARGET_SHARE}× the weight-only bound (share ≥ ${TARGET_SHARE})`,
      rows,
      prefill,
      ...(weights ? { weightMatmuls: weights } : {}),
      ...(skipped.length > 0 ? { skipped } : {}),
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
