// A stored profile (TProfile) as the explorer draws and fits it: each bin's mean, and the error of that
// mean as ROOT gives it by default (the spread over √ of the effective entries), from the sums the
// object stores (Σw·y, Σw·y², Σw, Σw²), here those of a handful of known values.
import * as assert from 'node:assert/strict';
import { storedHistogramOf } from './storedHistogram';

describe('stored profiles', () => {
  it("gives each bin's mean and the standard error of that mean", () => {
    // Bin 1 holds y = 1, 2, 3, 6 (unweighted); bin 2 holds y = 5 with weight 2 and y = 7 with weight 1; bin 3 one value.
    const bins = [[], [[1, 1], [2, 1], [3, 1], [6, 1]], [[5, 2], [7, 1]], [[4, 1]], []] as [number, number][][];
    const sum = (f: (y: number, w: number) => number): number[] => bins.map((b) => b.reduce((a, [y, w]) => a + f(y, w), 0));
    const h = storedHistogramOf('p', {
      _typename: 'TProfile',
      fXaxis: { fNbins: 3, fXmin: 0, fXmax: 3 },
      fYaxis: { fNbins: 1, fXmin: 0, fXmax: 1 },
      fArray: sum((y, w) => w * y),
      fSumw2: sum((y, w) => w * y * y),
      fBinEntries: sum((_, w) => w),
      fBinSumw2: sum((_, w) => w * w),
      fEntries: 7,
      fTsumw: 7,
      fTsumwx: 0,
      fTsumwx2: 0,
    });
    assert.deepEqual(h.sumw, [0, 3, 17 / 3, 4, 0]);
    // Bin 1: spread² = (1 + 4 + 9 + 36)/4 − 9 = 3.5 over 4 entries; bin 2: spread² = (50 + 49)/3 − (17/3)² over
    // (Σw)²/Σw² = 9/5 effective entries; bin 3: no spread.
    const expected = [0, 3.5 / 4, (99 / 3 - (17 / 3) ** 2) / (9 / 5), 0, 0];
    h.sumw2.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `bin ${i}: ${v} vs ${expected[i]}`));
  });
});
