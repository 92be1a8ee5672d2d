// The functions a histogram is fitted with, by ROOT's names: `gaus`, `expo`, `pol0`…`pol9`,
// `breitwigner`, `crystalball`, `landau`. Each is as ROOT defines it (gaus is not normalised: Constant
// is its height), its parameters named as ROOT names them, its derivatives written out, and written in
// Python for Copy as Python. fitModels.ts sums them; fitFormula.ts uses them inside formulas.
import { LocalizedError, type Message } from '../../text/message';
import { landauWithSlope } from './landau';

export interface TermKind {
  readonly name: string;
  /** Parameter names; a polynomial's are p<k> numbered across the whole sum, as ROOT numbers them. */
  names(first: number): string[];
  evaluate(x: number, p: readonly number[], at: number): number;
  /**
   * The term's value, and its derivatives by its parameters written into out[at…], written out (a
   * fit asks for them at every bin on every step: differences would cost two values each).
   */
  gradient(x: number, p: number[], at: number, out: Float64Array): number;
  /** The term as a Python expression of x (NumPy) and its parameters' names. */
  python(names: readonly string[]): string;
  /** A peak: started from the data's peak; otherwise a background, started from the sidebands. */
  readonly peak: boolean;
}

/** A term of a model: its kind and where its parameters start in the whole list. */
export interface Term {
  readonly kind: TermKind;
  readonly first: number;
  readonly count: number;
}

/** A mistake in a fit model, with where it is (0-based offsets), as expression errors point. */
export class FitModelError extends LocalizedError {
  constructor(
    message: string | Message,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = 'FitModelError';
  }
}

const gaus: TermKind = {
  name: 'gaus',
  names: () => ['Constant', 'Mean', 'Sigma'],
  evaluate: (x, p, a) => {
    const t = (x - p[a + 1]) / p[a + 2];
    return p[a] * Math.exp(-0.5 * t * t);
  },
  gradient: (x, p, a, out) => {
    const s = p[a + 2];
    const d = x - p[a + 1];
    const e = Math.exp((-0.5 * d * d) / (s * s));
    const f = p[a] * e;
    out[a] = e;
    out[a + 1] = (f * d) / (s * s);
    out[a + 2] = (f * d * d) / (s * s * s);
    return f;
  },
  python: ([c, m, s]) => `${c} * np.exp(-0.5 * ((x - ${m}) / ${s}) ** 2)`,
  peak: true,
};

const expo: TermKind = {
  name: 'expo',
  names: () => ['Constant', 'Slope'],
  evaluate: (x, p, a) => Math.exp(p[a] + p[a + 1] * x),
  gradient: (x, p, a, out) => {
    const f = Math.exp(p[a] + p[a + 1] * x);
    out[a] = f;
    out[a + 1] = x * f;
    return f;
  },
  python: ([c, s]) => `np.exp(${c} + ${s} * x)`,
  peak: false,
};

/** ROOT's TMath::BreitWigner times a constant: Gamma is the full width at half maximum. */
const breitwigner: TermKind = {
  name: 'breitwigner',
  names: () => ['Constant', 'Mean', 'Gamma'],
  evaluate: (x, p, a) => {
    const d = x - p[a + 1];
    const g = p[a + 2];
    return (p[a] * g) / (2 * Math.PI) / (d * d + (g * g) / 4);
  },
  gradient: (x, p, a, out) => {
    const [c, d, g] = [p[a], x - p[a + 1], p[a + 2]];
    const q = d * d + (g * g) / 4;
    const shape = g / (2 * Math.PI) / q;
    out[a] = shape;
    out[a + 1] = (c * shape * 2 * d) / q;
    out[a + 2] = ((c / (2 * Math.PI)) * (d * d - (g * g) / 4)) / (q * q);
    return c * shape;
  },
  python: ([c, m, g]) => `${c} * ${g} / (2 * np.pi) / ((x - ${m}) ** 2 + ${g} ** 2 / 4)`,
  peak: true,
};

/**
 * The Crystal Ball function as ROOT's crystalball: a Gaussian core joined to a power-law tail on the
 * low side (Alpha > 0) or the high side (Alpha < 0) at |Alpha| standard deviations; N the tail's power.
 */
