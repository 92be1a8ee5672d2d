// MINOS errors, as MINUIT's MINOS finds them (ROOT's fit option E): for each parameter, the values on
// either side of the minimum where the χ² — minimised over all the other parameters — is 1 above its
// minimum. HESSE's ±σ assumes the χ² a parabola; MINOS follows its own shape, so a lifetime or a
// signal fitted from few events gets the asymmetric interval a physicist quotes.
import { type Constraints, type FitMethod, type Minimum, minimize, type Model, type Points } from './minimize';

export interface MinosErrors {
  /** The distance down to the crossing, negative as MINUIT prints it; NaN where there is none. */
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** The crossing is found when the χ² there is within this of minimum + 1 (MINUIT's MINOS: 0.1 of UP at most). */
const TOLERANCE = 2e-3;
const MAX_STEPS = 40;

/**
 * The MINOS errors of the free parameters at `minimum` (HESSE's `errors` start each search); a
 * parameter fixed, held or at a limit, or whose crossing lies beyond a limit or cannot be found, gets NaN.
 */
export function minos(model: Model, points: Points, method: FitMethod, minimum: Minimum, constraints: Constraints, errors: readonly number[]): MinosErrors {
  const lower: number[] = [];
  const upper: number[] = [];
  minimum.values.forEach((_, i) => {
    const free = !constraints.fixed[i] && !minimum.held[i] && !minimum.atLimit[i] && errors[i] > 0;
    upper.push(free ? crossing(model, points, method, minimum, constraints, errors[i], i, 1) : NaN);
    lower.push(free ? crossing(model, points, method, minimum, constraints, errors[i], i, -1) : NaN);
  });
  return { lower, upper };
}

/**
 * How far parameter i moves in `direction` before the profiled χ² rises by 1: from HESSE's σ, each
 * step taking the profile for a parabola through the minimum (t·√(1/Δχ²)), kept inside the bracket
 * the steps so far have found, halving it where the parabola would leave it.
 */
function crossing(model: Model, points: Points, method: FitMethod, minimum: Minimum, c: Constraints, sigma: number, i: number, direction: 1 | -1): number {
  const best = minimum.values[i];
  const limit = direction > 0 ? c.high[i] : c.low[i];
  const room = Math.abs(limit - best);
  const fixed = c.fixed.map((f, j) => f || j === i);
  let others = [...minimum.values];
  let below = 0;
  let above = Infinity;
  let t = Math.min(sigma, room);
  for (let step = 0; step < MAX_STEPS; step++) {
    const start = others.map((v, j) => (j === i ? best + direction * t : v));
    const profiled = minimize(model, points, start, method, { fixed, low: c.low, high: c.high });
    const rise = profiled.chi2 - minimum.chi2;
    if (Math.abs(rise - 1) <= TOLERANCE) return direction * t;
    if (Number.isFinite(rise) && rise < 1) {
      below = t;
      others = profiled.values;
      // The χ² stays under minimum + 1 up to the limit: no crossing inside it.
      if (t >= room) return NaN;
    } else {
      above = t;
    }
    const parabola = Number.isFinite(rise) && rise > 0 ? t / Math.sqrt(rise) : 2 * t;
    t = parabola > below && parabola < above ? Math.min(parabola, room) : Number.isFinite(above) ? (below + above) / 2 : Math.min(2 * t, room);
  }
  return NaN;
}
