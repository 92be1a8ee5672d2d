// The decoder's key/value cache for one sequence: the tokens it covers and, per layer, the `present`
// tensors the model returned for them ([batch, kv_heads, length, head_dim], or GPTBigCode's fused
// [batch, length, 2 * head_dim]). Cutting it back to a shorter prefix copies the first positions
// along the sequence axis, for any element type (fp32 or fp16).
import type { Tensor } from 'onnxruntime-node';
import type { SlotStore } from './slotCache';

type TensorCtor = new (type: Tensor.Type, data: Tensor.DataType, dims: readonly number[]) => Tensor;

export interface KvState {
  /** Tokens whose keys and values the tensors hold, in order. */
  readonly tokens: readonly number[];
  /** past_key_values in the model's input order (layer 0 key, layer 0 value, …); empty with `slots`. */
  readonly tensors: readonly Tensor[];
  /** The in-place cache of a model exported with the engine's slot signature (slotCache.ts). */
  readonly slots?: SlotStore;
}

type Sliceable = Float32Array | Uint16Array | Float64Array;

/** Keeps the first `keep` positions along `axis` (the sequence axis) of a cache tensor. */
export function truncateKv(tensor: Tensor, keep: number, TensorClass: TensorCtor, axis = 2): Tensor {
  const dims = tensor.dims;
  const length = dims[axis];
  if (keep === length) return tensor;
  if (keep > length || keep < 0) throw new RangeError(`cannot keep ${keep} of ${length} cached positions`);
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const src = tensor.data as Sliceable;
  const dst = new (src.constructor as new (n: number) => Sliceable)(outer * keep * inner);
  for (let o = 0; o < outer; o++) {
    dst.set(src.subarray(o * length * inner, o * length * inner + keep * inner), o * keep * inner);
  }
  return new TensorClass(tensor.type, dst, dims.map((d, i) => (i === axis ? keep : d)));
}

/** Length of the common prefix of two token sequences. */
export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
