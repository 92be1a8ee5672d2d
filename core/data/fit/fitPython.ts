// The Python that redoes a fit with iminuit (MINUIT, as ROOT fits), appended to the script Copy as
// Python writes for the histogram: the same function, range, bins and method, started at HAI's
// result, so that MINUIT confirms the minimum and prints the parameters, errors and χ² the explorer shows.
import { type PythonHelper, pythonNumber } from './fitFunctions';
import { binAveragePython } from './binAverage';
import { parseFitModel } from './fitModels';
import type { FitResult } from './histogramFit';

/**
 * Where the script before has its histogram: a hist object `h`, NumPy's `counts` over `low, high, bins`
 * (and `sumw2` when weighted), or a profile's `mean` and `error` over `EDGES`.
 */
export type FitSource = 'hist' | 'numpy' | 'numpyWeighted' | 'profile';

export function fitPython(fit: FitResult, source: FitSource): string[] {
  const model = parseFitModel(fit.model);
  const names = model.names.join(', ');
  const start = model.names.map((n, i) => `${n}=${pythonNumber(fit.values[i])}`).join(', ');
  const lines = [
    '',
    `# The fit of ${fit.model} as HAI did it: ${fit.method === 'chi2' ? "least squares (Neyman's χ², bins without entries left out)" : "Poisson likelihood (Baker and Cousins' χ²)"},`,
    `# the function ${fit.integral ? "averaged over each bin (ROOT's option I)" : 'at the centres of the bins'} in [${pythonNumber(fit.low)}, ${pythonNumber(fit.high)}], MINUIT's errors for a change of 1 in χ² (pip install iminuit).`,
    'import numpy as np',
    'from iminuit import Minuit',
    ...(fit.method === 'chi2' ? ['from iminuit.cost import LeastSquares'] : []),
    '',
    // The bins' errors as the explorer's χ² has them: √Σw² (hist's variances; the weighted NumPy script's sumw2), √n for counts.
    ...sourceLines(source),
    'centres = (edges[:-1] + edges[1:]) / 2',
    ...model.helpers.flatMap((h) => PYTHON_HELPERS[h]),
    '',
    '',
    `def model(x, ${names}):`,
    `    return ${model.python()}`,
    '',
    '',
  ];
  // Option I: the cost sees `binned`, the function's mean over each bin in the range.
  const fitted = fit.integral ? 'binned' : 'model';
  const averaging = fit.integral ? [...binAveragePython(names), '', ''] : [];
  if (fit.method === 'chi2') {
    lines.push(
      `inside = (centres >= ${pythonNumber(fit.low)}) & (centres <= ${pythonNumber(fit.high)}) & (errors > 0)`,
      ...averaging,
      `m = Minuit(LeastSquares(centres[inside], counts[inside], errors[inside], ${fitted}), ${start})`,
    );
  } else {
    lines.push(
      `inside = (centres >= ${pythonNumber(fit.low)}) & (centres <= ${pythonNumber(fit.high)})`,
      ...averaging,
      'n = counts[inside]',
      'full = n > 0',
      '',
      '',
      `def cost(${names}):`,
      `    mu = ${fitted}(centres[inside], ${names})`,
      '    if np.any(mu < 0) or np.any((mu == 0) & full):',
      '        return np.inf',
      '    return 2 * (np.sum(mu) - np.sum(n) + np.sum(n[full] * np.log(n[full] / mu[full])))',
      '',
      '',
      'cost.errordef = Minuit.LEAST_SQUARES',
      `m = Minuit(cost, ${start})`,
    );
  }
  lines.push(...minuitLines(fit, model.names.length));
  return lines;
}

/**
 * MIGRAD and HESSE on the cost `m` holds, then what the explorer shows printed: each parameter ± its
 * error, MINOS's crossings when asked for, and χ² / ndf over the points `inside`. What was fixed, and
 * what HAI held (the bins do not depend on it: a flat direction for MINUIT), is fixed for MINUIT; the
 * limits set are MINUIT's limits. Shared by the 1-D and the 2-D fit (fitPython2d.ts).
 */
