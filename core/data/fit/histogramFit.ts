// Fits a drawn 1-D histogram as ROOT's TH1::Fit does by default: the function evaluated at the bin
// centres inside the fit range (or, with option I, its mean over each bin: binAverage.ts), least
// squares over the bins with an error (empty bins left out), or, asked for, the Poisson likelihood
// over every bin; MINOS errors when asked for (minos.ts). Starting values come from the histogram
// itself — the background from the range's outer fifths, each peak from the highest point left and
// its width at half height — so that `gaus + pol1` on a mass peak converges without the user guessing.
import type { FitParameter, FitRequest, HistogramPayload } from '../../protocol/dataExplorerMessages';
import { msg } from '../../text/message';
import { binAveraged } from './binAverage';
import { type FitModel, parseFitModel } from './fitModels';
import { FitError, fitPoints, settingsOf } from './fitPoints';
import type { Constraints, FitMethod, Points } from './minimize';

// The shapes are the protocol's: the page asks for exactly this, and gets this back.
export type { FitMethod } from '../../protocol/dataExplorerMessages';
export { FitError, type FitResult } from './fitPoints';
import type { FitResult } from './fitPoints';
/** A histogram's bins; variable bins come with their edges. */
export type FitHistogram = HistogramPayload;
/** The function, method, range (bins whose centre lies inside; the histogram's when left out) and parameters' settings. */
export type FitOptions = FitRequest;
/** A parameter's start value, Fixed and limits, by name. */
export type ParameterSetting = FitParameter;

const CURVE_POINTS = 500;

export function fitHistogram(h: FitHistogram, options: FitOptions): FitResult {
  const model = parseFitModel(options.model);
  const low = options.low ?? h.axis.low;
  const high = options.high ?? h.axis.high;
  if (!(high > low)) throw new FitError(msg('The upper end of the fit range must be above the lower end.'));
  const { points, halfWidths } = pointsOf(h, low, high, options.method);
  // Option I: the minimiser sees the function's mean over each bin; the curve drawn is the function.
  const fitted = options.integral ? binAveraged(model, halfWidths, model.names.length) : model;
  const { start, constraints } = settingsOf(model.names, startValues(model, points), options.parameters ?? []);
  const result = fitPoints(model, fitted, points, options, start, constraints, (values) => tidySigns(model, values, constraints));
  return { ...result, ...(options.integral ? { integral: true } : {}), low, high, curve: curveOf(model, result.values, low, high) };
}

/** Bin centres inside [low, high] with their contents and errors; χ² leaves out bins without an error. */
function pointsOf(h: FitHistogram, low: number, high: number, method: FitMethod): { points: Points; halfWidths: Map<number, number> } {
  const { bins } = h.axis;
  const edge = (i: number): number => (h.edges ? h.edges[i] : i === bins ? h.axis.high : h.axis.low + (i * (h.axis.high - h.axis.low)) / bins);
  const x: number[] = [];
  const y: number[] = [];
  const sigma: number[] = [];
  const halfWidths = new Map<number, number>();
  let weighted = false;
  for (let i = 1; i <= bins; i++) {
    const c = (edge(i - 1) + edge(i)) / 2;
    if (c < low || c > high) continue;
    const n = h.sumw[i];
    const e = Math.sqrt(h.sumw2[i]);
    if (method === 'chi2' && !(e > 0)) continue;
    if (method === 'likelihood' && (n < 0 || Math.abs(h.sumw2[i] - n) > 1e-9 * Math.max(1, n))) weighted = true;
    x.push(c);
    halfWidths.set(c, (edge(i) - edge(i - 1)) / 2);
    y.push(n);
    // The least-squares start of a likelihood fit: √n, and 1 for an empty bin.
    sigma.push(method === 'chi2' ? e : Math.sqrt(Math.max(n, 1)));
  }
  if (weighted) throw new FitError(msg('The likelihood fit needs plain counts, and this histogram has weights (or is a profile): fit it with least squares (χ²).'));
  return { points: { x: Float64Array.from(x), y: Float64Array.from(y), sigma: Float64Array.from(sigma) }, halfWidths };
}

