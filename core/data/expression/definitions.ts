// Definitions: names for expressions, typed once and used in the expression, the cuts and the weight,
// as ROOT's TTree::SetAlias or RDataFrame's Define — `pt = hypot(Jet_Px, Jet_Py)`, then `pt`,
// `max(pt) > 50`. One per line, `name = expression`; a line starting with # is a comment. A definition
// may use those above it (so none can use itself: no cycles). Each use becomes an alias node holding
// the defined expression, so that the evaluator, the cut flow and Copy as Python see the whole
// computation, an error inside a definition points into the definitions' text, and a cut flow step
// is labelled with the name as it was typed.
import { BARE_NAME } from '../../text/expressionName';
import { msg } from '../../text/message';
import { isEntryNumber } from './entryNumbers';
import { type Expr, ExpressionError, type ExpressionField, inField, parseExpression, subexpressions } from './syntax';

export interface Definition {
  readonly name: string;
  /** The defined expression, its places in the definitions' text; earlier definitions it uses are alias nodes. */
  readonly expr: Expr;
  /** Where the name is written in the definitions' text. */
  readonly start: number;
  readonly end: number;
}

export type Definitions = ReadonlyMap<string, Definition>;

export const NO_DEFINITIONS: Definitions = new Map();

/** Names the expression language gives a meaning of its own: a definition may not take them. */
const RESERVED = new Set(['pi', 'e', 'inf', 'nan', 'true', 'false', 'True', 'False', 'and', 'or', 'not']);

/** Definitions at most: more is not a form someone typed. */
const MAX_DEFINITIONS = 200;
/**
 * Written out, a definition or a field may hold at most this many nodes, nested at most this deep:
 * definitions that each use the one above twice double at every line (2^200 nodes in 200 short lines),
 * and every walk of the tree — the columns read, Copy as Python — would never end.
 */
const MAX_EXPANDED_NODES = 20_000;
const MAX_EXPANDED_DEPTH = 1_000;

const EXAMPLE = 'pt = hypot(Jet_Px, Jet_Py)';

/** The definitions typed in the form; an error in them is an ExpressionError of the field 'definitions'. */
export function parseDefinitions(text: string | undefined): Definitions {
  const defs = new Map<string, Definition>();
  if (!text?.trim()) return defs;
  return inField('definitions', () => {
    let at = 0;
    for (const line of text.split('\n')) {
      const start = at;
      at += line.length + 1;
      const lead = line.length - line.trimStart().length;
      if (!line.trim() || line.trimStart().startsWith('#')) continue;
      const name = BARE_NAME.exec(line.slice(lead))?.[0];
      const afterName = lead + (name?.length ?? 0);
      const equals = /^\s*=(?!=)/.exec(line.slice(afterName));
      if (!name || !equals) throw new ExpressionError(msg('A definition is written name = expression, one per line: {0}', EXAMPLE), start + lead, start + line.trimEnd().length);
      const place = { start: start + lead, end: start + afterName };
      if (RESERVED.has(name) || isEntryNumber(name)) throw new ExpressionError(msg('"{0}" has a meaning of its own in expressions: give the definition another name.', name), place.start, place.end);
      const twice = defs.get(name);
      if (twice) throw new ExpressionError(msg('"{0}" is defined twice: a name has one definition.', name), place.start, place.end);
      if (defs.size >= MAX_DEFINITIONS) throw new ExpressionError(msg('At most {0} definitions are read.', MAX_DEFINITIONS), place.start, place.end);
      const rhs = afterName + equals[0].length;
      // Parsed alone, then placed where it stands in the whole text; the definitions above it are known in it.
      const expr = withDefinitions(shifted(parsedAt(line.slice(rhs), start + rhs), start + rhs), defs);
      checkExpandedSize(expr, place.start, place.end);
      defs.set(name, { name, expr, ...place });
    }
    // A name defined further down is not known above it: said there, rather than as a column the file lacks.
    for (const def of defs.values()) {
      const later = firstName(def.expr, (n) => defs.has(n));
      if (later?.name === def.name) throw new ExpressionError(msg('"{0}" uses itself: a definition may use only those above it.', later.name), later.start, later.end);
      if (later) throw new ExpressionError(msg('"{0}" is defined below this line: a definition may use only those above it.', later.name), later.start, later.end);
    }
    return defs;
  });
}

