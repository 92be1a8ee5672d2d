// Profiles as ROOT's TProfile fills them: each x bin's mean of y and the error of that mean (the
// spread over √ of the effective entries), fills outside the range in the flow bins, NaN counted
// apart, a weight of 0 no fill; parts merged in any order give the profile of all the pairs; a stored
// TProfile with the same sums draws the same bins.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Profile, profileBins, yLimitsOf } from './profile';
import { storedHistogramOf } from './root/storedHistogram';

const f64 = (v: number[]): Float64Array => Float64Array.from(v);

describe('profiles', () => {
  it("gives each bin's mean of y and the standard error of that mean, with flows, NaN and weights of 0 as ROOT has them", () => {
    const p = new Profile({ bins: 2, low: 0, high: 2 });
    // Bin 1: y = 1, 2, 3, 6; bin 2: y = 10 alone; x = 2 (the upper edge) and x = −1 are flows; a NaN y; a weight 0.
    p.fill(f64([0.1, 0.5, 0.9, 0.2, 1.5, 2, -1, 0.3, 0.4]), f64([1, 2, 3, 6, 10, 100, 7, NaN, 50]), f64([1, 1, 1, 1, 1, 1, 1, 1, 0]));
    const { means, errors2 } = p.bins();
    assert.deepEqual(means, [7, 3, 10, 100]);
    // Bin 1: the biased variance (1 + 4 + 9 + 36)/4 − 9 = 3.5 over 4 entries; a single fill has no error.
    assert.deepEqual(errors2, [0, 3.5 / 4, 0, 0]);
    assert.deepEqual([...p.sumw], [1, 4, 1, 1]);
    const s = p.statistics();
    // Entries counts every fill but the weight-0 one (NaN included); the moments only the 5 in range.
    assert.equal(s.entries, 8);
    assert.equal(s.nan, 1);
    assert.ok(Math.abs(s.meanX - (0.1 + 0.5 + 0.9 + 0.2 + 1.5) / 5) < 1e-12);
    assert.equal(s.meanY, (1 + 2 + 3 + 6 + 10) / 5);
    assert.deepEqual([s.integral, s.outside], [5, 2]);
  });

  it('weighs each fill: the weighted mean, and the spread over (Σw)² / Σw² effective entries', () => {
    const p = new Profile({ bins: 1, low: 0, high: 1 });
    p.fill(f64([0.5, 0.5]), f64([5, 7]), f64([2, 1]));
    const { means, errors2 } = p.bins();
    const mean = 17 / 3;
    assert.ok(Math.abs(means[1] - mean) < 1e-12);
    assert.ok(Math.abs(errors2[1] - (99 / 3 - mean * mean) / (9 / 5)) < 1e-12);
  });

  it("fills only pairs with y inside its y limits, edges included, as ROOT's TProfile(…, ylow, yup): the others are not even entries", () => {
    const limited = new Profile({ bins: 2, low: 0, high: 2 });
    // y = 1 and 3 are the limits themselves (kept); 0.5 and 9 are outside; a NaN y is not filled either.
    limited.fill(f64([0.5, 0.5, 0.5, 1.5, 1.5, 0.2]), f64([1, 3, 0.5, 9, 2, NaN]), undefined, yLimitsOf(1, 3));
    assert.deepEqual(limited.bins().means, [0, 2, 2, 0]);
    assert.deepEqual([limited.statistics().entries, limited.statistics().nan], [3, 0]);
    // One side open: only y ≥ 2.
    const above = new Profile({ bins: 2, low: 0, high: 2 });
    above.fill(f64([0.5, 0.5, 1.5]), f64([1, 3, 9]), undefined, yLimitsOf(2, undefined));
    assert.deepEqual([above.bins().means, above.statistics().entries], [[0, 3, 9, 0], 2]);
    assert.equal(yLimitsOf(undefined, undefined), undefined);
  });

  it('merges parts in any order into the profile of all the pairs', () => {
    const pair = fc.tuple(fc.oneof(fc.double({ min: -2, max: 12, noNaN: true }), fc.constant(NaN)), fc.double({ min: -50, max: 50, noNaN: true }), fc.oneof(fc.constant(1), fc.double({ min: 0, max: 3, noNaN: true })));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 120 }), fc.integer({ min: 0, max: 120 }), (pairs, cut) => {
        const axis = { bins: 5, low: 0, high: 10 };
        const fillOf = (part: typeof pairs): Profile => {
          const p = new Profile(axis);
          p.fill(f64(part.map((q) => q[0])), f64(part.map((q) => q[1])), f64(part.map((q) => q[2])));
          return p;
        };
        const whole = fillOf(pairs);
        const merged = fillOf(pairs.slice(cut));
        merged.merge(fillOf(pairs.slice(0, cut)).toData());
        assert.equal(merged.entries, whole.entries);
        assert.equal(merged.nan, whole.nan);
        for (const key of ['sumw', 'sumw2', 'sumwy', 'sumwy2'] as const) merged[key].forEach((v, i) => assert.ok(Math.abs(v - whole[key][i]) <= 1e-9 * (1 + Math.abs(v)), `${key}[${i}]`));
        const a = merged.bins();
        const b = whole.bins();
        a.means.forEach((m, i) => assert.ok(Math.abs(m - b.means[i]) <= 1e-9 * (1 + Math.abs(m)), `mean ${i}`));
      }),
    );
  });

  it('refuses pairs of different lengths and parts of another binning', () => {
    const p = new Profile({ bins: 2, low: 0, high: 1 });
    assert.throws(() => p.fill(f64([1, 2]), f64([1])), /a profile fills pairs/);
    assert.throws(() => p.merge(new Profile({ bins: 3, low: 0, high: 1 })), /different binnings/);
    assert.throws(() => Profile.fromData({ ...p.toData(), sumwy: [0] }), /does not match/);
  });

  it('draws a stored TProfile holding the same sums as the same bins', () => {
    const p = new Profile({ bins: 3, low: 0, high: 3 });
    p.fill(f64([0.5, 0.6, 1.5, 1.2, 1.7, 2.5]), f64([-4, -2, 3, 8, 1, 5]), f64([1, 2, 0.5, 1, 1, 3]));
    const stored = storedHistogramOf('p', {
      _typename: 'TProfile',
      fXaxis: { fNbins: 3, fXmin: 0, fXmax: 3, fTitle: 'x' },
      fYaxis: { fNbins: 1, fXmin: 0, fXmax: 1, fTitle: 'mean energy' },
      fArray: [...p.sumwy],
      fSumw2: [...p.sumwy2],
      fBinEntries: [...p.sumw],
      fBinSumw2: [...p.sumw2],
      fEntries: p.entries,
      fTsumw: p.tsumw,
      fTsumwx: p.tsumwx,
      fTsumwx2: p.tsumwx2,
    });
    const bins = p.bins();
    assert.deepEqual(stored.sumw, bins.means);
    assert.deepEqual(stored.sumw2, bins.errors2);
    assert.deepEqual(stored.binEntries, [...p.sumw]);
    // Negative means stay negative (bin 1), and the y axis' title says what was averaged.
    assert.ok(stored.sumw[1] < 0);
    assert.equal(stored.y?.title, 'mean energy');
  });

  it('gives an empty bin 0 ± 0 and keeps rounding from making an error of a single fill', () => {
    // One fill of weight 1.7 at y = 123.456: Σw·y²/Σw − (Σw·y/Σw)² rounds to 1.8e-12, not 0.
    const [w, y] = [1.7, 123.456];
    assert.notEqual((w * y * y) / w - ((w * y) / w) ** 2, 0);
    const { means, errors2 } = profileBins([0, w], [0, w * w], [0, w * y], [0, w * y * y]);
    assert.equal(means[0], 0);
    assert.deepEqual(errors2, [0, 0]);
    assert.ok(Math.abs(means[1] - y) < 1e-12);
  });

  it("gives the errors of ROOT's error options: the spread (s), integer y (i), 1/√Σw (g)", () => {
    const p = new Profile({ bins: 3, low: 0, high: 3 });
    // Bin 1: y = 1, 2, 3, 6 unweighted; bin 2: y = 5 (weight 2) and 7 (weight 1); bin 3: y = 4 twice, weight 0.5 each.
    p.fill(f64([0.1, 0.5, 0.9, 0.2, 1.5, 1.6, 2.5, 2.5]), f64([1, 2, 3, 6, 5, 7, 4, 4]), f64([1, 1, 1, 1, 2, 1, 0.5, 0.5]));
    const spread2 = [3.5, 99 / 3 - (17 / 3) ** 2, 0];
    const neff = [4, 9 / 5, 2];
    const sumw = [4, 3, 1];
    const expected = {
      mean: spread2.map((s, i) => s / neff[i]),
      spread: spread2,
      // Bin 3 has no spread: as for integer y, each value ±½, uniform: 1/√12 over √neff.
      integer: [spread2[0] / neff[0], spread2[1] / neff[1], 1 / (12 * 2)],
      weights: sumw.map((w) => 1 / w),
    };
    for (const [option, want] of Object.entries(expected)) {
      const { means, errors2 } = p.bins(option as keyof typeof expected);
      assert.ok(Math.abs(means[2] - 17 / 3) < 1e-12, 'the means do not depend on the option');
      assert.deepEqual([errors2[0], errors2[4]], [0, 0], `${option}: flow bins empty`);
      want.forEach((e, i) => assert.ok(Math.abs(errors2[i + 1] - e) < 1e-12, `${option}, bin ${i + 1}: ${errors2[i + 1]} vs ${e}`));
    }
    // An empty bin is 0 ± 0 whatever the option.
    for (const option of ['spread', 'integer', 'weights'] as const) assert.deepEqual(profileBins([0], [0], [0], [0], option).errors2, [0]);
  });

  it('takes the spread of negative weights as ROOT does, |Σw·y²/Σw − ȳ²|', () => {
    // y = 1 with weight 2 and y = 3 with weight −1 (an NLO sample's): Σw 1, Σw·y −1, Σw·y² −7, Σw² 5.
    const { means, errors2 } = profileBins([1], [5], [-1], [-7]);
    assert.deepEqual(means, [-1]);
    assert.deepEqual(errors2, [8 / (1 / 5)]);
    assert.deepEqual(profileBins([1], [5], [-1], [-7], 'spread').errors2, [8]);
  });

  it('draws a stored TProfile with the error option it was saved with (fErrorMode)', () => {
    const p = new Profile({ bins: 1, low: 0, high: 1 });
    p.fill(f64([0.5, 0.5, 0.5]), f64([2, 2, 2]));
    const stored = (fErrorMode: number) =>
      storedHistogramOf('p', {
        _typename: 'TProfile',
        fXaxis: { fNbins: 1, fXmin: 0, fXmax: 1 },
        fYaxis: { fNbins: 1, fXmin: 0, fXmax: 1 },
        fArray: [...p.sumwy],
        fSumw2: [...p.sumwy2],
        fBinEntries: [...p.sumw],
        fEntries: 3,
        fTsumw: 3,
        fTsumwx: 1.5,
        fTsumwx2: 0.75,
        fErrorMode,
      });
    assert.deepEqual([stored(0).profileErrors, stored(0).sumw2[1]], ['mean', 0]);
    assert.deepEqual([stored(2).profileErrors, stored(2).sumw2[1]], ['integer', 1 / 36]);
    assert.deepEqual([stored(3).profileErrors, stored(3).sumw2[1]], ['weights', 1 / 3]);
    // A mode this reader does not know is drawn as ROOT's default.
    assert.equal(stored(9).profileErrors, 'mean');
  });
});