/**
 * Starting values: the background terms fitted in turn to the outer fifths of the range (all of it
 * without a peak), then each peak from the highest point of what is left, its width at half height.
 */
export function startValues(model: FitModel, points: Points): number[] {
  // A formula's own parameters start at 1 (ROOT starts them at 0, which zeroes a product); the
  // Parameters table sets better ones.
  const p = new Array<number>(model.names.length).fill(model.formula ? 1 : 0);
  const n = points.x.length;
  const xs = [...points.x];
  const residual = [...points.y];
  const hasPeak = model.terms.some((t) => t.kind.peak);
  const span = xs[n - 1] - xs[0];
  const side = xs.map((x) => !hasPeak || x <= xs[0] + span / 5 || x >= xs[n - 1] - span / 5);
  const subtract = (t: (typeof model.terms)[number]): void => {
    for (let i = 0; i < n; i++) residual[i] -= t.kind.evaluate(xs[i], p, t.first);
  };
  for (const t of model.terms.filter((term) => !term.kind.peak)) {
    const used = xs.map((_, i) => i).filter((i) => side[i]);
    if (t.kind.name === 'expo') {
      const positive = used.filter((i) => residual[i] > 0);
      const [c, s] = polynomialFit(positive.map((i) => xs[i]), positive.map((i) => Math.log(residual[i])), positive.map((i) => residual[i]), 1) ?? [0, 0];
      p[t.first] = c;
      p[t.first + 1] = s;
    } else {
      const coefficients = polynomialFit(used.map((i) => xs[i]), used.map((i) => residual[i]), used.map(() => 1), t.count - 1) ?? [];
      coefficients.forEach((v, k) => (p[t.first + k] = v));
    }
    subtract(t);
  }
  const binWidth = n > 1 ? span / (n - 1) : 1;
  const peaks = model.terms.filter((term) => term.kind.peak);
  for (const t of peaks) {
    // Found on what is left smoothed over 5 bins: a single high bin of a noisy peak is not its top.
    const smooth = residual.map((_, i) => {
      const near = residual.slice(Math.max(0, i - 2), Math.min(n, i + 3));
      return n >= 20 ? near.reduce((a, b) => a + b, 0) / near.length : residual[i];
    });
    let top = 0;
    for (let i = 1; i < n; i++) if (smooth[i] > smooth[top]) top = i;
    const height = smooth[top] > 0 ? smooth[top] : Math.max(...points.y, 1);
    let left = top;
    while (left > 0 && smooth[left - 1] > height / 2) left--;
    let right = top;
    while (right < n - 1 && smooth[right + 1] > height / 2) right++;
    let mean = xs[top];
    let sigma = Math.max(xs[right] - xs[left] + binWidth, binWidth) / 2.3548;
    if (peaks.length === 1 && model.terms.length === 1 && t.kind.name !== 'landau') {
      // A peak alone: the histogram's mean and standard deviation, as ROOT starts gaus.
      const w = residual.map((v) => Math.max(v, 0));
      const sum = w.reduce((a, b) => a + b, 0);
      if (sum > 0) {
        mean = w.reduce((a, v, i) => a + v * xs[i], 0) / sum;
        sigma = Math.sqrt(w.reduce((a, v, i) => a + v * (xs[i] - mean) ** 2, 0) / sum) || sigma;
      }
    }
    const a = t.first;
    if (t.kind.name === 'landau') {
      // The Landau density's half-height width is 4.018 Sigma; its top, 0.18066 high, lies 0.22278 Sigma below MPV.
      const width = 2.3548 * sigma;
      p[a + 2] = width / 4.018;
      p[a + 1] = mean + 0.22278 * p[a + 2];
      p[a] = height / 0.18066;
    } else if (t.kind.name === 'breitwigner') {
      const gamma = 2.3548 * sigma;
      p[a] = (height * Math.PI * gamma) / 2;
      p[a + 1] = mean;
      p[a + 2] = gamma;
    } else {
      p[a] = height;
      p[a + 1] = mean;
      p[a + 2] = sigma;
      if (t.kind.name === 'crystalball') {
        p[a + 3] = 1;
        p[a + 4] = 3;
      }
    }
    subtract(t);
  }
  return p;
}

