import * as assert from 'node:assert/strict';
import { cacheDistribution, mixLogits, NgramTable } from './ngramCache';

const softmax = (xs: Float32Array) => {
  const m = Math.max(...xs);
  const e = [...xs].map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

describe('workspace cache (token counts mixed into the model’s choice)', () => {
  // "a b c a b d a b c": after (a, b) comes c twice and d once.
  const table = new NgramTable([0, 1, 2, 0, 1, 3, 0, 1, 2], 8);

  it('answers with the longest context seen, in proportion to the counts', () => {
    const dist = cacheDistribution([table], [5, 0, 1])!;
    assert.deepEqual(
      dist.ids.map((id, i) => [id, dist.probs[i]]),
      [
        [2, 2 / 3],
        [3, 1 / 3],
      ],
    );
    assert.equal(dist.weight, (0.5 * 3) / (3 + 2), 'three sightings: 0.3 of the mixture');
  });

  it('backs off to the last id alone only with two sightings or more, and adds tables up', () => {
    assert.equal(cacheDistribution([table], [7, 3])?.ids.length, undefined, 'd was followed once: too little to go on');
    const dist = cacheDistribution([table, table], [7, 3])!;
    assert.deepEqual(dist.ids, [0]);
    assert.equal(cacheDistribution([table], [6, 7]), undefined, 'never seen');
    assert.equal(cacheDistribution([], [0, 1]), undefined);
  });

  it('mixes as log-probabilities: the model’s order where the cache is silent, the cache’s pull where it speaks', () => {
    const logits = new Float32Array([2, 1, 0, 0.5]);
    const mixed = mixLogits(logits, { ids: [2], probs: [1], weight: 0.5 });
    const p = softmax(logits);
    const q = [...mixed].map(Math.exp);
    assert.ok(Math.abs(q.reduce((a, b) => a + b, 0) - 1) < 1e-6, 'still a distribution');
    assert.ok(Math.abs(q[0] - 0.5 * p[0]) < 1e-6);
    assert.ok(Math.abs(q[2] - (0.5 * p[2] + 0.5)) < 1e-6);
    assert.equal(q.indexOf(Math.max(...q)), 2, 'greedy choice follows the cache here');
  });
});