/** The first name node (not a definition's use) that `wanted` accepts. */
function firstName(e: Expr, wanted: (name: string) => boolean): Extract<Expr, { kind: 'name' }> | undefined {
  if (e.kind === 'name') return wanted(e.name) ? e : undefined;
  if (e.kind === 'alias') return undefined;
  for (const sub of subexpressions(e)) {
    const found = firstName(sub, wanted);
    if (found) return found;
  }
  return undefined;
}

/** The expression with each defined name it uses as an alias node holding its definition. */
export function withDefinitions(expr: Expr, defs: Definitions): Expr {
  if (defs.size === 0) return expr;
  const walk = (e: Expr): Expr => {
    switch (e.kind) {
      case 'number':
        return e;
      case 'name': {
        const def = defs.get(e.name);
        return def ? { kind: 'alias', name: e.name, arg: def.expr, start: e.start, end: e.end } : e;
      }
      case 'unary':
      case 'index':
        return { ...e, arg: walk(e.arg) };
      case 'binary':
        return { ...e, left: walk(e.left), right: walk(e.right) };
      case 'call':
        return { ...e, args: e.args.map(walk) };
      case 'take':
        return { ...e, arg: walk(e.arg), by: walk(e.by) };
      case 'alias':
        return e;
    }
  };
  return walk(expr);
}

/** A field's text parsed, with the definitions' names in it; an error is tagged with the field. */
export function parseField(field: ExpressionField, text: string, defs: Definitions): Expr {
  return inField(field, () => {
    const expr = withDefinitions(parseExpression(text), defs);
    checkExpandedSize(expr, 0, text.length);
    return expr;
  });
}

/** Refuses a tree that, with its definitions written out, is too large or too deep to walk (MAX_EXPANDED_NODES). */
function checkExpandedSize(expr: Expr, start: number, end: number): void {
  // Each node's size once: a definition's tree is one object wherever it is used.
  const known = new Map<Expr, { nodes: number; depth: number }>();
  const size = (e: Expr): { nodes: number; depth: number } => {
    const seen = known.get(e);
    if (seen) return seen;
    let nodes = 1;
    let depth = 0;
    for (const sub of subexpressions(e)) {
      const s = size(sub);
      nodes += s.nodes;
      depth = Math.max(depth, s.depth);
    }
    const found = { nodes: Math.min(nodes, Number.MAX_SAFE_INTEGER), depth: depth + 1 };
    known.set(e, found);
    return found;
  };
  const { nodes, depth } = size(expr);
  if (nodes > MAX_EXPANDED_NODES || depth > MAX_EXPANDED_DEPTH) {
    throw new ExpressionError(msg('With its definitions written out, this is {0} operations nested {1} deep; at most {2}, {3} deep, are computed.', nodes.toLocaleString('en-US'), depth, MAX_EXPANDED_NODES.toLocaleString('en-US'), MAX_EXPANDED_DEPTH), start, end);
  }
}

/** A definition named as a column of the file would hide it: said at the definition's name. */
export function checkDefinitionNames(defs: Definitions, columns: readonly string[]): void {
  for (const def of defs.values()) {
    if (columns.includes(def.name)) {
      const err = new ExpressionError(msg('"{0}" is a column of this file: give the definition another name, so that both can be used.', def.name), def.start, def.end);
      err.field = 'definitions';
      throw err;
    }
  }
}

/** A definition's expression parsed alone; a mistake in it is placed where it stands in the whole text. */
function parsedAt(text: string, offset: number): Expr {
  try {
    return parseExpression(text);
  } catch (err) {
    if (err instanceof ExpressionError) throw new ExpressionError(err.text ?? err.message, err.start + offset, err.end + offset);
    throw err;
  }
}

/** The expression with every place moved by `delta` characters. */
function shifted(e: Expr, delta: number): Expr {
  const at = { start: e.start + delta, end: e.end + delta };
  switch (e.kind) {
    case 'number':
    case 'name':
      return { ...e, ...at };
    case 'unary':
    case 'index':
    case 'alias':
      return { ...e, ...at, arg: shifted(e.arg, delta) };
    case 'binary':
      return { ...e, ...at, left: shifted(e.left, delta), right: shifted(e.right, delta) };
    case 'call':
      return { ...e, ...at, args: e.args.map((a) => shifted(a, delta)) };
    case 'take':
      return { ...e, ...at, arg: shifted(e.arg, delta), by: shifted(e.by, delta) };
  }
}
