// The decoder's key/value cache for one sequence: the tokens it covers and, per layer, the `present`
// tensors [batch, kv_heads, length, head_dim] the model returned for them. Cutting it back to a
// shorter prefix copies the first positions of each head, for any element type (fp32 or fp16).
import type { Tensor } from 'onnxruntime-node';

type TensorCtor = new (type: Tensor.Type, data: Tensor.DataType, dims: readonly number[]) => Tensor;

export interface KvState {
  /** Tokens whose keys and values the tensors hold, in order. */
  readonly tokens: readonly number[];
  /** past_key_values in the model's input order (layer 0 key, layer 0 value, …). */
  readonly tensors: readonly Tensor[];
}

type Sliceable = Float32Array | Uint16Array | Float64Array;

/** Keeps the first `keep` positions of a [batch, heads, length, headDim] tensor. */
export function truncateKv(tensor: Tensor, keep: number, TensorClass: TensorCtor): Tensor {
  const [batch, heads, length, headDim] = tensor.dims;
  if (keep === length) return tensor;
  if (keep > length || keep < 0) throw new RangeError(`cannot keep ${keep} of ${length} cached positions`);
  const src = tensor.data as Sliceable;
  const dst = new (src.constructor as new (n: number) => Sliceable)(batch * heads * keep * headDim);
  for (let bh = 0; bh < batch * heads; bh++) {
    dst.set(src.subarray(bh * length * headDim, bh * length * headDim + keep * headDim), bh * keep * headDim);
  }
  return new TensorClass(tensor.type, dst, [batch, heads, keep, headDim]);
}

/** Length of the common prefix of two token sequences. */
export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
