// 2-D fits against MINUIT: the explorer's fit of a 2-D histogram, and the iminuit script Copy as Python
// writes for it, run with Debian's Python, must give the same parameters, errors and χ²; and the fit
// must find the shape the counts were drawn from.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { english } from '../../text/message';
import { assertAsMinuit2D, poissonHistogram2D } from '../../testing/fitHistograms';
import { parseFitModel2D } from './fit2dModels';
import { FitModelError } from './fitFunctions';
import { FitError } from './fitPoints';
import { type Fit2DHistogram, fitHistogram2D } from './histogramFit2d';
import type { FitMethod, FitParameter } from '../../protocol/dataExplorerMessages';

/** The English of the error `work` throws, of the kind given. */
function refusalOf(work: () => unknown, kind: typeof FitError | typeof FitModelError = FitError): string {
  try {
    work();
  } catch (err) {
    assert.ok(err instanceof kind, String(err));
    return english(err.text!);
  }
  assert.fail('fitted');
}

// A beam spot: a correlated peak over a flat background, in mm.
const spot = (x: number, y: number): number => parseFitModel2D('bigaus + pol0').evaluate(x, y, [3000, 0.4, 0.6, -0.3, 0.9, 0.5, 2]);
const xAxis = { bins: 30, low: -3, high: 3 };
const yAxis = { bins: 24, low: -4, high: 3 };