export function minuitLines(fit: FitResult, parameters: number): string[] {
  return [
    ...[...fit.fixed, ...fit.held].map((name) => `m.fixed[${JSON.stringify(name)}] = True`),
    ...fit.limits.map((l) => `m.limits[${JSON.stringify(l.name)}] = (${l.low === undefined ? 'None' : pythonNumber(l.low)}, ${l.high === undefined ? 'None' : pythonNumber(l.high)})`),
    'm.migrad()',
    'm.hesse()',
    'for name in m.parameters:',
    '    print(f"{name} = {m.values[name]:.8g} ± {m.errors[name]:.4g}")',
    // MINOS as asked for in the explorer: each free parameter's crossings of minimum + 1.
    ...(fit.minos
      ? [
          // MINOS needs a valid minimum: iminuit raises otherwise.
          'if m.valid:',
          '    m.minos()',
          '    for name, e in m.merrors.items():',
          '        lower = f"{e.lower:.6g}" if e.lower_valid else "none"',
          '        upper = f"{e.upper:+.6g}" if e.upper_valid else "none"',
          '        print(f"{name} MINOS {lower} {upper}")',
          'else:',
          '    print("No MINOS errors: MIGRAD found no valid minimum")',
        ]
      : []),
    `print(f"chi2 / ndf = {m.fval:.8g} / {np.count_nonzero(inside) - ${parameters - fit.fixed.length}}")`,
    ...contourLines(fit),
  ];
}

/** The contour drawn in the explorer: MINUIT's MNCONTOUR of the same two parameters (its default, 68 %), printed. */
function contourLines(fit: FitResult): string[] {
  if (!fit.contour) return [];
  const [x, y] = [JSON.stringify(fit.contour.x), JSON.stringify(fit.contour.y)];
  return [
    `# The 68 % region of ${fit.contour.x} and ${fit.contour.y} together (Δχ² = 2.28), as the explorer drew it.`,
    `contour = m.mncontour(${x}, ${y}, size=${fit.contour.points.x.length + fit.contour.missing}) if m.valid else np.empty((0, 2))`,
    'print("contour", contour.tolist())',
  ];
}

/** The contour in a figure of its own, the best fit marked, for a script that draws (before plt.show()). */
export function contourPlotPython(fit: FitResult): string[] {
  if (!fit.contour) return [];
  const [x, y] = [JSON.stringify(fit.contour.x), JSON.stringify(fit.contour.y)];
  return [
    'plt.figure()',
    'plt.plot(*np.vstack([contour, contour[:1]]).T, color="red")',
    `plt.plot(m.values[${x}], m.values[${y}], "+", color="red")`,
    `plt.xlabel(${x})`,
    `plt.ylabel(${y})`,
  ];
}

/** The curve over the histogram, for a script that draws it (before plt.show()). */
export function fitPlotPython(fit: FitResult): string[] {
  return [`x = np.linspace(${pythonNumber(fit.low)}, ${pythonNumber(fit.high)}, 500)`, `plt.plot(x, model(x, *m.values), label=${JSON.stringify(fit.model)})`, 'plt.legend()', ...contourPlotPython(fit)];
}

/** The bins' contents, errors and edges as the explorer's χ² has them. */
function sourceLines(source: FitSource): string[] {
  switch (source) {
    case 'hist':
      return ['counts = h.values()', 'errors = np.sqrt(h.variances())', 'edges = h.axes[0].edges'];
    case 'profile':
      // The means with their errors as the error option gives them (a bin whose error is 0 is left out, as in ROOT).
      return ['counts = mean', 'errors = error', 'edges = EDGES'];
    default:
      return [source === 'numpyWeighted' ? 'errors = np.sqrt(sumw2)' : 'errors = np.sqrt(counts)', 'edges = np.linspace(low, high, bins + 1)'];
  }
}

/** Adds the fit to a Copy as Python script: before its plt.show(), with the curve, or at its end. */
export function withFit(script: string, fit: FitResult, source: FitSource): string {
  const lines = script.replace(/\n$/, '').split('\n');
  const show = lines.lastIndexOf('plt.show()');
  if (show < 0) return `${[...lines, ...fitPython(fit, source)].join('\n')}\n`;
  return `${[...lines.slice(0, show), ...fitPython(fit, source), ...fitPlotPython(fit), ...lines.slice(show)].join('\n')}\n`;
}

