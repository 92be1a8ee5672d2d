// A fit function written as a formula, as ROOT's TF1 takes one: `[0]*exp(-x/[1]) + [2]`. Parameters
// are numbered [0], [1]… or named [slope] (a name takes the lowest number left free, in order of
// first use); x is the bin centre; + − * / and ^ or ** for powers; a comparison is 1 or 0
// (`(x > 3)*[0]`); functions by NumPy's or ROOT's names (exp, TMath::Exp…); and ROOT's functions
// inside, `gaus(3)` (from [3] on) or `gaus` (the lowest numbers the others leave free). Parsed by the explorer's
// expression parser — never eval — and evaluated with every parameter's derivative (forward mode) for
// the fit's Jacobian.
import { msg } from '../../text/message';
import { type Expr, ExpressionError, parseExpression } from '../expression/syntax';
import { upperGammaQ } from './chiSquareProbability';
import { FitModelError, helpersOf, KINDS, type PythonHelper, pythonNumber, type Term, type TermKind, uniqueNames } from './fitFunctions';
import type { FitModel } from './fitModels';
import { landauWithSlope } from './landau';

/** At most this many parameters (the page's table sends no more). */
export const MAX_PARAMETERS = 40;

/** Whether the text is a formula rather than a sum of ROOT's functions (gaus + pol1, gaus(0)+pol1(3)). */
export function isFormula(text: string): boolean {
  return /[[\]^*/<>=!&|-]|TMath::|\bx\b|\bpi\b|\d\s*\.|\(\s*[^\d\s)]/.test(text);
}

