// A 2-D histogram's fit function, as ROOT's TF2 takes one: a sum of ROOT's 2-D functions by their
// names (`xygaus`, `bigaus`, `xyexpo`, and `pol0` for a flat background: `xygaus + pol0`), or a
// formula in x and y (`[0]*exp(-0.5*((x-[1])/[2])^2 - 0.5*((y-[3])/[4])^2) + [5]`, fitFormula.ts).
// Each function is as ROOT defines it: xygaus's Constant is its height, bigaus's its integral (ROOT's
// bigaus is the normalised bivariate normal times Constant), xyexpo is exp(Constant + SlopeX·x +
// SlopeY·y). Derivatives are written out, as for the 1-D functions (fitFunctions.ts).
import { msg } from '../../text/message';
import { FitModelError, type PythonHelper, uniqueNames } from './fitFunctions';
import { isFormula, parseFormula } from './fitFormula';
import { parseFitModel } from './fitModels';

export interface Kind2D {
  readonly name: string;
  names(first: number): string[];
  evaluate(x: number, y: number, p: readonly number[], at: number): number;
  /** The value, and its derivatives by its parameters in out[at…]. */
  gradient(x: number, y: number, p: readonly number[], at: number, out: Float64Array): number;
  /** The term in NumPy, of x, y and its parameters' names. */
  python(names: readonly string[]): string;
  /** A peak, started from the data's highest cell; otherwise a background, started from the border cells. */
  readonly peak: boolean;
}

export interface Term2D {
  readonly kind: Kind2D;
  readonly first: number;
}

export interface FitModel2D {
  /** As written back: a sum normalised (`xygaus + pol0`), a formula as typed. */
  readonly text: string;
  readonly terms: readonly Term2D[];
  readonly formula: boolean;
  readonly names: readonly string[];
  evaluate(x: number, y: number, p: readonly number[]): number;
  gradient(x: number, y: number, p: number[], out: Float64Array): number;
  /** The whole model in NumPy, of x, y and the parameters by name. */
  python(): string;
  /** The functions its Python calls that the script defines first (a formula's erf). */
  readonly helpers: readonly PythonHelper[];
}

const xygaus: Kind2D = {
  name: 'xygaus',
  names: () => ['Constant', 'MeanX', 'SigmaX', 'MeanY', 'SigmaY'],
  evaluate: (x, y, p, a) => {
    const u = (x - p[a + 1]) / p[a + 2];
    const v = (y - p[a + 3]) / p[a + 4];
    return p[a] * Math.exp(-0.5 * (u * u + v * v));
  },
  gradient: (x, y, p, a, out) => {
    const [sx, sy] = [p[a + 2], p[a + 4]];
    const u = (x - p[a + 1]) / sx;
    const v = (y - p[a + 3]) / sy;
    const e = Math.exp(-0.5 * (u * u + v * v));
    const f = p[a] * e;
    out[a] = e;
    out[a + 1] = (f * u) / sx;
    out[a + 2] = (f * u * u) / sx;
    out[a + 3] = (f * v) / sy;
    out[a + 4] = (f * v * v) / sy;
    return f;
  },
  python: ([c, mx, sx, my, sy]) => `${c} * np.exp(-0.5 * (((x - ${mx}) / ${sx}) ** 2 + ((y - ${my}) / ${sy}) ** 2))`,
  peak: true,
};

/** ROOT's bigaus: Constant × the bivariate normal density (ROOT::Math::bigaussian_pdf), with correlation Rho. */
const bigaus: Kind2D = {
  name: 'bigaus',
  names: () => ['Constant', 'MeanX', 'SigmaX', 'MeanY', 'SigmaY', 'Rho'],
  evaluate: (x, y, p, a) => {
    const [sx, sy, r] = [p[a + 2], p[a + 4], p[a + 5]];
    const u = (x - p[a + 1]) / sx;
    const v = (y - p[a + 3]) / sy;
    const k = 1 - r * r;
    return (p[a] / (2 * Math.PI * sx * sy * Math.sqrt(k))) * Math.exp((-0.5 * (u * u + v * v - 2 * r * u * v)) / k);
  },
  gradient: (x, y, p, a, out) => {
    const [sx, sy, r] = [p[a + 2], p[a + 4], p[a + 5]];
    const u = (x - p[a + 1]) / sx;
    const v = (y - p[a + 3]) / sy;
    const k = 1 - r * r;
    const q = u * u + v * v - 2 * r * u * v;
    const g = Math.exp((-0.5 * q) / k) / (2 * Math.PI * sx * sy * Math.sqrt(k));
    const f = p[a] * g;
    // ∂(−q/2k)/∂u = −(u − r v)/k, and u = (x − mx)/sx: ∂u/∂mx = −1/sx, ∂u/∂sx = −u/sx.
    const du = (u - r * v) / k;
    const dv = (v - r * u) / k;
    out[a] = g;
    out[a + 1] = (f * du) / sx;
    out[a + 2] = (f * (du * u - 1)) / sx;
    out[a + 3] = (f * dv) / sy;
    out[a + 4] = (f * (dv * v - 1)) / sy;
    // ∂/∂r of −q/(2k) − ½ log k: (u v)/k − r q/k² + r/k.
    out[a + 5] = f * ((u * v) / k - (r * q) / (k * k) + r / k);
    return f;
  },
  python: ([c, mx, sx, my, sy, r]) =>
    `${c} / (2 * np.pi * ${sx} * ${sy} * np.sqrt(1 - ${r} ** 2)) * np.exp(-0.5 / (1 - ${r} ** 2) * (((x - ${mx}) / ${sx}) ** 2 + ((y - ${my}) / ${sy}) ** 2 - 2 * ${r} * (x - ${mx}) / ${sx} * (y - ${my}) / ${sy}))`,
  peak: true,
};

