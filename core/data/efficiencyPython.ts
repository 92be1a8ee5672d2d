// Copy as Python for a TEfficiency stored in a ROOT file: uproot reads its passed and total histograms,
// NumPy and SciPy compute each bin's efficiency and interval by the object's own statistic option and
// confidence level (the formulas of ROOT's TEfficiency, as the explorer computes them in
// root/efficiencyIntervals.ts), and matplotlib draws them as the page does.
import * as path from 'node:path';
import type { EfficiencyPayload, GraphPayload } from '../protocol/dataExplorerMessages';
import { type GraphView, plotLines } from './graphPlotPython';

/** A number written into the script: only a finite one (anything else would be code). */
function py(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`not a number for Python: ${String(v)}`);
  return String(v);
}

/** The lines that set eff, low and high from k passed of n (arrays of the bins with events). */
function intervalLines(e: EfficiencyPayload): string[] {
  // A prior of each bin's own as arrays over the points, else the object's (α, β).
  const prior = e.binPriors ? ['A', 'B'] : (e.prior ?? [1, 1]).map(py);
  const priorLines = e.binPriors ? [`A = np.array([${e.binPriors.alpha.map(py).join(', ')}])  # each bin's own prior`, `B = np.array([${e.binPriors.beta.map(py).join(', ')}])`] : [];
  if (e.weighted) {
    if (e.prior) {
      return [
        '# Weighted, Bayesian: the Beta posterior of the effective entries (sum w / sum w² scales the counts).',
        ...priorLines,
        'norm = n / n2',
        `a, b = k * norm + ${prior[0]}, (n - k) * norm + ${prior[1]}`,
        ...posterior(e),
      ];
    }
    return [
      "# Weighted: the normal approximation with the weights' variance, as ROOT's TEfficiency.",
      'eff = k / n',
      'delta = stats.norm.ppf(1 - alpha) * np.sqrt((k2 * (1 - 2 * eff) + n2 * eff**2) / n**2)',
      'low, high = np.clip(eff - delta, 0, 1), np.clip(eff + delta, 0, 1)',
    ];
  }
  switch (e.statistic) {
    case 'normal':
      return ['eff = k / n', 'delta = stats.norm.ppf(1 - alpha) * np.sqrt(eff * (1 - eff) / n)', 'low, high = np.clip(eff - delta, 0, 1), np.clip(eff + delta, 0, 1)'];
    case 'wilson':
    case 'agrestiCoull':
      return [
        'eff = k / n',
        'kappa = stats.norm.ppf(1 - alpha)',
        'mode = (k + kappa**2 / 2) / (n + kappa**2)',
        e.statistic === 'wilson' ? 'delta = kappa / (n + kappa**2) * np.sqrt(n * eff * (1 - eff) + kappa**2 / 4)' : 'delta = kappa * np.sqrt(mode * (1 - mode) / (n + kappa**2))',
        'low, high = np.clip(mode - delta, 0, 1), np.clip(mode + delta, 0, 1)',
      ];
    case 'midP':
      return [
        '# Mid-P: P(X < k) + P(X = k) / 2 equal to each tail, X binomial.',
        'eff = k / n',
        'def mid_p(kk, nn, tail):',
        '    return optimize.brentq(lambda q: stats.binom.cdf(kk - 1, nn, q) + stats.binom.pmf(kk, nn, q) / 2 - tail, 0, 1, xtol=1e-15)',
        'low = np.array([0.0 if kk == 0 else mid_p(kk, nn, 1 - alpha) for kk, nn in zip(k, n)])',
        'high = np.array([1.0 if kk == nn else mid_p(kk, nn, alpha) for kk, nn in zip(k, n)])',
      ];
    case 'jeffrey':
    case 'uniform':
    case 'bayesian':
      return [...priorLines, `a, b = k + ${prior[0]}, n - k + ${prior[1]}`, ...posterior(e)];
    default:
      return ['eff = k / n', 'low = np.where(k > 0, stats.beta.ppf(alpha, k, n - k + 1), 0.0)', 'high = np.where(k < n, stats.beta.ppf(1 - alpha, k + 1, n - k), 1.0)'];
  }
}

/** The Beta(a, b) posterior's mean and central interval. */
function posterior(e: EfficiencyPayload): string[] {
  const point = e.posteriorMode ? 'eff = np.where((a > 1) & (b > 1), (a - 1) / (a + b - 2), np.where(a < b, 0.0, np.where(a > b, 1.0, 0.5)))  # the posterior mode' : 'eff = a / (a + b)  # the posterior mean';
  return [point, 'low, high = stats.beta.ppf(alpha, a, b), stats.beta.ppf(1 - alpha, a, b)', ...(e.asked === 'shortest' ? ['# The object asks for the shortest interval: the central one is drawn, as in the explorer.'] : [])];
}

/** What the object asks for that is drawn otherwise (the CSV's comment says it so too). */
export const ASKED: Record<NonNullable<EfficiencyPayload['asked']>, string> = {
  feldmanCousins: 'Feldman-Cousins, not computed here',
  shortest: 'the shortest interval, not computed here',
  weighted: 'a frequentist option, which ROOT gives weighted events by the normal approximation',
};

const WORDS: Record<EfficiencyPayload['statistic'], string> = {
  clopperPearson: 'Clopper-Pearson',
  normal: 'the normal approximation',
  wilson: 'Wilson',
  agrestiCoull: 'Agresti-Coull',
  feldmanCousins: 'Feldman-Cousins',
  jeffrey: "Jeffrey's prior",
  uniform: 'a uniform prior',
  bayesian: 'a Beta prior',
  midP: 'mid-P',
};

export function efficiencyPython(file: string, g: GraphPayload & { readonly efficiency: EfficiencyPayload }, options: GraphView): string {
  const e = g.efficiency;
  return [
    `# TEfficiency ${JSON.stringify(g.name)} from ${JSON.stringify(path.basename(file))}: uproot reads its histograms, SciPy gives each bin's interval by ${WORDS[e.statistic]}${e.weighted ? ' (weighted)' : ''} at ${py(e.level)}${e.asked ? ` (the object asks for ${ASKED[e.asked]})` : ''}, matplotlib draws them.`,
    'import matplotlib.pyplot as plt',
    'import numpy as np',
    'import uproot',
    `from scipy import ${e.statistic === 'midP' && !e.weighted ? 'optimize, stats' : 'stats'}`,
    '',
    `with uproot.open(${JSON.stringify(file)}) as f:`,
    `    e = f[${JSON.stringify(g.name)}]`,
    '    passed_h, total_h = e.member("fPassedHistogram"), e.member("fTotalHistogram")',
    '    EDGES = total_h.axis().edges()',
    '    passed, total = passed_h.values(), total_h.values()',
    ...(e.weighted ? ['    passed2, total2 = passed_h.variances(), total_h.variances()'] : []),
    '# Bins without events have no efficiency.',
    'filled = total > 0',
    'k, n = passed[filled], total[filled]',
    ...(e.weighted ? ['k2, n2 = passed2[filled], total2[filled]'] : []),
    'centres = ((EDGES[:-1] + EDGES[1:]) / 2)[filled]',
    'half = (np.diff(EDGES) / 2)[filled]',
    `LEVEL = ${py(e.level)}`,
    'alpha = (1 - LEVEL) / 2',
    ...intervalLines(e),
    // A posterior's mode may lie outside its interval: no bar on that side, as ROOT draws it.
    ...plotLines(g, options, { x: 'centres', y: 'eff', xerr: 'half', yerr: 'np.clip([eff - low, high - eff], 0, None)' }),
  ].join('\n');
}
