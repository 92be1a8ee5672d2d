// Histograms for the fit tests, and MINUIT's answer on them: the iminuit script that Copy as Python
// writes for a fit, run with Debian's Python (python3-iminuit), from where HAI started.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { withFit } from '../data/fit/fitPython';
import { withFit2D } from '../data/fit/fitPython2d';
import type { FitHistogram, FitResult } from '../data/fit/histogramFit';
import type { Fit2DHistogram } from '../data/fit/histogramFit2d';

export const PYTHON = '/usr/bin/python3';

/** Poisson counts of mean `mu`, from a seeded generator. */
function poissonCounts(seed: number): (mu: number) => number {
  let state = seed;
  const uniform = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
  const poisson = (mu: number): number => {
    // Knuth's product of uniforms underflows past a mean of ~700: the normal approximation there.
    if (mu > 500) return Math.max(0, Math.round(mu + Math.sqrt(-2 * mu * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())));
    const limit = Math.exp(-mu);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= uniform();
    } while (p > limit);
    return k - 1;
  };
  return poisson;
}

/** A histogram of Poisson counts around `shape` at the bin centres, from a seeded generator. */
export function poissonHistogram(bins: number, low: number, high: number, shape: (x: number) => number, seed: number): FitHistogram {
  const poisson = poissonCounts(seed);
  const sumw = new Array<number>(bins + 2).fill(0);
  for (let i = 1; i <= bins; i++) sumw[i] = poisson(shape(low + ((i - 0.5) * (high - low)) / bins));
  return { axis: { bins, low, high }, sumw, sumw2: [...sumw] };
}

/** Runs Copy as Python's fit code on the histogram's counts in `dir`; the parameters and χ² it prints. */
export function minuit(h: FitHistogram, fit: FitResult, dir: string): { values: Map<string, [number, number]>; minos: Map<string, [number, number]>; chi2: number; ndf: number } {
  const prelude = ['import numpy as np', `low, high, bins = ${h.axis.low}, ${h.axis.high}, ${h.axis.bins}`, `counts = np.array(${JSON.stringify(h.sumw.slice(1, h.axis.bins + 1))}, dtype=np.float64)`, ''].join('\n');
  // Started where HAI started, not at its result: MINUIT must find the minimum on its own.
  return runMinuit(withFit(prelude, { ...fit, values: fit.start }, 'numpy'), dir);
}

type MinuitAnswer = ReturnType<typeof minuit>;

/** Runs a fit script in `dir`; what it prints. */
function runMinuit(script: string, dir: string): { values: Map<string, [number, number]>; minos: Map<string, [number, number]>; chi2: number; ndf: number } {
  const file = path.join(dir, 'fit.py');
  writeFileSync(file, script);
  const printed = execFileSync(PYTHON, ['-W', 'ignore', file], { encoding: 'utf8' });
  const values = new Map<string, [number, number]>();
  for (const [, name, v, e] of printed.matchAll(/^(\w+) = (\S+) ± (\S+)$/gm)) values.set(name, [Number(v), Number(e)]);
  // MINOS's crossings, NaN where MINUIT found none ("none").
  const minos = new Map<string, [number, number]>();
  for (const [, name, lower, upper] of printed.matchAll(/^(\w+) MINOS (\S+) (\S+)$/gm)) minos.set(name, [Number(lower === 'none' ? NaN : lower), Number(upper === 'none' ? NaN : upper)]);
  const [, chi2, ndf] = /chi2 \/ ndf = (\S+) \/ (\d+)/.exec(printed) ?? [];
  return { values, minos, chi2: Number(chi2), ndf: Number(ndf) };
}

/** HAI's fit as MINUIT's from the same start: values within 0.05 σ, errors within 3 %, the same χ² and ndf. */
export function assertAsMinuit(h: FitHistogram, fit: FitResult, dir: string): void {
  assertSameFit(minuit(h, fit, dir), fit);
}

/** HAI's 2-D fit as MINUIT's from the same start (Copy as Python's 2-D fit on the same cells): as for 1-D. */
export function assertAsMinuit2D(h: Fit2DHistogram, fit: FitResult, dir: string): void {
  const cells = Array.from({ length: h.x.bins }, (_, i) => Array.from({ length: h.y.bins }, (_, j) => h.sumw[(j + 1) * (h.x.bins + 2) + i + 1]));
  const prelude = ['import numpy as np', `XLOW, XHIGH, XBINS = ${h.x.low}, ${h.x.high}, ${h.x.bins}`, `YLOW, YHIGH, YBINS = ${h.y.low}, ${h.y.high}, ${h.y.bins}`, `counts = np.array(${JSON.stringify(cells)}, dtype=np.int64)`, ''].join('\n');
  assertSameFit(runMinuit(withFit2D(prelude, { ...fit, values: fit.start }, 'numpy'), dir), fit);
}

/** A 2-D histogram of Poisson counts around `shape` at the cells' centres (x fastest, under- and overflow empty), from a seeded generator. */
export function poissonHistogram2D(x: Fit2DHistogram['x'], y: Fit2DHistogram['y'], shape: (x: number, y: number) => number, seed: number): Fit2DHistogram {
  const poisson = poissonCounts(seed);
  const sumw = new Array<number>((x.bins + 2) * (y.bins + 2)).fill(0);
  for (let j = 1; j <= y.bins; j++) {
    for (let i = 1; i <= x.bins; i++) sumw[j * (x.bins + 2) + i] = poisson(shape(x.low + ((i - 0.5) * (x.high - x.low)) / x.bins, y.low + ((j - 0.5) * (y.high - y.low)) / y.bins));
  }
  return { x, y, sumw, sumw2: [...sumw] };
}

function assertSameFit(reference: MinuitAnswer, fit: FitResult): void {
  assert.deepEqual([...reference.values.keys()], fit.names);
  fit.names.forEach((name, i) => {
    const [signed, error] = reference.values.get(name)!;
    // A Gaussian's Sigma enters squared: MINUIT may end at −σ, which HAI shows turned.
    const value = /^Sigma/.test(name) && Math.sign(signed) !== Math.sign(fit.values[i]) ? -signed : signed;
    if (fit.fixed.includes(name)) {
      assert.equal(value, fit.values[i], `${name} is fixed for both`);
      return;
    }
    // MIGRAD stops within a few hundredths of an error of the minimum; HESSE's errors to ~1 %.
    assert.ok(Math.abs(fit.values[i] - value) <= 0.05 * error, `${name}: ${fit.values[i]} here, ${value} ± ${error} by MINUIT`);
    assert.ok(Math.abs(fit.errors[i] - error) <= 0.03 * error, `${name}: error ${fit.errors[i]} here, ${error} by MINUIT`);
  });
  assert.ok(Math.abs(fit.chi2 - reference.chi2) <= 1e-3 * Math.max(1, reference.chi2), `χ² ${fit.chi2} here, ${reference.chi2} by MINUIT`);
  assert.equal(fit.ndf, reference.ndf);
  assert.ok(fit.converged);
}
