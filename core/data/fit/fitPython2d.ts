// The Python that redoes a 2-D fit with iminuit, appended to the script Copy as Python writes for the
// 2-D histogram (copyAsPython2d.ts: `counts` over XBINS × YBINS, with `sumw2` when weighted; or a
// stored TH2 as a hist object `h`): the same function at the same cells' centres, the same method,
// started at HAI's result, so that MINUIT confirms the minimum and prints what the explorer shows.
import { pythonNumber } from './fitFunctions';
import { parseFitModel2D } from './fit2dModels';
import { contourPlotPython, minuitLines, PYTHON_HELPERS } from './fitPython';
import type { FitResult } from './fitPoints';

/** Where the script before has its cells: NumPy's `counts` (and `sumw2` when weighted), or a hist object `h`. */
export type Fit2DSource = 'numpy' | 'numpyWeighted' | 'hist';

export function fitPython2D(fit: FitResult, source: Fit2DSource): string[] {
  const model = parseFitModel2D(fit.model);
  const names = model.names.join(', ');
  const start = model.names.map((n, i) => `${n}=${pythonNumber(fit.values[i])}`).join(', ');
  const [lowY, highY] = [fit.lowY ?? -Infinity, fit.highY ?? Infinity];
  const lines = [
    '',
    `# The fit of ${fit.model} as HAI did it: ${fit.method === 'chi2' ? "least squares (Neyman's χ², cells without entries left out)" : "Poisson likelihood (Baker and Cousins' χ²)"},`,
    `# the function at the centres of the cells in x [${pythonNumber(fit.low)}, ${pythonNumber(fit.high)}] and y [${pythonNumber(lowY)}, ${pythonNumber(highY)}], MINUIT's errors for a change of 1 in χ² (pip install iminuit).`,
    'import numpy as np',
    'from iminuit import Minuit',
    '',
    ...sourceLines(source),
    // Each cell's centre, indexed as the cells are: [x bin, y bin].
    'cell_x, cell_y = np.meshgrid((x_edges[:-1] + x_edges[1:]) / 2, (y_edges[:-1] + y_edges[1:]) / 2, indexing="ij")',
    `inside = (cell_x >= ${pythonNumber(fit.low)}) & (cell_x <= ${pythonNumber(fit.high)}) & (cell_y >= ${pythonNumber(lowY)}) & (cell_y <= ${pythonNumber(highY)})${fit.method === 'chi2' ? ' & (cell_error > 0)' : ''}`,
    'cell_x, cell_y, cell_n, cell_error = cell_x[inside], cell_y[inside], cell_n[inside], cell_error[inside]',
    ...model.helpers.flatMap((h) => PYTHON_HELPERS[h]),
    '',
    '',
    `def model(x, y, ${names}):`,
    `    return ${model.python()}`,
    '',
    '',
    `def cost(${names}):`,
    `    mu = model(cell_x, cell_y, ${names})`,
    ...(fit.method === 'chi2'
      ? ['    return np.sum(((cell_n - mu) / cell_error) ** 2)']
      : ['    full = cell_n > 0', '    if np.any(mu < 0) or np.any((mu == 0) & full):', '        return np.inf', '    return 2 * (np.sum(mu) - np.sum(cell_n) + np.sum(cell_n[full] * np.log(cell_n[full] / mu[full])))']),
    '',
    '',
    'cost.errordef = Minuit.LEAST_SQUARES',
    `m = Minuit(cost, ${start})`,
    ...minuitLines(fit, model.names.length),
  ];
  return lines;
}

/** The cells' contents, errors and edges as the explorer's χ² has them. */
function sourceLines(source: Fit2DSource): string[] {
  if (source === 'hist') return ['cell_n = h.values()', 'cell_error = np.sqrt(h.variances())', 'x_edges, y_edges = h.axes[0].edges, h.axes[1].edges'];
  return [
    'cell_n = counts.astype(np.float64)',
    source === 'numpyWeighted' ? 'cell_error = np.sqrt(sumw2)' : 'cell_error = np.sqrt(cell_n)',
    'x_edges, y_edges = np.linspace(XLOW, XHIGH, XBINS + 1), np.linspace(YLOW, YHIGH, YBINS + 1)',
  ];
}

/** The fitted function's contours over the cells, for a script that draws them (before plt.show()). */
export function fitPlotPython2D(fit: FitResult): string[] {
  return [
    // Over the fit range within the cells' (a range typed wider than the histogram draws nothing outside it).
    `grid_x, grid_y = np.meshgrid(np.linspace(max(${pythonNumber(fit.low)}, x_edges[0]), min(${pythonNumber(fit.high)}, x_edges[-1]), 200), np.linspace(max(${pythonNumber(fit.lowY ?? -Infinity)}, y_edges[0]), min(${pythonNumber(fit.highY ?? Infinity)}, y_edges[-1]), 200))`,
    'plt.contour(grid_x, grid_y, model(grid_x, grid_y, *m.values), colors="red", linewidths=1)',
    ...contourPlotPython(fit),
  ];
}

/** Adds the 2-D fit to a Copy as Python script: before its plt.show(), with the contours, or at its end. */
export function withFit2D(script: string, fit: FitResult, source: Fit2DSource): string {
  const lines = script.replace(/\n$/, '').split('\n');
  const show = lines.lastIndexOf('plt.show()');
  if (show < 0) return `${[...lines, ...fitPython2D(fit, source)].join('\n')}\n`;
  return `${[...lines.slice(0, show), ...fitPython2D(fit, source), ...fitPlotPython2D(fit), ...lines.slice(show)].join('\n')}\n`;
}