/** The functions a model's Python calls that NumPy lacks, each as the script defines it. */
export const PYTHON_HELPERS: Readonly<Record<PythonHelper, readonly string[]>> = {
  crystal_ball: [
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
  ],
  erf: ['', 'import math', '', 'erf = np.vectorize(math.erf)', 'erfc = np.vectorize(math.erfc)'],
  // The nodes, integrals and interpolation of core/data/fit/landau.ts in NumPy, each integral by a
  // fixed tanh-sinh step of 1/64 (HAI halves it until the sum settles): the same values to ~1e-13.
  landau: [
    '',
    '',
    'def landau_table():',
    '    # The Landau density phi and its slope at steps of 0.01 from -7 to 10, then of 1 % up to 1e8: below 20',
    '    # from phi(l) = 1/pi * int_0^pi exp(u - e^u) ds, u = ln(s / sin s) - s / tan s - l (the stable law\'s',
    '    # integral, positive where the defining one cancels), split at its peak u = 0; from 20 on from the',
    '    # defining 1/pi * int_0^(45/l) exp(-l t - t ln t) sin(pi t) dt; both by tanh-sinh quadrature.',
    '    lam = np.concatenate([np.arange(1700) * 0.01 - 7, 10 * 1.01 ** np.arange(1621)])',
    '    k = np.arange(-256, 257) / 64',
    '    e = np.exp(-np.pi * np.sinh(np.abs(k)))',
    '    near = 2 * e / (1 + e)',
    '    w = np.pi / 2 * np.cosh(k) * near * (2 - near) / 64',
    '',
    '    def integral(f, a, b):',
    '        a, b = a[:, None], b[:, None]',
    '        s = np.where(k < 0, a + (b - a) / 2 * near, b - (b - a) / 2 * near)',
    '        inside = (s > a) & (s < b)',
    '        v, dv = f(np.where(inside, s, 1.0))',
    '        return ((b - a) / 2 * w * np.where(inside, v, 0)).sum(1), ((b - a) / 2 * w * np.where(inside, dv, 0)).sum(1)',
    '',
    '    def shape(s):',
    '        return np.log(s / np.sin(s)) - s / np.tan(s)',
    '',
    '    with np.errstate(all="ignore"):',
    '        low = lam[lam < 20]',
    '        lo, hi = np.zeros_like(low), np.full_like(low, np.pi)',
    '        for _ in range(60):',
    '            below = shape((lo + hi) / 2) < low',
    '            lo, hi = np.where(below, (lo + hi) / 2, lo), np.where(below, hi, (lo + hi) / 2)',
    '        peak = np.where(low > -1, (lo + hi) / 2, 0)',
    '',
    '        def stable(s):',
    '            u = shape(s) - low[:, None]',
    '            eu = np.exp(np.minimum(u, 700))',
    '            v = np.where(u < 700, np.exp(u - eu), 0)',
    '            return v, v * (eu - 1)',
    '',
    '        high = lam[lam >= 20]',
    '',
    '        def defining(t):',
    '            v = np.exp(-high[:, None] * t - t * np.log(t)) * np.sin(np.pi * t)',
    '            return v, -t * v',
    '',
    '        a1, b1 = integral(stable, np.zeros_like(low), peak)',
    '        a2, b2 = integral(stable, peak, np.full_like(low, np.pi))',
    '        a3, b3 = integral(defining, np.zeros_like(high), 45 / high)',
    '    phi = np.concatenate([a1 + a2, a3]) / np.pi',
    '    return lam, np.log(phi), np.concatenate([b1 + b2, b3]) / np.pi / phi',
    '',
    '',
    'def landau(t):',
    "    # ROOT's TMath::Landau(t, 0, 1): ln phi interpolated between the nodes by cubic Hermite polynomials.",
    '    if not hasattr(landau, "table"):',
    '        landau.table = landau_table()',
    '    lam, y, dy = landau.table',
    '    t = np.asarray(t, dtype=float)',
    '    i = np.clip(np.searchsorted(lam, t, side="right") - 1, 0, len(lam) - 2)',
    '    h = lam[i + 1] - lam[i]',
    '    u = (t - lam[i]) / h',
    '    ln_phi = (2 * u**3 - 3 * u**2 + 1) * y[i] + (u**3 - 2 * u**2 + u) * h * dy[i] + (3 * u**2 - 2 * u**3) * y[i + 1] + (u**3 - u**2) * h * dy[i + 1]',
    '    far = t >= lam[-1]',
    '    tail = np.exp(y[-1]) * (lam[-1] / np.where(far, t, 1)) ** 2',
    '    return np.where(t < lam[0], 0.0, np.where(far, tail, np.exp(ln_phi)))',
  ],
};
