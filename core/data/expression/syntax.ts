// The expression language of the data explorer's histograms and cuts: arithmetic and math functions
// over branches or columns (`sqrt(Jet_Px**2 + Jet_Py**2)`), comparisons, boolean logic,
// per-event reductions of jagged branches (`len`, `sum`, … and ROOT's `Length$`/`Sum$` spellings)
// and an element of each entry by its index (`Jet_Px[0]`, `Muon_E[1]`, `Jet_Px[-1]` the last) or by
// an index computed per entry or per element (`Jet_E[argmax(Jet_Pt)]`, `Jet_pt[Muon_jetIdx]`).
// Parsed here into a tree by our own Pratt parser — expressions are never run with eval or
// new Function — with each node's place in the text, so that an error can point at its column.

import { BARE_NAME } from '../../text/expressionName';
import { LocalizedError, type Message, msg } from '../../text/message';

export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: Expr; readonly start: number; readonly end: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly start: number; readonly end: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly start: number; readonly end: number }
  /** Element `index` of each entry of a jagged value (negative: from the end); entries without it have no value. */
  | { readonly kind: 'index'; readonly arg: Expr; readonly index: number; readonly start: number; readonly end: number }
  /**
   * Elements of a jagged value at indices computed from the data: one per entry (`Jet_E[argmax(Jet_Pt)]`)
   * or one per element of another jagged value (`Jet_pt[Muon_jetIdx]`, a jet per muon). An index below
   * 0 or past the entry's end gives no value: NanoAOD writes -1 for "no match".
   */
  | { readonly kind: 'take'; readonly arg: Expr; readonly by: Expr; readonly start: number; readonly end: number }
  /**
   * A name defined in the explorer's definitions (definitions.ts), where it is used: `arg` is the defined
   * expression, placed in the definitions' text; `start` and `end` are the name's place where it is used.
   */
  | { readonly kind: 'alias'; readonly name: string; readonly arg: Expr; readonly start: number; readonly end: number };

export type UnaryOp = '-' | '+' | 'not';
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '**' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

/** Which of the panel's fields an expression came from, so that an error can point into the right one. */
export type ExpressionField = 'expression' | 'yExpression' | 'entryCut' | 'elementCut' | 'weight' | 'definitions' | 'scan';

/** A mistake in an expression, with where it is: `start` and `end` are 0-based offsets into the text. */
export class ExpressionError extends LocalizedError {
  /** The field the text was typed in, once known (set by `inField`). */
  field?: ExpressionField;
  /**
   * The branch, column or array the data read lacks, when that is the mistake: over a dataset, a file
   * other than the one whose structure is shown may lack what that one has (datasetParts.ts).
   */
  missing?: string;

  constructor(
    message: string | Message,
    readonly start: number,
    readonly end: number = start + 1,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }

  /** 1-based column, as an editor shows it. */
  get column(): number {
    return this.start + 1;
  }

  /** The expression with a caret line under the offending part. */
  pointAt(text: string): string {
    return `${text}\n${' '.repeat(this.start)}${'^'.repeat(Math.max(1, Math.min(this.end, text.length) - this.start))}`;
  }
}

/** Runs `work` on one field's expression: an ExpressionError it throws is tagged with the field. */
export function inField<T>(field: ExpressionField, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof ExpressionError && !err.field) err.field = field;
    throw err;
  }
}

