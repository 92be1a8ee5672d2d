// The functions a histogram is fitted with, by ROOT's names: `gaus`, `expo`, `pol0`…`pol9`,
// `breitwigner`, `crystalball`, and sums of them (`gaus + pol1`, or ROOT's `gaus(0)+pol1(3)`), the
// usual peak over a background. Each term is as ROOT defines it (gaus is not normalised: Constant is
// its height), its parameters named as ROOT names them, and written in Python for Copy as Python.
import { LocalizedError, type Message, msg } from '../../text/message';

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

export interface FitModel {
  /** The model as written back, normalised: `gaus + pol1`. */
  readonly text: string;
  readonly terms: readonly Term[];
  readonly names: readonly string[];
  evaluate(x: number, p: readonly number[]): number;
  /** The value, and every parameter's derivative in out. */
  gradient(x: number, p: number[], out: Float64Array): number;
  /** The whole model in Python, a function of x and the parameters by name. */
  python(): string;
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

const KINDS: ReadonlyMap<string, TermKind> = new Map([gaus, expo, breitwigner, crystalball, ...Array.from({ length: 10 }, (_, d) => polynomial(d))].map((k) => [k.name, k]));

const MAX_TERMS = 4;

/** Parses `gaus + pol1` (or ROOT's `gaus(0)+pol1(3)`, whose numbers must be where the parameters start). */
export function parseFitModel(text: string): FitModel {
  const terms: Term[] = [];
  const pattern = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*(\d+)\s*\))?\s*(\+|$)/y;
  let at = 0;
  let count = 0;
  if (text.trim() === '') throw new FitModelError(msg('Write a function to fit: gaus, expo, pol1… or a sum such as gaus + pol1.'), 0, Math.max(1, text.length));
  while (at < text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) {
      const start = at + (text.slice(at).length - text.slice(at).trimStart().length);
      throw new FitModelError(msg('Expected a function name (gaus, expo, pol0 … pol9, breitwigner, crystalball), joined by +.'), start, Math.min(text.length, start + 1));
    }
    const nameStart = text.indexOf(m[1], at);
    const kind = KINDS.get(m[1].toLowerCase());
    if (!kind) throw new FitModelError(msg('Unknown function "{0}": use gaus, expo, pol0 … pol9, breitwigner or crystalball.', m[1]), nameStart, nameStart + m[1].length);
    if (m[2] !== undefined && Number(m[2]) !== count) {
      const numberStart = text.indexOf(m[2], nameStart + m[1].length);
      throw new FitModelError(msg('{0}\'s parameters start at {1}, not {2}: number them in order, or leave the numbers out.', kind.name, count, m[2]), numberStart, numberStart + m[2].length);
    }
    const size = kind.names(0).length;
    terms.push({ kind, first: count, count: size });
    count += size;
    if (terms.length > MAX_TERMS) throw new FitModelError(msg('At most {0} functions in one sum.', MAX_TERMS), nameStart, nameStart + m[1].length);
    at = pattern.lastIndex;
    if (m[3] === '+' && at >= text.length) {
      const plus = text.trimEnd().length - 1;
      throw new FitModelError(msg('Expected a function after +.'), plus, plus + 1);
    }
  }
  return modelOf(terms);
}

function modelOf(terms: readonly Term[]): FitModel {
  const raw = terms.flatMap((t) => t.kind.names(t.first));
  // A name used twice (gaus + gaus) is numbered by its term, 1 first: Mean_1, Mean_2.
  const names = raw.map((n, i) => {
    if (raw.filter((m) => m === n).length === 1) return n;
    const term = terms.findIndex((t) => i >= t.first && i < t.first + t.count);
    return `${n}_${terms.filter((t, j) => j <= term && t.kind.names(t.first).includes(n)).length}`;
  });
  const text = terms.map((t) => t.kind.name).join(' + ');
  return {
    text,
    terms,
    names,
    evaluate: (x, p) => {
      let v = 0;
      for (const t of terms) v += t.kind.evaluate(x, p, t.first);
      return v;
    },
    gradient: (x, p, out) => {
      let v = 0;
      for (const t of terms) v += t.kind.gradient(x, p, t.first, out);
      return v;
    },
    python: () => terms.map((t) => `(${t.kind.python(names.slice(t.first, t.first + t.count))})`).join(' + '),
  };
}

/** Whether the model's Python needs the crystal_ball helper. */
export function usesCrystalBall(model: FitModel): boolean {
  return model.terms.some((t) => t.kind === crystalball);
}
