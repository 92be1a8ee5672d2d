// The in-place key/value cache of decoders exported with the engine's own signature
// (models/train/model.py, SlotCacheDecoder): per layer, a key and a value buffer of `capacity` slots,
// [1, kv_heads, capacity, head_dim], which the graph only reads (slots from `cache_length` on are
// masked); after each step the new tokens' keys and values are written into the next slots here.
// A decode step so copies one token's worth of cache, where the Optimum signature copies all of it
// twice (the graph's Concat, then out to JavaScript): with the shipped model, typing demo/train.py
// decodes 241 tokens/s instead of 160 (npm run bench:completion, both exports in one session).
import type { Tensor } from 'onnxruntime-node';

type KvArray = Float32Array | Uint16Array;
export type TensorCtor = new (type: Tensor.Type, data: Tensor.DataType, dims: readonly number[]) => Tensor;

/**
 * Slots are added this many at a time. The graph reads every slot, masked or not (at 1,024 slots a
 * decode step costs ~2 ms more than at 128), so the buffers grow in small steps rather than being
 * made as long as the context at once.
 */
export const SLOT_STEP = 128;

export interface SlotShape {
  /** The step's new-key/value outputs, in order: layer 0 key, layer 0 value, layer 1 key, … */
  readonly buffers: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly type: 'float32' | 'float16';
}

/**
 * What the two stores share: which tokens the slots hold, and growing in SLOT_STEPs. A store's
 * `inputs` are the cache inputs of a step in the model's input order.
 */
export abstract class SlotStore {
  protected capacity = 0;
  /** The tokens whose keys and values the slots hold, in order. */
  protected written: readonly number[] = [];
  protected views: Tensor[] = [];

  /** Slots allocated, for all layers together, in bytes. */
  abstract get bytes(): number;

  /**
   * Whether the slots begin with exactly `tokens`. A state whose slots a later step has overwritten
   * (it went another way after a shorter prefix) no longer does, and must not be extended.
   */
  holds(tokens: readonly number[]): boolean {
    // A decode step extends the state the step before returned, whose tokens are `written` itself:
    // no need to compare the whole context again at every token.
    if (tokens === this.written) return true;
    if (tokens.length > this.written.length) return false;
    for (let i = 0; i < tokens.length; i++) if (tokens[i] !== this.written[i]) return false;
    return true;
  }

  /** The cache inputs of a step that appends `count` tokens after `past` cached ones. */
  inputs(past: number, count: number): readonly Tensor[] {
    if (past + count > this.capacity) {
      const capacity = Math.ceil((past + count) / SLOT_STEP) * SLOT_STEP;
      this.views = this.grow(capacity, past);
      this.capacity = capacity;
      this.written = this.written.slice(0, past);
    }
    return past === 0 ? this.none : this.views;
  }

  /**
   * Stores the step's new keys and values (`news`: the graph's outputs for them, in the order the
   * layout names them) in the slots after `past`; the slots then hold `tokens`, the first `past` of
   * what they held and the step's.
   */
  write(past: number, tokens: readonly number[], news: readonly Tensor[]): void {
    this.store(past, tokens.length - past, news);
    this.written = tokens;
  }

  /** What a step with no cached tokens reads: one slot, masked (a 0-length axis is avoided). */
  protected abstract readonly none: readonly Tensor[];
  /** New buffers of `capacity` slots with the first `keep` slots of the old ones; their input tensors. */
  protected abstract grow(capacity: number, keep: number): Tensor[];
  protected abstract store(past: number, n: number, news: readonly Tensor[]): void;
}

/** Float slots: per layer a key and a value buffer, [1, kv_heads, capacity, head_dim]. */
export class SlotBuffers extends SlotStore {
  private arrays: KvArray[] = [];
  protected readonly none: Tensor[];

  constructor(
    private readonly shape: SlotShape,
    private readonly TensorClass: TensorCtor,
  ) {
    super();
    this.none = Array.from({ length: shape.buffers }, () => new TensorClass(shape.type, this.alloc(shape.kvHeads * shape.headDim), [1, shape.kvHeads, 1, shape.headDim]));
  }

  get bytes(): number {
    return this.arrays.reduce((sum, a) => sum + a.byteLength, 0);
  }

  /** `news`: new_key.i, new_value.i per layer, [1, kv_heads, n, head_dim] each. */
  protected store(past: number, n: number, news: readonly Tensor[]): void {
    const { kvHeads, headDim } = this.shape;
    news.forEach((tensor, b) => {
      const src = tensor.data as KvArray;
      const dst = this.arrays[b];
      for (let h = 0; h < kvHeads; h++) {
        dst.set(src.subarray(h * n * headDim, (h + 1) * n * headDim), (h * this.capacity + past) * headDim);
      }
    });
  }

  protected grow(capacity: number, keep: number): Tensor[] {
    const { kvHeads, headDim, type } = this.shape;
    this.arrays = Array.from({ length: this.shape.buffers }, (_, b) => {
      const next = this.alloc(kvHeads * capacity * headDim);
      const old = this.arrays[b];
      if (old && keep > 0) {
        for (let h = 0; h < kvHeads; h++) {
          next.set(old.subarray(h * this.capacity * headDim, (h * this.capacity + keep) * headDim), h * capacity * headDim);
        }
      }
      return next;
    });
    return this.arrays.map((a) => new this.TensorClass(type, a, [1, kvHeads, capacity, headDim]));
  }

  private alloc(length: number): KvArray {
    return this.shape.type === 'float16' ? new Uint16Array(length) : new Float32Array(length);
  }
}
