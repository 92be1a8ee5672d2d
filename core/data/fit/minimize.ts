// Levenberg–Marquardt for binned fits, least squares (Neyman's χ², ROOT's default) or Poisson
// likelihood (Baker and Cousins' χ², ROOT's option L). Both are one iteration: with residuals
// r = n − f and weights w (1/σ² for χ²; 1/f for the likelihood, its Fisher information), the step
// solves (JᵀWJ + λ·diag(JᵀWJ)) δ = JᵀW r, and the covariance of the parameters is (JᵀWJ)⁻¹ at the
// minimum, for a change of 1 in either χ² (as MINUIT's errors with UP = 1, and scipy's curve_fit
// with absolute_sigma). The systems are small (a parameter per row), so they are solved here by
// Cholesky, scaled by their diagonal so that a pol3 over x ≈ 1000 keeps its digits.

import type { FitMethod } from '../../protocol/dataExplorerMessages';

export type { FitMethod };

export interface Points {
  readonly x: Float64Array;
  /** Bin contents. */
  readonly y: Float64Array;
  /** Bin errors (used by χ²). */
  readonly sigma: Float64Array;
}

/** What the user set: parameters fixed at their start, and limits (±Infinity where none). */
export interface Constraints {
  readonly fixed: readonly boolean[];
  readonly low: readonly number[];
  readonly high: readonly number[];
}

export function unconstrained(m: number): Constraints {
  return { fixed: new Array<boolean>(m).fill(false), low: new Array<number>(m).fill(-Infinity), high: new Array<number>(m).fill(Infinity) };
}

export interface Minimum {
  readonly values: number[];
  /** Parameters with no effect on any bin at the minimum: held, without an error. */
  readonly held: boolean[];
  /** Parameters at a limit that the χ² would take them past: held there, without an error. */
  readonly atLimit: boolean[];
  readonly covariance: number[][] | undefined;
  /** χ² (Neyman's or Baker–Cousins') at the minimum. */
  readonly chi2: number;
  /** Estimated distance to the minimum, as MINUIT reports it: gᵀ(JᵀWJ)⁻¹g. */
  readonly edm: number;
  readonly iterations: number;
}

/** The function fitted: its value, and its value with every parameter's derivative. */
export interface Model {
  evaluate(x: number, p: readonly number[]): number;
  gradient(x: number, p: number[], out: Float64Array): number;
}

const MAX_ITERATIONS = 500;
/** Well inside MINUIT's 2e-5 (histogramFit.ts), whatever the size of χ². */
const EDM_DONE = 1e-8;

/** χ² of the parameters, +∞ where the likelihood's expectation is not positive. */
export function objective(model: Model, points: Points, p: readonly number[], method: FitMethod): number {
  let s = 0;
  for (let i = 0; i < points.x.length; i++) {
    const f = model.evaluate(points.x[i], p);
    const n = points.y[i];
    if (method === 'chi2') {
      const r = (n - f) / points.sigma[i];
      s += r * r;
    } else if (n > 0) {
      if (!(f > 0)) return Infinity;
      s += 2 * (f - n + n * Math.log(n / f));
    } else {
      // An empty bin far in a peak's tail, where the function underflows to 0, costs nothing.
      if (!(f >= 0)) return Infinity;
      s += 2 * f;
    }
  }
  return Number.isFinite(s) ? s : Infinity;
}

