// The y range a profile is drawn over: its error bars with a margin, below 0 when means are, empty bins left out.
import * as assert from 'node:assert/strict';
import { profileRange } from './profileRange';

describe('profile y range', () => {
  it('spans the error bars of the filled bins, 5 % more each side, negative means included', () => {
    // Flow bins first and last (never drawn); bin 2 empty with a stale mean that must not count.
    const [low, high] = profileRange([99, -10, 500, 4, -99], [0, 4, 0, 1, 0], [3, 2, 0, 2, 3], false);
    const span = 5 - -12;
    assert.ok(Math.abs(low - (-12 - span * 0.05)) < 1e-12 && Math.abs(high - (5 + span * 0.05)) < 1e-12, `${low} … ${high}`);
  });

  it('pads a single value, gives a log axis the positive means only, and a default without points', () => {
    assert.deepEqual(profileRange([0, 50, 0], [0, 0, 0], [0, 1, 0], false), [45, 55]);
    // The bar of 2 ± 3 would reach below 0: cut at its mean on a log axis.
    assert.deepEqual(profileRange([0, -5, 2, 8, 0], [0, 1, 9, 0, 0], [0, 1, 1, 1, 0], true), [1, 16]);
    assert.deepEqual(profileRange([0, 0], [0, 0], [0, 0], false), [0, 1]);
  });
});
