// The efficiency of one bin and its interval as ROOT's TEfficiency gives them, for each of its
// statistic options (TEfficiency::EStatOption): Clopper–Pearson (its default, 68.27 %), the normal
// approximation, Wilson, Agresti–Coull, the Bayesian central intervals of a Beta posterior (Jeffrey's,
// the uniform prior, or the object's own α, β; the point its mean, or its mode with kPosteriorMode)
// and the mid-P Lancaster interval. Feldman–Cousins is not computed here: Clopper–Pearson is given for
// it, and the caller says so. Weighted efficiencies (kUseWeights) follow ROOT too: the normal
// approximation with the weights' variance, or a Beta posterior of the effective entries.
import { logGamma, upperGammaQ } from '../fit/chiSquareProbability';
import type { EfficiencyStatistic } from '../../protocol/dataExplorerMessages';

export type { EfficiencyStatistic } from '../../protocol/dataExplorerMessages';

export interface EfficiencyOptions {
  readonly statistic: EfficiencyStatistic;
  /** fConfLevel: the interval's probability content. */
  readonly level: number;
  /** The Beta prior's parameters (fBeta_alpha, fBeta_beta, or the bin's own). */
  readonly alpha: number;
  readonly beta: number;
  /** kPosteriorMode: a Bayesian efficiency is the posterior's mode instead of its mean. */
  readonly posteriorMode: boolean;
}

export interface EfficiencyPoint {
  readonly efficiency: number;
  readonly low: number;
  readonly high: number;
}

const BAYESIAN: ReadonlySet<EfficiencyStatistic> = new Set(['jeffrey', 'uniform', 'bayesian']);

export function isBayesian(statistic: EfficiencyStatistic): boolean {
  return BAYESIAN.has(statistic);
}

/** An unweighted bin: `passed` of `total` events (total > 0). */
export function efficiencyInterval(passed: number, total: number, o: EfficiencyOptions): EfficiencyPoint {
  if (isBayesian(o.statistic)) return bayesian(passed + o.alpha, total - passed + o.beta, o);
  const efficiency = passed / total;
  const alpha = (1 - o.level) / 2;
  switch (o.statistic) {
    case 'normal': {
      const delta = normalQuantile(1 - alpha) * Math.sqrt((efficiency * (1 - efficiency)) / total);
      return { efficiency, low: Math.max(0, efficiency - delta), high: Math.min(1, efficiency + delta) };
    }
    case 'wilson':
    case 'agrestiCoull': {
      const kappa = normalQuantile(1 - alpha);
      const k2 = kappa * kappa;
      const mode = (passed + k2 / 2) / (total + k2);
      const delta = o.statistic === 'wilson' ? (kappa / (total + k2)) * Math.sqrt(total * efficiency * (1 - efficiency) + k2 / 4) : kappa * Math.sqrt((mode * (1 - mode)) / (total + k2));
      return { efficiency, low: Math.max(0, mode - delta), high: Math.min(1, mode + delta) };
    }
    case 'midP':
      return { efficiency, low: midP(passed, total, 1 - alpha), high: midP(passed, total, alpha) };
    default:
      // Clopper–Pearson (and Feldman–Cousins, which is not computed here).
      return {
        efficiency,
        low: passed === 0 ? 0 : betaQuantile(alpha, passed, total - passed + 1),
        high: passed === total ? 1 : betaQuantile(1 - alpha, passed + 1, total - passed),
      };
  }
}

/**
 * A weighted bin, as TEfficiency with kUseWeights: Σw and Σw² of the passed and total events. The
 * Bayesian options use the effective entries (Σw/Σw² scales the counts); the others the normal
 * approximation with the weights' variance.
 */
export function weightedEfficiencyInterval(pw: number, pw2: number, tw: number, tw2: number, o: EfficiencyOptions): EfficiencyPoint {
  // No spread of weights to speak of: ROOT gives the ratio with no error.
  if (!(tw2 > 0)) return { efficiency: pw / tw, low: pw / tw, high: pw / tw };
  if (isBayesian(o.statistic)) {
    const norm = tw / tw2;
    return bayesian(pw * norm + o.alpha, (tw - pw) * norm + o.beta, o);
  }
  const efficiency = pw / tw;
  const sigma = Math.sqrt((pw2 * (1 - 2 * efficiency) + tw2 * efficiency * efficiency) / (tw * tw));
  const delta = normalQuantile(1 - (1 - o.level) / 2) * sigma;
  return { efficiency, low: Math.max(0, efficiency - delta), high: Math.min(1, efficiency + delta) };
}

