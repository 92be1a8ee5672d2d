// Histograms with ROOT's conventions, checked against NumPy's binning of the same arrays
// (test/fixtures/data/npy/histograms.json, written by build_npy_fixtures.py), and the properties that
// make partial histograms safe to combine: merging parts equals filling everything once.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Histogram1D, Histogram2D, niceAxis } from './histogram';
import { fileSource, openNpy } from './npy/npyFile';

const DIR = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data', 'npy');
const reference = JSON.parse(readFileSync(path.join(DIR, 'histograms.json'), 'utf8')) as Record<string, { bins: number; low: number; high: number; counts: number[]; mean: number; std: number; entries: number }>;

async function valuesOf(name: string): Promise<Float64Array> {
  const source = await fileSource(path.join(DIR, name));
  try {
    const a = await openNpy(source);
    return await a.read(0, a.entries);
  } finally {
    await source.close();
  }
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('histograms (ROOT conventions)', () => {
  for (const [name, want] of Object.entries(reference)) {
    it(`bins ${name} as NumPy does with [low, high) bins, and gives its statistics`, async () => {
      const h = new Histogram1D({ bins: want.bins, low: want.low, high: want.high });
      h.fill(await valuesOf(name));
      assert.deepEqual([...h.sumw], want.counts);
      const s = h.statistics();
      assert.equal(s.entries, want.entries);
      assert.ok(close(s.mean, want.mean) && close(s.stdDev, want.std), `mean ${s.mean} std ${s.stdDev}`);
      assert.equal(s.underflow, want.counts[0]);
      assert.equal(s.overflow, want.counts[want.bins + 1]);
      assert.equal(s.integral, want.counts.slice(1, -1).reduce((a, b) => a + b, 0));
    });
  }

  it('puts a value on the upper edge in the overflow, NaN in neither, and weights in sums of squares', () => {
    const h = new Histogram1D({ bins: 4, low: 0, high: 1 });
    h.fill(Float64Array.of(0, 0.25, 0.999999, 1, -0.1, NaN), Float64Array.of(1, 2, 3, 4, 5, 6));
    assert.deepEqual([...h.sumw], [5, 1, 2, 0, 3, 4]);
    assert.deepEqual([...h.sumw2], [25, 1, 4, 0, 9, 16]);
    assert.deepEqual([h.entries, h.nan], [6, 1]);
    assert.deepEqual([...h.errors()].map((e) => Math.round(e * 1000) / 1000), [5, 1, 2, 0, 3, 4]);
  });

  it('puts a whole number on a bin edge in the bin it starts, as ROOT and NumPy do (29 in [29, 30), not [28, 29))', () => {
    // ROOT's default binning of a count up to 97: 100 bins over [0, 100).
    const h = new Histogram1D({ bins: 100, low: 0, high: 100 });
    h.fill(Float64Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual([...h.sumw], [0, ...Array(100).fill(1), 0]);
    const shifted = new Histogram1D({ bins: 7263, low: -0.5, high: 7262.5 });
    shifted.fill(Float64Array.from({ length: 7263 }, (_, i) => i));
    assert.ok(shifted.sumw.slice(1, -1).every((c) => c === 1));
  });

  it('bins values near ±1e308 where they are in a range given as [-1e308, 1e308) or [0, 1.7e308)', () => {
    const h = new Histogram1D({ bins: 10, low: -1e308, high: 1e308 });
    h.fill(Float64Array.of(-1e308, -5e307, 0, 9.9e307));
    assert.deepEqual([...h.sumw], [0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0]);
    const wide = new Histogram1D({ bins: 100, low: 0, high: 1.7e308 });
    wide.fill(Float64Array.of(1e307));
    assert.equal(wide.sumw[6], 1);
  });

  it('chooses round ranges that hold the data, as ROOT does when none is given', () => {
    assert.deepEqual(niceAxis(0.3, 97.2), { bins: 100, low: 0, high: 100 });
    assert.deepEqual(niceAxis(-2.47, 2.49, 50), { bins: 50, low: -2.5, high: 2.5 });
    assert.deepEqual(niceAxis(5, 5, 10), { bins: 10, low: 4.5, high: 5.5 });
    // Round edges would pass the largest float64 (2e308 is Infinity): the data's own range, kept finite.
    assert.deepEqual(niceAxis(0, 1.7e308), { bins: 100, low: 0, high: 1.7e308 + 1.7e302 });
    assert.deepEqual(niceAxis(1.7e308, 1.7e308), { bins: 100, low: 1.7e308 - 1.7e308 * 0.1, high: Number.MAX_VALUE });
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 500 }), (min, span, bins) => {
        const max = min + span;
        const a = niceAxis(min, max, bins);
        assert.ok(a.low <= min && a.high > max, `[${a.low}, ${a.high}) holds [${min}, ${max}]`);
        assert.ok(a.high - a.low <= 20 * span + 1e-9 * Math.abs(min), `not wastefully wide: [${a.low}, ${a.high}) for [${min}, ${max}]`);
      }),
    );
  });

  it('merges parts into exactly what one fill of everything gives, in any order (1-D and 2-D)', () => {
    const values = fc.array(fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }), fc.constant(NaN), fc.constant(10)), { maxLength: 200 });
    fc.assert(
      fc.property(values, values, values, (a, b, c) => {
        const axis = { bins: 7, low: -5, high: 10 };
        const whole = new Histogram1D(axis);
        whole.fill(Float64Array.from([...a, ...b, ...c]));
        const parts = [a, b, c].map((v) => {
          const h = new Histogram1D(axis);
          h.fill(Float64Array.from(v));
          return h.toData();
        });
        const merged = Histogram1D.fromData(parts[2]);
        merged.merge(parts[0]);
        merged.merge(Histogram1D.fromData(JSON.parse(JSON.stringify(parts[1]))));
        assert.deepEqual([...merged.sumw], [...whole.sumw]);
        assert.deepEqual([merged.entries, merged.nan], [whole.entries, whole.nan]);
        assert.ok(close(merged.tsumwx, whole.tsumwx) && close(merged.tsumwx2, whole.tsumwx2));
        const x = Float64Array.from([...a, ...b]);
        const y = x.map((v) => v / 2);
        const two = new Histogram2D(axis, { bins: 3, low: -2, high: 2 });
        two.fill(x, y);
        const p1 = new Histogram2D(axis, { bins: 3, low: -2, high: 2 });
        p1.fill(Float64Array.from(a), Float64Array.from(a, (v) => v / 2));
        const p2 = new Histogram2D(axis, { bins: 3, low: -2, high: 2 });
        p2.fill(Float64Array.from(b), Float64Array.from(b, (v) => v / 2));
        p1.merge(p2.toData());
        assert.deepEqual([...p1.sumw], [...two.sumw]);
      }),
    );
  });

  it('refuses to merge different binnings and to build empty ones', () => {
    const h = new Histogram1D({ bins: 10, low: 0, high: 1 });
    assert.throws(() => h.merge(new Histogram1D({ bins: 10, low: 0, high: 2 })), /different binnings/);
    assert.throws(() => new Histogram1D({ bins: 0, low: 0, high: 1 }), /1 to 100000 bins/);
    assert.throws(() => new Histogram1D({ bins: 5, low: 1, high: 1 }), /empty or not finite/);
    assert.throws(() => new Histogram2D({ bins: 5, low: 0, high: 1 }, { bins: 5, low: 0, high: NaN }), /empty or not finite/);
  });
});
