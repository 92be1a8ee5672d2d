// The Python that redoes a fit with iminuit (MINUIT, as ROOT fits), appended to the script Copy as
// Python writes for the histogram: the same function, range, bins and method, started at HAI's
// result, so that MINUIT confirms the minimum and prints the parameters, errors and χ² the explorer shows.
import { parseFitModel, usesCrystalBall } from './fitModels';
import type { FitResult } from './histogramFit';

/** Where the script before has its histogram: a hist object `h`, or NumPy's `counts` over `low, high, bins`. */
export type FitSource = 'hist' | 'numpy';

export function fitPython(fit: FitResult, source: FitSource): string[] {
  const model = parseFitModel(fit.model);
  const names = model.names.join(', ');
  const start = model.names.map((n, i) => `${n}=${pythonNumber(fit.values[i])}`).join(', ');
  const lines = [
    '',
    `# The fit of ${fit.model} as HAI did it: ${fit.method === 'chi2' ? "least squares (Neyman's χ², bins without entries left out)" : "Poisson likelihood (Baker and Cousins' χ²)"},`,
    `# the function at the centres of the bins in [${pythonNumber(fit.low)}, ${pythonNumber(fit.high)}], MINUIT's errors for a change of 1 in χ² (pip install iminuit).`,
    'import numpy as np',
    'from iminuit import Minuit',
    ...(fit.method === 'chi2' ? ['from iminuit.cost import LeastSquares'] : []),
    '',
    ...(source === 'hist' ? ['counts = h.values()', 'errors = np.sqrt(h.variances())', 'edges = h.axes[0].edges'] : ['errors = np.sqrt(counts)', 'edges = np.linspace(low, high, bins + 1)']),
    'centres = (edges[:-1] + edges[1:]) / 2',
    ...(usesCrystalBall(model) ? crystalBallPython() : []),
    '',
    '',
    `def model(x, ${names}):`,
    `    return ${model.python()}`,
    '',
    '',
  ];
  if (fit.method === 'chi2') {
    lines.push(
      `inside = (centres >= ${pythonNumber(fit.low)}) & (centres <= ${pythonNumber(fit.high)}) & (errors > 0)`,
      'm = Minuit(LeastSquares(centres[inside], counts[inside], errors[inside], model), ' + start + ')',
    );
  } else {
    lines.push(
      `inside = (centres >= ${pythonNumber(fit.low)}) & (centres <= ${pythonNumber(fit.high)})`,
      'n = counts[inside]',
      'full = n > 0',
      '',
      '',
      `def cost(${names}):`,
      `    mu = model(centres[inside], ${names})`,
      '    if np.any(mu < 0) or np.any((mu == 0) & full):',
      '        return np.inf',
      '    return 2 * (np.sum(mu) - np.sum(n) + np.sum(n[full] * np.log(n[full] / mu[full])))',
      '',
      '',
      'cost.errordef = Minuit.LEAST_SQUARES',
      `m = Minuit(cost, ${start})`,
    );
  }
  // What was fixed, and what HAI held (the bins do not depend on it: a flat direction for MINUIT), is
  // fixed for MINUIT; the limits set are MINUIT's limits.
  lines.push(
    ...[...fit.fixed, ...fit.held].map((name) => `m.fixed[${JSON.stringify(name)}] = True`),
    ...fit.limits.map((l) => `m.limits[${JSON.stringify(l.name)}] = (${l.low === undefined ? 'None' : pythonNumber(l.low)}, ${l.high === undefined ? 'None' : pythonNumber(l.high)})`),
    'm.migrad()',
    'm.hesse()',
    'for name in m.parameters:',
    '    print(f"{name} = {m.values[name]:.8g} ± {m.errors[name]:.4g}")',
    `print(f"chi2 / ndf = {m.fval:.8g} / {np.count_nonzero(inside) - ${model.names.length - fit.fixed.length}}")`,
  );
  return lines;
}

/** The curve over the histogram, for a script that draws it (before plt.show()). */
export function fitPlotPython(fit: FitResult): string[] {
  return [`x = np.linspace(${pythonNumber(fit.low)}, ${pythonNumber(fit.high)}, 500)`, `plt.plot(x, model(x, *m.values), label=${JSON.stringify(fit.model)})`, 'plt.legend()'];
}

/** Adds the fit to a Copy as Python script: before its plt.show(), with the curve, or at its end. */
export function withFit(script: string, fit: FitResult, source: FitSource): string {
  const lines = script.replace(/\n$/, '').split('\n');
  const show = lines.lastIndexOf('plt.show()');
  if (show < 0) return `${[...lines, ...fitPython(fit, source)].join('\n')}\n`;
  return `${[...lines.slice(0, show), ...fitPython(fit, source), ...fitPlotPython(fit), ...lines.slice(show)].join('\n')}\n`;
}

function crystalBallPython(): string[] {
  return [
    '',
    '',
    'def crystal_ball(x, mean, sigma, alpha, n):',
    "    # ROOT's crystalball without its constant: a Gaussian core, a power-law tail beyond |alpha| sigmas.",
    '    t = (x - mean) / sigma',
    '    if alpha < 0:',
    '        t = -t',
    '    a = abs(alpha)',
    '    tail = (n / a) ** n * np.exp(-a * a / 2) * np.abs(n / a - a - t) ** -n',
    '    return np.where(t >= -a, np.exp(-t * t / 2), tail)',
  ];
}

/** A number as Python reads it back exactly. */
function pythonNumber(v: number): string {
  if (Number.isNaN(v)) return 'float("nan")';
  if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : '-float("inf")';
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? `${v}.0` : String(v);
}
