// A confidence contour of two fitted parameters, as MINUIT's MNCONTOUR finds it (ROOT's
// TFitResult::Contour, iminuit's mncontour): the points where the χ², minimised over all the other
// parameters, is CONTOUR_UP above its minimum — the 68 % region of the two together. Found along rays
// from the minimum, one every 15°, each started on HESSE's error ellipse and followed by regula falsi,
// the other parameters started where the covariance says they move; so a banana-shaped region (a
// peak's width against a background that trades with it) is followed, not drawn as an ellipse.
import { type Constraints, type FitMethod, type Minimum, minimizeFromFirst, type Model, type Points } from './minimize';

/** Δχ² of the 68 % region of two parameters together: −2 ln(1 − 0.68), 2.28 (iminuit's mncontour's default). */
export const CONTOUR_UP = -2 * Math.log(1 - 0.68);
/** Rays from the minimum: a point every 15°. */
const RAYS = 24;
/** A point is on the contour when its rise is within this fraction of CONTOUR_UP. */
const TOLERANCE = 1e-3;
const MAX_STEPS = 30;
/** All the contour's points within this (ms); a ray not done by then is left out. */
const BUDGET = 10_000;

export interface ContourPoints {
  readonly x: number[];
  readonly y: number[];
  /** Rays along which no crossing was found (a limit, a profile that never rises that far, time). */
  readonly missing: number;
}

/** The contour of parameters i and j around `minimum`; HESSE's `covariance` starts each ray. */
export function contour(model: Model, points: Points, method: FitMethod, minimum: Minimum, constraints: Constraints, covariance: readonly (readonly number[])[], i: number, j: number): ContourPoints {
  const deadline = performance.now() + BUDGET;
  const [a, b, d] = [covariance[i][i], covariance[i][j], covariance[j][j]];
  // The 2 × 2 block's Cholesky factor: a unit circle through it is HESSE's ellipse for Δχ² = 1.
  const l11 = Math.sqrt(a);
  const l21 = b / l11;
  const l22 = Math.sqrt(Math.max(d - l21 * l21, 1e-12 * d));
  // How the others move with (i, j): their covariance with the pair over the pair's.
  const det = a * d - b * b;
  const regress = covariance.map((row) => [(row[i] * d - row[j] * b) / det, (row[j] * a - row[i] * b) / det]);
  const fixed = constraints.fixed.map((f, k) => f || k === i || k === j);
  const fixedPair: Constraints = { fixed, low: constraints.low, high: constraints.high };
  const x: number[] = [];
  const y: number[] = [];
  let missing = 0;
  for (let ray = 0; ray < RAYS; ray++) {
    const angle = (2 * Math.PI * ray) / RAYS;
    const scale = Math.sqrt(CONTOUR_UP);
    const di = scale * l11 * Math.cos(angle);
    const dj = scale * (l21 * Math.cos(angle) + l22 * Math.sin(angle));
    const t = performance.now() < deadline ? along(model, points, method, minimum, fixedPair, regress, i, j, di, dj, deadline) : NaN;
    if (Number.isFinite(t)) {
      x.push(minimum.values[i] + t * di);
      y.push(minimum.values[j] + t * dj);
    } else missing++;
  }
  return { x, y, missing };
}

/**
 * How far along (di, dj) from the minimum the profiled χ² rises by CONTOUR_UP; NaN where it does not
 * within the limits or the steps. On HESSE's ellipse at t = 1; a parabola's step until a point above
 * brackets the crossing, then regula falsi (halving where it would leave the bracket).
 */
function along(model: Model, points: Points, method: FitMethod, minimum: Minimum, c: Constraints, regress: readonly number[][], i: number, j: number, di: number, dj: number, deadline: number): number {
  // The farthest t inside both parameters' limits.
  const room = Math.min(reach(minimum.values[i], di, c.low[i], c.high[i]), reach(minimum.values[j], dj, c.low[j], c.high[j]));
  let below = { t: 0, rise: 0 };
  let above: { t: number; rise: number } | undefined;
  let t = Math.min(1, room);
  for (let step = 0; step < MAX_STEPS && performance.now() < deadline; step++) {
    const start = minimum.values.map((v, k) => (k === i ? v + t * di : k === j ? v + t * dj : v + t * (regress[k][0] * di + regress[k][1] * dj)));
    // Where the covariance's start cannot be computed (a likelihood's function below 0), from the others as they were.
    const profiled = minimizeFromFirst(model, points, [start, minimum.values.map((v, k) => (k === i ? v + t * di : k === j ? v + t * dj : v))], method, c);
    const rise = Number.isFinite(profiled.chi2) ? profiled.chi2 - minimum.chi2 : Infinity;
    if (Math.abs(rise - CONTOUR_UP) <= TOLERANCE * CONTOUR_UP) return t;
    if (rise < CONTOUR_UP) {
      if (t >= room) return NaN;
      below = { t, rise: Math.max(rise, 0) };
    } else {
      above = { t, rise };
      if (above.t - below.t <= 1e-9 * above.t) return NaN;
    }
    if (above) {
      const secant = Number.isFinite(above.rise) ? below.t + ((CONTOUR_UP - below.rise) * (above.t - below.t)) / (above.rise - below.rise) : NaN;
      t = secant > below.t && secant < above.t ? secant : (below.t + above.t) / 2;
    } else {
      // Below: the profile taken for a parabola through the minimum, at most ×10 further.
      t = Math.min(rise > 0 ? Math.min(t * Math.sqrt(CONTOUR_UP / rise), 10 * t) : 2 * t, room);
    }
  }
  return NaN;
}

/** How far a parameter at `value` can move by `step` per unit of t within [low, high]. */
function reach(value: number, step: number, low: number, high: number): number {
  if (step > 0) return (high - value) / step;
  if (step < 0) return (low - value) / step;
  return Infinity;
}