const crystalball: TermKind = {
  name: 'crystalball',
  names: () => ['Constant', 'Mean', 'Sigma', 'Alpha', 'N'],
  evaluate: (x, p, a) => {
    const [c, mean, sigma, alpha, n] = [p[a], p[a + 1], p[a + 2], p[a + 3], p[a + 4]];
    let t = (x - mean) / sigma;
    if (alpha < 0) t = -t;
    const abs = Math.abs(alpha);
    if (t >= -abs) return c * Math.exp(-0.5 * t * t);
    const A = Math.pow(n / abs, n) * Math.exp(-0.5 * abs * abs);
    const B = n / abs - abs;
    return c * A * Math.pow(B - t, -n);
  },
  gradient: (x, p, a, out) => {
    const [c, mean, sigma, alpha, n] = [p[a], p[a + 1], p[a + 2], p[a + 3], p[a + 4]];
    // t's sign follows Alpha's: d t / d Mean = −sign / Sigma, d t / d Sigma = −t / Sigma.
    const sign = alpha < 0 ? -1 : 1;
    const t = (sign * (x - mean)) / sigma;
    const abs = Math.abs(alpha);
    if (t >= -abs) {
      const e = Math.exp(-0.5 * t * t);
      const f = c * e;
      out[a] = e;
      out[a + 1] = (f * t * sign) / sigma;
      out[a + 2] = (f * t * t) / sigma;
      out[a + 3] = 0;
      out[a + 4] = 0;
      return f;
    }
    // The tail, by its logarithm: ln f = ln C + N ln(N/|α|) − α²/2 − N ln(B − t), B = N/|α| − |α|.
    const b = n / abs - abs;
    const shape = Math.pow(n / abs, n) * Math.exp(-0.5 * abs * abs) * Math.pow(b - t, -n);
    const f = c * shape;
    const dt = (f * n) / (b - t);
    out[a] = shape;
    out[a + 1] = (-dt * sign) / sigma;
    out[a + 2] = (-dt * t) / sigma;
    out[a + 3] = sign * f * (-n / abs - abs + (n * (n / (abs * abs) + 1)) / (b - t));
    out[a + 4] = f * (Math.log(n / abs) + 1 - Math.log(b - t) - n / abs / (b - t));
    return f;
  },
  python: ([c, m, s, al, n]) => `${c} * crystal_ball(x, ${m}, ${s}, ${al}, ${n})`,
  peak: true,
};

/**
 * ROOT's landau: Constant × TMath::Landau(x, MPV, Sigma), the Landau density of (x − MPV) / Sigma,
 * not normalised. As in ROOT, MPV is the location parameter: the maximum lies at MPV − 0.22278 Sigma.
 * 0 where Sigma ≤ 0, as TMath::Landau.
 */
const landau: TermKind = {
  name: 'landau',
  names: () => ['Constant', 'MPV', 'Sigma'],
  evaluate: (x, p, a) => (p[a + 2] > 0 ? p[a] * landauWithSlope((x - p[a + 1]) / p[a + 2])[0] : 0),
  gradient: (x, p, a, out) => {
    const [c, m, s] = [p[a], p[a + 1], p[a + 2]];
    if (!(s > 0)) {
      out[a] = out[a + 1] = out[a + 2] = 0;
      return 0;
    }
    const t = (x - m) / s;
    const [phi, slope] = landauWithSlope(t);
    out[a] = phi;
    out[a + 1] = (-c * slope) / s;
    out[a + 2] = (-c * slope * t) / s;
    return c * phi;
  },
  python: ([c, m, s]) => `${c} * landau((x - ${m}) / ${s})`,
  peak: true,
};

function polynomial(degree: number): TermKind {
  return {
    name: `pol${degree}`,
    names: (first) => Array.from({ length: degree + 1 }, (_, k) => `p${first + k}`),
    evaluate: (x, p, a) => {
      let v = 0;
      for (let k = degree; k >= 0; k--) v = v * x + p[a + k];
      return v;
    },
    gradient: (x, p, a, out) => {
      let power = 1;
      let v = 0;
      for (let k = 0; k <= degree; k++) {
        out[a + k] = power;
        v += p[a + k] * power;
        power *= x;
      }
      return v;
    },
    // pol0 as `p0 + 0 * x`: an array over the bins like every other term, not one number.
    python: (names) => (degree === 0 ? `${names[0]} + 0 * x` : names.map((n, k) => (k === 0 ? n : k === 1 ? `${n} * x` : `${n} * x ** ${k}`)).join(' + ')),
    peak: false,
  };
}

/** Functions a model's Python calls that NumPy does not have: the script defines them (fitPython.ts). */
export type PythonHelper = 'crystal_ball' | 'landau' | 'erf';

export function helpersOf(terms: readonly Term[]): PythonHelper[] {
  const names = new Set(terms.map((t) => t.kind.name));
  return [...(names.has('crystalball') ? ['crystal_ball' as const] : []), ...(names.has('landau') ? ['landau' as const] : [])];
}

/** The built-in functions by name. */
export const KINDS: ReadonlyMap<string, TermKind> = new Map([gaus, expo, breitwigner, crystalball, landau, ...Array.from({ length: 10 }, (_, d) => polynomial(d))].map((k) => [k.name, k]));

/**
 * A name used twice (gaus + gaus) is numbered in order, 1 first: Mean_1, Mean_2; a number that a
 * name written in a formula already has is skipped (`[Mean_1] + gaus(1) + gaus(4)`).
 */
export function uniqueNames(raw: readonly string[]): string[] {
  const names: string[] = [];
  const taken = new Set(raw.filter((n) => raw.indexOf(n) === raw.lastIndexOf(n)));
  const counts = new Map<string, number>();
  for (const n of raw) {
    if (raw.indexOf(n) === raw.lastIndexOf(n)) {
      names.push(n);
      continue;
    }
    let k = counts.get(n) ?? 0;
    do k++;
    while (taken.has(`${n}_${k}`));
    counts.set(n, k);
    taken.add(`${n}_${k}`);
    names.push(`${n}_${k}`);
  }
  return names;
}

/** A number as Python reads it back exactly, always a float (Python's integers divide and raise otherwise). */
export function pythonNumber(v: number): string {
  if (Number.isNaN(v)) return 'float("nan")';
  if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : '-float("inf")';
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? `${v}.0` : String(v);
}
