// A fit model: a sum of ROOT's functions (`gaus + pol1`, or ROOT's `gaus(0)+pol1(3)`; fitFunctions.ts),
// the usual peak over a background, or a formula with parameters as ROOT's TF1 takes one
// (`[0]*exp(-x/[1]) + [2]`; fitFormula.ts), which may use those functions too.
import { msg } from '../../text/message';
import { FitModelError, helpersOf, KINDS, type PythonHelper, type Term, uniqueNames } from './fitFunctions';
import { isFormula, parseFormula } from './fitFormula';

export { FitModelError } from './fitFunctions';

export interface FitModel {
  /** The model as written back: a sum normalised (`gaus + pol1`), a formula as typed. */
  readonly text: string;
  /** A sum's terms; a formula's built-in functions (their start values come from the data). */
  readonly terms: readonly Term[];
  readonly formula: boolean;
  /** A formula's parameters used in more than one place (a sum's: none). */
  readonly shared: readonly number[];
  /** The functions its Python calls that the script defines first. */
  readonly helpers: readonly PythonHelper[];
  readonly names: readonly string[];
  evaluate(x: number, p: readonly number[]): number;
  /** The value, and every parameter's derivative in out. */
  gradient(x: number, p: number[], out: Float64Array): number;
  /** The whole model in Python, a function of x and the parameters by name. */
  python(): string;
}

const MAX_TERMS = 4;

/**
 * Parses `gaus + pol1` (or ROOT's `gaus(0)+pol1(3)`, whose numbers must be where the parameters
 * start), or a formula.
 */
export function parseFitModel(text: string): FitModel {
  const terms: Term[] = [];
  const pattern = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*(\d+)\s*\))?\s*(\+|$)/y;
  let at = 0;
  let count = 0;
  if (text.trim() === '') throw new FitModelError(msg('Write a function to fit: gaus, expo, pol1… or a sum such as gaus + pol1.'), 0, Math.max(1, text.length));
  if (isFormula(text)) return parseFormula(text);
  while (at < text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) {
      const start = at + (text.slice(at).length - text.slice(at).trimStart().length);
      throw new FitModelError(msg('Expected a function name (gaus, expo, pol0 … pol9, breitwigner, crystalball, landau), joined by +.'), start, Math.min(text.length, start + 1));
    }
    const nameStart = text.indexOf(m[1], at);
    const kind = KINDS.get(m[1].toLowerCase());
    if (!kind) throw new FitModelError(msg('Unknown function "{0}": use gaus, expo, pol0 … pol9, breitwigner, crystalball or landau, or write a formula such as [0]*exp(-x/[1]).', m[1]), nameStart, nameStart + m[1].length);
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
  const names = uniqueNames(terms.flatMap((t) => t.kind.names(t.first)));
  return {
    text: terms.map((t) => t.kind.name).join(' + '),
    terms,
    formula: false,
    shared: [],
    helpers: helpersOf(terms),
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
