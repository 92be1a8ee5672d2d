// Fits of formulas and of the Landau function: against MINUIT (the iminuit script Copy as Python
// writes, run with Debian's Python), against the built-in functions they spell out, and each formula
// function's derivatives against central differences of its values.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertAsMinuit, poissonHistogram, PYTHON } from '../../testing/fitHistograms';
import { FitModelError, parseFitModel } from './fitModels';
import { withFit } from './fitPython';
import { fitHistogram } from './histogramFit';

const zPeak = (x: number): number => 200 * Math.exp(-0.5 * ((x - 91.2) / 2.5) ** 2) + 56 - 0.2 * x;
/** Energy deposits in a thin sensor: a Landau peak at 20 (its top at 19.4), width 2.5, over a flat 5. */
const deposits = (x: number): number => parseFitModel('landau + pol0').evaluate(x, [3000, 20, 2.5, 5]);

describe('Fit formulas and the Landau function', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-formula-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const method of ['chi2', 'likelihood'] as const) {
    it(`fits landau + pol0 (${method === 'chi2' ? 'least squares' : 'likelihood'}) as MINUIT does, and finds the generated MPV and Sigma`, () => {
      const h = poissonHistogram(100, 0, 80, deposits, 3);
      const fit = fitHistogram(h, { model: 'landau + pol0', method });
      assert.deepEqual(fit.names, ['Constant', 'MPV', 'Sigma', 'p3']);
      assertAsMinuit(h, fit, tmp);
      const [, mpv, sigma] = fit.values;
      assert.ok(Math.abs(mpv - 20) < 3 * fit.errors[1], `MPV ${mpv} ± ${fit.errors[1]}`);
      assert.ok(Math.abs(sigma - 2.5) < 3 * fit.errors[2], `Sigma ${sigma} ± ${fit.errors[2]}`);
    });
  }

  it('fits a lone Landau peak by likelihood from the data alone (its top, not its mean, starts it)', () => {
    const h = poissonHistogram(60, 0, 12, (x) => parseFitModel('landau').evaluate(x, [800, 2, 0.4]), 21);
    const fit = fitHistogram(h, { model: 'landau', method: 'likelihood' });
    assertAsMinuit(h, fit, tmp);
    assert.ok(Math.abs(fit.values[1] - 2) < 3 * fit.errors[1], `MPV ${fit.values[1]} ± ${fit.errors[1]}`);
  });

  it('fits formulas that spell out gaus + pol1 to the same minimum, with their own names, as MINUIT does', () => {
    const h = poissonHistogram(60, 80, 110, zPeak, 1);
    const builtIn = fitHistogram(h, { model: 'gaus + pol1', method: 'chi2' });
    const starts = [
      { name: 'p0', value: 100 },
      { name: 'p1', value: 90 },
      { name: 'p2', value: 3 },
      { name: 'c', value: 100 },
      { name: 'mean', value: 90 },
      { name: 'sigma', value: 3 },
    ];
    const formulas: [string, string[]][] = [
      ['[0]*exp(-0.5*((x-[1])/[2])^2) + [3] + [4]*x', ['p0', 'p1', 'p2', 'p3', 'p4']],
      ['gaus + [3] + [4]*x', ['Constant', 'Mean', 'Sigma', 'p3', 'p4']],
      ['[c]*TMath::Gaus(x, [mean], [sigma]) + pol1(3)', ['c', 'mean', 'sigma', 'p3', 'p4']],
      ['[0] * exp(-0.5 * ((x - [1]) / [2]) ** 2) + pol1(3)', ['p0', 'p1', 'p2', 'p3', 'p4']],
    ];
    for (const [model, names] of formulas) {
      const fit = fitHistogram(h, { model, method: 'chi2', parameters: starts });
      assert.deepEqual(fit.names, names);
      assert.equal(fit.model, model);
      assertAsMinuit(h, fit, tmp);
      assert.ok(Math.abs(fit.chi2 - builtIn.chi2) < 1e-6, `${model}: χ² ${fit.chi2}, gaus + pol1 ${builtIn.chi2}`);
      fit.values.forEach((v, i) => assert.ok(Math.abs(Math.abs(v) - Math.abs(builtIn.values[i])) < 0.01 * builtIn.errors[i], `${model} ${fit.names[i]}: ${v} vs ${builtIn.values[i]}`));
    }
  });

  it('fits an exponential decay with named parameters, also names the Python uses at its top level (mu, m)', () => {
    const h = poissonHistogram(50, 0, 10, (x) => 400 * Math.exp(-x / 2.2) + 10, 5);
    const fit = fitHistogram(h, { model: '[mu]*exp(-x/[tau]) + [m]', method: 'likelihood', parameters: [{ name: 'mu', value: 300 }, { name: 'tau', value: 1 }] });
    assert.deepEqual(fit.names, ['mu', 'tau', 'm']);
    assertAsMinuit(h, fit, tmp);
    assert.ok(Math.abs(fit.values[1] - 2.2) < 3 * fit.errors[1], `tau ${fit.values[1]} ± ${fit.errors[1]}`);
  });

  it("gives every formula function's derivatives as central differences of its values do", () => {
    const model = parseFitModel(
      '[0]*exp(-[1]*x) + log([2]+x) + sqrt([3]*x) + pow([4], 2)*x + sin([5]*x) + cos([5])*tan([6]) + atan2([6], x) + erf([7]*x) + erfc([7]) + TMath::Landau(x, [8], [9]) + TMath::Gaus(x, [8], [9]) + abs([1] - x) + atan([2]) + tanh([3]) + sinh([4]) + cosh([5]) + max([0], x) + min([1]*x, [2]) + (x > [3])*[4] + sq([6]) + log10([0]) + landau(10) + [4]^[5]',
    );
    assert.equal(model.names.length, 13);
    const p = [1.7, 0.3, 2.2, 0.9, 1.3, 0.4, 0.7, 0.6, 3.1, 1.2, 500, 3.5, 1.1];
    const out = new Float64Array(p.length);
    for (const x of [0.5, 1.9, 3.3, 4.4]) {
      const value = model.evaluate(x, p);
      assert.ok(Math.abs(model.gradient(x, [...p], out) - value) <= 1e-12 * Math.abs(value));
      p.forEach((v, j) => {
        const h = 1e-6 * Math.abs(v);
        const numeric = (model.evaluate(x, p.map((w, k) => (k === j ? v + h : w))) - model.evaluate(x, p.map((w, k) => (k === j ? v - h : w)))) / (2 * h);
        assert.ok(Math.abs(out[j] - numeric) <= 1e-5 * Math.max(1, Math.abs(numeric)), `${model.names[j]} at ${x}: ${out[j]} vs ${numeric}`);
      });
    }
  });

  it("computes each formula's value as its Python does", () => {
    const model = parseFitModel('[0]*erf(x - [1]) + erfc([2]*x) + TMath::Landau(x, [1], [2]) + (x >= 1 and x < 3)*[3] + not(x > 2) + TMath::Pi()*[3] + 1e-3*x');
    const p = [2, 1.5, 0.7, 0.25];
    const xs = [0.2, 1, 1.7, 2.9, 3.5];
    const python = withFit('import numpy as np\nlow, high, bins = 0, 5, 10\ncounts = np.ones(10)\n', { ...fitHistogram(poissonHistogram(10, 0, 5, () => 50, 1), { model: 'pol0', method: 'chi2' }), model: model.text, names: model.names }, 'numpy')
      .split('\nm = Minuit')[0]
      .concat(`\nimport json\nprint(json.dumps([float(v) for v in model(np.array(${JSON.stringify(xs)}), ${p.join(', ')})]))\n`);
    const values = JSON.parse(execFileSync(PYTHON, ['-c', python], { encoding: 'utf8' })) as number[];
    xs.forEach((x, i) => assert.ok(Math.abs(values[i] - model.evaluate(x, p)) < 1e-9, `at ${x}: ${model.evaluate(x, p)} here, ${values[i]} in Python`));
  });

  it('says what is wrong with a formula, and where', () => {
    const wrong = (text: string): FitModelError => {
      try {
        parseFitModel(text);
      } catch (err) {
        assert.ok(err instanceof FitModelError, String(err));
        return err;
      }
      assert.fail(`${text} was accepted`);
    };
    const at = (text: string): [string, number, number] => {
      const err = wrong(text);
      return [err.message, err.start, err.end];
    };
    assert.deepEqual(at('[0]*exp(-y/[1])').slice(1), [9, 10]);
    assert.match(wrong('[0]*exp(-y/[1])').message, /Unknown name "y"/);
    assert.match(wrong('[0] + [2]*x').message, /\[1\] is not used/);
    assert.match(wrong('[0]*x % 2').message, /% cannot be used/);
    assert.match(wrong('gaus(x) + [3]').message, /gaus\(k\) is gaus with its parameters from \[k\] on/);
    assert.match(wrong('[0]*expo(x)').message, /expo\(k\)/);
    assert.match(wrong('[0]*exq(x)').message, /Unknown function "exq"/);
    assert.match(wrong('2*x + 1').message, /no parameters to fit/);
    assert.match(wrong('[x]*x').message, /^"x" cannot name a parameter: x is the bin centre\. Choose another name\.$/);
    assert.match(wrong('[1a]*x').message, /"1a" cannot name a parameter: use letters/);
    assert.match(wrong('[centres]*x').message, /^"centres" cannot name a parameter: the Python that Copy as Python writes uses centres itself/);
    assert.match(wrong('[0]*pow(x)').message, /pow takes 2 arguments, not 1/);
    assert.match(wrong('[0]*x + [40]').message, /at most 40 parameters/);
    assert.match(wrong('[0]*(x + 1').message, /"\)" is missing/);
    assert.match(wrong('[0 + x').message, /closing \]/);
    assert.match(wrong('[0]*x +').message, /ends too early/);
    assert.match(wrong('[__debug__]*x').message, /"__debug__" cannot name a parameter/);
    assert.match(wrong('`[tau`*x').message, /"`" cannot be used here/);
    // Written back on one line: the text goes into comment lines of the Python and the CSV.
    assert.equal(parseFitModel('[0]*x\n  +\t[1]').text, '[0]*x + [1]');
  });

  it('shows a formula whose parameters the data cannot tell apart, unconverged and without errors, for start values to be set', () => {
    const h = poissonHistogram(40, 0, 10, (x) => 30 + 2 * x, 19);
    const fit = fitHistogram(h, { model: '[a]*[b] + [c]*x', method: 'chi2' });
    assert.equal(fit.converged, false);
    assert.deepEqual(fit.names, ['a', 'b', 'c']);
    assert.ok(fit.errors.every(Number.isNaN));
    // A peak started near where it is is found.
    const peak = poissonHistogram(40, 0, 10, (x) => 300 * Math.exp(-0.5 * ((x - 6) / 0.4) ** 2) + 3, 19);
    const started = fitHistogram(peak, { model: '[0]*exp(-0.5*((x-[1])/[2])^2) + [3]', method: 'chi2', parameters: [{ name: 'p0', value: 250 }, { name: 'p1', value: 5.5 }, { name: 'p2', value: 1 }] });
    assert.ok(started.converged);
    assert.ok(Math.abs(started.values[1] - 6) < 3 * started.errors[1]);
  });

  it('numbers a bare function with the lowest numbers left free, and never names two parameters alike', () => {
    // [1] is its own parameter, not gaus's Constant: the bare gaus comes after [0] and [1].
    assert.deepEqual(parseFitModel('[0]*gaus + [1]').names, ['p0', 'p1', 'Constant', 'Mean', 'Sigma']);
    assert.deepEqual(parseFitModel('[p0_1] + [p0]*x + [0]').names, ['p0_2', 'p0_1', 'p0_3']);
    assert.deepEqual(parseFitModel('gaus(0) + gaus(3) + [Mean_1]*x').names, ['Constant_1', 'Mean_2', 'Sigma_1', 'Constant_2', 'Mean_3', 'Sigma_2', 'Mean_1']);
  });

  it('keeps derivatives of 0 at 0 where a factor is infinite (a power of x at x = 0), and writes numbers Python reads as floats', () => {
    const model = parseFitModel('x^[0]*[1] + sqrt(x - [2])*[3]');
    const out = new Float64Array(4);
    model.gradient(0, [1.5, 2, 0, 1], out);
    assert.deepEqual([out[0], out[1], out[3]], [0, 0, 0]);
    assert.equal(out[2], -Infinity);
    // 1e400 is infinite, 2 a float (Python's integers would divide and power otherwise), / and ^ through NumPy.
    assert.equal(parseFitModel('[0]*1e400 + 2/[1] + (-8)^[2]').python(), '(((p0 * float("inf")) + np.divide(2.0, p1)) + np.power((-8.0), p2))');
  });

  it("fits the function's mean over each bin with option I: a narrow peak in wide bins keeps its width, and MINUIT agrees", () => {
    // Counts exactly the peak's integral over each bin (Simpson's rule, 2000 steps a bin): σ = 0.5 in bins 1 wide.
    const peak = (x: number): number => 1000 * Math.exp(-0.5 * ((x - 0.2) / 0.5) ** 2);
    const bins = 12;
    const sumw = [0];
    for (let i = 0; i < bins; i++) {
      const [a, n] = [-6 + i, 2000];
      let s = peak(a) + peak(a + 1);
      for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * peak(a + k / n);
      sumw.push(s / (3 * n));
    }
    sumw.push(0);
    const h = { axis: { bins, low: -6, high: 6 }, sumw, sumw2: sumw.map((v) => Math.max(v, 1e-6)) };
    const atCentres = fitHistogram(h, { model: 'gaus', method: 'chi2' });
    const averaged = fitHistogram(h, { model: 'gaus', method: 'chi2', integral: true });
    // At the centres the peak looks wider (√(σ² + w²/12) ≈ 0.58); its means over the bins give σ back.
    assert.ok(atCentres.values[2] > 0.55, `σ at the centres ${atCentres.values[2]}`);
    assert.ok(Math.abs(averaged.values[2] - 0.5) < 1e-4 && Math.abs(averaged.values[1] - 0.2) < 1e-4, `σ ${averaged.values[2]}, mean ${averaged.values[1]}`);
    assert.equal(averaged.integral, true);
    // The curve drawn is the function itself, not its bin means.
    assert.ok(Math.abs(Math.max(...averaged.curve!.y) - 1000) < 5, `the curve's top ${Math.max(...averaged.curve!.y)}`);
    const noisy = poissonHistogram(30, 0, 15, (x) => 200 * Math.exp(-0.5 * ((x - 6) / 0.6) ** 2) + 40 * Math.exp(-x / 4), 23);
    for (const method of ['chi2', 'likelihood'] as const) assertAsMinuit(noisy, fitHistogram(noisy, { model: 'gaus + expo', method, integral: true }), tmp);
  });
});
