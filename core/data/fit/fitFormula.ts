// A fit function written as a formula, as ROOT's TF1 takes one: `[0]*exp(-x/[1]) + [2]`. Parameters
// are numbered [0], [1]… or named [slope] (a name takes the lowest number left free, in order of
// first use); x is the bin centre; + − * / and ^ or ** for powers; a comparison is 1 or 0
// (`(x > 3)*[0]`); functions by NumPy's or ROOT's names (exp, TMath::Exp…; formulaFunctions.ts); and
// ROOT's functions inside, `gaus(3)` (from [3] on) or `gaus` (the lowest numbers the others leave
// free). Parsed here by the explorer's expression parser — never eval —, its parameters numbered and
// named; compiled by formulaCompile.ts.
import { msg } from '../../text/message';
import { PYTHON_KEYWORDS } from '../../text/pythonKeywords';
import { type Expr, ExpressionError, parseExpression } from '../expression/syntax';
import { FitModelError, helpersOf, KINDS, type PythonHelper, type Term, type TermKind, uniqueNames } from './fitFunctions';
import type { FitModel } from './fitModels';
import { compile } from './formulaCompile';
import { functionOf } from './formulaFunctions';

/** At most this many parameters (the page's table sends no more). */
export const MAX_PARAMETERS = 40;

/** Whether the text is a formula rather than a sum of ROOT's functions (gaus + pol1, gaus(0)+pol1(3)). */
export function isFormula(text: string): boolean {
  return /[[\]^*/<>=!&|-]|TMath::|\bx\b|\bpi\b|\d\s*\.|\(\s*[^\d\s)]/.test(text);
}

/**
 * Names a parameter cannot take: those the Python of Copy as Python uses inside its model and cost
 * functions (a parameter of the same name would hide them), Minuit's own keywords, Python's keywords.
 */
const RESERVED = new Set(
  [...'x np plt contour model cost centres inside n full cell_x cell_y cell_n cell_error x_edges y_edges grid_x grid_y landau crystal_ball erf erfc binned half gl_nodes gl_weights gl_node gl_weight sum zip name grad fcn'.split(' '), ...PYTHON_KEYWORDS],
);

/** Where a formula uses parameters: a number, a name, or a built-in function's block. */
type Use = { readonly start: number; readonly end: number } & ({ readonly number: number } | { readonly name: string } | { readonly kind: TermKind; readonly at?: number });

/**
 * With `y`, a 2-D fit's formula: y is the bin centre's other coordinate, read from `y.value` as the
 * caller sets it, and ROOT's 1-D functions are not taken (gaus is of x or of y?).
 */
export function parseFormula(text: string, y?: { value: number }): FitModel {
  let expr: Expr;
  try {
    expr = parseExpression(text, true);
  } catch (err) {
    if (err instanceof ExpressionError) throw new FitModelError(err.text ?? err.message, err.start, err.end);
    throw err;
  }
  const uses: Use[] = [];
  collect(expr, uses, !!y);
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
  const compiled = compile(expr, (start) => index.get(uses.find((u) => u.start === start) as Use) as number, count, names, y);
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
function collect(e: Expr, uses: Use[], twoD: boolean): void {
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
          if (inner === 'x') throw new FitModelError(msg('"x" cannot name a parameter: x is the bin centre. Choose another name.'), e.start, e.end);
          if (twoD && inner === 'y') throw new FitModelError(msg('"y" cannot name a parameter: y is the bin centre\'s Y. Choose another name.'), e.start, e.end);
          if (RESERVED.has(inner) || inner.startsWith('__')) throw new FitModelError(msg('"{0}" cannot name a parameter: the Python that Copy as Python writes uses {0} itself. Choose another name.', inner), e.start, e.end);
          uses.push({ start: e.start, end: e.end, name: inner });
        }
        return;
      }
      const kind = KINDS.get(e.name.toLowerCase());
      if (kind && twoD) throw oneDimensional(e.name, e.start, e.end);
      if (kind) {
        uses.push({ start: e.start, end: e.end, kind });
        return;
      }
      if (e.name === 'x' || e.name.toLowerCase() === 'pi' || (twoD && e.name === 'y')) return;
      if (twoD) throw new FitModelError(msg('Unknown name "{0}": a 2-D formula uses x, y, parameters [0], [1]… or [name], numbers, and functions such as exp, log, sqrt.', e.name), e.start, e.end);
      throw new FitModelError(msg('Unknown name "{0}": a formula uses x, parameters [0], [1]… or [name], numbers, and functions such as exp, log, sqrt, gaus, pol1.', e.name), e.start, e.end);
    }
    case 'unary':
      collect(e.arg, uses, twoD);
      return;
    case 'index':
    case 'take':
    case 'alias':
      // A formula's [..] are its parameters (syntax.ts reads them so): no index can be parsed in one.
      throw new Error('a fit formula has no index');
    case 'binary':
      if (e.op === '%') throw new FitModelError(msg('% cannot be used in a fit formula.'), e.left.end, e.right.start);
      collect(e.left, uses, twoD);
      collect(e.right, uses, twoD);
      return;
    case 'call': {
      const kind = KINDS.get(e.name.toLowerCase());
      if (kind && !functionOf(e.name) && twoD) throw oneDimensional(e.name, e.start, e.end);
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
      e.args.forEach((a) => collect(a, uses, twoD));
      return;
    }
  }
}

/** ROOT's 1-D functions in a 2-D formula: which coordinate they would be of is not said. */
function oneDimensional(name: string, start: number, end: number): FitModelError {
  return new FitModelError(msg('{0} is a function of one variable: in a 2-D formula, write it out in x and y, such as [0]*exp(-0.5*((x-[1])/[2])^2 - 0.5*((y-[3])/[4])^2), or fit xygaus.', name), start, end);
}
