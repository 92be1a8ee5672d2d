// What a 1-D and a 2-D fit share once the bins are points (histogramFit.ts, histogramFit2d.ts): the
// parameters' settings over the start values, the minimisation (least squares, or the likelihood
// from the least-squares minimum), MINOS when asked for (refitted from a lower minimum it finds), and
// the result as the page shows it: values, HESSE's and MINOS's errors, χ², ndf and probability.
import type { FitMethod, FitParameter, FitPayload, FitRequest } from '../../protocol/dataExplorerMessages';
import { LocalizedError, type Message, msg } from '../../text/message';
import { chiSquareProbability } from './chiSquareProbability';
import { contour } from './contour';
import { type Constraints, type Minimum, minimize, type Model, objective, type Points } from './minimize';
import { type MinosErrors, minos, minosDeadline } from './minos';

/** The page's result, with what Copy as Python needs besides. */
export type FitResult = FitPayload & {
  /** Where the fit started, from the histogram (the tests start MINUIT there too). */
  readonly start: readonly number[];
  /** The limits set, for MINUIT in Copy as Python (an open end left out). */
  readonly limits: readonly { readonly name: string; readonly low?: number; readonly high?: number }[];
};

/** A fit that cannot be done, with what to do. */
export class FitError extends LocalizedError {
  constructor(message: Message) {
    super(message);
    this.name = 'FitError';
  }
}

/** MINUIT's MIGRAD stops at an EDM of 0.002 × tolerance (0.01, ROOT's default) × UP (1). */
const EDM_CONVERGED = 2e-5;
/** How many times a fit is redone from a lower minimum MINOS found, before its errors are given up. */
const MAX_REFITS = 5;

/** The function fitted, as the result names it: its text, its parameters, and whether it is a formula (which may start far away). */
export interface FittedModel {
  readonly text: string;
  readonly names: readonly string[];
  readonly formula: boolean;
}

/** What the fit of the histogram's range gives, before its drawing (a 1-D curve, a 2-D surface). */
export type PointsFit = Omit<FitResult, 'low' | 'high' | 'curve' | 'integral' | 'lowY' | 'highY' | 'surface'>;

/**
 * Fits `fitted` (the model, or its mean over each bin) to the points from `start` within the
 * constraints; `tidy` turns the values into those shown (a σ's sign).
 */
export function fitPoints(model: FittedModel, fitted: Model, points: Points, options: Pick<FitRequest, 'method' | 'parameters' | 'minos' | 'contour'>, start: number[], constraints: Constraints, tidy: (values: readonly number[]) => number[]): PointsFit {
  const m = model.names.length;
  if (points.x.length <= m - (options.parameters ?? []).filter((s) => s.fixed && model.names.includes(s.name)).length) {
    throw new FitError(
      options.method === 'chi2'
        ? msg('{0} has {1} parameters, but only {2} bins with entries lie in the fit range: widen the range or use fewer bins.', model.text, m, points.x.length)
        : msg('{0} has {1} parameters, but only {2} bins lie in the fit range: widen the range or use fewer bins.', model.text, m, points.x.length),
    );
  }
  let minimum = minimize(fitted, points, start, options.method === 'likelihood' ? 'chi2' : options.method, constraints);
  if (options.method === 'likelihood') {
    // From the least-squares minimum (√n errors, 1 for empty bins); where that leaves the function
    // below 0 (a background pulled under empty sidebands), from the start values instead.
    const fromLeastSquares = minimize(fitted, points, minimum.values, 'likelihood', constraints);
    minimum = Number.isFinite(fromLeastSquares.chi2) ? fromLeastSquares : minimize(fitted, points, start, 'likelihood', constraints);
    if (!Number.isFinite(minimum.chi2)) throw new FitError(msg('{0} is not positive everywhere in the fit range, so the likelihood cannot be computed: fit with least squares (χ²), or narrow the range.', model.text));
  }
  // The others determined, a parameter that does nothing is held rather than the fit refused. A
  // formula's may have started far away: its result is shown, unconverged, for start values to be set.
  if (!minimum.covariance && !model.formula) throw new FitError(msg('The data do not determine all the parameters of {0} (some have no effect, or two do the same): use a simpler function or a wider range.', model.text));
  // MINOS from the minimum as fitted (its signs as found: the profile is the same either way up).
  // Where a profile falls below the minimum (MINUIT's "new minimum found"), the fit had stopped in a
  // local one: it is fitted again from there and MINOS run again, a few times at most.
  let asymmetric: MinosErrors | undefined;
  let firstChi2: number | undefined;
  let unconfirmed = false;
  const deadline = minosDeadline();
  for (let refits = 0; options.minos && minimum.covariance; refits++) {
    const found = minos(fitted, points, options.method, minimum, constraints, errorsOf(minimum, constraints), minimum.covariance, deadline);
    if (!found.lowerMinimum) {
      asymmetric = found;
      break;
    }
    // Within MINOS's time, and a few times at most; the minimum fitted from there must be lower and,
    // for ROOT's functions, determine every parameter, as the first fit must.
    const lower = refits < MAX_REFITS && performance.now() < deadline ? minimize(fitted, points, found.lowerMinimum, options.method, constraints) : undefined;
    if (!lower || !(lower.chi2 < minimum.chi2) || (!lower.covariance && !model.formula)) {
      unconfirmed = firstChi2 === undefined;
      break;
    }
    firstChi2 ??= minimum.chi2;
    minimum = lower;
  }
  const values = tidy(minimum.values);
  const covariance = minimum.covariance;
  const errors = errorsOf(minimum, constraints);
  // A fixed parameter is not fitted: a degree of freedom more, as ROOT counts them.
  const ndf = points.x.length - (m - constraints.fixed.filter(Boolean).length);
  const flip = values.map((v, i) => (Math.sign(v) !== Math.sign(minimum.values[i]) && v !== 0 ? -1 : 1));
  return {
    model: model.text,
    method: options.method,
    names: model.names,
    start,
    values,
    errors,
    chi2: minimum.chi2,
    ndf,
    probability: chiSquareProbability(minimum.chi2, ndf),
    converged: !!covariance && minimum.edm < EDM_CONVERGED && values.every(Number.isFinite),
    points: points.x.length,
    held: model.names.filter((_, i) => minimum.held[i]),
    fixed: model.names.filter((_, i) => constraints.fixed[i]),
    atLimit: model.names.filter((_, i) => minimum.atLimit[i]),
    limits: model.names.flatMap((name, i) => {
      const [lo, hi] = [constraints.low[i], constraints.high[i]];
      return lo === -Infinity && hi === Infinity ? [] : [{ name, ...(lo === -Infinity ? {} : { low: lo }), ...(hi === Infinity ? {} : { high: hi }) }];
    }),
    ...(asymmetric
      ? {
          // A parameter shown turned (σ → −σ) has its crossings turned too: the lower one becomes the upper.
          minos: {
            lower: asymmetric.lower.map((l, i) => (flip[i] < 0 ? -asymmetric.upper[i] : l)),
            upper: asymmetric.upper.map((u, i) => (flip[i] < 0 ? -asymmetric.lower[i] : u)),
          },
        }
      : {}),
    ...(firstChi2 !== undefined ? { minosRefit: { chi2: firstChi2 } } : {}),
    ...(unconfirmed ? { minosUnconfirmed: true } : {}),
    ...(asymmetric?.unreached.length ? { minosUnreached: asymmetric.unreached.map((i) => model.names[i]) } : {}),
    ...atEdgeOf(fitted, points, options.method, minimum, errors, model.names),
    ...contourOf(fitted, points, options, minimum, constraints, model.names, flip),
  };
}