interface Token {
  readonly type: 'number' | 'name' | 'op' | 'end';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Operators, longest first so that `**` is not read as two `*`. Both ROOT's and numpy's logic spellings. */
const OPERATORS = ['**', '==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '&', '|', '~', '(', ')', ',', '[', ']'];
const SPELLINGS: Readonly<Record<string, BinaryOp | 'not'>> = { '&&': 'and', '&': 'and', and: 'and', '||': 'or', '|': 'or', or: 'or', '!': 'not', '~': 'not', not: 'not' };

/** Longest names the tokenizer accepts; a branch name is rarely over 100 characters. */
const MAX_EXPRESSION = 10_000;

function tokenize(text: string, formula: boolean): Token[] {
  if (text.length > MAX_EXPRESSION) throw new ExpressionError(msg('The expression is {0} characters long; at most {1} are read.', text.length, MAX_EXPRESSION), MAX_EXPRESSION);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number) {
      tokens.push({ type: 'number', text: number[0], start: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    if (formula) {
      // A fit formula's parameters, [0] or [name], and ROOT's TMath::Exp spellings; ^ is a power, as in ROOT.
      const special = /^(?:\[\s*\w+\s*\]|TMath::[A-Za-z]\w*|\^)/.exec(text.slice(i, i + 200));
      if (special) {
        const word = special[0];
        tokens.push(word === '^' ? { type: 'op', text: '**', start: i, end: i + 1 } : { type: 'name', text: word.replace(/\s+/g, ''), start: i, end: i + word.length });
        i += word.length;
        continue;
      }
      if (c === '[') throw new ExpressionError(msg('A parameter is written [0], [1]… or [name], with a closing ].'), i);
    }
    // Branch names: letters, digits, _, $ (ROOT's Length$), dots of split branches (Jet.Px).
    const name = BARE_NAME.exec(text.slice(i, i + 1000));
    if (name) {
      tokens.push({ type: 'name', text: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    // Any other name in backquotes: `jet pt [GeV]` (a fit formula names nothing but its parameters).
    if (c === '`' && !formula) {
      const close = text.indexOf('`', i + 1);
      if (close < 0) throw new ExpressionError(msg('This backquoted name is not closed.'), i, text.length);
      tokens.push({ type: 'name', text: text.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new ExpressionError(msg('"{0}" cannot be used here.', c), i);
    tokens.push({ type: 'op', text: op, start: i, end: i + op.length });
    i += op.length;
  }
  tokens.push({ type: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

/** Binding power of each binary operator (higher binds tighter); `**` is right-associative. */
const BINARY: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  '==': 4,
  '!=': 4,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
  '%': 7,
  '**': 9,
};
/** `not` binds looser than comparisons (`not x > 1` is `not (x > 1)`); unary minus tighter than `*` but looser than `**`. */
const NOT_POWER = 3;
const NEGATE_POWER = 8;
/** Nesting deeper than this is refused rather than risking the stack. */
const MAX_DEPTH = 200;

/**
 * Parses an expression. A fit formula (`formula`) also reads parameters as names `[0]` or `[slope]`,
 * `TMath::Exp` as a name, and `^` as `**`, as ROOT's TF1 formulas are written.
 */
export function parseExpression(text: string, formula = false): Expr {
  const tokens = tokenize(text, formula);
  let pos = 0;
  const peek = (): Token => tokens[pos];
  const next = (): Token => tokens[pos++];
  const binaryOf = (t: Token): BinaryOp | undefined => {
    const spelled = t.type === 'op' || (t.type === 'name' && (t.text === 'and' || t.text === 'or')) ? (SPELLINGS[t.text] ?? t.text) : undefined;
    return spelled !== undefined && spelled in BINARY ? (spelled as BinaryOp) : undefined;
  };
  const isNot = (t: Token): boolean => (t.type === 'op' || t.type === 'name') && SPELLINGS[t.text] === 'not';

  const parse = (minPower: number, depth: number): Expr => {
    if (depth > MAX_DEPTH) throw new ExpressionError(msg('The expression nests deeper than {0} levels.', MAX_DEPTH), peek().start);
    let left = indexed(prefix(depth), depth);
    for (;;) {
      const t = peek();
      const op = binaryOf(t);
      if (!op) break;
      const power = BINARY[op];
      if (power < minPower) break;
      next();
      // Comparisons do not chain (`a < b < c` is an error, not Python's chained comparison).
      const right = parse(op === '**' ? power : power + 1, depth + 1);
      if (power === 4 || power === 5) {
        const after = binaryOf(peek());
        if (after && (BINARY[after] === 4 || BINARY[after] === 5)) {
          throw new ExpressionError(msg('Comparisons cannot be chained: write (a < b) and (b < c).'), peek().start, peek().end);
        }
      }
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  };

  const prefix = (depth: number): Expr => {
    const t = next();
    if (t.type === 'number') {
      const value = Number(t.text);
      return { kind: 'number', value, start: t.start, end: t.end };
    }
    if (isNot(t)) {
      const arg = parse(NOT_POWER, depth + 1);
      return { kind: 'unary', op: 'not', arg, start: t.start, end: arg.end };
    }
    if (t.type === 'op' && (t.text === '-' || t.text === '+')) {
      const arg = parse(NEGATE_POWER, depth + 1);
      return { kind: 'unary', op: t.text, arg, start: t.start, end: arg.end };
    }
    if (t.type === 'op' && t.text === '(') {
      const inner = parse(0, depth + 1);
      const close = next();
      if (close.text !== ')' || close.type !== 'op') throw new ExpressionError(msg('A ")" is missing here.'), close.start, close.end);
      return { ...inner, start: t.start, end: close.end };
    }
    if (t.type === 'name') {
      if (peek().type === 'op' && peek().text === '(') {
        next();
        const args: Expr[] = [];
        if (!(peek().type === 'op' && peek().text === ')')) {
          for (;;) {
            args.push(parse(0, depth + 1));
            const sep = next();
            if (sep.type === 'op' && sep.text === ')') {
              return { kind: 'call', name: t.text, args, start: t.start, end: sep.end };
            }
            if (!(sep.type === 'op' && sep.text === ',')) throw new ExpressionError(msg('A "," or ")" is missing in the call of {0}.', t.text), sep.start, sep.end);
          }
        }
        const close = next();
        return { kind: 'call', name: t.text, args, start: t.start, end: close.end };
      }
      return { kind: 'name', name: t.text, start: t.start, end: t.end };
    }
    if (t.type === 'end') throw new ExpressionError(t.start === 0 ? msg('The expression is empty.') : msg('The expression ends too early.'), t.start);
    throw new ExpressionError(msg('"{0}" cannot start a value.', t.text), t.start, t.end);
  };

  /**
   * `value[k]` after a name, a call or a bracketed value: k a whole number as ROOT's TTree::Draw takes
   * it (negative: from the end), or any expression, computed per entry or per element (`take`).
   */
  const indexed = (value: Expr, depth: number): Expr => {
    let out = value;
    while (peek().type === 'op' && peek().text === '[') {
      const open = next();
      // A number alone in the brackets (with its sign) is a literal index; anything else is computed.
      const first = tokens[pos].type === 'op' && tokens[pos].text === '-' ? pos + 1 : pos;
      const literal = tokens[first].type === 'number' && tokens[first + 1].type === 'op' && tokens[first + 1].text === ']';
      if (literal) {
        const minus = first > pos ? next() : undefined;
        const k = next();
        const close = next();
        const index = /^\d+$/.test(k.text) ? Number(k.text) * (minus ? -1 : 1) : NaN;
        if (!Number.isSafeInteger(index)) {
          throw new ExpressionError(msg('An index is a whole number in brackets: Jet_Px[0] is the first element of each entry, Jet_Px[-1] the last.'), open.start, close.end);
        }
        out = { kind: 'index', arg: out, index, start: out.start, end: close.end };
        continue;
      }
      if (peek().type === 'op' && peek().text === ']') throw new ExpressionError(msg('An index is missing in these brackets: Jet_Px[0] is the first element of each entry, Jet_pt[Muon_jetIdx] the jet of each muon.'), open.start, peek().end);
      const by = parse(0, depth + 1);
      const close = next();
      if (close.type !== 'op' || close.text !== ']') throw new ExpressionError(msg('A "]" is missing here.'), close.start, close.end);
      out = { kind: 'take', arg: out, by, start: out.start, end: close.end };
    }
    return out;
  };

  const expr = parse(0, 0);
  const rest = peek();
  if (rest.type !== 'end') throw new ExpressionError(msg('"{0}" is not expected here.', rest.text), rest.start, rest.end);
  return expr;
}

/** The expressions a node is made of, in the order written (none for a number or a name). */
export function subexpressions(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'number':
    case 'name':
      return [];
    case 'unary':
    case 'index':
    case 'alias':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
    case 'call':
      return e.args;
    case 'take':
      return [e.arg, e.by];
  }
}

/** The names of branches or columns an expression reads (not function names), in first-use order. */
export function namesIn(expr: Expr): string[] {
  const names: string[] = [];
  const walk = (e: Expr): void => {
    if (e.kind === 'name' && !names.includes(e.name)) names.push(e.name);
    else subexpressions(e).forEach(walk);
  };
  walk(expr);
  return names;
}
