// The in-place cache's bookkeeping with real onnxruntime tensors: where each token's keys and values
// land in the buffers, that growing keeps them, and which states are still valid after a step.
import * as assert from 'node:assert/strict';
import { Tensor } from 'onnxruntime-node';
import { SLOT_STEP, SlotBuffers } from './slotCache';

const SHAPE = { buffers: 2, kvHeads: 2, headDim: 3, type: 'float32' } as const;

/** What a step returns for `tokens` (one [1, kv_heads, n, head_dim] tensor per buffer): each value names its buffer, head, token and dimension. */
function news(tokens: readonly number[]): Tensor[] {
  const n = tokens.length;
  return [0, 1].map((b) => {
    const data = new Float32Array(SHAPE.kvHeads * n * SHAPE.headDim);
    for (let h = 0; h < SHAPE.kvHeads; h++) for (let t = 0; t < n; t++) for (let d = 0; d < SHAPE.headDim; d++) data[(h * n + t) * SHAPE.headDim + d] = value(b, h, tokens[t], d);
    return new Tensor('float32', data, [1, SHAPE.kvHeads, n, SHAPE.headDim]);
  });
}
const value = (b: number, h: number, token: number, d: number): number => b * 1e6 + h * 1e5 + token * 10 + d;

/** The buffer `b` as the model reads it: the value at head `h`, slot `s`, dimension `d`. */
function slot(t: Tensor, h: number, s: number, d: number): number {
  const [, , capacity, dim] = t.dims;
  return (t.data as Float32Array)[(h * capacity + s) * dim + d];
}

/** Appends `added` after the first `past` of `tokens`, as the decoder does for a step. */
function step(slots: SlotBuffers, tokens: readonly number[], past: number, added: readonly number[]): number[] {
  slots.inputs(past, added.length);
  const all = [...tokens.slice(0, past), ...added];
  slots.write(past, all, news(added));
  return all;
}

describe('SlotBuffers (in-place key/value cache)', () => {
  it('puts each token in its slot for every head and keeps them when the buffers grow', () => {
    const slots = new SlotBuffers(SHAPE, Tensor);
    const first = Array.from({ length: SLOT_STEP - 1 }, (_, i) => 1000 + i);
    let tokens = step(slots, [], 0, first);
    // One more, then three: the second step needs more than SLOT_STEP slots.
    tokens = step(slots, tokens, tokens.length, [7]);
    tokens = step(slots, tokens, tokens.length, [8, 9, 10]);
    const inputs = slots.inputs(tokens.length, 1);
    assert.equal(inputs[0].dims[2], 2 * SLOT_STEP);
    for (const b of [0, 1]) {
      for (const [s, token] of tokens.entries()) {
        for (let h = 0; h < SHAPE.kvHeads; h++) assert.equal(slot(inputs[b], h, s, 2), value(b, h, token, 2), `buffer ${b} head ${h} slot ${s}`);
      }
    }
    assert.equal(slots.bytes, 2 * SHAPE.kvHeads * 2 * SLOT_STEP * SHAPE.headDim * 4);
  });

  it('gives a step with nothing cached one masked slot, not a 0-length axis', () => {
    const slots = new SlotBuffers(SHAPE, Tensor);
    const inputs = slots.inputs(0, 5);
    assert.deepEqual(inputs[0].dims, [1, SHAPE.kvHeads, 1, SHAPE.headDim]);
  });

  it('holds a cut-back state until a step goes another way, then only the common prefix', () => {
    const slots = new SlotBuffers(SHAPE, Tensor);
    const a = step(slots, [], 0, [1, 2, 3, 4]);
    assert.ok(slots.holds(a) && slots.holds(a.slice(0, 2)));
    const b = step(slots, a, 2, [5]);
    assert.ok(slots.holds(b));
    assert.ok(slots.holds([1, 2]));
    assert.equal(slots.holds(a), false, 'the slots after the common prefix now hold the other way');
    assert.equal(slot(slots.inputs(3, 1)[0], 1, 2, 0), value(0, 1, 5, 0));
  });
});