interface Fn {
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
function functionOf(name: string): Fn | 'pi' | undefined {
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

/**
 * Names a parameter cannot take: those the Python of Copy as Python uses inside its model and cost
 * functions (a parameter of the same name would hide them), Minuit's own keywords, Python's keywords.
 */
const RESERVED = new Set(
  'x np model cost centres inside n full landau crystal_ball erf erfc name grad fcn False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** Where a formula uses parameters: a number, a name, or a built-in function's block. */
type Use = { readonly start: number; readonly end: number } & ({ readonly number: number } | { readonly name: string } | { readonly kind: TermKind; readonly at?: number });

export function parseFormula(text: string): FitModel {
  let expr: Expr;
  try {
    expr = parseExpression(text, true);
  } catch (err) {
    if (err instanceof ExpressionError) throw new FitModelError(err.text ?? err.message, err.start, err.end);
    throw err;
  }
  const uses: Use[] = [];
  collect(expr, uses);
  uses.sort((a, b) => a.start - b.start);
  const index = numbered(uses);
  const count = Math.max(0, ...uses.map((u) => (index.get(u) as number) + width(u)));
  if (count === 0) throw new FitModelError(msg('The formula has no parameters to fit: write them [0], [1]… or [name].'), 0, text.length);
  if (count > MAX_PARAMETERS) throw new FitModelError(msg('The formula has {0} parameters; at most {1} can be fitted.', count, MAX_PARAMETERS), 0, text.length);
  // Each number's name: a built-in function's own (Constant, Mean…), else p<k> or the name written.
  const raw = new Array<string | undefined>(count);
  const terms: Term[] = [];
  const usesOf = new Array<number>(count).fill(0);
  for (const u of uses) {
    const i = index.get(u) as number;
    for (let k = i; k < i + width(u); k++) usesOf[k]++;
    if (!('kind' in u)) continue;
    u.kind.names(i).forEach((n, k) => (raw[i + k] ??= n));
    if (!terms.some((t) => t.first === i && t.kind === u.kind)) terms.push({ kind: u.kind, first: i, count: width(u) });
  }
  for (const u of uses) {
    const i = index.get(u) as number;
    if ('number' in u) raw[i] ??= `p${i}`;
    else if ('name' in u) raw[i] ??= u.name;
  }
  const gap = raw.findIndex((n) => n === undefined);
  if (gap >= 0) {
    const after = uses.find((u) => (index.get(u) as number) > gap) ?? uses[uses.length - 1];
    throw new FitModelError(msg('[{0}] is not used: number the parameters from [0] on, without gaps.', gap), after.start, after.end);
  }
  const names = uniqueNames(raw as string[]);
  const compiled = compile(expr, index, uses, count, names);
  const helpers = new Set<PythonHelper>([...helpersOf(terms), ...compiled.helpers]);
  return {
    // One line of printable characters: the text goes into comments of Copy as Python and Save CSV.
    text: Array.from(text, (ch) => (ch.charCodeAt(0) < 0x20 || (ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f) ? ' ' : ch))
      .join('')
      .replace(/\s+/g, ' ')
      .trim(),
    terms,
    formula: true,
    // Parameters used in more than one place: a term's sign cannot be tidied through them.
    shared: usesOf.flatMap((n, i) => (n > 1 ? [i] : [])),
    helpers: [...helpers],
    names,
    evaluate: compiled.value,
    gradient: (x, p, out) => compiled.grad(x, p, out),
    python: () => compiled.python,
  };
}

/** How many parameters a use takes: a built-in function its block, a parameter one. */
const width = (u: Use): number => ('kind' in u ? u.kind.names(0).length : 1);

/**
 * The parameters' numbers: [k] is k, gaus(k) takes k, k+1, k+2, as written; then each bare gaus the
 * lowest numbers left free for all its parameters, in the order written; then each name the lowest
 * number left free.
 */
function numbered(uses: readonly Use[]): Map<Use, number> {
  const index = new Map<Use, number>();
  const taken = new Set<number>();
  const take = (u: Use, first: number): void => {
    index.set(u, first);
    for (let k = first; k < first + width(u); k++) taken.add(k);
  };
  for (const u of uses) {
    if ('number' in u) take(u, u.number);
    else if ('kind' in u && u.at !== undefined) take(u, u.at);
  }
  // A bare gaus: the lowest numbers free for all of its parameters (gaus + [3]*x: 0 to 2; [0]*gaus + [1]: 2 to 4).
  for (const u of uses) {
    if (!('kind' in u) || u.at !== undefined) continue;
    let first = 0;
    while (Array.from({ length: width(u) }, (_, k) => first + k).some((k) => taken.has(k))) first++;
    take(u, first);
  }
  const named = new Map<string, number>();
  let free = 0;
  for (const u of uses) {
    if (!('name' in u)) continue;
    if (!named.has(u.name)) {
      while (taken.has(free)) free++;
      taken.add(free);
      named.set(u.name, free);
    }
    index.set(u, named.get(u.name) as number);
  }
  return index;
}

/** The formula's parameter uses, checking its names and calls on the way. */
function collect(e: Expr, uses: Use[]): void {
  switch (e.kind) {
    case 'number':
      return;
    case 'name': {
      if (e.name.startsWith('[') && e.name.endsWith(']')) {
        const inner = e.name.slice(1, -1);
        if (/^\d+$/.test(inner)) {
          const number = Number(inner);
          if (number >= MAX_PARAMETERS) throw new FitModelError(msg('[{0}]: at most {1} parameters can be fitted, [0] to [{2}].', number, MAX_PARAMETERS, MAX_PARAMETERS - 1), e.start, e.end);
          uses.push({ start: e.start, end: e.end, number });
        } else {
          if (!/^[A-Za-z_]\w*$/.test(inner)) throw new FitModelError(msg('"{0}" cannot name a parameter: use letters, digits and _, not starting with a digit.', inner), e.start, e.end);
          if (RESERVED.has(inner) || inner.startsWith('__')) throw new FitModelError(msg('"{0}" cannot name a parameter: x is the bin centre, and the Python that Copy as Python writes uses {0} itself. Choose another name.', inner), e.start, e.end);
          uses.push({ start: e.start, end: e.end, name: inner });
        }
        return;
      }
      const kind = KINDS.get(e.name.toLowerCase());
      if (kind) {
        uses.push({ start: e.start, end: e.end, kind });
        return;
      }
      if (e.name === 'x' || e.name.toLowerCase() === 'pi') return;
      throw new FitModelError(msg('Unknown name "{0}": a formula uses x, parameters [0], [1]… or [name], numbers, and functions such as exp, log, sqrt, gaus, pol1.', e.name), e.start, e.end);
    }
    case 'unary':
      collect(e.arg, uses);
      return;
    case 'binary':
      if (e.op === '%') throw new FitModelError(msg('% cannot be used in a fit formula.'), e.left.end, e.right.start);
      collect(e.left, uses);
      collect(e.right, uses);
      return;
    case 'call': {
      const kind = KINDS.get(e.name.toLowerCase());
      if (kind && !functionOf(e.name)) {
        const [arg] = e.args;
        if (e.args.length !== 1 || arg.kind !== 'number' || !Number.isInteger(arg.value)) {
          throw new FitModelError(msg('{0}(k) is {0} with its parameters from [k] on: write the number where they start, such as {0}(0).', kind.name), e.start, e.end);
        }
        uses.push({ start: e.start, end: e.end, kind, at: arg.value });
        return;
      }
      const fn = functionOf(e.name);
      if (fn === undefined) throw new FitModelError(msg('Unknown function "{0}": use exp, log, log10, sqrt, abs, pow, sin, cos, tan, atan, atan2, sinh, cosh, tanh, erf, erfc, min, max, or ROOT\'s TMath:: names.', e.name), e.start, e.start + e.name.length);
      const arity = fn === 'pi' ? 0 : fn.arity;
      if (e.args.length !== arity) throw new FitModelError(msg('{0} takes {1} arguments, not {2}.', e.name, arity, e.args.length), e.start, e.end);
      e.args.forEach((a) => collect(a, uses));
      return;
    }
  }
}

interface Compiled {
  value(x: number, p: readonly number[]): number;
  /** The value; d gets the derivative by every parameter. */
  grad(x: number, p: readonly number[], d: Float64Array): number;
  /** Whether any parameter changes it (else its derivatives are 0). */
  readonly varies: boolean;
  readonly python: string;
  readonly helpers: readonly PythonHelper[];
}

const constant = (v: number, python: string): Compiled => ({
  value: () => v,
  grad: (_x, _p, d) => {
    d.fill(0);
    return v;
  },
  varies: false,
  python,
  helpers: [],
});

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  and: (a, b) => a !== 0 && b !== 0,
  or: (a, b) => a !== 0 || b !== 0,
};

function compile(e: Expr, index: ReadonlyMap<Use, number>, uses: readonly Use[], m: number, names: readonly string[]): Compiled {
  const useAt = (start: number): number => index.get(uses.find((u) => u.start === start) as Use) as number;
  const sub = (a: Expr): Compiled => compile(a, index, uses, m, names);
  switch (e.kind) {
    case 'number':
      return constant(e.value, pythonNumber(e.value));
    case 'name': {
      if (e.name === 'x') {
        return {
          value: (x) => x,
          grad: (x, _p, d) => {
            d.fill(0);
            return x;
          },
          varies: false,
          python: 'x',
          helpers: [],
        };
      }
      if (e.name.toLowerCase() === 'pi') return constant(Math.PI, 'np.pi');
      const k = useAt(e.start);
      if (e.name.startsWith('[') && e.name.endsWith(']')) {
        return {
          value: (_x, p) => p[k],
          grad: (_x, p, d) => {
            d.fill(0);
            d[k] = 1;
            return p[k];
          },
          varies: true,
          python: names[k],
          helpers: [],
        };
      }
      return termNode(KINDS.get(e.name.toLowerCase()) as TermKind, k, names);
    }
    case 'unary': {
      const a = sub(e.arg);
      if (e.op === '+') return a;
      if (e.op === 'not') return { ...logical(a, a, (v) => v === 0), python: `np.where(${a.python} == 0, 1.0, 0.0)` };
      return {
        value: (x, p) => -a.value(x, p),
        grad: (x, p, d) => {
          const v = a.grad(x, p, d);
          for (let i = 0; i < m; i++) d[i] = -d[i];
          return -v;
        },
        varies: a.varies,
        python: `(-${a.python})`,
        helpers: a.helpers,
      };
    }
    case 'binary':
      return binary(e.op, sub(e.left), sub(e.right), m);
    case 'call': {
      const fn = functionOf(e.name);
      if (fn === undefined) return termNode(KINDS.get(e.name.toLowerCase()) as TermKind, useAt(e.start), names);
      if (fn === 'pi') return constant(Math.PI, 'np.pi');
      return call(fn, e.args.map(sub), m);
    }
  }
}

function termNode(kind: TermKind, first: number, names: readonly string[]): Compiled {
  const own = names.slice(first, first + kind.names(0).length);
  return {
    value: (x, p) => kind.evaluate(x, p, first),
    grad: (x, p, d) => {
      d.fill(0);
      return kind.gradient(x, p as number[], first, d);
    },
    varies: true,
    python: `(${kind.python(own)})`,
    helpers: helpersOf([{ kind, first, count: own.length }]),
  };
}

function logical(a: Compiled, b: Compiled, test: (u: number, v: number) => boolean): Omit<Compiled, 'python'> {
  return {
    value: (x, p) => (test(a.value(x, p), b.value(x, p)) ? 1 : 0),
    grad: (x, p, d) => {
      d.fill(0);
      return test(a.value(x, p), b.value(x, p)) ? 1 : 0;
    },
    varies: false,
    helpers: [...a.helpers, ...b.helpers],
  };
}

/** A product where a derivative of 0 stays 0 against an infinite factor (x^p at x = 0, sqrt at its threshold). */
const times = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : a * b);

function binary(op: string, a: Compiled, b: Compiled, m: number): Compiled {
  const compare = COMPARE[op];
  if (compare) {
    const py = op === 'and' ? `np.logical_and(${a.python} != 0, ${b.python} != 0)` : op === 'or' ? `np.logical_or(${a.python} != 0, ${b.python} != 0)` : `${a.python} ${op} ${b.python}`;
    return { ...logical(a, b, compare), python: `np.where(${py}, 1.0, 0.0)` };
  }
  const da = new Float64Array(m);
  const db = new Float64Array(m);
  const helpers = [...a.helpers, ...b.helpers];
  const varies = a.varies || b.varies;
  // / and ** through NumPy: Python's own floats raise on a division by 0 and go complex on a negative base.
  const python = op === '/' ? `np.divide(${a.python}, ${b.python})` : op === '**' ? `np.power(${a.python}, ${b.python})` : `(${a.python} ${op} ${b.python})`;
  switch (op) {
    case '+':
    case '-': {
      const sign = op === '+' ? 1 : -1;
      return {
        value: (x, p) => a.value(x, p) + sign * b.value(x, p),
        grad: (x, p, d) => {
          const u = a.grad(x, p, da);
          const v = b.grad(x, p, db);
          for (let i = 0; i < m; i++) d[i] = da[i] + sign * db[i];
          return u + sign * v;
        },
        varies,
        python,
        helpers,
      };
    }
    case '*':
      return {
        value: (x, p) => a.value(x, p) * b.value(x, p),
        grad: (x, p, d) => {
          const u = a.grad(x, p, da);
          const v = b.grad(x, p, db);
          for (let i = 0; i < m; i++) d[i] = times(da[i], v) + times(u, db[i]);
          return u * v;
        },
        varies,
        python,
        helpers,
      };
    case '/':
      return {
        value: (x, p) => a.value(x, p) / b.value(x, p),
        grad: (x, p, d) => {
          const u = a.grad(x, p, da);
          const v = b.grad(x, p, db);
          for (let i = 0; i < m; i++) d[i] = (times(da[i], v) - times(u, db[i])) / (v * v);
          return u / v;
        },
        varies,
        python,
        helpers,
      };
    default:
      // '**': through ln of the base only where the exponent depends on a parameter.
      return {
        value: (x, p) => a.value(x, p) ** b.value(x, p),
        grad: (x, p, d) => {
          const u = a.grad(x, p, da);
          const v = b.grad(x, p, db);
          const w = u ** v;
          const byBase = v * u ** (v - 1);
          const byExponent = b.varies && w !== 0 ? w * Math.log(u) : 0;
          for (let i = 0; i < m; i++) d[i] = times(byBase, da[i]) + times(byExponent, db[i]);
          return w;
        },
        varies,
        python,
        helpers,
      };
  }
}

function call(fn: Fn, args: readonly Compiled[], m: number): Compiled {
  const buffers = args.map(() => new Float64Array(m));
  const values = new Array<number>(args.length).fill(0);
  return {
    value: (x, p) => fn.value(args.map((a) => a.value(x, p))),
    grad: (x, p, d) => {
      args.forEach((a, j) => (values[j] = a.grad(x, p, buffers[j])));
      const v = fn.value(values);
      d.fill(0);
      const partials = fn.partials(values, v);
      args.forEach((a, j) => {
        if (!a.varies) return;
        for (let i = 0; i < m; i++) d[i] += times(partials[j], buffers[j][i]);
      });
      return v;
    },
    varies: args.some((a) => a.varies),
    python: fn.python(args.map((a) => a.python)),
    helpers: [...(fn.helper ? [fn.helper] : []), ...args.flatMap((a) => a.helpers)],
  };
}
