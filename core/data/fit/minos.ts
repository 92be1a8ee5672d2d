// MINOS errors, as MINUIT's MINOS finds them (ROOT's fit option E): for each parameter, the values on
// either side of the minimum where the χ² — minimised over all the other parameters — is 1 above its
// minimum. HESSE's ±σ assumes the χ² a parabola; MINOS follows its own shape, so a lifetime or a
// signal fitted from few events gets the asymmetric interval a physicist quotes.
import { type Constraints, type FitMethod, type Minimum, minimizeFromFirst, type Model, type Points } from './minimize';

export interface MinosErrors {
  /** The distance down to the crossing, negative as MINUIT prints it; NaN where there is none. */
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /**
   * Parameters where a profile fell below the minimum (MINUIT's "new minimum found"): the fit had
   * stopped in a local minimum. The search stops there; the crossings found are of no use.
   */
  readonly lowerMinimum?: readonly number[];
  /** The parameters whose crossing (on a side) the time allowed did not reach: NaN there, not for want of a crossing. */
  readonly unreached: readonly number[];
}

/** The crossing is found when the χ² there is within this of minimum + 1: a flat profile needs it small. */
const TOLERANCE = 1e-4;
const MAX_STEPS = 40;
/** All the crossings of one fit within this (ms); those not reached by then are left out. */
const BUDGET = 10_000;
/**
 * A profile this far below the minimum is a lower minimum, not the profile's own imprecision: the
 * minimum is found to an EDM of 1e-8 (minimize.ts), the profiles well within 1e-4.
 */
const NEW_MINIMUM = 0.01;

/** When MINOS started now must stop: crossings not reached by then are left out (a fit redone from a lower minimum shares it). */
export function minosDeadline(): number {
  return performance.now() + BUDGET;
}

/**
 * The MINOS errors of the free parameters at `minimum` (HESSE's `errors` and `covariance` start each
 * search); a parameter fixed, held or at a limit, or whose crossing lies beyond a limit or cannot be
 * found, gets NaN. A profile that falls below the minimum ends the search with `lowerMinimum`.
 */
export function minos(model: Model, points: Points, method: FitMethod, minimum: Minimum, constraints: Constraints, errors: readonly number[], covariance: readonly (readonly number[])[], deadline = minosDeadline()): MinosErrors {
  const lower: number[] = [];
  const upper: number[] = [];
  const found: Found = { unreached: new Set() };
  for (let i = 0; i < minimum.values.length && !found.lowerMinimum; i++) {
    const free = !constraints.fixed[i] && !minimum.held[i] && !minimum.atLimit[i] && errors[i] > 0;
    const search: Search = { model, points, method, minimum, constraints, sigma: errors[i], i, deadline, along: covariance.map((row) => row[i] / covariance[i][i]), found };
    upper.push(free ? crossing(search, 1) : NaN);
    lower.push(free && !found.lowerMinimum ? crossing(search, -1) : NaN);
  }
  const unreached = [...found.unreached];
  return found.lowerMinimum ? { lower, upper, lowerMinimum: found.lowerMinimum, unreached } : { lower, upper, unreached };
}

/** What the searches found besides crossings: the first profile point below the minimum, and where time ran out. */
interface Found {
  lowerMinimum?: number[];
  readonly unreached: Set<number>;
}

interface Search {
  readonly model: Model;
  readonly points: Points;
  readonly method: FitMethod;
  readonly minimum: Minimum;
  readonly constraints: Constraints;
  readonly sigma: number;
  readonly i: number;
  readonly deadline: number;
  /** How the others move with parameter i near the minimum (its column of the covariance, over its variance). */
  readonly along: readonly number[];
  readonly found: Found;
}

/**
 * How far parameter i moves in `direction` before the profiled χ² rises by 1. Each point starts the
 * others from the last point below minimum + 1, moved along the covariance (as MINUIT starts them:
 * left where they were, they can make a likelihood's function negative somewhere), or left where
 * they were when that start cannot be computed. The first step
 * from HESSE's σ takes the profile for a parabola through the minimum (t / √Δχ², at most ×10); then
 * the secant through the last two points, by regula falsi once a point above brackets the crossing
 * (halving where it would leave the bracket), so that a profile flattening out (a lifetime against a
 * flat background) is followed as quickly as a parabola.
 */
function crossing(s: Search, direction: 1 | -1): number {
  const { minimum, constraints: c, i } = s;
  const best = minimum.values[i];
  const room = Math.abs((direction > 0 ? c.high[i] : c.low[i]) - best);
  const fixed = c.fixed.map((f, j) => f || j === i);
  let others = [...minimum.values];
  // The bracket: the farthest point below minimum + 1 (the minimum itself to begin with) and the nearest above.
  let below = { t: 0, rise: 0 };
  let above: { t: number; rise: number } | undefined;
  let last = below;
  let t = Math.min(s.sigma, room);
  for (let step = 0; step < MAX_STEPS && performance.now() < s.deadline; step++) {
    const moved = direction * (t - below.t);
    const start = (along: number): number[] => others.map((v, j) => (j === i ? best + direction * t : v + along * moved * s.along[j]));
    // Along the covariance; where that start cannot be computed (far out on a flat profile), from the others as they were.
    const profiled = minimizeFromFirst(s.model, s.points, [start(1), start(0)], s.method, { fixed, low: c.low, high: c.high });
    const rise = Number.isFinite(profiled.chi2) ? profiled.chi2 - minimum.chi2 : Infinity;
    if (rise < -NEW_MINIMUM) {
      s.found.lowerMinimum = profiled.values;
      return NaN;
    }
    if (Math.abs(rise - 1) <= TOLERANCE) return direction * t;
    const point = { t, rise };
    if (rise < 1) {
      // The χ² stays under minimum + 1 up to the limit: no crossing inside it.
      if (t >= room) return NaN;
      below = point;
      others = profiled.values;
    } else {
      above = point;
      // A bracket closed to nothing without reaching minimum + 1: the profile jumps there.
      if (above.t - below.t <= 1e-9 * above.t) return NaN;
    }
    const previous = last;
    last = point;
    const parabola = rise > 0 && Number.isFinite(rise) ? Math.min(t / Math.sqrt(rise), 10 * t) : 2 * t;
    if (above) {
      const secant = Number.isFinite(above.rise) ? below.t + ((1 - below.rise) * (above.t - below.t)) / (above.rise - below.rise) : NaN;
      t = secant > below.t && secant < above.t ? secant : (below.t + above.t) / 2;
    } else {
      const slope = (rise - previous.rise) / (t - previous.t);
      const secant = slope > 0 ? t + (1 - rise) / slope : Infinity;
      t = Math.min(Math.max(parabola, Math.min(secant, 10 * t)), room);
    }
  }
  // Out of steps (a profile MINUIT would give up on too), or out of time: the latter is said apart.
  if (performance.now() >= s.deadline) s.found.unreached.add(i);
  return NaN;
}
