// The data explorer's fit, as its messages carry it: the functions offered, what the page asks for
// (a model, a method, a range, parameters set by hand) and the result drawn over the histogram.
import type { FieldSpec } from './webviewProtocol';

/** Least squares (Neyman's χ², ROOT's default) or the Poisson likelihood (ROOT's option L). */
export type FitMethod = 'chi2' | 'likelihood';

/** The functions the fit field offers (core/data/fit/fitModels.ts parses them), in the order a physicist reaches for them; formulas last. */
export const FIT_MODEL_EXAMPLES = [
  'gaus',
  'gaus + pol1',
  'gaus + expo',
  'expo',
  'pol1',
  'pol2',
  'breitwigner',
  'breitwigner + pol1',
  'crystalball',
  'crystalball + expo',
  'landau',
  'landau + pol0',
  'gaus + gaus',
  '[0]*exp(-x/[1]) + [2]',
  '[0]*exp(-0.5*((x-[1])/[2])^2) + [3]',
];

/** The functions offered for a 2-D histogram (fit2dModels.ts parses them), as ROOT's TF2 names them; a formula in x and y last. */
export const FIT_MODEL_EXAMPLES_2D = ['xygaus', 'xygaus + pol0', 'bigaus', 'bigaus + pol0', 'xyexpo', '[0]*exp(-0.5*((x-[1])/[2])^2 - 0.5*((y-[3])/[4])^2) + [5]'];

/** A parameter as the user set it: a start value, fixed there, limits (each optional). */
export interface FitParameter {
  readonly name: string;
  readonly value?: number;
  readonly fixed?: boolean;
  readonly low?: number;
  readonly high?: number;
}

/**
 * What to fit the histogram drawn with: a model such as `gaus + pol1` (of a 2-D one, `xygaus + pol0`),
 * over a range (the histogram's when left out; low and high are X's).
 */
export interface FitRequest {
  readonly model: string;
  readonly method: FitMethod;
  readonly low?: number;
  readonly high?: number;
  /** A 2-D histogram's Y range. */
  readonly lowY?: number;
  readonly highY?: number;
  readonly parameters?: readonly FitParameter[];
  /** MINOS errors too (ROOT's option E): asymmetric, from the χ² minimised over the other parameters. */
  readonly minos?: boolean;
  /** The function's mean over each bin rather than its value at the centre (ROOT's option I). */
  readonly integral?: boolean;
  /** The 68 % confidence contour of two parameters, by name (MINUIT's MNCONTOUR). */
  readonly contour?: { readonly x: string; readonly y: string };
}

/** A fit's result, drawn over the histogram and added to its statistics box. */
export interface FitPayload {
  readonly model: string;
  readonly method: FitMethod;
  /** Fitted as the function's mean over each bin (option I). */
  readonly integral?: boolean;
  readonly low: number;
  readonly high: number;
  readonly names: readonly string[];
  readonly values: readonly number[];
  readonly errors: readonly number[];
  readonly chi2: number;
  readonly ndf: number;
  readonly probability: number;
  readonly converged: boolean;
  readonly points: number;
  /** Parameters that had no effect on any bin (a tail beyond the range): held, without an error. */
  readonly held: readonly string[];
  /** Fixed by the user, and stopped at a limit the user set. */
  readonly fixed: readonly string[];
  readonly atLimit: readonly string[];
  /**
   * A likelihood's parameters that hold its function at 0 in empty bins (a background whose best level
   * is none): the likelihood ends on one side of them, so HESSE's error says nothing; MINOS's interval
   * on the other side does.
   */
  readonly atEdge?: readonly string[];
  /** A 1-D fit's function over the fit range, to draw. */
  readonly curve?: { readonly x: readonly number[]; readonly y: readonly number[] };
  /** A 2-D fit's Y range (low and high are X's). */
  readonly lowY?: number;
  readonly highY?: number;
  /**
   * A 2-D fit's function over its range, to draw its contours: `z` at the `x` × `y` grid's points,
   * x fastest (a cell's value at its centre).
   */
  readonly surface?: { readonly x: readonly number[]; readonly y: readonly number[]; readonly z: readonly number[] };
  /** MINOS errors, when asked for: lower (negative) and upper, NaN where there is no crossing. */
  readonly minos?: { readonly lower: readonly number[]; readonly upper: readonly number[] };
  /**
   * MINOS found a lower minimum than the fit's first (its χ² here), and the fit was redone from it;
   * without `minos`, MINOS could not finish from there (no covariance, or lower minima again and again).
   */
  readonly minosRefit?: { readonly chi2: number };
  /** MINOS came upon a χ² below the minimum, but no lower minimum could be fitted from there: no MINOS errors. */
  readonly minosUnconfirmed?: boolean;
  /** Parameters whose crossing MINOS's time (10 s) did not reach: HESSE's error shown, not for want of a crossing. */
  readonly minosUnreached?: readonly string[];
  /**
   * The contour asked for: the points, one every 15° around the minimum, where the χ² minimised over
   * the other parameters is 2.28 above its minimum (68 % for the two together); `missing` rays found none.
   */
  readonly contour?: { readonly x: string; readonly y: string; readonly points: { readonly x: readonly number[]; readonly y: readonly number[] }; readonly missing: number };
}

/** The parameters a fit request sets: at most 40 (four pol9), each only its known fields. */
export const FIT_PARAMETERS: FieldSpec<readonly FitParameter[]> = {
  problem: (v) => {
    if (!Array.isArray(v)) return 'not a list';
    if (v.length > 40) return 'too many parameters';
    const numberOrAbsent = (n: unknown): boolean => n === undefined || (typeof n === 'number' && Number.isFinite(n));
    const ok = v.every((p: unknown) => {
      if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
      const q = p as Record<string, unknown>;
      return Object.keys(q).every((k) => ['name', 'value', 'fixed', 'low', 'high'].includes(k)) && typeof q.name === 'string' && q.name.length > 0 && q.name.length <= 100 && numberOrAbsent(q.value) && numberOrAbsent(q.low) && numberOrAbsent(q.high) && (q.fixed === undefined || typeof q.fixed === 'boolean');
    });
    return ok ? undefined : 'not parameters (name, value, fixed, low, high)';
  },
  // Only the known fields, copied: nothing else of the page's objects reaches the host.
  copy: (v: readonly FitParameter[]) => v.map((p) => ({ name: p.name, ...(p.value === undefined ? {} : { value: p.value }), ...(p.fixed === undefined ? {} : { fixed: p.fixed }), ...(p.low === undefined ? {} : { low: p.low }), ...(p.high === undefined ? {} : { high: p.high }) })),
};

/** The two parameters of a contour asked for: names as the parameters' (at most 100 characters), nothing else. */
export const FIT_CONTOUR: FieldSpec<{ readonly x: string; readonly y: string }> = {
  problem: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a pair of parameters';
    const q = v as Record<string, unknown>;
    const name = (n: unknown): boolean => typeof n === 'string' && n.length > 0 && n.length <= 100;
    return Object.keys(q).every((k) => k === 'x' || k === 'y') && name(q.x) && name(q.y) ? undefined : 'not a pair of parameters (x, y)';
  },
  copy: (v) => ({ x: v.x, y: v.y }),
};
