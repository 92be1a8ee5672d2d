// Fits against MINUIT: the explorer's fit of a histogram, and the iminuit script Copy as Python
// writes for it, run with Debian's Python, must give the same parameters, errors and χ². Start
// values come from the histogram, so MINUIT finds its own minimum from where HAI started.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIT_MODEL_EXAMPLES } from '../../protocol/dataExplorerMessages';
import { english } from '../../text/message';
import { chiSquareProbability } from './chiSquareProbability';
import { FitModelError, parseFitModel } from './fitModels';
import { assertAsMinuit, poissonHistogram, PYTHON } from '../../testing/fitHistograms';
import { FitError, type FitHistogram, fitHistogram, type FitMethod, type ParameterSetting } from './histogramFit';

/** The English of the FitError `work` throws. */
function refusalOf(work: () => unknown): string {
  try {
    work();
  } catch (err) {
    assert.ok(err instanceof FitError, String(err));
    return english(err.text!);
  }
  assert.fail('fitted');
}

const zPeak = (x: number): number => 200 * Math.exp(-0.5 * ((x - 91.2) / 2.5) ** 2) + 56 - 0.2 * x;

describe('Histogram fits', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-fit-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const cases: { model: string; method: FitMethod; h: () => FitHistogram; low?: number; high?: number; parameters?: ParameterSetting[] }[] = [
    { model: 'gaus + pol1', method: 'chi2', h: () => poissonHistogram(60, 80, 110, zPeak, 1) },
    { model: 'gaus + pol1', method: 'likelihood', h: () => poissonHistogram(60, 80, 110, zPeak, 1) },
    { model: 'breitwigner + pol1', method: 'chi2', h: () => poissonHistogram(60, 80, 110, (x) => (400 * 2.5) / (2 * Math.PI) / ((x - 91.2) ** 2 + 2.5 ** 2 / 4) + 20, 2) },
    { model: 'crystalball + expo', method: 'chi2', h: () => poissonHistogram(80, 0, 8, (x) => parseFitModel('crystalball + expo').evaluate(x, [300, 3.1, 0.3, 1.2, 2.5, 3.5, -0.4]), 3) },
    { model: 'gaus', method: 'likelihood', h: () => poissonHistogram(40, -4, 4, (x) => 12 * Math.exp(-0.5 * x * x), 4) },
    // A narrow peak in a wide range: far out the function underflows to 0 where the bins are empty.
    { model: 'gaus', method: 'likelihood', h: () => poissonHistogram(100, -230, 770, (x) => 400 * Math.exp(-0.5 * (x / 18) ** 2), 9) },
    // A constant: its Python is an array over the bins too (p0 + 0 * x).
    { model: 'pol0', method: 'likelihood', h: () => poissonHistogram(20, 0, 10, () => 12, 14) },
    { model: 'expo', method: 'chi2', h: () => poissonHistogram(50, 0, 10, (x) => 500 * Math.exp(-0.4 * x), 5), low: 1, high: 8 },
    // The mean fixed off the peak (a degree of freedom more), and a start value typed.
    { model: 'gaus + pol1', method: 'likelihood', h: () => poissonHistogram(60, 80, 110, zPeak, 16), parameters: [{ name: 'Mean', value: 91, fixed: true }, { name: 'Sigma', value: 4 }] },
    { model: 'pol2', method: 'chi2', h: () => poissonHistogram(30, -1, 1, (x) => 100 + 40 * x - 60 * x * x, 6) },
    { model: 'gaus + gaus', method: 'chi2', h: () => poissonHistogram(100, 0, 10, (x) => 150 * Math.exp(-0.5 * ((x - 3) / 0.5) ** 2) + 80 * Math.exp(-0.5 * ((x - 7) / 0.8) ** 2) + 1, 7) },
  ];
  for (const c of cases) {
    it(`fits ${c.model} (${c.method === 'chi2' ? 'least squares' : 'likelihood'}${c.low === undefined ? '' : `, range ${c.low}–${c.high}`}${c.parameters ? ', Mean fixed' : ''}) as MINUIT does, from the same start`, () => {
      const h = c.h();
      const fit = fitHistogram(h, { model: c.model, method: c.method, low: c.low, high: c.high, parameters: c.parameters });
      assertAsMinuit(h, fit, tmp);
      assert.equal(fit.curve!.x.length, 500);
      assert.equal(fit.curve!.x[0], c.low ?? h.axis.low);
    });
  }

  it('finds the generated peak within its errors, and a sensible χ² probability', () => {
    const fit = fitHistogram(poissonHistogram(60, 80, 110, zPeak, 11), { model: 'gaus(0)+pol1(3)', method: 'likelihood' });
    assert.deepEqual(fit.names, ['Constant', 'Mean', 'Sigma', 'p3', 'p4']);
    const [, mean, sigma] = fit.values;
    assert.ok(Math.abs(mean - 91.2) < 3 * fit.errors[1], `mean ${mean} ± ${fit.errors[1]}`);
    assert.ok(Math.abs(sigma - 2.5) < 3 * fit.errors[2], `sigma ${sigma} ± ${fit.errors[2]}`);
    assert.ok(fit.probability > 0.001 && fit.probability < 1);
  });

  it('holds the parameters the bins do not depend on (a Crystal Ball fitted above its peak: no tail in range) and fits the rest', () => {
    const h = poissonHistogram(80, 0, 8, (x) => 2000 * Math.exp(-0.5 * ((x - 3.1) / 0.3) ** 2) + 2, 12);
    const fit = fitHistogram(h, { model: 'crystalball', method: 'likelihood', low: 3.3, high: 4.5 });
    assert.deepEqual(fit.held, ['Alpha', 'N']);
    assert.deepEqual(fit.errors.slice(3).map(Number.isNaN), [true, true]);
    const [, mean, sigma] = fit.values;
    assert.ok(Math.abs(mean - 3.1) < 5 * fit.errors[1], `mean ${mean} ± ${fit.errors[1]}`);
    assert.ok(Math.abs(sigma - 0.3) < 5 * fit.errors[2], `sigma ${sigma} ± ${fit.errors[2]}`);
  });

  it('fits a Crystal Ball to a Gaussian peak: the core as gaus finds it', () => {
    const h = poissonHistogram(100, 60, 120, (x) => 2000 * Math.exp(-0.5 * ((x - 91.2) / 2.5) ** 2) + 300 * Math.exp(-0.04 * (x - 60)), 12);
    const ball = fitHistogram(h, { model: 'crystalball + expo', method: 'chi2' });
    const gaus = fitHistogram(h, { model: 'gaus + expo', method: 'chi2' });
    for (const k of [1, 2]) assert.ok(Math.abs(ball.values[k] - gaus.values[k]) < 2 * gaus.errors[k], `${ball.names[k]}: ${ball.values[k]} vs gaus ${gaus.values[k]} ± ${gaus.errors[k]}`);
    assert.ok(ball.chi2 <= gaus.chi2 + 1e-6);
  });

  it("gives each function's derivatives as central differences of its values do", () => {
    const model = parseFitModel('gaus + expo + breitwigner + pol3');
    const p = [120, 91.2, 2.5, 3.1, -0.02, 900, 90.5, 2.4, 5, -0.3, 0.01, -2e-5];
    // The Crystal Ball in its core and its tail, on the low side (Alpha > 0) and the high side.
    const ball = parseFitModel('crystalball');
    const ballOut = new Float64Array(5);
    for (const q of [[300, 3.1, 0.3, 1.2, 2.5], [300, 3.1, 0.3, -0.8, 4]]) {
      for (const x of [1.5, 2.6, 2.9, 3.1, 3.4, 3.8, 4.5]) {
        ball.gradient(x, [...q], ballOut);
        q.forEach((v, j) => {
          const h = 1e-6 * Math.abs(v);
          const numeric = (ball.evaluate(x, q.map((w, k) => (k === j ? v + h : w))) - ball.evaluate(x, q.map((w, k) => (k === j ? v - h : w)))) / (2 * h);
          assert.ok(Math.abs(ballOut[j] - numeric) <= 1e-5 * Math.max(1, Math.abs(numeric)), `crystalball ${ball.names[j]} at ${x} (Alpha ${q[3]}): ${ballOut[j]} vs ${numeric}`);
        });
      }
    }
    const out = new Float64Array(p.length);
    for (const x of [60, 85.3, 91.2, 97.9, 120]) {
      const value = model.evaluate(x, p);
      assert.ok(Math.abs(model.gradient(x, [...p], out) - value) <= 1e-12 * Math.abs(value));
      p.forEach((v, j) => {
        const h = 1e-6 * Math.max(Math.abs(v), 1e-3);
        const numeric = (model.evaluate(x, p.map((w, k) => (k === j ? v + h : w))) - model.evaluate(x, p.map((w, k) => (k === j ? v - h : w)))) / (2 * h);
        assert.ok(Math.abs(out[j] - numeric) <= 1e-5 * Math.max(1, Math.abs(numeric)), `${model.names[j]} at ${x}: ${out[j]} vs ${numeric}`);
      });
    }
  });

  it('fits a likelihood where least squares would pull the background under empty sidebands: to the edge where it is 0, converged', () => {
    const h = poissonHistogram(100, 0, 10, (x) => 50 * Math.exp(-0.5 * ((x - 5) / 0.5) ** 2), 13);
    const alone = fitHistogram(h, { model: 'gaus', method: 'likelihood', minos: true });
    assert.equal(alone.atEdge, undefined);
    for (const model of ['gaus + pol0', 'gaus + pol1']) {
      const fit = fitHistogram(h, { model, method: 'likelihood', minos: true });
      // The best background is none: below it the likelihood does not exist (the function would be
      // negative under the empty sidebands). The fit goes to that edge and converges there, with
      // the peak gaus alone finds; it used to creep towards it, stop short, and pull the peak down.
      assert.ok(fit.converged, `${model} converged`);
      assert.ok(Math.abs(fit.chi2 - alone.chi2) < 1e-6, `${model}: χ² ${fit.chi2} vs ${alone.chi2}`);
      alone.values.forEach((v, i) => assert.ok(Math.abs(fit.values[i] - v) < 1e-6 * Math.abs(v), `${model}: ${fit.names[i]} ${fit.values[i]} vs ${v}`));
      assert.ok(fit.curve!.y.every((y) => y >= -1e-9), `${model}: the function stays at or above 0`);
      assert.ok(fit.values.slice(3).every((v) => Math.abs(v) < 1e-9), `${model}: no background, ${fit.values.slice(3)}`);
      // The level is said to be at that edge, where HESSE's parabola says nothing; the peak's height and place are not.
      assert.ok(fit.atEdge?.includes('p3') && !fit.atEdge.includes('Constant') && !fit.atEdge.includes('Mean'), `${model}: at the edge ${fit.atEdge}`);
      // MINOS: the peak's intervals as without a background. A level alone only goes up from 0; with
      // a slope, it may go a little below where the slope keeps the function positive over the bins.
      const { lower, upper } = fit.minos!;
      alone.minos!.lower.forEach((l, i) => assert.ok(Math.abs(lower[i] / l - 1) < 0.01 && Math.abs(upper[i] / alone.minos!.upper[i] - 1) < 0.01, `${model}: ${fit.names[i]} [${lower[i]}, ${upper[i]}] vs [${l}, ${alone.minos!.upper[i]}]`));
      assert.ok(upper[3] > 0 && upper[3] < 0.05 && (model === 'gaus + pol0' ? Number.isNaN(lower[3]) : lower[3] > -0.01 * upper[3]), `${model}: p3 [${lower[3]}, ${upper[3]}]`);
      assert.deepEqual(fit.minosUnreached, undefined);
    }
  });

  it('says a fit with a huge χ² (a wrong function on ten million entries) converged when it did', () => {
    const fit = fitHistogram(poissonHistogram(200, 0, 10, (x) => 1e7 * Math.exp(-0.5 * ((x - 5) / 1.2) ** 2) + 2e6 + 1e5 * x - 5e3 * x * x + 6e5 * Math.exp(-0.5 * ((x - 2) / 0.3) ** 2), 15), { model: 'gaus + pol2', method: 'chi2' });
    assert.ok(fit.chi2 > 3e5, `χ² ${fit.chi2}`);
    assert.ok(fit.converged);
  });

  it('keeps a parameter within the limits set, says it stopped at one, and starts where told', () => {
    const h = poissonHistogram(60, 80, 110, zPeak, 17);
    const free = fitHistogram(h, { model: 'gaus + pol1', method: 'chi2' });
    const limited = fitHistogram(h, { model: 'gaus + pol1', method: 'chi2', parameters: [{ name: 'Sigma', low: 0.5, high: 2 }] });
    assert.deepEqual(limited.atLimit, ['Sigma']);
    assert.equal(limited.values[2], 2);
    assert.ok(Number.isNaN(limited.errors[2]));
    assert.ok(limited.chi2 > free.chi2);
    assert.ok(Math.abs(limited.values[1] - 91.2) < 5 * limited.errors[1], `mean ${limited.values[1]} ± ${limited.errors[1]}`);
    // Two peaks: started the other way round, the first gaus takes the right-hand peak.
    const two = poissonHistogram(100, 0, 10, (x) => 150 * Math.exp(-0.5 * ((x - 3) / 0.5) ** 2) + 80 * Math.exp(-0.5 * ((x - 7) / 0.8) ** 2) + 1, 7);
    const automatic = fitHistogram(two, { model: 'gaus + gaus', method: 'chi2' });
    const swapped = fitHistogram(two, { model: 'gaus + gaus', method: 'chi2', parameters: [{ name: 'Mean_1', value: 7 }, { name: 'Mean_2', value: 3 }] });
    assert.ok(Math.abs(automatic.values[1] - 3) < 0.1 && Math.abs(swapped.values[1] - 7) < 0.1, `${automatic.values[1]}, ${swapped.values[1]}`);
    assert.ok(Math.abs(automatic.chi2 - swapped.chi2) < 1e-3);
    assert.match(refusalOf(() => fitHistogram(h, { model: 'gaus', method: 'chi2', parameters: [{ name: 'Sigma', low: 3, high: 1 }] })), /limits of Sigma are 3 and 1/);
  });

  it('fits a histogram with variable bins at their centres', () => {
    const edges = [0, 1, 3, 4, 7, 8, 10];
    const sumw = [0, ...edges.slice(1).map((e, i) => 2 + 3 * ((e + edges[i]) / 2)), 0];
    const fit = fitHistogram({ axis: { bins: 6, low: 0, high: 10 }, edges, sumw, sumw2: sumw.map(() => 1) }, { model: 'pol1', method: 'chi2' });
    assert.ok(Math.abs(fit.values[0] - 2) < 1e-9 && Math.abs(fit.values[1] - 3) < 1e-9, String(fit.values));
    assert.ok(fit.chi2 < 1e-12);
  });

  it('says what is wrong with a model, and where', () => {
    const wrong = (text: string): FitModelError => {
      try {
        parseFitModel(text);
      } catch (err) {
        assert.ok(err instanceof FitModelError);
        return err;
      }
      assert.fail(`${text} was accepted`);
    };
    assert.match(wrong('gauss + pol1').message, /Unknown function "gauss"/);
    assert.deepEqual([wrong('gaus + polly').start, wrong('gaus + polly').end], [7, 12]);
    assert.match(wrong('gaus(0) + pol1(2)').message, /pol1's parameters start at 3, not 2/);
    assert.match(wrong('gaus +').message, /Expected a function after \+/);
    assert.match(wrong('').message, /Write a function to fit/);
    assert.match(wrong('gaus pol1').message, /Expected a function name/);
    for (const example of FIT_MODEL_EXAMPLES) assert.equal(parseFitModel(example).text, example);
    assert.deepEqual(parseFitModel('GAUS+pol1 + gaus').names, ['Constant_1', 'Mean_1', 'Sigma_1', 'p3', 'p4', 'Constant_2', 'Mean_2', 'Sigma_2']);
  });

  it('refuses what it cannot fit, with what to do', () => {
    const h = poissonHistogram(20, 0, 10, () => 50, 8);
    assert.match(refusalOf(() => fitHistogram(h, { model: 'pol2', method: 'chi2', low: 0, high: 1 })), /only 2 bins with entries lie in the fit range/);
    assert.match(refusalOf(() => fitHistogram({ ...h, sumw2: h.sumw.map((v) => v * 4) }, { model: 'pol0', method: 'likelihood' })), /has weights/);
    assert.match(refusalOf(() => fitHistogram(h, { model: 'pol0 + pol0', method: 'chi2' })), /do not determine all the parameters/);
    assert.match(refusalOf(() => fitHistogram(h, { model: 'pol1', method: 'chi2', low: 5, high: 5 })), /upper end of the fit range/);
  });

  it('gives the probability of χ² as the closed forms do', () => {
    // Even ndf: Q(k, x) = e^(−x) Σ_{i<k} xⁱ/i!; ndf 1 and 3 from erfc, as Python's math computes it.
    for (const [chi2, ndf] of [[10, 4], [75.7, 56], [1e-3, 2], [300, 200], [2, 10]]) {
      const x = chi2 / 2;
      let term = 1;
      let sum = 1;
      for (let i = 1; i < ndf / 2; i++) sum += term *= x / i;
      const exact = Math.exp(-x) * sum;
      assert.ok(Math.abs(chiSquareProbability(chi2, ndf) - exact) <= 1e-12 + 1e-10 * exact, `${chi2}, ${ndf}: ${chiSquareProbability(chi2, ndf)} vs ${exact}`);
    }
    const erfc = (chi2: number, ndf: number): number => Number(execFileSync(PYTHON, ['-c', `import math; x = ${chi2} / 2; print(repr(math.erfc(math.sqrt(x)) + (2 * math.sqrt(x / math.pi) * math.exp(-x) if ${ndf} == 3 else 0)))`], { encoding: 'utf8' }));
    for (const [chi2, ndf] of [[3.841458820694124, 1], [1, 1], [0.2, 1], [7.8, 3], [30, 3]]) {
      const exact = erfc(chi2, ndf);
      assert.ok(Math.abs(chiSquareProbability(chi2, ndf) - exact) <= 1e-12 + 1e-10 * exact, `${chi2}, ${ndf}: ${chiSquareProbability(chi2, ndf)} vs ${exact}`);
    }
    assert.ok(Number.isNaN(chiSquareProbability(1, 0)));
  });
});
