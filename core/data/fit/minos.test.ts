// MINOS errors against MINUIT's MINOS (iminuit's m.minos(), in the script Copy as Python writes):
// asymmetric where the χ² is not a parabola (few events), HESSE's where it is, none where a parameter
// is fixed or its crossing lies beyond a limit.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { minuit, poissonHistogram } from '../../testing/fitHistograms';
import { parseFitModel } from './fitModels';
import { type FitHistogram, fitHistogram, type FitOptions } from './histogramFit';
import { minimize, unconstrained } from './minimize';
import { minos } from './minos';

describe('MINOS errors', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-minos-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** Each crossing MINUIT calls valid is HAI's within 2 % of its size (and of the minimum's own offset). */
  function assertAsMinos(h: FitHistogram, options: FitOptions, valid: number): void {
    const fit = fitHistogram(h, { ...options, minos: true });
    const reference = minuit(h, fit, tmp);
    let compared = 0;
    fit.names.forEach((name, i) => {
      const [lower, upper] = reference.minos.get(name) ?? [NaN, NaN];
      const offset = Math.abs(fit.values[i] - (reference.values.get(name)?.[0] ?? NaN));
      for (const [side, ours, theirs] of [['lower', fit.minos!.lower[i], lower], ['upper', fit.minos!.upper[i], upper]] as const) {
        if (Number.isNaN(theirs)) continue;
        compared++;
        assert.ok(Math.abs(ours - theirs) <= 0.02 * Math.abs(theirs) + offset, `${name} ${side}: ${ours} here, ${theirs} by MINOS`);
      }
    });
    assert.equal(compared, valid, 'crossings MINUIT found');
  }

  it('finds the asymmetric interval of a falling spectrum of few events (likelihood), as MINUIT does', () => {
    const h = poissonHistogram(20, 0, 10, (x) => 6 * Math.exp(-x / 2.2) + 0.3, 5);
    assertAsMinos(h, { model: 'expo', method: 'likelihood' }, 4);
    const fit = fitHistogram(h, { model: 'expo', method: 'likelihood', minos: true });
    // Constant's interval is lopsided: more room downwards than up.
    assert.ok(-fit.minos!.lower[0] > 1.05 * fit.minos!.upper[0], `${fit.minos!.lower[0]} / +${fit.minos!.upper[0]}`);
  });

  it("follows a lifetime's profile as it flattens against a flat background, to MINUIT's +36", () => {
    const h = poissonHistogram(20, 0, 10, (x) => 6 * Math.exp(-x / 2.2) + 0.3, 5);
    const options: FitOptions = { model: '[N]*exp(-x/[tau]) + [b]', method: 'likelihood', parameters: [{ name: 'N', value: 6 }, { name: 'tau', value: 2 }, { name: 'b', value: 0.3 }] };
    // MINUIT finds 4 of the 6 crossings here (not tau's and b's lower ones), HAI those and tau's lower.
    assertAsMinos(h, options, 4);
    const fit = fitHistogram(h, { ...options, minos: true });
    assert.ok(fit.minos!.upper[1] > 30, `tau +${fit.minos!.upper[1]}`);
  });

  it('gives about HESSE errors where the χ² is a parabola (a peak of many events, least squares)', () => {
    const h = poissonHistogram(40, 0, 10, (x) => 800 * Math.exp(-0.5 * ((x - 5) / 0.7) ** 2) + 100, 9);
    assertAsMinos(h, { model: 'gaus + pol0', method: 'chi2' }, 8);
    const fit = fitHistogram(h, { model: 'gaus + pol0', method: 'chi2', minos: true });
    fit.errors.forEach((e, i) => {
      assert.ok(Math.abs(-fit.minos!.lower[i] / e - 1) < 0.05 && Math.abs(fit.minos!.upper[i] / e - 1) < 0.05, `${fit.names[i]}: ±${e}, ${fit.minos!.lower[i]} / +${fit.minos!.upper[i]}`);
    });
  });

  it('has none for a fixed parameter, nor beyond a limit, and none unless asked for', () => {
    const h = poissonHistogram(40, 0, 10, (x) => 80 * Math.exp(-0.5 * ((x - 5) / 0.7) ** 2) + 10, 11);
    const fit = fitHistogram(h, { model: 'gaus + pol0', method: 'likelihood', minos: true, parameters: [{ name: 'Mean', value: 5, fixed: true }, { name: 'Sigma', low: 0.725 }] });
    assert.deepEqual([fit.minos!.lower[1], fit.minos!.upper[1]].map(Number.isNaN), [true, true]);
    // Sigma's lower crossing (0.71) would be below 0.725, where it may not go.
    assert.ok(Number.isNaN(fit.minos!.lower[2]) && fit.minos!.upper[2] > 0, `Sigma ${fit.values[2]} ${fit.minos!.lower[2]} / +${fit.minos!.upper[2]}`);
    assert.equal(fitHistogram(h, { model: 'gaus + pol0', method: 'likelihood' }).minos, undefined);
  });

  it('redoes the fit from a lower minimum its profiles walk into, and gives the errors of that minimum', () => {
    // A peak on a flat background, its gaussian started far from it (at 8, narrow): least squares
    // stops in a minimum of its own 550 above the peak's; the profiles of MINOS fall into the peak.
    const h = poissonHistogram(60, 0, 10, (x) => 50 * Math.exp(-0.5 * ((x - 5) / 1) ** 2) + 3, 2);
    const model = '[A]*exp(-0.5*((x-[m])/[s])^2) + [b]';
    const far: FitOptions = { model, method: 'chi2', parameters: [{ name: 'A', value: 1 }, { name: 'm', value: 8 }, { name: 's', value: 0.5 }, { name: 'b', value: 3 }] };
    const stopped = fitHistogram(h, far);
    const fit = fitHistogram(h, { ...far, minos: true });
    assert.equal(fit.minosRefit?.chi2, stopped.chi2);
    // The minimum a fit started at the peak finds, with its MINOS errors.
    const near = fitHistogram(h, { model, method: 'chi2', minos: true, parameters: [{ name: 'A', value: 50 }, { name: 'm', value: 5 }, { name: 's', value: 1 }, { name: 'b', value: 3 }] });
    assert.ok(stopped.chi2 > near.chi2 + 500, `${stopped.chi2} stopped, ${near.chi2} at the peak`);
    assert.ok(Math.abs(fit.chi2 - near.chi2) < 1e-6, `${fit.chi2} redone, ${near.chi2} at the peak`);
    assert.equal(near.minosRefit, undefined);
    // s enters squared: the fit redone may have found it either way up, its crossings turned with it.
    const side = (f: typeof fit, i: number, upper: boolean) => (Math.sign(f.values[i]) > 0 === upper ? f.minos!.upper[i] : -f.minos!.lower[i]);
    fit.names.forEach((name, i) => {
      assert.ok(Math.abs(Math.abs(fit.values[i]) - Math.abs(near.values[i])) < 1e-3 * near.errors[i], `${name} ${fit.values[i]}, ${near.values[i]} at the peak`);
      for (const upper of [false, true]) assert.ok(Math.abs(side(fit, i, upper) / side(near, i, upper) - 1) < 0.01, `${name}: ${side(fit, i, upper)} redone, ${side(near, i, upper)} at the peak`);
    });
    // And MINUIT, started where HAI started, finds the peak too, with the same crossings.
    assertAsMinos(h, far, 8);
  });

  it('says which crossings its time did not reach, apart from those that have none', () => {
    const x = Float64Array.from({ length: 30 }, (_, i) => i / 3);
    const y = x.map((v) => Math.round(50 * Math.exp(-0.5 * (v - 5) ** 2) + 2));
    const points = { x, y, sigma: y.map((v) => Math.sqrt(Math.max(v, 1))) };
    const model = parseFitModel('gaus');
    const m = minimize(model, points, [40, 4.5, 1.2], 'chi2');
    const errors = m.covariance!.map((row, i) => Math.sqrt(row[i]));
    const late = minos(model, points, 'chi2', m, unconstrained(3), errors, m.covariance!, performance.now());
    assert.deepEqual([late.unreached, late.upper.map(Number.isNaN)], [[0, 1, 2], [true, true, true]]);
    const inTime = minos(model, points, 'chi2', m, unconstrained(3), errors, m.covariance!);
    assert.deepEqual([inTime.unreached, inTime.upper.map(Number.isFinite)], [[], [true, true, true]]);
  });

  it("finds every crossing of a twelve-parameter likelihood fit, the others started along the covariance (left where they were, the function went negative)", () => {
    const h = poissonHistogram(2000, 0, 10, (x) => 30 * Math.exp(-0.5 * ((x - 3) / 0.3) ** 2) + 20 * Math.exp(-0.5 * ((x - 5) / 0.4) ** 2) + 5 + 0.3 * x, 3);
    const model = '[a]*exp(-0.5*((x-[m1])/[s1])^2) + [b]*exp(-0.5*((x-[m2])/[s2])^2) + [c0] + [c1]*x + [c2]*x^2 + [c3]*x^3 + [c4]*x^4 + [c5]*x^5';
    const starts = { a: 30, m1: 3, s1: 0.3, b: 20, m2: 5, s2: 0.4, c0: 5, c1: 0.3, c2: 0, c3: 0, c4: 0, c5: 0 };
    const fit = fitHistogram(h, { model, method: 'likelihood', minos: true, parameters: Object.entries(starts).map(([name, value]) => ({ name, value })) });
    // Many events: the profiles are parabolas, so MINOS is HESSE within a few per cent on both sides.
    fit.errors.forEach((e, i) => {
      assert.ok(Math.abs(-fit.minos!.lower[i] / e - 1) < 0.05 && Math.abs(fit.minos!.upper[i] / e - 1) < 0.05, `${fit.names[i]}: ±${e}, ${fit.minos!.lower[i]} / +${fit.minos!.upper[i]}`);
    });
  });
});