/** JᵀWJ and JᵀWr at p, with the model's own derivatives. */
function normalEquations(model: Model, points: Points, p: readonly number[], method: FitMethod): { a: number[][]; g: number[] } {
  const m = p.length;
  const a = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const g = new Array<number>(m).fill(0);
  const row = new Float64Array(m);
  const weighted = new Float64Array(m);
  const q = [...p];
  for (let i = 0; i < points.x.length; i++) {
    const f = model.gradient(points.x[i], q, row);
    if (method === 'likelihood' && !(f > 0)) {
      // An empty bin's term is 2f, its gradient's share −J whatever f is: kept where the function
      // just dips below 0 (HESSE's differences at the edge, below), so that the gradient has no jump.
      // Where the function is 0 with its derivatives (a peak's tail underflowing) it adds nothing.
      if (points.y[i] === 0 && row.every(Number.isFinite)) for (let j = 0; j < m; j++) g[j] -= row[j];
      continue;
    }
    const r = points.y[i] - f;
    // w·J as one factor: for the likelihood J/f, finite where f underflows towards 0 with J (1/f alone would not be).
    const w = method === 'chi2' ? 1 / (points.sigma[i] * points.sigma[i]) : 1 / f;
    let finite = true;
    for (let j = 0; j < m; j++) {
      weighted[j] = method === 'chi2' ? w * row[j] : row[j] / f;
      finite &&= Number.isFinite(weighted[j]) && Number.isFinite(row[j]);
    }
    if (!finite) continue;
    for (let j = 0; j < m; j++) {
      g[j] += weighted[j] * r;
      for (let k = 0; k <= j; k++) a[j][k] += weighted[j] * row[k];
    }
  }
  for (let j = 0; j < m; j++) for (let k = 0; k < j; k++) a[k][j] = a[j][k];
  return { a, g };
}

/**
 * Solves (A + λ·diag A) x = b; undefined when the system is singular. A parameter with no effect on
 * any bin (a zero on A's diagonal: a Crystal Ball's tail beyond the range) is held: its x is 0.
 */
export function solveDamped(a: readonly (readonly number[])[], b: readonly number[], lambda: number): number[] | undefined {
  const active = a.map((_, i) => i).filter((i) => a[i][i] > 0);
  if (active.length === 0) return undefined;
  const d = active.map((i) => 1 / Math.sqrt(a[i][i]));
  // Scaled: D(A + λ diag A)D has ones (times 1 + λ) on its diagonal.
  const s = active.map((i, r) => active.map((j, c) => a[i][j] * d[r] * d[c] * (r === c ? 1 + lambda : 1)));
  const l = cholesky(s);
  if (!l) return undefined;
  const y = forward(l, active.map((i, r) => b[i] * d[r]));
  const x = new Array<number>(b.length).fill(0);
  backward(l, y).forEach((v, r) => (x[active[r]] = v * d[r]));
  return x;
}

/** A⁻¹ for a symmetric positive definite A (0 in the rows and columns of held parameters), or undefined. */
export function inverse(a: readonly (readonly number[])[]): number[][] | undefined {
  const m = a.length;
  const columns: number[][] = [];
  for (let j = 0; j < m; j++) {
    const col = solveDamped(a, Array.from({ length: m }, (_, i) => (i === j ? 1 : 0)), 0);
    if (!col) return undefined;
    columns.push(col);
  }
  return Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => columns[j][i]));
}

function cholesky(s: readonly (readonly number[])[]): number[][] | undefined {
  const m = s.length;
  const l = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = s[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) {
        // Relative to the scaled diagonal of 1: below this the parameters are not told apart.
        if (!(sum > 1e-13)) return undefined;
        l[i][i] = Math.sqrt(sum);
      } else {
        l[i][j] = sum / l[j][j];
      }
    }
  }
  return l;
}

function forward(l: number[][], b: number[]): number[] {
  const y = new Array<number>(b.length);
  for (let i = 0; i < b.length; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * y[k];
    y[i] = sum / l[i][i];
  }
  return y;
}

function backward(l: number[][], y: number[]): number[] {
  const x = new Array<number>(y.length);
  for (let i = y.length - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < y.length; k++) sum -= l[k][i] * x[k];
    x[i] = sum / l[i][i];
  }
  return x;
}

