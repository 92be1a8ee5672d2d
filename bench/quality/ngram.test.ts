// The 4-gram baseline: counting, back-off, and that its interpolated probabilities are a distribution.
import * as assert from 'node:assert/strict';
import { NGramModel } from './ngram';

describe('n-gram baseline', () => {
  // Vocabulary of 6; "1 2" is followed by 3 twice and by 4 once.
  const tokens = Uint16Array.from([0, 1, 2, 3, 1, 2, 3, 1, 2, 4, 5, 0]);
  const model = new NGramModel(tokens, 6, 3);

  it('continues the longest context seen with its most frequent next token', () => {
    assert.equal(model.next([1, 2]), 3);
    assert.equal(model.next([3, 1]), 2);
  });

  it('backs off to shorter contexts, and to the most frequent token at last', () => {
    assert.equal(model.next([5, 2]), 3, '"5 2" was never seen; "2" alone is followed by 3 most often');
    assert.equal(model.next([], (id) => id >= 3), 3, 'with no context: the most frequent allowed token');
  });

  it('respects a constraint on the next token', () => {
    assert.equal(model.next([1, 2], (id) => id !== 3), 4);
  });

  it('gives probabilities that sum to one, for seen and unseen contexts', () => {
    for (const history of [[1, 2], [2], [5, 5], []]) {
      const sum = [0, 1, 2, 3, 4, 5].reduce((s, w) => s + model.probability(history, w), 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `sum ${sum} after ${history.join(' ')}`);
    }
    assert.ok(model.probability([1, 2], 3) > model.probability([1, 2], 4));
  });

  it('reports how many distinct n-grams it holds', () => {
    assert.deepEqual(model.sizes(), { '2-grams': 7, '3-grams': 7 });
  });
});
