// Two-parameter contours against MINUIT's: the explorer's 68 % contour of a fit, and iminuit's
// mncontour on the same bins (the script Copy as Python writes), must enclose the same region.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { poissonHistogram, PYTHON } from '../../testing/fitHistograms';
import { withFit } from './fitPython';
import { fitHistogram, type FitMethod } from './histogramFit';

const zPeak = (x: number): number => 200 * Math.exp(-0.5 * ((x - 91.2) / 2.5) ** 2) + 56 - 0.2 * x;

describe('two-parameter contours', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-contour-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const cases: { x: string; y: string; method: FitMethod }[] = [
    { x: 'Mean', y: 'Sigma', method: 'chi2' },
    { x: 'Constant', y: 'Sigma', method: 'likelihood' },
    // The background's coefficients: strongly anticorrelated, a thin tilted ellipse.
    { x: 'p3', y: 'p4', method: 'chi2' },
  ];
  for (const c of cases) {
    it(`finds the 68 % contour of ${c.x} and ${c.y} (${c.method === 'chi2' ? 'least squares' : 'likelihood'}) where iminuit's mncontour finds it`, () => {
      const h = poissonHistogram(60, 80, 110, zPeak, 21);
      const fit = fitHistogram(h, { model: 'gaus + pol1', method: c.method, contour: { x: c.x, y: c.y } });
      const ours = fit.contour!;
      assert.equal(ours.missing, 0);
      assert.equal(ours.points.x.length, 24);
      const prelude = ['import numpy as np', `low, high, bins = ${h.axis.low}, ${h.axis.high}, ${h.axis.bins}`, `counts = np.array(${JSON.stringify(h.sumw.slice(1, h.axis.bins + 1))}, dtype=np.float64)`, ''].join('\n');
      // Copy as Python's script prints MINUIT's contour of the same two (24 points); a finer one is compared.
      const script = `${withFit(prelude, fit, 'numpy')}pts = m.mncontour(${JSON.stringify(c.x)}, ${JSON.stringify(c.y)}, size=72)\nprint("fine", [list(map(float, p)) for p in pts])\n`;
      const file = path.join(tmp, 'contour.py');
      writeFileSync(file, script);
      const printed = execFileSync(PYTHON, ['-W', 'ignore', file], { encoding: 'utf8' });
      assert.equal((JSON.parse(/^contour (.*)$/m.exec(printed)![1]) as unknown[]).length, 24, 'the script prints its own contour');
      const theirs = JSON.parse(/^fine (.*)$/m.exec(printed)![1]) as [number, number][];
      // The region's extent along each parameter (MINOS's interval at Δχ² = 2.28) agrees to 1 % of its width.
      for (const [k, values] of [[0, ours.points.x], [1, ours.points.y]] as const) {
        const reference = theirs.map((p) => p[k]);
        const [lo, hi] = [Math.min(...reference), Math.max(...reference)];
        const width = hi - lo;
        assert.ok(Math.abs(Math.min(...values) - lo) < 0.01 * width && Math.abs(Math.max(...values) - hi) < 0.01 * width, `${k ? c.y : c.x}: [${Math.min(...values)}, ${Math.max(...values)}] here, [${lo}, ${hi}] by MINUIT`);
      }
    });
  }

  it('gives no contour for a fixed parameter, or one parameter twice', () => {
    const h = poissonHistogram(60, 80, 110, zPeak, 22);
    assert.equal(fitHistogram(h, { model: 'gaus + pol1', method: 'chi2', contour: { x: 'Mean', y: 'Mean' } }).contour, undefined);
    assert.equal(fitHistogram(h, { model: 'gaus + pol1', method: 'chi2', parameters: [{ name: 'Sigma', value: 2.5, fixed: true }], contour: { x: 'Mean', y: 'Sigma' } }).contour, undefined);
    assert.equal(fitHistogram(h, { model: 'gaus + pol1', method: 'chi2', contour: { x: 'Mean', y: 'Nope' } }).contour, undefined);
  });
});