describe('2-D histogram fits', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-fit2d-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const cases: { model: string; method: FitMethod; h: () => Fit2DHistogram; range?: [number, number, number, number]; parameters?: FitParameter[] }[] = [
    { model: 'bigaus + pol0', method: 'chi2', h: () => poissonHistogram2D(xAxis, yAxis, spot, 1) },
    { model: 'bigaus + pol0', method: 'likelihood', h: () => poissonHistogram2D(xAxis, yAxis, spot, 2) },
    { model: 'xygaus', method: 'likelihood', h: () => poissonHistogram2D(xAxis, yAxis, (x, y) => 40 * Math.exp(-0.5 * (((x - 0.5) / 0.7) ** 2 + ((y + 1) / 1.1) ** 2)), 3) },
    { model: 'xygaus + pol0', method: 'chi2', h: () => poissonHistogram2D(xAxis, yAxis, (x, y) => 60 * Math.exp(-0.5 * (((x + 1) / 0.5) ** 2 + ((y - 0.5) / 0.8) ** 2)) + 5, 4), range: [-2.5, 1, -2, 2.5] },
    { model: 'xyexpo', method: 'likelihood', h: () => poissonHistogram2D(xAxis, yAxis, (x, y) => Math.exp(2.5 - 0.4 * x + 0.2 * y), 5) },
    // A formula in x and y, its parameters named; the flat level fixed where it was drawn (least
    // squares would pull it down: Neyman's χ² is biased low on a few counts per cell).
    {
      model: '[A]*exp(-0.5*((x-[mx])/[s])^2 - 0.5*((y-[my])/[s])^2) + [c]',
      method: 'likelihood',
      h: () => poissonHistogram2D(xAxis, yAxis, (x, y) => 50 * Math.exp(-0.5 * ((x / 0.8) ** 2 + ((y + 0.5) / 0.8) ** 2)) + 3, 6),
      parameters: [
        { name: 'A', value: 40 },
        { name: 'mx', value: 0.2 },
        { name: 's', value: 1 },
        { name: 'my', value: 0 },
        { name: 'c', value: 3, fixed: true },
      ],
    },
  ];
  for (const c of cases) {
    it(`fits ${c.model} (${c.method === 'chi2' ? 'least squares' : 'likelihood'}${c.range ? ', a range' : ''}) as MINUIT does, from the same start`, () => {
      const h = c.h();
      const [low, high, lowY, highY] = c.range ?? [];
      const fit = fitHistogram2D(h, { model: c.model, method: c.method, low, high, lowY, highY, parameters: c.parameters });
      assertAsMinuit2D(h, fit, tmp);
      assert.deepEqual([fit.low, fit.high, fit.lowY, fit.highY], c.range ?? [xAxis.low, xAxis.high, yAxis.low, yAxis.high]);
      assert.equal(fit.curve, undefined);
      const surface = fit.surface!;
      assert.equal(surface.z.length, surface.x.length * surface.y.length);
      assert.deepEqual([surface.x[0], surface.x.at(-1), surface.y[0], surface.y.at(-1)], [fit.low, fit.high, fit.lowY, fit.highY]);
    });
  }

  it('finds the beam spot the counts were drawn from: means, widths and correlation within three errors', () => {
    const fit = fitHistogram2D(poissonHistogram2D(xAxis, yAxis, spot, 7), { model: 'bigaus + pol0', method: 'likelihood' });
    assert.deepEqual(fit.names, ['Constant', 'MeanX', 'SigmaX', 'MeanY', 'SigmaY', 'Rho', 'p6']);
    const truth = [3000, 0.4, 0.6, -0.3, 0.9, 0.5, 2];
    fit.names.forEach((name, i) => assert.ok(Math.abs(fit.values[i] - truth[i]) < 3 * fit.errors[i], `${name} = ${fit.values[i]} ± ${fit.errors[i]}, drawn with ${truth[i]}`));
    // bigaus's Constant is its integral: the spot's counts, each cell 0.2 × 0.29 mm.
    assert.ok(fit.converged);
    assert.ok(fit.probability > 0.001, `probability ${fit.probability}`);
    // The surface holds the function: its largest value near the spot's top (the density's peak over the background).
    const top = Math.max(...fit.surface!.z);
    const peak = 3000 / (2 * Math.PI * 0.6 * 0.9 * Math.sqrt(1 - 0.25)) + 2;
    assert.ok(Math.abs(top - peak) / peak < 0.1, `top ${top}, the spot's ${peak}`);
  });

  it('fits a spot without background by bigaus + pol0 and likelihood: to the edge where the level is 0, converged, the spot as bigaus alone finds it', () => {
    const h = poissonHistogram2D({ bins: 60, low: -4, high: 4 }, { bins: 60, low: -4, high: 4 }, (x, y) => parseFitModel2D('bigaus').evaluate(x, y, [4000, 0.2, 0.5, -0.1, 0.7, 0.3]) * (8 / 60) ** 2, 12);
    const alone = fitHistogram2D(h, { model: 'bigaus', method: 'likelihood' });
    const fit = fitHistogram2D(h, { model: 'bigaus + pol0', method: 'likelihood' });
    assert.ok(fit.converged);
    assert.ok(Math.abs(fit.chi2 - alone.chi2) < 1e-6, `χ² ${fit.chi2} vs ${alone.chi2}`);
    alone.values.forEach((v, i) => assert.ok(Math.abs(fit.values[i] - v) < 1e-6 * Math.max(Math.abs(v), 0.1), `${fit.names[i]} ${fit.values[i]} vs ${v}`));
    assert.ok(Math.abs(fit.values[6]) < 1e-9, `p6 ${fit.values[6]}`);
    assert.ok(fit.atEdge?.includes('p6') && !fit.atEdge.includes('Constant'), `at the edge: ${fit.atEdge}`);
  });

  it('draws the contours over the part of a wide range the histogram has, and its Python too', () => {
    const h = poissonHistogram2D(xAxis, yAxis, spot, 11);
    const fit = fitHistogram2D(h, { model: 'bigaus + pol0', method: 'chi2', low: -1e308, high: 1e308, lowY: -1, highY: 1e6 });
    const surface = fit.surface!;
    assert.deepEqual([surface.x[0], surface.x.at(-1), surface.y[0], surface.y.at(-1)], [xAxis.low, xAxis.high, -1, yAxis.high]);
    assert.ok(surface.z.every(Number.isFinite));
    assertAsMinuit2D(h, fit, tmp);
  });

  it('turns a σ fitted negative to positive, with bigaus\'s Constant and Rho', () => {
    const h = poissonHistogram2D(xAxis, yAxis, spot, 8);
    const fit = fitHistogram2D(h, { model: 'bigaus + pol0', method: 'chi2', parameters: [{ name: 'SigmaX', value: -0.6 }] });
    assert.ok(fit.values[2] > 0 && fit.values[0] > 0 && fit.values[5] > 0, String(fit.values));
  });

  it('says what is wrong with a model or a request, and where', () => {
    const h = poissonHistogram2D(xAxis, yAxis, spot, 9);
    assert.match(refusalOf(() => fitHistogram2D(h, { model: 'gaus', method: 'chi2' }), FitModelError), /Unknown 2-D function "gaus"/);
    assert.match(refusalOf(() => fitHistogram2D(h, { model: '[0]*gaus(1) + y', method: 'chi2' }), FitModelError), /gaus is a function of one variable/);
    assert.match(refusalOf(() => fitHistogram2D(h, { model: '[y]*x + [1]*y', method: 'chi2' }), FitModelError), /"y" cannot name a parameter/);
    assert.match(refusalOf(() => fitHistogram2D(h, { model: '[0]*z + y', method: 'chi2' }), FitModelError), /Unknown name "z": a 2-D formula uses x, y/);
    assert.match(refusalOf(() => fitHistogram2D(h, { model: 'xygaus', method: 'chi2', integral: true })), /option I\) is for 1-D fits/);
    assert.match(refusalOf(() => fitHistogram2D(h, { model: 'xygaus', method: 'chi2', lowY: 1, highY: 0 })), /upper end of the fit range/);
    assert.match(refusalOf(() => fitHistogram2D(h, { model: 'bigaus + pol0', method: 'chi2', low: 2.85, high: 3, lowY: 2.8, highY: 3 })), /7 parameters, but only 1 bins with entries/);
    const weighted = { ...h, sumw2: h.sumw.map((w) => 2 * w) };
    assert.match(refusalOf(() => fitHistogram2D(weighted, { model: 'xygaus', method: 'likelihood' })), /needs plain counts/);
  });

  it('fits weighted cells by least squares with their errors √Σw²', () => {
    const h = poissonHistogram2D(xAxis, yAxis, spot, 10);
    const weighted = { ...h, sumw: h.sumw.map((w) => 0.5 * w), sumw2: h.sumw2.map((w) => 0.25 * w) };
    const plain = fitHistogram2D(h, { model: 'bigaus + pol0', method: 'chi2' });
    const halved = fitHistogram2D(weighted, { model: 'bigaus + pol0', method: 'chi2' });
    // Every weight halved: the same shape and χ², the Constant halved, its relative error the same.
    assert.ok(Math.abs(halved.chi2 - plain.chi2) < 1e-6 * plain.chi2);
    assert.ok(Math.abs(halved.values[1] - plain.values[1]) < 1e-6);
    assert.ok(Math.abs(halved.values[0] / plain.values[0] - 0.5) < 1e-6);
  });
});