/** Minimises the χ² from `start`; a covariance only where the parameters are determined. */
export function minimize(model: Model, points: Points, start: readonly number[], method: FitMethod, constraints: Constraints = unconstrained(start.length)): Minimum {
  const clamp = (q: readonly number[]): number[] => q.map((v, j) => Math.min(constraints.high[j], Math.max(constraints.low[j], v)));
  let p = clamp(start);
  let s = objective(model, points, p, method);
  const none = p.map(() => false);
  if (!Number.isFinite(s)) return { values: p, held: none, atLimit: none, covariance: undefined, chi2: s, edm: Infinity, iterations: 0 };
  let lambda = 1e-3;
  let edm = Infinity;
  let iterations = 0;
  let equations = activeSet(normalEquations(model, points, p, method), p, constraints);
  for (; iterations < MAX_ITERATIONS; iterations++) {
    const newton = solveDamped(equations.a, equations.g, 0);
    edm = newton ? newton.reduce((sum, v, i) => sum + v * equations.g[i], 0) : Infinity;
    if (edm < EDM_DONE) break;
    let moved = false;
    while (lambda < 1e12) {
      const step = solveDamped(equations.a, equations.g, lambda);
      if (step) {
        let q = clamp(p.map((v, i) => v + step[i]));
        let t = objective(model, points, q, method);
        // A likelihood's step past where the function turns negative (a background whose best level
        // is 0 under empty sidebands) goes as far as it can; damping it instead would only halve the
        // distance to that edge in each of hundreds of iterations.
        const edge = t === Infinity && method === 'likelihood' ? toEdge(model, points, p, q, method) : undefined;
        if (edge) {
          // Slid along the edge too, where that gains more: a background's level and slope both
          // pinned at 0 are reached along one edge, not by stopping at it in every iteration.
          const free = equations.a.map((row, i) => row[i] > 0);
          const slid = slide(model, points, p, q, edge.bin, free, clamp);
          ({ q, t } = slid && slid.t < edge.t ? slid : edge);
        }
        if (t <= s) {
          // A step that gains nothing beyond the χ²'s rounding (a sum over a million cells carries
          // some) is the minimum too, unless it moved the parameters little damped (a flat valley
          // being followed); heavily damped, such steps went on for hundreds of iterations (at the
          // edge of a likelihood's function too, where the EDM does not fall).
          moved = s - t > 1e-13 * s || (lambda <= 1 && step.some((v, i) => v !== 0 && q[i] !== p[i]));
          p = q;
          s = t;
          lambda = Math.max(lambda / 10, 1e-12);
          break;
        }
        // Worse only by the χ²'s rounding: at the minimum; more damping would find nothing else.
        if (t - s <= 1e-13 * s) break;
      }
      lambda *= 10;
    }
    if (!moved) break;
    equations = activeSet(normalEquations(model, points, p, method), p, constraints);
  }
  equations = activeSet(normalEquations(model, points, p, method), p, constraints);
  const held = equations.a.map((row, i) => !constraints.fixed[i] && !equations.atLimit[i] && !(row[i] > 0));
  // At the edge of where a likelihood's function is positive, JᵀWJ holds 1/f of bins where f is
  // almost 0, too unequal to invert; HESSE's H, the likelihood's own curvature, is not.
  const approximate = inverse(equations.a) ?? (method === 'likelihood' ? hesse(model, points, p, method) : undefined);
  if (!approximate) return { values: p, held, atLimit: equations.atLimit, covariance: undefined, chi2: s, edm: Infinity, iterations };
  edm = equations.g.reduce((sum, gj, j) => sum + gj * approximate[j].reduce((t, c, k) => t + c * equations.g[k], 0), 0);
  // With a parameter fixed, held or at a limit, HESSE's H would be singular: JᵀWJ's inverse over the others gives their errors.
  const frozen = held.some(Boolean) || equations.atLimit.some(Boolean) || constraints.fixed.some(Boolean);
  const covariance = frozen ? approximate : (hesse(model, points, p, method, approximate) ?? approximate);
  return { values: p, held, atLimit: equations.atLimit, covariance, chi2: s, edm, iterations };
}

/**
 * The minimum from the first start where the χ² can be computed; where none can (a likelihood's
 * function below 0 somewhere), from the last one lifted above 0 (lift), or that start's answer.
 * MINOS and the contours start each profile so: moved along the covariance, else as they were.
 */
