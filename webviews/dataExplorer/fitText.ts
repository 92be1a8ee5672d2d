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
      return [name, why ? `${formatNumber(fit.values[i])} (${why})` : valueWithError(fit.values[i], fit.errors[i])];
    }),
  ];
}

/** A value with its error: the error to two significant digits, the value to the same decimal place. */
export function valueWithError(value: number, error: number): string {
  if (!Number.isFinite(error) || error <= 0) return formatNumber(value);
  // The place of the error's second digit once rounded (9.96 rounds to 10: one place to the left).
  const place = Math.floor(Math.log10(Number(error.toPrecision(2)))) - 1;
  if (place < -15 || place > 15 || Math.abs(value) >= 1e15) return `${value.toPrecision(4)} ± ${error.toPrecision(2)}`;
  if (place < 0) return `${value.toFixed(-place)} ± ${error.toFixed(-place)}`;
  const round = (v: number): string => (Math.round(v / 10 ** place) * 10 ** place).toFixed(0);
  return `${round(value)} ± ${round(error)}`;
}

/** The words the page shows for a fit that did not converge. */
export function fitStatus(fit: FitPayload, labels: Labels): string {
  // Without any error, no covariance was found: the parameters are not told apart where the fit ended.
  const free = fit.names.filter((n) => !fit.fixed.includes(n));
  const undetermined = !fit.converged && free.length > 0 && free.every((n) => Number.isNaN(fit.errors[fit.names.indexOf(n)]));
  const why = !Number.isFinite(fit.chi2) ? labels.fitNotFinite : undetermined ? labels.fitUndetermined : labels.fitNotConverged;
  const done = fit.converged ? fill(labels.fitDone, fit.model, fit.points) : fill(why, fit.model);
  return fit.held.length ? `${done} ${fill(labels.fitHeld, fit.held.join(', '))}` : done;
}
