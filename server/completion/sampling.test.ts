import * as assert from 'node:assert/strict';
import { sampleToken, seededRandom } from './sampling';

const logits = Float32Array.from([0.1, 2.0, 1.9, -3, 1.5, 0.0]);

describe('sampling', () => {
  it('draws the same tokens for the same seed', () => {
    const opts = { temperature: 1, topK: 0, topP: 1, seed: 7 };
    const draw = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 20 }, () => sampleToken(logits, opts, r));
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
  });

  it('is greedy with top-k 1 or a tiny top-p', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 10; i++) {
      assert.equal(sampleToken(logits, { temperature: 1, topK: 1, topP: 1, seed: 1 }, r), 1);
      assert.equal(sampleToken(logits, { temperature: 1, topK: 0, topP: 1e-6, seed: 1 }, r), 1);
    }
  });

  it('draws only among the top k and the allowed ids, in proportion to their probability', () => {
    const r = seededRandom(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 4000; i++) {
      const id = sampleToken(logits, { temperature: 1, topK: 2, topP: 1, seed: 3 }, r);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    assert.deepEqual([...counts.keys()].sort(), [1, 2]);
    const expectedShare = 1 / (1 + Math.exp(1.9 - 2.0));
    assert.ok(Math.abs(counts.get(1)! / 4000 - expectedShare) < 0.03);
    assert.equal(sampleToken(logits, { temperature: 1, topK: 0, topP: 1, seed: 3 }, r, (id) => id === 4), 4);
  });
});