export function minimizeFromFirst(model: Model, points: Points, starts: readonly (readonly number[])[], method: FitMethod, constraints: Constraints): Minimum {
  let result: Minimum | undefined;
  for (const start of starts) {
    result = minimize(model, points, start, method, constraints);
    if (Number.isFinite(result.chi2)) return result;
  }
  const lifted = method === 'likelihood' && starts.length > 0 ? lift(model, points, starts[starts.length - 1], constraints) : undefined;
  if (lifted) return minimize(model, points, lifted, method, constraints);
  if (!result) throw new Error('minimizeFromFirst needs a start');
  return result;
}

/**
 * A likelihood's start where the function is not positive in some bins (MINOS moving one parameter
 * away from a minimum at that edge; a least-squares minimum under empty sidebands): one free
 * parameter that raises the function in all those bins (a background's level) raised until it is a
 * little above 0 there (a millionth of the largest count), the one that leaves the χ² least; a few
 * rounds, as the function need not be linear in it. Undefined where no parameter does that.
 */
function lift(model: Model, points: Points, start: readonly number[], constraints: Constraints): number[] | undefined {
  const target = 1e-6 * points.y.reduce((most, n) => Math.max(most, n), 1);
  const m = start.length;
  const row = new Float64Array(m);
  let p = [...start];
  for (let round = 0; round < 4; round++) {
    // How far each parameter must move for the lowest of those bins to reach the target, where it moves them all up.
    const need = new Array<number>(m).fill(0);
    const usable = p.map((_, j) => !constraints.fixed[j]);
    let low = false;
    const q = [...p];
    for (let i = 0; i < points.x.length; i++) {
      const f = model.gradient(points.x[i], q, row);
      if (points.y[i] > 0 ? f > 0 : f >= 0) continue;
      low = true;
      for (let j = 0; j < m; j++) {
        const move = (target - f) / row[j];
        if (!(Number.isFinite(move) && Math.sign(move) === Math.sign(need[j] || move))) usable[j] = false;
        else if (Math.abs(move) > Math.abs(need[j])) need[j] = move;
      }
    }
    if (!low) return p;
    let best: { q: number[]; t: number } | undefined;
    for (let j = 0; j < m; j++) {
      if (!usable[j] || need[j] === 0) continue;
      const q = p.map((v, k) => (k === j ? Math.min(constraints.high[k], Math.max(constraints.low[k], v + need[j])) : v));
      const t = objective(model, points, q, 'likelihood');
      if (!best || t < best.t) best = { q, t };
    }
    if (!best) return undefined;
    p = best.q;
  }
  return objective(model, points, p, 'likelihood') < Infinity ? p : undefined;
}

/**
 * A point towards q (where the objective is infinite) just short of where it stops being finite: the
 * edge of where the likelihood's function is positive. The first bin to reach 0 were the function
 * linear along the way bounds the search; halving finds the edge to a thousandth of the way. Stopping
 * that short, each iteration closes most of what is left, and the next step's 1/f weights stay
 * invertible (closer in one go, the fits took more iterations, not fewer).
 */
function toEdge(model: Model, points: Points, p: readonly number[], q: readonly number[], method: FitMethod): { q: number[]; t: number; bin: number } | undefined {
  const at = (alpha: number): number[] => p.map((v, i) => v + alpha * (q[i] - v));
  let crossing = 1;
  let bin = -1;
  for (let i = 0; i < points.x.length; i++) {
    const from = model.evaluate(points.x[i], p);
    const to = model.evaluate(points.x[i], q);
    if (points.y[i] > 0 ? to > 0 : to >= 0) continue;
    // A function undefined there (a Crystal Ball's tail) is a step too far, damped as any other.
    if (Number.isNaN(to)) return undefined;
    if (from > to && from / (from - to) < crossing) ({ crossing, bin } = { crossing: from / (from - to), bin: i });
  }
  // Only an empty bin reaching 0 first makes that edge; a bin with entries first is a step too far.
  if (bin < 0 || points.y[bin] > 0) return undefined;
  let inside = 0;
  let outside = Math.min(crossing, 1);
  let best = { q: [...p], t: Infinity };
  while (outside - inside > 1e-3 * outside) {
    const alpha = (inside + outside) / 2;
    const r = at(alpha);
    const t = objective(model, points, r, method);
    if (t === Infinity) outside = alpha;
    else ({ inside, best } = { inside: alpha, best: { q: r, t } });
  }
  return { ...best, bin };
}