const xyexpo: Kind2D = {
  name: 'xyexpo',
  names: () => ['Constant', 'SlopeX', 'SlopeY'],
  evaluate: (x, y, p, a) => Math.exp(p[a] + p[a + 1] * x + p[a + 2] * y),
  gradient: (x, y, p, a, out) => {
    const f = Math.exp(p[a] + p[a + 1] * x + p[a + 2] * y);
    out[a] = f;
    out[a + 1] = x * f;
    out[a + 2] = y * f;
    return f;
  },
  python: ([c, sx, sy]) => `np.exp(${c} + ${sx} * x + ${sy} * y)`,
  peak: false,
};

/** A flat background, named as ROOT's pol0 numbers its parameter across a sum. */
const pol0: Kind2D = {
  name: 'pol0',
  names: (first) => [`p${first}`],
  evaluate: (_x, _y, p, a) => p[a],
  gradient: (_x, _y, p, a, out) => {
    out[a] = 1;
    return p[a];
  },
  python: ([c]) => `${c} + 0 * x`,
  peak: false,
};

export const KINDS_2D: ReadonlyMap<string, Kind2D> = new Map([xygaus, bigaus, xyexpo, pol0].map((k) => [k.name, k]));

const MAX_TERMS = 4;

/**
 * The one kind of histogram a model fits, when only one: 2 for `xygaus` or a formula in y, 1 for
 * `gaus + pol1`; undefined when it fits either (`[0] + [1]*x`, `pol0`) or neither (a mistake, said by the fit).
 */
export function onlyFits(text: string): 1 | 2 | undefined {
  const parses = (parse: (t: string) => unknown): boolean => {
    try {
      parse(text);
      return true;
    } catch {
      return false;
    }
  };
  const [one, two] = [parses(parseFitModel), parses(parseFitModel2D)];
  return one && !two ? 1 : two && !one ? 2 : undefined;
}

export function parseFitModel2D(text: string): FitModel2D {
  if (text.trim() === '') throw new FitModelError(msg('Write a function to fit the 2-D histogram: xygaus, bigaus, xyexpo, a sum such as xygaus + pol0, or a formula in x and y.'), 0, Math.max(1, text.length));
  if (isFormula(text) || /\by\b/.test(text)) return formulaOf(text);
  const terms: Term2D[] = [];
  const pattern = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\+|$)/y;
  let at = 0;
  let count = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) {
      const start = at + (text.slice(at).length - text.slice(at).trimStart().length);
      throw new FitModelError(msg('Expected a 2-D function name (xygaus, bigaus, xyexpo, pol0), joined by +.'), start, Math.min(text.length, start + 1));
    }
    const nameStart = text.indexOf(m[1], at);
    const kind = KINDS_2D.get(m[1].toLowerCase());
    if (!kind) throw new FitModelError(msg('Unknown 2-D function "{0}": use xygaus, bigaus, xyexpo or pol0, or write a formula in x and y such as [0]*exp(-x/[1]-y/[2]).', m[1]), nameStart, nameStart + m[1].length);
    terms.push({ kind, first: count });
    count += kind.names(0).length;
    if (terms.length > MAX_TERMS) throw new FitModelError(msg('At most {0} functions in one sum.', MAX_TERMS), nameStart, nameStart + m[1].length);
    at = pattern.lastIndex;
    if (m[2] === '+' && at >= text.length) {
      const plus = text.trimEnd().length - 1;
      throw new FitModelError(msg('Expected a function after +.'), plus, plus + 1);
    }
  }
  const names = uniqueNames(terms.flatMap((t) => t.kind.names(t.first)));
  return {
    text: terms.map((t) => t.kind.name).join(' + '),
    terms,
    formula: false,
    names,
    evaluate: (x, y, p) => terms.reduce((v, t) => v + t.kind.evaluate(x, y, p, t.first), 0),
    gradient: (x, y, p, out) => terms.reduce((v, t) => v + t.kind.gradient(x, y, p, t.first, out), 0),
    python: () => terms.map((t) => `(${t.kind.python(names.slice(t.first, t.first + t.kind.names(0).length))})`).join(' + '),
    helpers: [],
  };
}

/** A formula in x and y: fitFormula.ts parses it, y read from a slot set before each evaluation. */
function formulaOf(text: string): FitModel2D {
  const slot = { value: 0 };
  const f = parseFormula(text, slot);
  return {
    text: f.text,
    terms: [],
    formula: true,
    names: f.names,
    evaluate: (x, y, p) => {
      slot.value = y;
      return f.evaluate(x, p);
    },
    gradient: (x, y, p, out) => {
      slot.value = y;
      return f.gradient(x, p, out);
    },
    python: f.python,
    helpers: f.helpers,
  };
}
