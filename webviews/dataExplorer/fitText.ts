// A fit's words on the page: its lines in the statistics box (χ² / ndf, probability, each parameter
// rounded as its error says) and the status line.
import type { FitPayload } from '../../core/protocol/dataExplorerMessages';
import { fill, formatNumber, type Labels } from './dom';

/** The fit's lines for the statistics box: χ² / ndf, its probability, each parameter ± its error. */
export function fitLines(fit: FitPayload, labels: Labels): [string, string][] {
  return [
    [labels.statChi2 ?? 'χ² / ndf', `${formatNumber(Number(fit.chi2.toPrecision(4)))} / ${fit.ndf}`],
    [labels.statProb ?? 'Prob', formatNumber(Number(fit.probability.toPrecision(3)))],
    ...fit.names.map((name, i): [string, string] => {
      // Fixed by the user, or stopped at a limit: the value, and why it has no error.
      const why = fit.fixed.includes(name) ? labels.fitFixed : fit.atLimit.includes(name) ? labels.fitAtLimit : undefined;
      if (why) return [name, `${formatNumber(fit.values[i])} (${why})`];
      const [lower, upper] = [fit.minos?.lower[i] ?? NaN, fit.minos?.upper[i] ?? NaN];
      if (Number.isFinite(lower) && Number.isFinite(upper)) return [name, valueWithInterval(fit.values[i], lower, upper)];
      // At the edge where the likelihood's function reaches 0, HESSE's parabola says nothing: MINOS's side, or no error.
      if (fit.atEdge?.includes(name)) return [name, Number.isFinite(upper) || Number.isFinite(lower) ? valueWithSide(fit.values[i], lower, upper) : `${formatNumber(fit.values[i])} (${labels.fitAtEdge})`];
      return [name, valueWithError(fit.values[i], fit.errors[i])];
    }),
  ];
}

/** A value with its error: the error to two significant digits, the value to the same decimal place. */
export function valueWithError(value: number, error: number): string {
  if (!Number.isFinite(error) || error <= 0) return formatNumber(value);
  const round = rounding(value, error);
  return round ? `${round(value)} ± ${round(error)}` : `${value.toPrecision(4)} ± ${error.toPrecision(2)}`;
}

/** A value with MINOS's interval, `5.02 +0.12 −0.10`: rounded as the smaller side says. */
export function valueWithInterval(value: number, lower: number, upper: number): string {
  const round = rounding(value, Math.min(-lower, upper));
  return round ? `${round(value)} +${round(upper)} −${round(-lower)}` : `${value.toPrecision(4)} +${upper.toPrecision(2)} −${(-lower).toPrecision(2)}`;
}

/** A value with MINOS's crossing on the one side it has (the other NaN), `0.000 +0.0079`: rounded as that side says. */
export function valueWithSide(value: number, lower: number, upper: number): string {
  const side = Number.isFinite(upper) ? upper : -lower;
  const sign = Number.isFinite(upper) ? '+' : '−';
  const round = rounding(value, side);
  return round ? `${round(value)} ${sign}${round(side)}` : `${value.toPrecision(4)} ${sign}${side.toPrecision(2)}`;
}

/** Rounds to the place of the error's second significant digit; undefined for numbers too large or small for it. */
function rounding(value: number, error: number): ((v: number) => string) | undefined {
  if (!(error > 0)) return undefined;
  // The place of the error's second digit once rounded (9.96 rounds to 10: one place to the left).
  const place = Math.floor(Math.log10(Number(error.toPrecision(2)))) - 1;
  if (place < -15 || place > 15 || Math.abs(value) >= 1e15) return undefined;
  if (place < 0) return (v) => v.toFixed(-place);
  return (v) => (Math.round(v / 10 ** place) * 10 ** place).toFixed(0);
}

/** The words the page shows for a fit that did not converge. */
export function fitStatus(fit: FitPayload, labels: Labels): string {
  // Without any error, no covariance was found: the parameters are not told apart where the fit ended.
  const free = fit.names.filter((n) => !fit.fixed.includes(n));
  const undetermined = !fit.converged && free.length > 0 && free.every((n) => Number.isNaN(fit.errors[fit.names.indexOf(n)]));
  const why = !Number.isFinite(fit.chi2) ? labels.fitNotFinite : undetermined ? labels.fitUndetermined : labels.fitNotConverged;
  const done = fit.converged ? fill(fit.integral ? labels.fitDoneIntegral : labels.fitDone, fit.model, fit.points) : fill(why, fit.model);
  // MINOS asked for, but no crossing on a side for some (or none reached in its time): HESSE's error is shown for them.
  const unreached = fit.minosUnreached ?? [];
  const atEdge = fit.atEdge ?? [];
  const noCrossing = fit.minos ? fit.names.filter((n, i) => !fit.fixed.includes(n) && !fit.held.includes(n) && !fit.atLimit.includes(n) && !atEdge.includes(n) && !unreached.includes(n) && !(Number.isFinite(fit.minos?.lower[i]) && Number.isFinite(fit.minos?.upper[i]))) : [];
  // MINOS walked into a lower minimum: the fit shown was redone from it (its errors given up if they could not be found from there).
  const chi2 = (x: number): string => formatNumber(Number(x.toPrecision(4)));
  const refit = fit.minosRefit ? [fill(fit.minos ? labels.fitMinosRefit : labels.fitMinosGaveUp, chi2(fit.minosRefit.chi2), chi2(fit.chi2))] : [];
  const minosLines = [
    ...refit,
    ...(fit.minosUnconfirmed ? [labels.fitMinosUnconfirmed] : []),
    ...(noCrossing.length ? [fill(labels.fitNoCrossing, noCrossing.join(', '))] : []),
    ...(atEdge.length ? [fill(fit.minos ? labels.fitAtEdgeMinos : labels.fitAtEdgeHint, atEdge.join(', '))] : []),
    ...(unreached.length ? [fill(labels.fitMinosUnreached, unreached.join(', '))] : []),
  ];
  return [done, ...(fit.held.length ? [fill(labels.fitHeld, fit.held.join(', '))] : []), ...minosLines].join(' ');
}
