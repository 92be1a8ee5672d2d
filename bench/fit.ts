// Fitting a histogram in the data explorer against what a physicist does today, in the same run:
// iminuit (MINUIT's MIGRAD then HESSE, from Python) on the same bins, function, range and start,
// through the script Copy as Python writes. Histograms of Poisson counts (a Z-like peak over a
// falling background, and energy deposits: a Landau peak over a falling background) of 100, 1 000 and
// 10 000 bins, fitted with ROOT's functions and with a formula that spells out gaus + expo (started
// where gaus + expo starts, as a user would type the start values), with the 68 % contour of Mean and
// Sigma (against migrad() + hesse() + mncontour() of 24 points), and with MINOS errors (against
// migrad() + hesse() + minos(); the largest difference of the crossings as a fraction of MINUIT's); each time is the median of --runs, HAI's for
// the whole fitHistogram (start values, minimisation, errors, curve), iminuit's for migrad() + hesse()
// alone (Python's start and imports left out). Then 2-D histograms (a beam spot: a correlated peak
// over a flat background) of 40 × 40, 100 × 100 and 200 × 200 cells fitted with bigaus + pol0 and
// xygaus + pol0 (the whole fitHistogram2D, its surface for the contours included), against iminuit on
// the same cells through the script Copy as Python writes; and the spot alone (simulation: no
// background) fitted by likelihood with bigaus + pol0 and xygaus + pol0, whose flat level's best value
// is none, at the edge where the function reaches 0, up to 1000 × 1000 cells (timed once there).
// Run: npm run bench:fit [-- --runs 5]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseFitModel } from '../core/data/fit/fitModels';
import { withFit } from '../core/data/fit/fitPython';
import { parseFitModel2D } from '../core/data/fit/fit2dModels';
import { withFit2D } from '../core/data/fit/fitPython2d';
import { type FitHistogram, fitHistogram, type FitMethod } from '../core/data/fit/histogramFit';
import { type Fit2DHistogram, fitHistogram2D } from '../core/data/fit/histogramFit2d';
import { arg } from './lspSession';

