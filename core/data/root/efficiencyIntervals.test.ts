// TEfficiency's intervals against SciPy, computed by the formulas ROOT's TEfficiency documents (its
// Beta quantiles, normal quantiles and, for mid-P, the binomial distribution itself): the functions
// here share nothing with SciPy's.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { type EfficiencyStatistic, efficiencyInterval, logBeta, weightedEfficiencyInterval } from './efficiencyIntervals';

const CASES: [number, number][] = [
  [0, 1],
  [1, 1],
  [0, 20],
  [3, 20],
  [20, 20],
  [137, 200],
  [1, 100000],
  [99990, 100000],
];

const REFERENCE = String.raw`
import json, sys, warnings
import numpy as np
# binom.pmf at p = 0 or 1 warns while it returns the right 0 or 1.
warnings.filterwarnings("ignore", category=RuntimeWarning)
from scipy import optimize, stats
cases, level = json.loads(sys.argv[1]), float(sys.argv[2])
alpha = (1 - level) / 2
kappa = stats.norm.ppf(1 - alpha)
out = {}
for k, n in cases:
    p = k / n
    cp = (0.0 if k == 0 else stats.beta.ppf(alpha, k, n - k + 1), 1.0 if k == n else stats.beta.ppf(1 - alpha, k + 1, n - k))
    d = kappa * np.sqrt(p * (1 - p) / n)
    normal = (max(0.0, p - d), min(1.0, p + d))
    mode = (k + kappa**2 / 2) / (n + kappa**2)
    dw = kappa / (n + kappa**2) * np.sqrt(n * p * (1 - p) + kappa**2 / 4)
    wilson = (max(0.0, mode - dw), min(1.0, mode + dw))
    dac = kappa * np.sqrt(mode * (1 - mode) / (n + kappa**2))
    ac = (max(0.0, mode - dac), min(1.0, mode + dac))
    a, b = k + 0.5, n - k + 0.5
    jeffrey = (a / (a + b), stats.beta.ppf((1 - level) / 2, a, b), stats.beta.ppf((1 + level) / 2, a, b))
    # mid-P: P(X < k) + P(X = k) / 2 equal to the tail, X binomial.
    mid = lambda q: stats.binom.cdf(k - 1, n, q) + stats.binom.pmf(k, n, q) / 2
    upper = 1.0 if k == n else optimize.brentq(lambda q: mid(q) - alpha, 0, 1, xtol=1e-15, rtol=1e-14)
    lower = 0.0 if k == 0 else optimize.brentq(lambda q: mid(q) - (1 - alpha), 0, 1, xtol=1e-15, rtol=1e-14)
    out[f"{k}/{n}"] = {"clopperPearson": cp, "normal": normal, "wilson": wilson, "agrestiCoull": ac, "jeffrey": jeffrey, "midP": (lower, upper)}
print(json.dumps(out))
`;

function reference(level: number): Record<string, Record<string, number[]>> {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', REFERENCE, JSON.stringify(CASES), String(level)], { encoding: 'utf8' })) as Record<string, Record<string, number[]>>;
}

const near = (a: number, b: number, what: string, tolerance = 1e-10): void => assert.ok(Math.abs(a - b) <= tolerance * Math.max(1e-6, Math.abs(b)), `${what}: ${a} vs SciPy's ${b}`);

describe('TEfficiency intervals', () => {
  for (const level of [0.682689492137086, 0.95]) {
    it(`gives ROOT's intervals for every frequentist option and Jeffrey's prior at ${level}, as SciPy computes them`, () => {
      const ref = reference(level);
      for (const [k, n] of CASES) {
        const r = ref[`${k}/${n}`];
        for (const statistic of ['clopperPearson', 'normal', 'wilson', 'agrestiCoull', 'midP'] as EfficiencyStatistic[]) {
          const got = efficiencyInterval(k, n, { statistic, level, alpha: 1, beta: 1, posteriorMode: false });
          assert.equal(got.efficiency, k / n);
          // mid-P's limits are found by bisection on both sides: 1e-9 of the limit.
          near(got.low, r[statistic][0], `${statistic} low ${k}/${n}`, statistic === 'midP' ? 1e-9 : 1e-10);
          near(got.high, r[statistic][1], `${statistic} high ${k}/${n}`, statistic === 'midP' ? 1e-9 : 1e-10);
        }
        const j = efficiencyInterval(k, n, { statistic: 'jeffrey', level, alpha: 0.5, beta: 0.5, posteriorMode: false });
        r.jeffrey.forEach((v, i) => near([j.efficiency, j.low, j.high][i], v, `jeffrey ${i} ${k}/${n}`));
      }
    });
  }

  it("takes the posterior's mode with kPosteriorMode, and the weights' variance or effective entries when weighted", () => {
    const mode = efficiencyInterval(3, 10, { statistic: 'bayesian', level: 0.68, alpha: 2, beta: 2, posteriorMode: true });
    assert.equal(mode.efficiency, (3 + 2 - 1) / (10 + 4 - 2));
    // Unit weights: the normal approximation of the counts; the Bayesian one of the counts themselves.
    const o = { statistic: 'normal' as const, level: 0.682689492137086, alpha: 1, beta: 1, posteriorMode: false };
    const w = weightedEfficiencyInterval(30, 30, 100, 100, o);
    const u = efficiencyInterval(30, 100, o);
    near(w.low, u.low, 'weighted normal low', 1e-12);
    near(w.high, u.high, 'weighted normal high', 1e-12);
    const b = { ...o, statistic: 'uniform' as const };
    const wb = weightedEfficiencyInterval(30, 30, 100, 100, b);
    const ub = efficiencyInterval(30, 100, b);
    assert.deepEqual([wb.efficiency, wb.low, wb.high], [ub.efficiency, ub.low, ub.high]);
  });
});

describe('ln B(a, b)', () => {
  it('keeps its digits for a hundred thousand events, where ln Γ differences would not', () => {
    // ln B(1, b) = −ln b; ln B(2, b) = −ln(b (b + 1)); ln B(a, b) by the Γ function's recurrence for integers.
    for (const b of [8, 20, 1e5, 1e9]) {
      near(logBeta(1, b), -Math.log(b), `ln B(1, ${b})`, 1e-14);
      near(logBeta(2, b), -Math.log(b * (b + 1)), `ln B(2, ${b})`, 1e-14);
      near(logBeta(b, 3), Math.log(2) - Math.log(b * (b + 1) * (b + 2)), `ln B(${b}, 3)`, 1e-14);
    }
    // Both large: ln B(10, 10) = ln(9! 9! / 19!).
    const f = (n: number): number => (n <= 1 ? 1 : n * f(n - 1));
    near(logBeta(10, 10), Math.log((f(9) * f(9)) / f(19)), 'ln B(10, 10)', 1e-14);
  });
});
