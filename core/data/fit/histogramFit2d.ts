// Fits a drawn 2-D histogram as ROOT's TH2::Fit does: the function (fit2dModels.ts) at the centres of
// the cells inside the fit range, least squares over the cells with an error (empty cells left out)
// or the Poisson likelihood over every cell, MINOS when asked for (fitPoints.ts, shared with 1-D).
// The minimiser sees each cell as a point numbered i, its centre looked up: the same Levenberg–
// Marquardt, MINOS and errors as 1-D. Start values come from the histogram: a background from the
// border cells (the range's outer fifths), each peak from the highest cell left, its widths and
// correlation from the cells above half its height.
import type { AxisPayload, FitRequest } from '../../protocol/dataExplorerMessages';
import { msg } from '../../text/message';
import { type FitModel2D, parseFitModel2D } from './fit2dModels';
import { FitError, type FitResult, fitPoints, settingsOf } from './fitPoints';
import { type Constraints, type Model, type Points, solveDamped } from './minimize';

/** A 2-D histogram's cells: (x.bins + 2) × (y.bins + 2), x fastest, under- and overflow included. */
export interface Fit2DHistogram {
  readonly x: AxisPayload;
  readonly y: AxisPayload;
  readonly sumw: readonly number[];
  readonly sumw2: readonly number[];
}

/** The surface's points per axis at most, for its contours: finer than the cells, bounded for the message. */
const SURFACE_POINTS = 160;
/** The standard deviation of a 2-D normal's part above half its height is this fraction of σ, along each axis. */
const HALF_HEIGHT_SPREAD = Math.sqrt(1 - Math.log(2));

/** The cells inside the range as points: their centres, contents and errors, and where each point's cell is. */
interface Cells {
  readonly x: number[];
  readonly y: number[];
  readonly points: Points;
  /** The point of each cell of the histogram (x fastest, under- and overflow included), −1 where none. */
  readonly pointAt: Int32Array;
  /** Each point's cell in that numbering. */
  readonly cell: number[];
}

export function fitHistogram2D(h: Fit2DHistogram, options: FitRequest): FitResult {
  if (options.integral) throw new FitError(msg('The mean over each bin (option I) is for 1-D fits: fit the 2-D histogram without it.'));
  const model = parseFitModel2D(options.model);
  const low = options.low ?? h.x.low;
  const high = options.high ?? h.x.high;
  const lowY = options.lowY ?? h.y.low;
  const highY = options.highY ?? h.y.high;
  if (!(high > low) || !(highY > lowY)) throw new FitError(msg('The upper end of the fit range must be above the lower end.'));
  const cells = cellsOf(h, [low, high], [lowY, highY], options.method);
  const asPoints: Model = {
    evaluate: (i, p) => model.evaluate(cells.x[i], cells.y[i], p),
    gradient: (i, p, out) => model.gradient(cells.x[i], cells.y[i], p, out),
  };
  const { start, constraints } = settingsOf(model.names, startValues2D(model, cells, h), options.parameters ?? []);
  const result = fitPoints(model, asPoints, cells.points, options, start, constraints, (values) => tidySigns2D(model, values, constraints));
  return { ...result, low, high, lowY, highY, surface: surfaceOf(model, result.values, h, [low, high], [lowY, highY]) };
}

function cellsOf(h: Fit2DHistogram, [low, high]: [number, number], [lowY, highY]: [number, number], method: FitRequest['method']): Cells {
  const x: number[] = [];
  const y: number[] = [];
  const n: number[] = [];
  const sigma: number[] = [];
  const cell: number[] = [];
  const nx = h.x.bins + 2;
  const pointAt = new Int32Array(nx * (h.y.bins + 2)).fill(-1);
  let weighted = false;
  for (let j = 1; j <= h.y.bins; j++) {
    const cy = h.y.low + ((j - 0.5) * (h.y.high - h.y.low)) / h.y.bins;
    if (cy < lowY || cy > highY) continue;
    for (let i = 1; i <= h.x.bins; i++) {
      const cx = h.x.low + ((i - 0.5) * (h.x.high - h.x.low)) / h.x.bins;
      if (cx < low || cx > high) continue;
      const w = h.sumw[j * nx + i];
      const w2 = h.sumw2[j * nx + i];
      const e = Math.sqrt(w2);
      if (method === 'chi2' && !(e > 0)) continue;
      if (method === 'likelihood' && (w < 0 || Math.abs(w2 - w) > 1e-9 * Math.max(1, w))) weighted = true;
      pointAt[j * nx + i] = x.length;
      cell.push(j * nx + i);
      x.push(cx);
      y.push(cy);
      n.push(w);
      sigma.push(method === 'chi2' ? e : Math.sqrt(Math.max(w, 1)));
    }
  }
  if (weighted) throw new FitError(msg('The likelihood fit needs plain counts, and this histogram has weights (or is a profile): fit it with least squares (χ²).'));
  return { x, y, points: { x: Float64Array.from(x, (_, i) => i), y: Float64Array.from(n), sigma: Float64Array.from(sigma) }, pointAt, cell };
}

