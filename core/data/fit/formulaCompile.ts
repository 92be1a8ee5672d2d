// A fit formula's tree compiled to closures: its value, and its value with every parameter's
// derivative at once (forward mode: each node keeps a buffer of derivatives, allocated once), and
// its NumPy expression for Copy as Python.
import type { Expr } from '../expression/syntax';
import { helpersOf, KINDS, type PythonHelper, pythonNumber, type TermKind } from './fitFunctions';
import { type Fn, functionOf } from './formulaFunctions';

export interface Compiled {
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

/**
 * Compiles `e`; `numberAt` gives the number of the parameter (or the first of a built-in function's)
 * used at a place in the text, `m` is how many parameters there are, `names` their names. With `y`
 * (a 2-D fit's), the name y reads its value: the caller sets it before each evaluation, which keeps
 * every closure a function of x alone, as the minimiser calls them.
 */
export function compile(e: Expr, numberAt: (start: number) => number, m: number, names: readonly string[], y?: { value: number }): Compiled {
  const sub = (a: Expr): Compiled => compile(a, numberAt, m, names, y);
  switch (e.kind) {
    case 'number':
      return constant(e.value, pythonNumber(e.value));
    case 'name': {
      if (e.name === 'y' && y) {
        return {
          value: () => y.value,
          grad: (_x, _p, d) => {
            d.fill(0);
            return y.value;
          },
          varies: false,
          python: 'y',
          helpers: [],
        };
      }
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
      const k = numberAt(e.start);
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
    case 'index':
    case 'take':
      throw new Error('a fit formula has no index (fitFormula.ts refuses one)');
    case 'alias':
      throw new Error('a fit formula has no definitions (it is parsed without them)');
    case 'call': {
      const fn = functionOf(e.name);
      if (fn === undefined) return termNode(KINDS.get(e.name.toLowerCase()) as TermKind, numberAt(e.start), names);
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
