// Where a block suggestion ends for a later line the model was unsure of.
import * as assert from 'node:assert/strict';
import { LineConfidence, logProbability } from './lineConfidence';

describe('unsure lines in block suggestions', () => {
  it('gives the log-probability of a token under the softmax of the logits', () => {
    const logits = new Float32Array([2, 0, 0, 1000]);
    assert.ok(Math.abs(logProbability(logits, 3)) < 1e-6, 'a certain token has log-probability 0');
    assert.ok(Math.abs(logProbability(new Float32Array([1, 1, 1, 1]), 2) - Math.log(0.25)) < 1e-6);
  });

  it('cuts before the first complete later line holding an unsure token, never the first line', () => {
    const c = new LineConfidence(-2);
    const steps: [string, number][] = [['if ok', -5], [':\n', -0.1], ['    x = 1', -0.2], ['\n', -0.1], ['    y', -3], [' = 2', -0.1], ['\n', -0.1], ['    z = 3', -0.1]];
    let text = '';
    const cuts: (number | undefined)[] = [];
    for (const [token, lp] of steps) {
      c.add(text, lp);
      text += token;
      cuts.push(c.cut(text));
    }
    assert.deepEqual(cuts.slice(0, 6), [undefined, undefined, undefined, undefined, undefined, undefined], 'the first line is unsure, and y = 2 is not complete yet');
    assert.equal(text.slice(0, cuts[6]), 'if ok:\n    x = 1', 'cut once y = 2 is complete');
  });

  it('counts a line break for the line it ends, and leaves blank lines alone', () => {
    const c = new LineConfidence(-2);
    let text = '';
    for (const [token, lp] of [['a = 1', -0.1], ['\n\n', -0.5], ['b = 2', -0.1], ['\n', -2.5], ['c', -0.1]] as [string, number][]) {
      c.add(text, lp);
      text += token;
    }
    assert.equal(text.slice(0, c.cut(text)), 'a = 1\n', 'b = 2 ends with an unsure line break');
    const sure = new LineConfidence(-2);
    sure.add('', -0.1);
    assert.equal(sure.cut('a = 1\n\nb = 2\nc'), undefined);
  });
});
