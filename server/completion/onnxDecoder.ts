// Runs an ONNX causal decoder in the Optimum / transformers.js tensor conventions: input_ids,
// attention_mask, optional position_ids, past_key_values.{i}.key|value → logits, present.{i}.key|value
// (or GPTBigCode's fused past_key_values.{i}.key_value), and the merged decoder's use_cache_branch;
// or in the engine's own in-place signature (slotCache.ts), which the shipped model uses.
// onnxruntime-node is loaded on first use, so that the server starts (and snippets work) even where
// its native binary is missing.
import type * as Ort from 'onnxruntime-node';
import { halfToFloat } from '../../core/data/float16';
import type { DecoderConfig } from './modelConfig';
import { ModelLoadError } from './modelErrors';
import { type KvState, truncateKv } from './kvCache';
import { SlotBuffers } from './slotCache';
import { Int8SlotBuffers } from './int8Slots';
import { type Message, msg } from '../../core/text/message';

export interface ForwardResult {
  /** Logits of the last input position, as float32. */
  readonly lastLogits: Float32Array;
  /** Logits of every input position, [sequence, vocab], when asked for. */
  readonly allLogits?: Float32Array;
  /** The cache after this step: the old tokens plus the new ones. */
  readonly state: KvState;
}

interface IoLayout {
  /** optimum: the cache goes in and comes back whole; slots: it is kept in place (slotCache.ts). */
  readonly cache: 'optimum' | 'slots';
  readonly pastNames: readonly string[];
  readonly presentNames: readonly string[];
  readonly hasPositionIds: boolean;
  readonly hasUseCacheBranch: boolean;
  /** The graph computes logits from row `logits_from` on (models/train/logits_rows.py). */
  readonly hasLogitsFrom: boolean;
  /** int8: the slots of models/train/int8_cache.py's graphs (int8Slots.ts); slot layouts only. */
  readonly kvType: 'float32' | 'float16' | 'int8';
  readonly kvHeads: number;
  readonly headDim: number;
  /** Shape of an empty cache tensor (length 0 on the sequence axis). */
  readonly emptyDims: readonly number[];
  readonly seqAxis: number;
}

