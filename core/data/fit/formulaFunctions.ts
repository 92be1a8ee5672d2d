// The functions a fit formula may call, by NumPy's names and ROOT's TMath:: spellings: each with its
// value, its derivative by each argument (for the fit's Jacobian) and its Python.
import { upperGammaQ } from './chiSquareProbability';
import type { PythonHelper } from './fitFunctions';
import { landauWithSlope } from './landau';

export interface Fn {
  readonly arity: number;
  value(a: readonly number[]): number;
  /** The value's derivative by each argument. */
  partials(a: readonly number[], v: number): number[];
  python(a: readonly string[]): string;
  readonly helper?: PythonHelper;
}

const unary = (f: (a: number) => number, d: (a: number, v: number) => number, py: string): Fn => ({
  arity: 1,
  value: (a) => f(a[0]),
  partials: (a, v) => [d(a[0], v)],
  python: ([a]) => `${py}(${a})`,
});

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
// erf and erfc from the regularised incomplete gamma function: erfc(a) = Q(½, a²) for a ≥ 0, whole in its tail.
const erf = (a: number): number => (a >= 0 ? 1 - upperGammaQ(0.5, a * a) : upperGammaQ(0.5, a * a) - 1);
const erfc = (a: number): number => (a >= 0 ? upperGammaQ(0.5, a * a) : 2 - upperGammaQ(0.5, a * a));

const FUNCTIONS: ReadonlyMap<string, Fn> = new Map<string, Fn>([
  ['exp', unary(Math.exp, (_, v) => v, 'np.exp')],
  ['log', unary(Math.log, (a) => 1 / a, 'np.log')],
  ['log10', unary(Math.log10, (a) => 1 / (a * Math.LN10), 'np.log10')],
  ['sqrt', unary(Math.sqrt, (_, v) => 0.5 / v, 'np.sqrt')],
  ['abs', unary(Math.abs, (a) => Math.sign(a), 'np.abs')],
  ['sin', unary(Math.sin, (a) => Math.cos(a), 'np.sin')],
  ['cos', unary(Math.cos, (a) => -Math.sin(a), 'np.cos')],
  ['tan', unary(Math.tan, (_, v) => 1 + v * v, 'np.tan')],
  ['asin', unary(Math.asin, (a) => 1 / Math.sqrt(1 - a * a), 'np.arcsin')],
  ['acos', unary(Math.acos, (a) => -1 / Math.sqrt(1 - a * a), 'np.arccos')],
  ['atan', unary(Math.atan, (a) => 1 / (1 + a * a), 'np.arctan')],
  ['sinh', unary(Math.sinh, (a) => Math.cosh(a), 'np.sinh')],
  ['cosh', unary(Math.cosh, (a) => Math.sinh(a), 'np.cosh')],
  ['tanh', unary(Math.tanh, (_, v) => 1 - v * v, 'np.tanh')],
  ['erf', { ...unary(erf, (a) => TWO_OVER_SQRT_PI * Math.exp(-a * a), 'erf'), helper: 'erf' }],
  ['erfc', { ...unary(erfc, (a) => -TWO_OVER_SQRT_PI * Math.exp(-a * a), 'erfc'), helper: 'erf' }],
  ['sq', { ...unary((a) => a * a, (a) => 2 * a, ''), python: ([a]) => `(${a}) ** 2` }],
  ['pow', { arity: 2, value: ([a, b]) => a ** b, partials: ([a, b], v) => [b * a ** (b - 1), v === 0 ? 0 : v * Math.log(a)], python: ([a, b]) => `np.power(${a}, ${b})` }],
  ['atan2', { arity: 2, value: ([a, b]) => Math.atan2(a, b), partials: ([a, b]) => [b / (a * a + b * b), -a / (a * a + b * b)], python: ([a, b]) => `np.arctan2(${a}, ${b})` }],
  ['min', { arity: 2, value: ([a, b]) => Math.min(a, b), partials: ([a, b]) => (a <= b ? [1, 0] : [0, 1]), python: ([a, b]) => `np.minimum(${a}, ${b})` }],
  ['max', { arity: 2, value: ([a, b]) => Math.max(a, b), partials: ([a, b]) => (a >= b ? [1, 0] : [0, 1]), python: ([a, b]) => `np.maximum(${a}, ${b})` }],
  // ROOT's TMath::Gaus(x, mean, sigma) (not normalised) and TMath::Landau(x, mpv, sigma) (0 for sigma ≤ 0).
  [
    'gaus',
    {
      arity: 3,
      value: ([x, m, s]) => Math.exp(-0.5 * ((x - m) / s) ** 2),
      partials: ([x, m, s], v) => {
        const t = (x - m) / s;
        return [(-v * t) / s, (v * t) / s, (v * t * t) / s];
      },
      python: ([x, m, s]) => `np.exp(-0.5 * ((${x} - ${m}) / ${s}) ** 2)`,
    },
  ],
  [
    'landau',
    {
      arity: 3,
      value: ([x, m, s]) => (s > 0 ? landauWithSlope((x - m) / s)[0] : 0),
      partials: ([x, m, s]) => {
        if (!(s > 0)) return [0, 0, 0];
        const t = (x - m) / s;
        const slope = landauWithSlope(t)[1];
        return [slope / s, -slope / s, (-slope * t) / s];
      },
      python: ([x, m, s]) => `landau((${x} - ${m}) / ${s})`,
      helper: 'landau',
    },
  ],
]);

/** ROOT's spellings, TMath::Exp…, by the name they take here (lower case); Pi() is π. */
export function functionOf(name: string): Fn | 'pi' | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith('tmath::')) {
    const root = lower.slice(7);
    if (root === 'pi') return 'pi';
    return FUNCTIONS.get(root === 'power' ? 'pow' : root);
  }
  if (lower === 'fabs') return FUNCTIONS.get('abs');
  // Bare gaus and landau are ROOT's fit functions (with parameters), not the densities.
  return lower === 'gaus' || lower === 'landau' ? undefined : FUNCTIONS.get(lower);
}
