// The in-place cache of a decoder whose graph reads int8 keys and values (models/train/int8_cache.py):
// per layer four inputs, cache_key.i int8 [1, kv_heads, head_dim, capacity] (transposed, so that the
// graph's q @ keys is a plain integer product), cache_key_scale.i float [1, kv_heads, 1, capacity],
// cache_value.i int8 [1, kv_heads, capacity, head_dim] and cache_value_scale.i like the key's. A slot's
// key or value is its int8 row times its scale. The graph returns a step's new keys and values so
// already (new_keys, new_values, new_scales: quantized per head and token by onnxruntime's kernels,
// several times faster than JavaScript, the keys transposed); they are only copied into the slots here.
import type { Tensor } from 'onnxruntime-node';
import { SlotStore, type TensorCtor } from './slotCache';

export interface Int8SlotShape {
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
}

interface Layer {
  key: Int8Array;
  keyScale: Float32Array;
  value: Int8Array;
  valueScale: Float32Array;
}

export class Int8SlotBuffers extends SlotStore {
  private layers: Layer[] = [];
  protected readonly none: Tensor[];

  constructor(
    private readonly shape: Int8SlotShape,
    private readonly TensorClass: TensorCtor,
  ) {
    super();
    const { kvHeads, headDim } = shape;
    // Scales 0: the one masked slot reads as zeros, whatever the graph does with it.
    this.none = this.tensors(Array.from({ length: shape.layers }, () => ({ key: new Int8Array(kvHeads * headDim), keyScale: new Float32Array(kvHeads), value: new Int8Array(kvHeads * headDim), valueScale: new Float32Array(kvHeads) })), 1);
  }

  get bytes(): number {
    return this.layers.reduce((sum, l) => sum + l.key.byteLength + l.keyScale.byteLength + l.value.byteLength + l.valueScale.byteLength, 0);
  }

  /**
   * `news`: the graph's new_keys, int8 [layers, kv_heads, head_dim, n]; new_values, int8 [layers, kv_heads,
   * n, head_dim]; new_scales, [2 x layers (keys, then values), kv_heads, n, 1].
   */
  protected store(past: number, n: number, news: readonly Tensor[]): void {
    const { layers, kvHeads, headDim } = this.shape;
    const capacity = this.capacity;
    const [keys, values, scales] = news.map((t) => t.data) as [Int8Array, Int8Array, Float32Array];
    for (let l = 0; l < layers; l++) {
      const { key, keyScale, value, valueScale } = this.layers[l];
      for (let h = 0; h < kvHeads; h++) {
        const first = h * capacity + past;
        // The step's tokens of layer l, head h: rows from `rows` on in new_values and in the keys' half of
        // new_scales, from `valueScales` on in its values' half.
        const rows = (l * kvHeads + h) * n;
        const valueScales = ((layers + l) * kvHeads + h) * n;
        // A decode step's one token: element by element (subarray() + set(), three views per head
        // and layer, and a loop per key row cost ~35–50 µs of a ~2 ms step here; this ~15 µs).
        if (n === 1) {
          keyScale[first] = scales[rows];
          valueScale[first] = scales[valueScales];
          for (let d = 0; d < headDim; d++) value[first * headDim + d] = values[rows * headDim + d];
        } else {
          keyScale.set(scales.subarray(rows, rows + n), first);
          valueScale.set(scales.subarray(valueScales, valueScales + n), first);
          value.set(values.subarray(rows * headDim, (rows + n) * headDim), first * headDim);
        }
        // Each of the head's key dimensions is a row of n, in the step's output as in the slots: a few
        // elements (a decode step, guesses) copied in a loop, longer rows (a prefill) by set().
        const from = (l * kvHeads + h) * headDim * n;
        const to = h * headDim * capacity + past;
        for (let d = 0; d < headDim; d++) {
          if (n < 16) for (let j = 0; j < n; j++) key[to + d * capacity + j] = keys[from + d * n + j];
          else key.set(keys.subarray(from + d * n, from + (d + 1) * n), to + d * capacity);
        }
      }
    }
  }

  protected grow(capacity: number, keep: number): Tensor[] {
    const { kvHeads, headDim } = this.shape;
    const old = this.capacity;
    this.layers = Array.from({ length: this.shape.layers }, (_, l) => {
      const next: Layer = { key: new Int8Array(kvHeads * headDim * capacity), keyScale: new Float32Array(kvHeads * capacity), value: new Int8Array(kvHeads * capacity * headDim), valueScale: new Float32Array(kvHeads * capacity) };
      const was = this.layers[l];
      if (was && keep > 0) {
        for (let h = 0; h < kvHeads; h++) {
          next.keyScale.set(was.keyScale.subarray(h * old, h * old + keep), h * capacity);
          next.valueScale.set(was.valueScale.subarray(h * old, h * old + keep), h * capacity);
          next.value.set(was.value.subarray(h * old * headDim, (h * old + keep) * headDim), h * capacity * headDim);
          for (let d = 0; d < headDim; d++) {
            const row = h * headDim + d;
            next.key.set(was.key.subarray(row * old, row * old + keep), row * capacity);
          }
        }
      }
      return next;
    });
    return this.tensors(this.layers, capacity);
  }

  /** The layers' buffers as the graph's inputs, in its order: key, key scale, value, value scale per layer. */
  private tensors(layers: readonly Layer[], capacity: number): Tensor[] {
    const { kvHeads, headDim } = this.shape;
    return layers.flatMap((l) => [
      new this.TensorClass('int8', l.key, [1, kvHeads, headDim, capacity]),
      new this.TensorClass('float32', l.keyScale, [1, kvHeads, 1, capacity]),
      new this.TensorClass('int8', l.value, [1, kvHeads, capacity, headDim]),
      new this.TensorClass('float32', l.valueScale, [1, kvHeads, 1, capacity]),
    ]);
  }
}
