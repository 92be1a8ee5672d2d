// The linear y range of drawn histograms: from 0 as ROOT draws counts, below it when bins are negative.
import * as assert from 'node:assert/strict';
import { linearContentRange } from './contentRange';

describe('linear y range of histograms', () => {
  it('runs from 0 to 5 % above the tallest bin, and [0, 1] when there is nothing', () => {
    assert.deepEqual(linearContentRange([[0, 4, 10]]), [0, 10.5]);
    assert.deepEqual(linearContentRange([[0, 0], []]), [0, 1]);
  });

  it('reaches below 0 when bins are negative (NLO weights), with the same margin, over every histogram drawn', () => {
    const [low, high] = linearContentRange([[-5, -3, 2]]);
    assert.ok(Math.abs(low - -5.35) < 1e-12 && Math.abs(high - 2.35) < 1e-12, `[${low}, ${high}]`);
    assert.deepEqual(linearContentRange([[-2, -1]]), [-2.1, 0.1]);
    assert.deepEqual(linearContentRange([[1, 2], [-20]]), [-21.1, 3.1]);
  });
});