/**
 * Starting values: each background fitted in turn to the border cells (all cells without a peak),
 * then each peak from the highest cell of what is left, smoothed over its neighbours.
 */
export function startValues2D(model: FitModel2D, cells: Cells, h: Fit2DHistogram): number[] {
  // A formula's parameters start at 1, as a 1-D formula's; the Parameters table sets better ones.
  const p = new Array<number>(model.names.length).fill(model.formula ? 1 : 0);
  const { x, y } = cells;
  const count = x.length;
  const residual = [...cells.points.y];
  const [[x0, x1], [y0, y1]] = [extent(x), extent(y)];
  const hasPeak = model.terms.some((t) => t.kind.peak);
  const border = x.map((_, i) => !hasPeak || x[i] <= x0 + (x1 - x0) / 5 || x[i] >= x1 - (x1 - x0) / 5 || y[i] <= y0 + (y1 - y0) / 5 || y[i] >= y1 - (y1 - y0) / 5);
  const subtract = (t: FitModel2D['terms'][number]): void => {
    for (let i = 0; i < count; i++) residual[i] -= t.kind.evaluate(x[i], y[i], p, t.first);
  };
  for (const t of model.terms.filter((term) => !term.kind.peak)) {
    const used = x.map((_, i) => i).filter((i) => border[i]);
    if (t.kind.name === 'pol0') {
      p[t.first] = used.length ? used.reduce((a, i) => a + residual[i], 0) / used.length : 0;
    } else {
      // xyexpo: log of what is left, a plane weighted by the counts.
      const plane = planeFit(used.filter((i) => residual[i] > 0).map((i) => [x[i], y[i], Math.log(residual[i]), residual[i]]));
      if (plane) plane.forEach((v, k) => (p[t.first + k] = v));
    }
    subtract(t);
  }
  const [dx, dy] = [(h.x.high - h.x.low) / h.x.bins, (h.y.high - h.y.low) / h.y.bins];
  const peaks = model.terms.filter((t) => t.kind.peak);
  for (const t of peaks) {
    let top = 0;
    const smooth = count >= 100 ? smoothed(residual, cells, h.x.bins + 2) : residual;
    for (let i = 1; i < count; i++) if (smooth[i] > smooth[top]) top = i;
    const height = smooth[top] > 0 ? smooth[top] : Math.max(1, extent(cells.points.y)[1]);
    // A peak alone: the moments of all that is left, as ROOT starts gaus; else of the cells above half its height.
    const alone = peaks.length === 1 && model.terms.length === 1;
    const used = x.map((_, i) => i).filter((i) => residual[i] > 0 && (alone || smooth[i] > height / 2));
    const m = moments(used.map((i) => [x[i], y[i], residual[i]]));
    const spread = alone ? 1 : HALF_HEIGHT_SPREAD;
    const sx = m ? Math.max(Math.sqrt(m.vx) / spread, dx / 2) : dx;
    const sy = m ? Math.max(Math.sqrt(m.vy) / spread, dy / 2) : dy;
    const rho = m && m.vx > 0 && m.vy > 0 ? Math.max(-0.9, Math.min(0.9, m.cxy / Math.sqrt(m.vx * m.vy))) : 0;
    const a = t.first;
    [p[a + 1], p[a + 2], p[a + 3], p[a + 4]] = [alone && m ? m.mx : x[top], sx, alone && m ? m.my : y[top], sy];
    if (t.kind.name === 'bigaus') {
      p[a] = height * 2 * Math.PI * sx * sy * Math.sqrt(1 - rho * rho);
      p[a + 5] = rho;
    } else {
      p[a] = height;
    }
    subtract(t);
  }
  return p;
}