/**
 * The step from p to q with its part across the edge of `bin` (along that bin's gradient, over the
 * free parameters) taken out, so that the function there stays where it is to first order; cut at
 * the edge again where it still crosses one. Undefined where the step does not head across it.
 */
function slide(model: Model, points: Points, p: readonly number[], q: readonly number[], bin: number, free: readonly boolean[], clamp: (q: readonly number[]) => number[]): { q: number[]; t: number } | undefined {
  const row = new Float64Array(p.length);
  model.gradient(points.x[bin], [...p], row);
  const normal = p.map((_, i) => (free[i] && Number.isFinite(row[i]) ? row[i] : 0));
  const across = normal.reduce((sum, v, i) => sum + v * (q[i] - p[i]), 0);
  const norm = normal.reduce((sum, v) => sum + v * v, 0);
  if (!(across < 0 && norm > 0)) return undefined;
  const r = clamp(q.map((v, i) => v - (across / norm) * normal[i]));
  const t = objective(model, points, r, 'likelihood');
  return t < Infinity ? { q: r, t } : toEdge(model, points, p, r, 'likelihood');
}

/**
 * The equations with the parameters that do not move taken out (their rows and columns zero, so
 * that solveDamped holds them): the fixed ones, and those at a limit whose step would go past it.
 */
function activeSet(equations: { a: number[][]; g: number[] }, p: readonly number[], c: Constraints): { a: number[][]; g: number[]; atLimit: boolean[] } {
  const freeze = (frozen: readonly boolean[]): { a: number[][]; g: number[] } => ({
    a: equations.a.map((row, i) => row.map((v, j) => (frozen[i] || frozen[j] ? 0 : v))),
    g: equations.g.map((v, i) => (frozen[i] ? 0 : v)),
  });
  const fixed = freeze(c.fixed);
  const step = solveDamped(fixed.a, fixed.g, 0);
  const atLimit = p.map((v, j) => !c.fixed[j] && !!step && ((v <= c.low[j] && step[j] < 0) || (v >= c.high[j] && step[j] > 0)));
  return { ...freeze(c.fixed.map((f, j) => f || atLimit[j])), atLimit };
}

/**
 * The covariance as MINUIT's HESSE finds it: 2·H⁻¹ with H the χ²'s own second derivatives, here
 * differences of its gradient (−2·JᵀWr) over a hundredth of each parameter's first error estimate.
 * JᵀWJ leaves out the residuals' curvature, which a wide peak on few entries does not. Undefined
 * where H is not positive definite (then JᵀWJ's inverse stands).
 */
function hesse(model: Model, points: Points, p: readonly number[], method: FitMethod, approximate?: number[][]): number[][] | undefined {
  const m = p.length;
  const h = new Array<number[]>(m);
  for (let j = 0; j < m; j++) {
    const step = 0.01 * Math.sqrt(approximate?.[j][j] ?? 0) || 1e-7 * Math.max(Math.abs(p[j]), 1e-3);
    const up = normalEquations(model, points, p.map((v, i) => (i === j ? v + step : v)), method).g;
    const down = normalEquations(model, points, p.map((v, i) => (i === j ? v - step : v)), method).g;
    h[j] = up.map((u, i) => (-2 * (u - down[i])) / (2 * step));
  }
  const symmetric = h.map((row, i) => row.map((v, j) => (v + h[j][i]) / 2));
  const inv = inverse(symmetric);
  return inv?.map((row) => row.map((v) => 2 * v));
}