/**
 * The contour asked for, of two different free parameters (the page offers only those; one fixed
 * since, or a model changed, gives none), in the signs shown.
 */
function contourOf(fitted: Model, points: Points, options: Pick<FitRequest, 'method' | 'contour'>, minimum: Minimum, constraints: Constraints, names: readonly string[], flip: readonly number[]): Pick<FitPayload, 'contour'> {
  if (!options.contour || !minimum.covariance) return {};
  const [i, j] = [names.indexOf(options.contour.x), names.indexOf(options.contour.y)];
  const free = (k: number): boolean => k >= 0 && !constraints.fixed[k] && !minimum.held[k] && !minimum.atLimit[k];
  if (i === j || !free(i) || !free(j)) return {};
  const found = contour(fitted, points, options.method, minimum, constraints, minimum.covariance, i, j);
  return { contour: { x: options.contour.x, y: options.contour.y, points: { x: found.x.map((v) => v * flip[i]), y: found.y.map((v) => v * flip[j]) }, missing: found.missing } };
}

/**
 * The parameters at the edge where a likelihood's function reaches 0 in empty bins (a background
 * whose best level is none, and what moves with it): moved alone by a thousandth of their error one
 * way, the function would turn negative there and the likelihood end. HESSE's parabola says nothing
 * of them; MINOS's profile does. Looked for only where some empty bin's function is under a
 * millionth of its largest value.
 */
function atEdgeOf(fitted: Model, points: Points, method: FitMethod, minimum: Minimum, errors: readonly number[], names: readonly string[]): Pick<FitPayload, 'atEdge'> {
  if (method !== 'likelihood') return {};
  const p = minimum.values;
  const f = points.x.map((x) => fitted.evaluate(x, p));
  const top = f.reduce((most, v) => Math.max(most, v), 0);
  if (!f.some((v, i) => points.y[i] === 0 && v < 1e-6 * top)) return {};
  const ends = (j: number, by: number): boolean => objective(fitted, points, p.map((v, k) => (k === j ? v + by : v)), method) === Infinity;
  const atEdge = names.filter((_, j) => errors[j] > 0 && (ends(j, -1e-3 * errors[j]) || ends(j, 1e-3 * errors[j])));
  return atEdge.length ? { atEdge } : {};
}

/** HESSE's errors; NaN for a parameter fixed, held or at a limit, and for all without a covariance. */
function errorsOf(minimum: Minimum, constraints: Constraints): number[] {
  const covariance = minimum.covariance;
  return minimum.values.map((_, i) => (!covariance || minimum.held[i] || minimum.atLimit[i] || constraints.fixed[i] ? NaN : Math.sqrt(Math.max(0, covariance[i][i]))));
}

/** The user's settings over the start values; names the model does not have are left alone (the model was changed). */
export function settingsOf(names: readonly string[], automatic: number[], settings: readonly FitParameter[]): { start: number[]; constraints: Constraints } {
  const start = [...automatic];
  const fixed = start.map(() => false);
  const low = start.map(() => -Infinity);
  const high = start.map(() => Infinity);
  for (const s of settings) {
    const j = names.indexOf(s.name);
    if (j < 0) continue;
    low[j] = s.low ?? -Infinity;
    high[j] = s.high ?? Infinity;
    if (!(high[j] > low[j])) throw new FitError(msg('The limits of {0} are {1} and {2}: the upper must be above the lower.', s.name, String(low[j]), String(high[j])));
    if (s.value !== undefined) start[j] = s.value;
    fixed[j] = !!s.fixed;
    // A start outside the limits (the automatic one, or typed) starts at the nearer limit.
    start[j] = Math.min(high[j], Math.max(low[j], start[j]));
  }
  return { start, constraints: { fixed, low, high } };
}