const PYTHON = '/usr/bin/python3';
const runs = Number(arg('--runs', '5'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number): number => Math.round(x * 100) / 100;

type Shape = { readonly low: number; readonly high: number; readonly events: (x: number) => number };
const zPeak: Shape = { low: 60, high: 120, events: (x) => 200 * Math.exp(-0.5 * ((x - 91.2) / 2.5) ** 2) + 400 * Math.exp(-0.04 * (x - 60)) };
const landauModel = parseFitModel('landau + expo');
const deposits: Shape = { low: 0, high: 60, events: (x) => landauModel.evaluate(x, [2000, 15, 2, 4, -0.05]) };

function histogram(bins: number, seed: number, shape: Shape): FitHistogram {
  let state = seed;
  const uniform = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
  // Normal approximation of Poisson counts: 10 000 bins of a large sample stay quick to make.
  const gauss = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const { low, high } = shape;
  const sumw = new Array<number>(bins + 2).fill(0);
  const scale = 6000 / bins;
  for (let i = 1; i <= bins; i++) {
    const x = low + ((i - 0.5) * (high - low)) / bins;
    const mu = scale * shape.events(x);
    sumw[i] = Math.max(0, Math.round(mu + Math.sqrt(mu) * gauss()));
  }
  return { axis: { bins, low, high }, sumw, sumw2: [...sumw] };
}

/**
 * A beam spot's cells over [-3, 3] × [-3, 3]: 200 000 events in a correlated peak, `flat` per mm²
 * (2 per 0.01 mm², or none: a simulated spot alone), normal-approximated Poisson counts.
 */
function histogram2D(bins: number, seed: number, flat = 200): Fit2DHistogram {
  let state = seed;
  const uniform = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
  const gauss = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const axis = { bins, low: -3, high: 3 };
  const area = (6 / bins) ** 2;
  const spot = parseFitModel2D('bigaus + pol0');
  const sumw = new Array<number>((bins + 2) ** 2).fill(0);
  for (let j = 1; j <= bins; j++) {
    for (let i = 1; i <= bins; i++) {
      const mu = spot.evaluate(-3 + ((i - 0.5) * 6) / bins, -3 + ((j - 0.5) * 6) / bins, [200_000 * area, 0.3, 0.6, -0.2, 0.9, 0.5, flat * area]);
      sumw[j * (bins + 2) + i] = Math.max(0, Math.round(mu + Math.sqrt(mu) * gauss()));
    }
  }
  return { x: axis, y: axis, sumw, sumw2: [...sumw] };
}

/** The largest difference between HAI's and MINUIT's MINOS crossings, in units of MINUIT's. */
function minosAgreement(fit: ReturnType<typeof fitHistogram>, printed: string): number {
  let worst = 0;
  for (const [, name, lower, upper] of printed.matchAll(/^(\w+) MINOS (\S+) (\S+)$/gm)) {
    const i = fit.names.indexOf(name);
    const pairs: [number, number][] = [
      [fit.minos?.lower[i] ?? NaN, Number(lower)],
      [fit.minos?.upper[i] ?? NaN, Number(upper)],
    ];
    for (const [ours, theirs] of pairs) {
      if (Number.isFinite(ours) && Number.isFinite(theirs)) worst = Math.max(worst, Math.abs(ours - theirs) / Math.abs(theirs));
    }
  }
  return Math.round(worst * 1e4) / 1e4;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-bench-fit-'));
const results: unknown[] = [];
try {
  for (const bins of [100, 1000, 10_000]) {
    const z = histogram(bins, bins, zPeak);
    const formula = '[0]*exp(-0.5*((x-[1])/[2])^2) + expo(3)';
    const landau = histogram(bins, bins + 1, deposits);
    const cases = [
      ...['gaus + expo', 'gaus + pol2', 'crystalball + expo'].map((model) => ({ model, h: z, starts: false, minos: false })),
      { model: formula, h: z, starts: true, minos: false },
      { model: 'landau + expo', h: landau, starts: false, minos: false },
      // MINOS errors too: HAI's whole fit with them against migrad() + hesse() + minos().
      { model: 'gaus + expo', h: z, starts: false, minos: true },
      { model: 'landau + expo', h: landau, starts: false, minos: true },
      // The 68 % contour of Mean and Sigma too: against migrad() + hesse() + mncontour() of 24 points.
      { model: 'gaus + expo', h: z, starts: false, minos: false, contour: true },
    ];
    for (const { model, h, starts, minos, contour: withContour } of cases as { model: string; h: FitHistogram; starts: boolean; minos: boolean; contour?: boolean }[]) {
      const contour = withContour ? { x: 'Mean', y: 'Sigma' } : undefined;
      for (const method of ['chi2', 'likelihood'] as FitMethod[]) {
        const times: number[] = [];
        // The formula's parameters started where gaus + expo starts: the user's typed start values.
        const parameters = starts ? fitHistogram(h, { model: 'gaus + expo', method }).start.slice(0, 3).map((value, i) => ({ name: `p${i}`, value })) : undefined;
        let fit = fitHistogram(h, { model, method, parameters, minos, contour });
        for (let r = 0; r < runs; r++) {
          const started = performance.now();
          fit = fitHistogram(h, { model, method, parameters, minos, contour });
          times.push(performance.now() - started);
        }
        const prelude = ['import time', 'import numpy as np', `low, high, bins = ${h.axis.low}, ${h.axis.high}, ${bins}`, `counts = np.array(${JSON.stringify(h.sumw.slice(1, bins + 1))}, dtype=np.float64)`, ''].join('\n');
        const script = withFit(prelude, { ...fit, values: fit.start }, 'numpy')
          .replace('m.migrad()\nm.hesse()', `times = []\nfor run in range(${runs}):\n    m.reset()\n    t0 = time.perf_counter()\n    m.migrad()\n    m.hesse()\n${minos ? '    m.minos()\n' : ''}${contour ? '    m.mncontour("Mean", "Sigma", size=24)\n' : ''}    times.append((time.perf_counter() - t0) * 1000)\nprint("ms", sorted(times)[len(times) // 2], "valid", m.valid)`);
        const file = path.join(tmp, 'fit.py');
        writeFileSync(file, script);
        const printed = execFileSync(PYTHON, ['-W', 'ignore', file], { encoding: 'utf8' });
        const [, ms, valid] = /^ms (\S+) valid (\S+)$/m.exec(printed) ?? [];
        const [, chi2] = /chi2 \/ ndf = (\S+)/.exec(printed) ?? [];
        const minosAgree = minos ? minosAgreement(fit, printed) : undefined;
        results.push({ bins, model: minos ? `${model} (MINOS)` : contour ? `${model} (contour of Mean and Sigma)` : model, method, ...(minosAgree === undefined ? {} : { minosLargestDifference: minosAgree }), haiMs: round(median(times)), iminuitMs: round(Number(ms)), haiChi2: round(fit.chi2), iminuitChi2: round(Number(chi2)), haiConverged: fit.converged, iminuitValid: valid === 'True' });
      }
    }
  }
  for (const bins of [40, 100, 200, 1000]) {
    // A million cells: the spot alone only, timed once (each fit takes seconds, on both sides).
    const large = bins > 200;
    const timed = large ? 1 : runs;
    const spots = { background: histogram2D(bins, bins), alone: histogram2D(bins, bins, 0) };
    const all = [
      ...(['bigaus + pol0', 'xygaus + pol0'] as const).flatMap((model) => (['chi2', 'likelihood'] as FitMethod[]).map((method) => ({ model, method, minos: false, spot: 'background' as const }))),
      ...(['chi2', 'likelihood'] as FitMethod[]).map((method) => ({ model: 'bigaus + pol0', method, minos: true, spot: 'background' as const })),
      // A spot without background, by likelihood: the best level of pol0 is none, at the edge where the function reaches 0.
      ...(['bigaus + pol0', 'xygaus + pol0'] as const).map((model) => ({ model, method: 'likelihood' as FitMethod, minos: false, spot: 'alone' as const })),
    ];
    for (const { model, method, minos, spot } of large ? all.filter((c) => c.spot === 'alone') : all) {
      const h = spots[spot];
      const times: number[] = [];
      let fit = fitHistogram2D(h, { model, method, minos });
      for (let r = 0; r < timed; r++) {
        const started = performance.now();
        fit = fitHistogram2D(h, { model, method, minos });
        times.push(performance.now() - started);
      }
      const cells = Array.from({ length: bins }, (_, i) => Array.from({ length: bins }, (_, j) => h.sumw[(j + 1) * (bins + 2) + i + 1]));
      const prelude = ['import time', 'import numpy as np', `XLOW, XHIGH, XBINS = -3, 3, ${bins}`, `YLOW, YHIGH, YBINS = -3, 3, ${bins}`, `counts = np.array(${JSON.stringify(cells)}, dtype=np.int64)`, ''].join('\n');
      const script = withFit2D(prelude, { ...fit, values: fit.start }, 'numpy').replace(
        'm.migrad()\nm.hesse()',
        `times = []\nfor run in range(${timed}):\n    m.reset()\n    t0 = time.perf_counter()\n    m.migrad()\n    m.hesse()\n${minos ? '    m.minos()\n' : ''}    times.append((time.perf_counter() - t0) * 1000)\nprint("ms", sorted(times)[len(times) // 2], "valid", m.valid)`,
      );
      const file = path.join(tmp, 'fit2d.py');
      writeFileSync(file, script);
      const printed = execFileSync(PYTHON, ['-W', 'ignore', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const [, ms, valid] = /^ms (\S+) valid (\S+)$/m.exec(printed) ?? [];
      const [, chi2] = /chi2 \/ ndf = (\S+)/.exec(printed) ?? [];
      const minosAgree = minos ? minosAgreement(fit, printed) : undefined;
      results.push({ cells: `${bins} × ${bins}`, ...(large ? { runs: timed } : {}), model: `${model}${minos ? ' (MINOS)' : ''}${spot === 'alone' ? ' (spot without background)' : ''}`, method, ...(minosAgree === undefined ? {} : { minosLargestDifference: minosAgree }), haiMs: round(median(times)), iminuitMs: round(Number(ms)), haiChi2: round(fit.chi2), iminuitChi2: round(Number(chi2)), haiConverged: fit.converged, iminuitValid: valid === 'True' });
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(JSON.stringify({ runs, cpu: os.cpus()[0]?.model, node: process.version, results }, null, 2));
