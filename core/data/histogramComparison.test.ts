// Comparing two histograms as ROOT's Chi2Test ("UU") and KolmogorovTest do: the statistic from NumPy
// on the same counts (written here apart from ours), the Kolmogorov probabilities against the table's
// critical values, and what the tests must say of samples of one distribution and of two.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Histogram1D } from './histogram';
import { compareHistograms, kolmogorovProbability } from './histogramComparison';

/** A histogram of n values of a normal distribution (mean, 1), from a seeded generator. */
function normalSample(n: number, mean: number, seed: number, axis = { bins: 40, low: -4, high: 4 }): Histogram1D {
  let state = seed;
  const uniform = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
  const values = Float64Array.from({ length: n }, () => mean + Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
  const h = new Histogram1D(axis);
  h.fill(values);
  return h;
}

describe('comparing two histograms', () => {
  it('computes χ², ndf and the largest distance between the cumulative fractions as NumPy does', () => {
    const a = normalSample(5000, 0, 1).toData();
    const b = normalSample(3000, 0.1, 2).toData();
    const result = compareHistograms(a, b);
    assert.ok('chi2' in result);
    const script = [
      'import json, sys, numpy as np',
      'a, b = (np.array(h["sumw"][1:-1], dtype=float) for h in json.load(sys.stdin))',
      'n1, n2 = a.sum(), b.sum()',
      'used = (a + b) > 0',
      'chi2 = np.sum((n2 * a[used] - n1 * b[used]) ** 2 / (a[used] + b[used])) / (n1 * n2)',
      'd = np.max(np.abs(np.cumsum(a) / n1 - np.cumsum(b) / n2))',
      'print(json.dumps([chi2, int(used.sum()) - 1, d]))',
    ].join('\n');
    const [chi2, ndf, d] = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify([a, b]), encoding: 'utf8' })) as number[];
    assert.ok(Math.abs(result.chi2 - chi2) <= 1e-9 * chi2, `${result.chi2} vs ${chi2}`);
    assert.equal(result.ndf, ndf);
    assert.ok(Math.abs(result.ksDistance - d) <= 1e-12, `${result.ksDistance} vs ${d}`);
  });

  it("gives the Kolmogorov distribution's tail at its tabled critical values", () => {
    // P(√n·D > z): 0.10 at 1.224, 0.05 at 1.358, 0.01 at 1.628; 1 below 0.2; 0.27 at 1.
    for (const [z, p] of [[1.224, 0.1], [1.358, 0.05], [1.628, 0.01], [1, 0.27]]) assert.ok(Math.abs(kolmogorovProbability(z) - p) < 1e-3, `${z}: ${kolmogorovProbability(z)}`);
    assert.equal(kolmogorovProbability(0.1), 1);
  });

  it('finds nothing between two samples of one distribution, and tells a shift of a tenth of a sigma in large ones', () => {
    const same = compareHistograms(normalSample(20_000, 0, 3).toData(), normalSample(20_000, 0, 4).toData());
    assert.ok('chi2' in same && same.chi2Probability > 0.01 && same.ksProbability > 0.01, JSON.stringify(same));
    const identical = normalSample(1000, 0, 5).toData();
    assert.deepEqual(compareHistograms(identical, identical), { chi2: 0, ndf: (compareHistograms(identical, identical) as { ndf: number }).ndf, chi2Probability: 1, ksDistance: 0, ksProbability: 1 });
    const shifted = compareHistograms(normalSample(100_000, 0, 6).toData(), normalSample(100_000, 0.1, 7).toData());
    assert.ok('chi2' in shifted && shifted.chi2Probability < 1e-6 && shifted.ksProbability < 1e-6, JSON.stringify(shifted));
  });

  it('does not compare other bins, weighted histograms or an empty one', () => {
    const a = normalSample(100, 0, 8).toData();
    assert.deepEqual(compareHistograms(a, normalSample(100, 0, 9, { bins: 40, low: -5, high: 5 }).toData()), { reason: 'binning' });
    assert.deepEqual(compareHistograms(a, { ...a, sumw2: a.sumw.map((v) => 2 * v) }), { reason: 'weights' });
    assert.deepEqual(compareHistograms(a, new Histogram1D(a.axis).toData()), { reason: 'empty' });
  });
});