/** The central interval of Beta(a, b), and its mean (or mode) as the efficiency. */
function bayesian(a: number, b: number, o: EfficiencyOptions): EfficiencyPoint {
  const efficiency = o.posteriorMode ? betaMode(a, b) : a / (a + b);
  return {
    efficiency,
    low: a > 0 && b > 0 ? betaQuantile((1 - o.level) / 2, a, b) : 0,
    high: a > 0 && b > 0 ? betaQuantile((1 + o.level) / 2, a, b) : 1,
  };
}

/** TEfficiency::BetaMode: where the density is highest, at an end when it is not inside. */
function betaMode(a: number, b: number): number {
  if (a <= 0 || b <= 0) return 0;
  if (a <= 1 || b <= 1) return a < b ? 0 : a > b ? 1 : 0.5;
  return (a - 1) / (a + b - 2);
}

/**
 * The mid-P limit: the p at which half the probability of `passed` plus that of fewer (or, for the
 * upper limit, the same from above) is `tail`, found by bisection as ROOT's TEfficiency::MidPInterval.
 */
function midP(passed: number, total: number, tail: number): number {
  let low = 0;
  let high = 1;
  for (let i = 0; i < 64; i++) {
    const p = (low + high) / 2;
    // P(X < k) + P(X = k)/2 for X ~ Binomial(total, p), through the Beta function's relation to it.
    let v = (0.5 * betaDensity(p, passed + 1, total - passed + 1)) / (total + 1);
    if (passed >= 1) v += 1 - regularizedBeta(p, passed, total - passed + 1);
    if (v > tail) low = p;
    else high = p;
  }
  return (low + high) / 2;
}

function betaDensity(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return (x === 0 && a === 1) || (x === 1 && b === 1) ? Math.exp(-logBeta(a, b)) : 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b));
}

/**
 * ln B(a, b). For large arguments ln Γ(a) + ln Γ(b) − ln Γ(a + b) would subtract numbers of a million
 * (100 000 events) and keep only ten digits: Stirling's series is taken apart so that nothing large
 * cancels, as TOMS 708 does.
 */
export function logBeta(a: number, b: number): number {
  const [p, q] = a < b ? [a, b] : [b, a];
  if (q < 8) return logGamma(p) + logGamma(q) - logGamma(p + q);
  if (p < 8) return logGamma(p) - (q - 0.5) * Math.log1p(p / q) - p * Math.log(p + q) + p + stirlingRest(q) - stirlingRest(p + q);
  return -(p - 0.5) * Math.log1p(q / p) - (q - 0.5) * Math.log1p(p / q) - 0.5 * Math.log(p + q) + 0.5 * Math.log(2 * Math.PI) + stirlingRest(p) + stirlingRest(q) - stirlingRest(p + q);
}

/** ln Γ(x) − ((x − ½) ln x − x + ½ ln 2π), for x ≥ 8: Stirling's series to double precision. */
function stirlingRest(x: number): number {
  const r = 1 / (x * x);
  return (1 / x) * (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r * (1 / 1188 - r * (691 / 360360 - r * (1 / 156 - r * (3617 / 122400))))))));
}

/** I_x(a, b), the regularised incomplete Beta function, by its continued fraction (modified Lentz). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // The fraction converges fast below (a + 1) / (a + b + 2); above it, by symmetry.
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(1 - x, b, a);
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b)) / a;
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 1000; m++) {
    for (const numerator of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + numerator * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return front * h;
}

/** The x with I_x(a, b) = p, by bisection to the last bit (monotone, so it cannot fail). */
export function betaQuantile(p: number, a: number, b: number): number {
  let low = 0;
  let high = 1;
  for (let i = 0; i < 1100 && high - low > 0; i++) {
    const mid = (low + high) / 2;
    if (mid === low || mid === high) break;
    if (regularizedBeta(mid, a, b) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** The standard normal quantile, by bisection on Φ(z) = Q(½, z²/2)/2 below 0. */
export function normalQuantile(p: number): number {
  const cdf = (z: number): number => (z < 0 ? upperGammaQ(0.5, (z * z) / 2) / 2 : 1 - upperGammaQ(0.5, (z * z) / 2) / 2);
  let low = -40;
  let high = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (cdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
