// The int8 in-place cache's bookkeeping with real onnxruntime tensors: where each token's int8 keys,
// values and scales land (keys transposed), that growing keeps them, what a step with nothing cached
// reads, and which states stay valid after a step.
import * as assert from 'node:assert/strict';
import { Tensor } from 'onnxruntime-node';
import { Int8SlotBuffers } from './int8Slots';
import { SLOT_STEP } from './slotCache';

const SHAPE = { layers: 2, kvHeads: 2, headDim: 3 } as const;

/** An int8 value naming its layer, key or value, head, token and dimension (tokens below 17, d below 3). */
const q = (l: number, kind: 0 | 1, h: number, token: number, d: number): number => ((l * 2 + kind) * 2 + h) * 20 + token + d - 80;
/** A scale naming the same, dimension aside. */
const scale = (l: number, kind: 0 | 1, h: number, token: number): number => 1000 * (l * 2 + kind) + 100 * h + token;

/** What an int8 graph (models/train/int8_cache.py) returns for `tokens`: new_keys, new_values, new_scales. */
function news(tokens: readonly number[]): Tensor[] {
  const { layers, kvHeads, headDim } = SHAPE;
  const n = tokens.length;
  const keys = new Int8Array(layers * kvHeads * headDim * n);
  const values = new Int8Array(layers * kvHeads * n * headDim);
  const scales = new Float32Array(2 * layers * kvHeads * n);
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < kvHeads; h++) {
      for (const [j, token] of tokens.entries()) {
        for (let d = 0; d < headDim; d++) {
          keys[((l * kvHeads + h) * headDim + d) * n + j] = q(l, 0, h, token, d);
          values[((l * kvHeads + h) * n + j) * headDim + d] = q(l, 1, h, token, d);
        }
        scales[(l * kvHeads + h) * n + j] = scale(l, 0, h, token);
        scales[((layers + l) * kvHeads + h) * n + j] = scale(l, 1, h, token);
      }
    }
  }
  return [
    new Tensor('int8', keys, [layers, kvHeads, headDim, n]),
    new Tensor('int8', values, [layers, kvHeads, n, headDim]),
    new Tensor('float32', scales, [2 * layers, kvHeads, n, 1]),
  ];
}

/** Layer l's key at head h, slot s, dimension d, as the graph reads it: [1, kv_heads, head_dim, capacity]. */
function key(inputs: readonly Tensor[], l: number, h: number, s: number, d: number): number {
  const t = inputs[4 * l];
  const capacity = t.dims[3];
  return (t.data as Int8Array)[(h * SHAPE.headDim + d) * capacity + s];
}
/** Layer l's value at head h, slot s, dimension d: [1, kv_heads, capacity, head_dim]. */
function value(inputs: readonly Tensor[], l: number, h: number, s: number, d: number): number {
  const t = inputs[4 * l + 2];
  return (t.data as Int8Array)[(h * t.dims[2] + s) * SHAPE.headDim + d];
}
/** Layer l's key (kind 0) or value (kind 1) scale at head h, slot s: [1, kv_heads, 1, capacity]. */
function slotScale(inputs: readonly Tensor[], l: number, kind: 0 | 1, h: number, s: number): number {
  const t = inputs[4 * l + 1 + 2 * kind];
  return (t.data as Float32Array)[h * t.dims[3] + s];
}

function step(slots: Int8SlotBuffers, tokens: readonly number[], past: number, added: readonly number[]): number[] {
  slots.inputs(past, added.length);
  const all = [...tokens.slice(0, past), ...added];
  slots.write(past, all, news(added));
  return all;
}

function assertHolds(inputs: readonly Tensor[], tokens: readonly number[]): void {
  for (let l = 0; l < SHAPE.layers; l++) {
    for (let h = 0; h < SHAPE.kvHeads; h++) {
      for (const [s, token] of tokens.entries()) {
        for (let d = 0; d < SHAPE.headDim; d++) {
          assert.equal(key(inputs, l, h, s, d), q(l, 0, h, token, d), `layer ${l} head ${h} slot ${s} key ${d}`);
          assert.equal(value(inputs, l, h, s, d), q(l, 1, h, token, d), `layer ${l} head ${h} slot ${s} value ${d}`);
        }
        assert.equal(slotScale(inputs, l, 0, h, s), scale(l, 0, h, token));
        assert.equal(slotScale(inputs, l, 1, h, s), scale(l, 1, h, token));
      }
    }
  }
}

describe('Int8SlotBuffers (the int8 in-place key/value cache)', () => {
  it('puts each token in its slot, keys transposed, for short and long steps, and keeps them when the buffers grow', () => {
    const slots = new Int8SlotBuffers(SHAPE, Tensor);
    // 17 tokens: a step long enough for whole-row copies; then one (a decode step) and three, which
    // needs more than SLOT_STEP slots once the first step fills all but one.
    const first = Array.from({ length: SLOT_STEP - 1 }, (_, i) => i % 17);
    let tokens = step(slots, [], 0, first);
    tokens = step(slots, tokens, tokens.length, [7]);
    tokens = step(slots, tokens, tokens.length, [8, 9, 10]);
    const inputs = slots.inputs(tokens.length, 1);
    assert.deepEqual(inputs.map((t) => [t.type, ...t.dims]), [
      ['int8', 1, 2, 3, 2 * SLOT_STEP], ['float32', 1, 2, 1, 2 * SLOT_STEP], ['int8', 1, 2, 2 * SLOT_STEP, 3], ['float32', 1, 2, 1, 2 * SLOT_STEP],
      ['int8', 1, 2, 3, 2 * SLOT_STEP], ['float32', 1, 2, 1, 2 * SLOT_STEP], ['int8', 1, 2, 2 * SLOT_STEP, 3], ['float32', 1, 2, 1, 2 * SLOT_STEP],
    ]);
    assertHolds(inputs, tokens);
    // Per layer and slot: 2 heads x (3 key + 3 value int8 bytes + 2 float scales).
    assert.equal(slots.bytes, SHAPE.layers * 2 * SLOT_STEP * SHAPE.kvHeads * (2 * SHAPE.headDim + 2 * 4));
  });

  it('gives a step with nothing cached one slot whose scales are 0, not a 0-length axis', () => {
    const slots = new Int8SlotBuffers(SHAPE, Tensor);
    const inputs = slots.inputs(0, 5);
    assert.deepEqual(inputs[0].dims, [1, SHAPE.kvHeads, SHAPE.headDim, 1]);
    assert.deepEqual(inputs[2].dims, [1, SHAPE.kvHeads, 1, SHAPE.headDim]);
    assert.deepEqual([...(inputs[1].data as Float32Array), ...(inputs[3].data as Float32Array)], [0, 0, 0, 0]);
  });

  it('holds a cut-back state until a step goes another way, then only the common prefix', () => {
    const slots = new Int8SlotBuffers(SHAPE, Tensor);
    const a = step(slots, [], 0, [1, 2, 3, 4]);
    assert.ok(slots.holds(a) && slots.holds(a.slice(0, 2)));
    const b = step(slots, a, 2, [5]);
    assert.ok(slots.holds(b) && slots.holds([1, 2]));
    assert.equal(slots.holds(a), false, 'the slots after the common prefix now hold the other way');
    assertHolds(slots.inputs(3, 1), b);
  });
});
