// The ratio under an overlay against NumPy's arithmetic on the same bins (ROOT's TH1::Divide of
// independent histograms), with weights, normalised, and with bins that differ.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { histogramRatio, ratioRange, ratioSeries } from './histogramRatio';
import { sharedRange, unitAreaScale } from './binEdges';

const axis = { bins: 5, low: 0, high: 10 };
// Weighted numerator (Σw² ≠ Σw), an empty numerator bin (3) and an empty denominator bin (5).
const numerator = { axis, sumw: [1, 4, 9.5, 0, 6, 2, 0], sumw2: [1, 4, 20.25, 0, 7.5, 1, 0] };
const denominator = { axis, sumw: [0, 5, 10, 3, 4, 0, 2], sumw2: [0, 5, 10, 3, 4, 0, 2] };

function numpy(normalise: boolean): { ratio: number[]; error: number[] } {
  const script = `import json, sys
import numpy as np
a = json.loads(sys.argv[1]); b = json.loads(sys.argv[2])
n, n2, d, d2 = (np.array(x[1:-1], float) for x in (a["sumw"], a["sumw2"], b["sumw"], b["sumw2"]))
if ${normalise ? 'True' : 'False'}:
    sn, sd = n.sum(), d.sum()
    n, n2, d, d2 = n / sn, n2 / sn**2, d / sd, d2 / sd**2
ok = d != 0
r = n[ok] / d[ok]
e = np.sqrt(n2[ok] * d[ok]**2 + d2[ok] * n[ok]**2) / d[ok]**2
print(json.dumps({"ratio": r.tolist(), "error": e.tolist()}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify(numerator), JSON.stringify(denominator)], { encoding: 'utf8' }));
}

function close(actual: readonly number[], expected: readonly number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])), `${i}: ${v} vs ${expected[i]}`));
}

describe('the ratio of two histograms', () => {
  it('divides bin by bin with independent errors from √Σw², as NumPy does on the same bins; none where the denominator is empty', () => {
    const points = histogramRatio(numerator, denominator, false)!;
    const want = numpy(false);
    close(points.map((p) => p.ratio), want.ratio);
    close(points.map((p) => p.error), want.error);
    assert.deepEqual(points.map((p) => [p.low, p.high]), [[0, 2], [2, 4], [4, 6], [6, 8]]);
    // The empty numerator bin: a ratio of 0, its error σn / d from the numerator's Σw² (0 here: nothing filled it).
    assert.deepEqual([points[2].ratio, points[2].error], [0, 0]);
  });

  it('divides the shapes when normalised, each histogram to unit area over its bins', () => {
    const points = histogramRatio(numerator, denominator, true)!;
    const want = numpy(true);
    close(points.map((p) => p.ratio), want.ratio);
    close(points.map((p) => p.error), want.error);
  });

  it('scales each by the unit-area scale the overlay draws it with: none for a total that is not above 0 (negative weights)', () => {
    const negative = { axis, sumw: [0, -4, 1, -2, 1, 1, 0], sumw2: [0, 16, 1, 4, 1, 1, 0] };
    assert.equal(unitAreaScale(negative, true), 1, 'a total of −3 has no unit area');
    assert.equal(unitAreaScale(denominator, true), 1 / 22);
    const points = histogramRatio(negative, denominator, true)!;
    // (n·1) / (d/22): the drawn one as it is, the overlay to unit area, as the chart above shows them.
    assert.deepEqual(points.map((p) => p.ratio), [(-4 / 5) * 22, (1 / 10) * 22, (-2 / 3) * 22, (1 / 4) * 22]);
  });

  it('gives the panel a series per overlay with the same bins and a filled bin, in the overlay\'s colour', () => {
    const series = ratioSeries(
      numerator,
      [
        { label: 'same bins', colour: '#f28e2b', histogram: denominator },
        { label: 'other bins', colour: '#76b7b2', histogram: { ...denominator, axis: { bins: 5, low: 0, high: 12 } } },
        { label: 'empty', colour: '#59a14f', histogram: { axis, sumw: [3, 0, 0, 0, 0, 0, 1], sumw2: [3, 0, 0, 0, 0, 0, 1] } },
      ],
      false,
    );
    assert.deepEqual(series.map((s) => [s.label, s.colour, s.points.length]), [['same bins', '#f28e2b', 4]]);
    assert.deepEqual(sharedRange([denominator, { axis: { bins: 2, low: -5, high: 3 } }, { axis: { bins: 3, low: 1, high: 4 }, edges: [1, 2, 30, 40] }]), { low: -5, high: 40 });
  });

  it('gives no ratio for other bins, and a range that holds every bar and the line at 1', () => {
    assert.equal(histogramRatio(numerator, { ...denominator, axis: { bins: 5, low: 0, high: 12 } }, false), undefined);
    assert.equal(histogramRatio({ ...numerator, edges: [0, 1, 2, 3, 4, 10] }, denominator, false), undefined);
    const points = histogramRatio(numerator, denominator, false)!;
    const [low, high] = ratioRange([points]);
    assert.equal(low, 0, 'ratios of counts start at 0');
    for (const p of points) assert.ok(p.ratio + p.error <= high, `${p.ratio} ± ${p.error} below ${high}`);
    assert.deepEqual(ratioRange([]), [0, 2]);
    // One bar far out (a bin of little weight below) does not squash the rest: at most two spreads beyond them.
    const [, wide] = ratioRange([[{ low: 0, high: 1, ratio: 1.1, error: 0.1 }, { low: 1, high: 2, ratio: 0.9, error: 40 }]]);
    assert.ok(wide < 2, `${wide}`);
  });
});