/** Each point's mean with its neighbours' among the points (a single high cell of a noisy peak is not its top). */
function smoothed(values: readonly number[], cells: Cells, nx: number): number[] {
  return values.map((_, i) => {
    let sum = 0;
    let n = 0;
    for (const step of [-nx - 1, -nx, -nx + 1, -1, 0, 1, nx - 1, nx, nx + 1]) {
      const k = cells.pointAt[cells.cell[i] + step] ?? -1;
      if (k < 0) continue;
      sum += values[k];
      n++;
    }
    return sum / n;
  });
}

/** The least and largest of many numbers (Math.min of a spread array overflows the stack past some 100 000). */
function extent(values: ArrayLike<number>): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return [lo, hi];
}

/** Weighted means, variances and covariance of [x, y, weight] points; undefined without weight. */
function moments(points: readonly (readonly [number, number, number])[]): { mx: number; my: number; vx: number; vy: number; cxy: number } | undefined {
  const sw = points.reduce((a, [, , w]) => a + w, 0);
  if (!(sw > 0)) return undefined;
  const mx = points.reduce((a, [x, , w]) => a + w * x, 0) / sw;
  const my = points.reduce((a, [, y, w]) => a + w * y, 0) / sw;
  const vx = points.reduce((a, [x, , w]) => a + w * (x - mx) ** 2, 0) / sw;
  const vy = points.reduce((a, [, y, w]) => a + w * (y - my) ** 2, 0) / sw;
  const cxy = points.reduce((a, [x, y, w]) => a + w * (x - mx) * (y - my), 0) / sw;
  return { mx, my, vx, vy, cxy };
}

/** Weighted least squares of z = a + b·x + c·y over [x, y, z, weight] points; undefined with too few. */
function planeFit(points: readonly (readonly [number, number, number, number])[]): number[] | undefined {
  if (points.length < 3) return undefined;
  const a = [0, 1, 2].map(() => [0, 0, 0]);
  const b = [0, 0, 0];
  for (const [x, y, z, w] of points) {
    const row = [1, x, y];
    for (let j = 0; j < 3; j++) {
      b[j] += w * row[j] * z;
      for (let k = 0; k < 3; k++) a[j][k] += w * row[j] * row[k];
    }
  }
  return solveDamped(a, b, 0);
}

/** A σ enters xygaus squared: shown positive; bigaus with σ < 0 is the same with Constant's and Rho's signs turned. */
function tidySigns2D(model: FitModel2D, values: readonly number[], c: Constraints): number[] {
  const p = [...values];
  const free = (j: number): boolean => !c.fixed[j] && c.low[j] === -Infinity && c.high[j] === Infinity;
  for (const t of model.terms) {
    const a = t.first;
    if (t.kind.name === 'xygaus') {
      if (free(a + 2)) p[a + 2] = Math.abs(p[a + 2]);
      if (free(a + 4)) p[a + 4] = Math.abs(p[a + 4]);
    }
    if (t.kind.name === 'bigaus' && [0, 2, 4, 5].every((k) => free(a + k))) {
      for (const s of [a + 2, a + 4]) {
        if (p[s] >= 0) continue;
        p[s] = -p[s];
        p[a] = -p[a];
        p[a + 5] = -p[a + 5];
      }
    }
  }
  return p;
}

/** The function on a grid over the fit range within the histogram's, finer than the cells, for the page's contours and the SVG's. */
function surfaceOf(model: FitModel2D, p: readonly number[], h: Fit2DHistogram, [low, high]: [number, number], [lowY, highY]: [number, number]): NonNullable<FitResult['surface']> {
  // Over the part of the fit range the histogram has: a range typed far wider (even ±1e308) would leave a point or two on it.
  const along = (low_: number, high_: number, axis: AxisPayload): number[] => {
    const [from, to] = [Math.max(low_, axis.low), Math.min(high_, axis.high)];
    const cellsIn = Math.max(2, Math.round(((to - from) / (axis.high - axis.low)) * axis.bins));
    const n = Math.min(SURFACE_POINTS, Math.max(40, 4 * cellsIn));
    return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
  };
  const x = along(low, high, h.x);
  const y = along(lowY, highY, h.y);
  const z: number[] = [];
  for (const v of y) for (const u of x) z.push(model.evaluate(u, v, p));
  return { x, y, z };
}