export class OnnxDecoder {
  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    readonly layout: IoLayout,
    readonly vocabSize: number,
  ) {}

  static async load(onnxFile: string, config: DecoderConfig, threads: number): Promise<OnnxDecoder> {
    let ort: typeof Ort;
    try {
      ort = await import('onnxruntime-node');
    } catch (err) {
      throw new ModelLoadError('model', msg('ONNX Runtime could not be loaded: {0}.', (err as Error).message), msg('Install the HAI build for your platform (linux-x64, darwin-arm64, win32-x64).'), { cause: err });
    }
    let session: Ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(onnxFile, {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        // Masked attention scores come out of Softmax as denormal floats, on which x86 arithmetic is
        // many times slower: with them flushed to zero a 316-token prefill of the shipped model
        // spends 6 ms in Softmax instead of 25 (ORT profile, one thread). ONNX Runtime sets the
        // flag on the thread that creates the process's first session (later sessions leave that
        // thread alone), here the server's main thread, whose only sessions are decoders: its
        // JavaScript numbers below 2.2e-308 become 0 too, which nothing in the server depends on.
        extra: { session: { set_denormal_as_zero: '1' } },
      });
    } catch (err) {
      throw new ModelLoadError('model', msg('{0} is not a model ONNX Runtime can load: {1}.', onnxFile, (err as Error).message), msg('The file may be truncated or corrupt: download or export it again.'), { cause: err });
    }
    return new OnnxDecoder(ort, session, describeIo(session, config, onnxFile), config.vocabSize);
  }

  /** An empty cache, for the first step of a sequence. */
  emptyState(): KvState {
    const { emptyDims, kvType, pastNames, kvHeads, headDim } = this.layout;
    if (this.layout.cache === 'slots') {
      const slots = kvType === 'int8'
        ? new Int8SlotBuffers({ layers: pastNames.length / 4, kvHeads, headDim }, this.ort.Tensor)
        : new SlotBuffers({ buffers: pastNames.length, kvHeads, headDim, type: kvType }, this.ort.Tensor);
      return { tokens: [], tensors: [], slots };
    }
    const empty = (): Ort.Tensor =>
      new this.ort.Tensor(kvType, kvType === 'float16' ? new Uint16Array(0) : new Float32Array(0), emptyDims);
    return { tokens: [], tensors: pastNames.map(empty) };
  }

  /** The cache cut back to its first `keep` tokens. */
  truncate(state: KvState, keep: number): KvState {
    if (keep === state.tokens.length) return state;
    // Slots after `keep` are masked by cache_length, and overwritten by the next step.
    if (state.slots) return { tokens: state.tokens.slice(0, keep), tensors: [], slots: state.slots };
    return { tokens: state.tokens.slice(0, keep), tensors: state.tensors.map((t) => truncateKv(t, keep, this.ort.Tensor, this.layout.seqAxis)) };
  }

  /** Feeds `ids` after the cached tokens and returns the logits and the extended cache. */
  async forward(state: KvState, ids: readonly number[], wantAll = false): Promise<ForwardResult> {
    if (ids.length === 0) throw new RangeError('forward needs at least one token');
    const past = state.tokens.length;
    const total = past + ids.length;
    const { Tensor } = this.ort;
    const feeds: Record<string, Ort.Tensor> = { input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]) };
    const slots = state.slots;
    if (slots) {
      if (!slots.holds(state.tokens)) throw new Error('this cache state was overwritten by a later step');
      feeds.cache_length = new Tensor('int64', BigInt64Array.of(BigInt(past)), [1]);
      const inputs = slots.inputs(past, ids.length);
      this.layout.pastNames.forEach((name, i) => (feeds[name] = inputs[i]));
    } else {
      feeds.attention_mask = new Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]);
      this.layout.pastNames.forEach((name, i) => (feeds[name] = state.tensors[i]));
    }
    if (this.layout.hasPositionIds) {
      feeds.position_ids = new Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(past + i)), [1, ids.length]);
    }
    if (this.layout.hasUseCacheBranch) feeds.use_cache_branch = new Tensor('bool', [past > 0], [1]);
    // Only the last row's logits, unless all are wanted: the head's largest matrix then runs on one row.
    if (this.layout.hasLogitsFrom) feeds.logits_from = new Tensor('int64', BigInt64Array.of(BigInt(wantAll ? 0 : ids.length - 1)), [1]);
    const out = await this.session.run(feeds);
    const logits = out.logits;
    const seq = logits.dims[1];
    const vocab = logits.dims[2];
    // config.json's vocab_size sizes the token tables the engine builds (a forged 10^8 took the server down); the graph's own logits decide.
    if (vocab !== this.vocabSize) throw new Error(`the graph's logits have ${vocab} entries per token, but config.json says vocab_size ${this.vocabSize}`);
    const all = toFloat32(logits);
    const tokens = [...state.tokens, ...ids];
    const presents = this.layout.presentNames.map((n) => out[n]);
    slots?.write(past, tokens, presents);
    return {
      // A one-row step's logits as they are (the binding gives each run's outputs new buffers, and no
      // caller writes to logits); a prefill's last row copied, so that its [seq, vocab] rows can go.
      lastLogits: seq === 1 || wantAll ? all.subarray((seq - 1) * vocab, seq * vocab) : all.slice((seq - 1) * vocab, seq * vocab),
      allLogits: wantAll ? all : undefined,
      state: slots ? { tokens, tensors: [], slots } : { tokens, tensors: presents },
    };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function describeIo(session: Ort.InferenceSession, config: DecoderConfig, file: string): IoLayout {
  const inputs = new Set(session.inputNames);
  const incompatible = (what: Message): ModelLoadError =>
    new ModelLoadError('model', msg('{0} {1}.', file, what), msg('HAI runs decoders exported with Optimum or for transformers.js (with past_key_values inputs).'));
  if (!inputs.has('input_ids') || !session.outputNames.includes('logits')) throw incompatible(msg('has no input_ids input or no logits output'));
  // config.json's vocab_size sizes the token tables the engine builds (a forged 10^8 took the server down): it must be the graph's.
  const logits = session.outputMetadata?.find((m) => m.name === 'logits');
  const vocab = logits?.isTensor ? logits.shape[2] : undefined;
  if (typeof vocab === 'number' && vocab !== config.vocabSize) throw incompatible(msg('gives logits over {0} tokens, but its config.json says vocab_size {1}', vocab, config.vocabSize));
  if (inputs.has('cache_length')) return describeSlots(session, config, incompatible);
  // GPTBigCode exports (StarCoder family, before transformers 4.54) fuse key and value per layer.
  const fused = inputs.has('past_key_values.0.key_value');
  const pastNames: string[] = [];
  const presentNames: string[] = [];
  for (let i = 0; fused ? inputs.has(`past_key_values.${i}.key_value`) : inputs.has(`past_key_values.${i}.key`); i++) {
    if (fused) {
      pastNames.push(`past_key_values.${i}.key_value`);
      presentNames.push(`present.${i}.key_value`);
    } else {
      pastNames.push(`past_key_values.${i}.key`, `past_key_values.${i}.value`);
      presentNames.push(`present.${i}.key`, `present.${i}.value`);
    }
  }
  if (pastNames.length === 0) throw incompatible(msg('has no past_key_values inputs (export it "with past")'));
  const layers = fused ? pastNames.length : pastNames.length / 2;
  if (layers !== config.numLayers) throw incompatible(msg('has {0} cached layers but config.json says {1}', layers, config.numLayers));
  const missing = presentNames.filter((n) => !session.outputNames.includes(n));
  if (missing.length > 0) throw incompatible(msg('lacks the outputs {0}', missing.join(', ')));
  // Session metadata knows the cache's element type and, where the export fixed them, its head
  // count and size; config.json fills in symbolic dimensions.
  const meta = (session.inputMetadata as readonly Ort.InferenceSession.ValueMetadata[]).find((m) => m.name === pastNames[0]);
  const shape = meta && meta.isTensor ? meta.shape : [];
  const kvType = meta && meta.isTensor && meta.type === 'float16' ? 'float16' : 'float32';
  const dim = (i: number, fallback: number): number => (typeof shape[i] === 'number' ? (shape[i] as number) : fallback);
  const base = { cache: 'optimum', pastNames, presentNames, hasPositionIds: inputs.has('position_ids'), hasUseCacheBranch: inputs.has('use_cache_branch'), hasLogitsFrom: false, kvType } as const;
  if (fused && shape.length === 3) {
    // Multi-query: [batch, length, 2 * head_dim].
    const width = dim(2, 2 * config.headDim);
    return { ...base, kvHeads: 1, headDim: width / 2, emptyDims: [1, 0, width], seqAxis: 1 };
  }
  const kvHeads = dim(1, fused ? config.numHeads : config.numKvHeads);
  const last = dim(3, fused ? 2 * config.headDim : config.headDim);
  return { ...base, kvHeads, headDim: fused ? last / 2 : last, emptyDims: [1, kvHeads, 0, last], seqAxis: 2 };
}

