// Comparing two histograms as ROOT's Chi2Test ("UU") and KolmogorovTest do: the statistic from NumPy
// on the same counts (written here apart from ours), the Kolmogorov probabilities against the table's
// critical values, and what the tests must say of samples of one distribution and of two.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Histogram1D } from './histogram';
import { compareHistograms, compareOverlay, compareProfiles, kolmogorovProbability } from './histogramComparison';
import { chiSquareProbability } from './fit/chiSquareProbability';
import { Profile } from './profile';

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

  it('compares two profiles by their means: χ² of the differences over both errors, a degree of freedom a bin both fill', () => {
    const axis = { bins: 3, low: 0, high: 3 };
    const payload = (means: number[], variances: number[]) => ({ axis, sumw: [0, ...means, 0], sumw2: [0, ...variances, 0] });
    // Bin 1: (10 − 12)² / (1 + 3) = 1; bin 2: (5 − 5)² = 0; bin 3: the second profile has no fills there.
    const a = payload([10, 5, 7], [1, 0.25, 4]);
    const b = payload([12, 5, 0], [3, 0.25, 0]);
    const result = compareProfiles(a, [0, 4, 9, 2, 0], b, [0, 3, 8, 0, 0]);
    assert.deepEqual(result, { means: true, chi2: 1, ndf: 2, chi2Probability: chiSquareProbability(1, 2) });
    assert.ok(Math.abs(chiSquareProbability(1, 2) - Math.exp(-0.5)) < 1e-12, 'P(χ²₂ > 1) = e^(−1/2)');
    // A bin where either mean has no error (one fill: not known) is left out; none left: not compared.
    assert.deepEqual(compareProfiles(payload([1, 2, 3], [0, 1, 0]), [0, 1, 2, 1, 0], payload([1, 5, 4], [1, 0, 1]), [0, 2, 1, 2, 0]), { reason: 'empty' });
    assert.deepEqual(compareProfiles(a, [0, 4, 9, 2, 0], { ...b, axis: { bins: 3, low: 0, high: 4 } }, [0, 3, 8, 0, 0]), { reason: 'binning' });
  });

  it("says a profile is not drawn over a histogram, and compares profiles only with the errors of their means", () => {
    const p = new Profile({ bins: 4, low: 0, high: 4 });
    p.fill(Float64Array.from([0.5, 0.6, 1.5, 1.7, 2.2, 2.4, 3.1, 3.3]), Float64Array.from([1, 3, 2, 5, 4, 7, 1, 2]));
    const { means, errors2 } = p.bins();
    const profile = { histogram: { axis: p.axis, sumw: means, sumw2: errors2 }, profile: { binEntries: [...p.sumw], errors: 'mean' as const } };
    const histogram = { histogram: normalSample(100, 0, 8, p.axis).toData() };
    assert.deepEqual(compareOverlay(profile, histogram), { reason: 'kinds' });
    assert.deepEqual(compareOverlay(histogram, profile), { reason: 'kinds' });
    assert.deepEqual(compareOverlay({ ...profile, profile: { ...profile.profile, errors: 'spread' } }, profile), { reason: 'profileErrors' });
    assert.deepEqual(compareOverlay({ ...profile, profile: { ...profile.profile, errors: 'weights' } }, profile), { reason: 'profileErrors' });
    assert.equal((compareOverlay({ ...profile, profile: { ...profile.profile, errors: 'integer' } }, profile) as { ndf: number }).ndf, 4, 'option i gives errors of the means too');
    assert.deepEqual(compareOverlay(profile, profile), { means: true, chi2: 0, ndf: 4, chi2Probability: 1 });
    assert.ok('ksProbability' in compareOverlay(histogram, histogram), 'two histograms by ROOT\'s tests');
  });
});