/** Weighted least squares of a polynomial of the given degree; undefined with too few points. */
function polynomialFit(x: readonly number[], y: readonly number[], w: readonly number[], degree: number): number[] | undefined {
  if (x.length <= degree) return undefined;
  // Around the points' middle and in their units, so that the normal equations stay well conditioned.
  const mid = (Math.min(...x) + Math.max(...x)) / 2;
  const scale = (Math.max(...x) - Math.min(...x)) / 2 || 1;
  const m = degree + 1;
  const a = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const b = new Array<number>(m).fill(0);
  for (let i = 0; i < x.length; i++) {
    const u = (x[i] - mid) / scale;
    const powers = Array.from({ length: m }, (_, k) => u ** k);
    for (let j = 0; j < m; j++) {
      b[j] += w[i] * powers[j] * y[i];
      for (let k = 0; k < m; k++) a[j][k] += w[i] * powers[j] * powers[k];
    }
  }
  const solved = solveSmall(a, b);
  if (!solved) return undefined;
  // Back to powers of x: Σ c_k ((x − mid)/scale)^k expanded.
  const out = new Array<number>(m).fill(0);
  for (let k = 0; k < m; k++) {
    for (let j = 0; j <= k; j++) out[j] += (solved[k] * binomial(k, j) * (-mid) ** (k - j)) / scale ** k;
  }
  return out;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Gaussian elimination with partial pivoting, for the few equations of a starting polynomial. */
function solveSmall(a: number[][], b: number[]): number[] | undefined {
  const m = b.length;
  const rows = a.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < m; c++) {
    let pivot = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(rows[r][c]) > Math.abs(rows[pivot][c])) pivot = r;
    if (!(Math.abs(rows[pivot][c]) > 1e-300)) return undefined;
    [rows[c], rows[pivot]] = [rows[pivot], rows[c]];
    for (let r = c + 1; r < m; r++) {
      const f = rows[r][c] / rows[c][c];
      for (let k = c; k <= m; k++) rows[r][k] -= f * rows[c][k];
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let sum = rows[r][m];
    for (let k = r + 1; k < m; k++) sum -= rows[r][k] * x[k];
    x[r] = sum / rows[r][r];
  }
  return x;
}

/** A Gaussian's σ and a Breit–Wigner's Γ enter squared: shown positive, as ROOT's fit panel users expect. */
function tidySigns(model: FitModel, values: readonly number[], c: Constraints): number[] {
  const p = [...values];
  // Parameters the user constrained are left as the fit leaves them: a turned sign could break a limit;
  // so are those a formula uses elsewhere too.
  const free = (j: number): boolean => !c.fixed[j] && c.low[j] === -Infinity && c.high[j] === Infinity && !model.shared.includes(j);
  for (const t of model.terms) {
    if (![0, 1, 2, 3].every((k) => k >= t.count || free(t.first + k))) continue;
    if (t.kind.name === 'gaus') p[t.first + 2] = Math.abs(p[t.first + 2]);
    // A Crystal Ball with Sigma < 0 is the same function with both Sigma's and Alpha's signs turned.
    if (t.kind.name === 'crystalball' && p[t.first + 2] < 0) {
      p[t.first + 2] = -p[t.first + 2];
      p[t.first + 3] = -p[t.first + 3];
    }
    if (t.kind.name === 'breitwigner' && p[t.first + 2] < 0) {
      p[t.first] = -p[t.first];
      p[t.first + 2] = -p[t.first + 2];
    }
  }
  return p;
}

function curveOf(model: FitModel, p: readonly number[], low: number, high: number): FitResult['curve'] {
  const x = Array.from({ length: CURVE_POINTS }, (_, i) => low + ((high - low) * i) / (CURVE_POINTS - 1));
  return { x, y: x.map((v) => model.evaluate(v, p)) };
}