/**
 * The engine's in-place signature: cache_key|value.{i} in, new_key|value.{i} out (slotCache.ts); where
 * the slots are int8, cache_key_scale|value_scale.{i} in too and new_keys, new_values, new_scales out
 * (int8Slots.ts).
 */
function describeSlots(session: Ort.InferenceSession, config: DecoderConfig, incompatible: (what: Message) => ModelLoadError): IoLayout {
  const inputs = new Set(session.inputNames);
  const int8 = inputs.has('cache_key_scale.0');
  let layers = 0;
  while (inputs.has(`cache_key.${layers}`)) layers++;
  const perLayer = (i: number): string[] => (int8 ? [`cache_key.${i}`, `cache_key_scale.${i}`, `cache_value.${i}`, `cache_value_scale.${i}`] : [`cache_key.${i}`, `cache_value.${i}`]);
  const pastNames = Array.from({ length: layers }, (_, i) => perLayer(i)).flat();
  // int8 graphs return all layers' new keys, values and scales as three tensors (int8Slots.ts).
  const presentNames = int8 ? ['new_keys', 'new_values', 'new_scales'] : Array.from({ length: layers }, (_, i) => [`new_key.${i}`, `new_value.${i}`]).flat();
  if (layers !== config.numLayers) throw incompatible(msg('has {0} cached layers but config.json says {1}', layers, config.numLayers));
  const missing = [...pastNames, 'position_ids'].filter((n) => !inputs.has(n));
  missing.push(...presentNames.filter((n) => !session.outputNames.includes(n)));
  if (missing.length > 0) throw incompatible(msg('lacks {0}', missing.join(', ')));
  // Values are [1, kv_heads, capacity, head_dim] in both layouts (int8 keys are transposed).
  const meta = (session.inputMetadata as readonly Ort.InferenceSession.ValueMetadata[]).find((m) => m.name === 'cache_value.0');
  const shape = meta && meta.isTensor ? meta.shape : [];
  const dim = (i: number, fallback: number): number => (typeof shape[i] === 'number' ? (shape[i] as number) : fallback);
  const kvHeads = dim(1, config.numKvHeads);
  const headDim = dim(3, config.headDim);
  return {
    cache: 'slots',
    pastNames,
    presentNames,
    hasPositionIds: true,
    hasUseCacheBranch: false,
    hasLogitsFrom: inputs.has('logits_from'),
    kvType: int8 ? 'int8' : meta && meta.isTensor && meta.type === 'float16' ? 'float16' : 'float32',
    kvHeads,
    headDim,
    emptyDims: [1, kvHeads, 0, headDim],
    seqAxis: 2,
  };
}

/** Logits as float32, converting from float16 where the model computes in half precision. */
function toFloat32(tensor: Ort.Tensor): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') {
    const half = tensor.data as Uint16Array;
    const out = new Float32Array(half.length);
    for (let i = 0; i < half.length; i++) out[i] = halfToFloat(half[i]);
    return out;
  }
  throw new Error(`unexpected logits type ${tensor.type}`);
}
