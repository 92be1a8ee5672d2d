// What a Python module imports and what it defines, read from its tree-sitter syntax tree: the
// imports of the file being edited say which local modules matter, and those modules' definitions
// (signatures and the first line of each docstring, bodies left out) go into the prompt, so that the
// model knows the names, parameters and methods the user's own code offers.
import type { Node } from 'web-tree-sitter';

/** One import: `from ..models import Net, train` is { level: 2, module: 'models', names: ['Net', 'train'] }. */
export interface ImportRef {
  /** Leading dots of a relative import; 0 for an absolute one. */
  readonly level: number;
  /** The dotted module name ('' for `from . import x`). */
  readonly module: string;
  /** Names imported from it; empty for `import a.b` and `from a import *` (the whole module is used). */
  readonly names: readonly string[];
}

/** A top-level definition rendered as a stub: its header, its docstring's first line, its methods' headers. */
export interface Definition {
  readonly name: string;
  readonly text: string;
}

/** At most this many methods of a class are listed (public ones and __init__ first). */
const MAX_METHODS = 16;
/** A header longer than this is cut (a signature of dozens of parameters says little more). */
const MAX_HEADER_CHARS = 400;

function importsOf(node: Node): ImportRef | ImportRef[] | undefined {
  if (node.type === 'import_statement') {
    return node.namedChildren.flatMap((child) => {
      const name = child?.type === 'aliased_import' ? child.childForFieldName('name') : child;
      return name?.type === 'dotted_name' ? [{ level: 0, module: name.text, names: [] }] : [];
    });
  }
  if (node.type !== 'import_from_statement') return undefined;
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return undefined;
  let level = 0;
  let module = moduleNode.text;
  if (moduleNode.type === 'relative_import') {
    const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix');
    level = prefix ? prefix.text.length : 0;
    module = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
  }
  const names: string[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.id === moduleNode.id) continue;
    const name = child.type === 'aliased_import' ? child.childForFieldName('name') : child;
    if (name?.type === 'dotted_name') names.push(name.text);
  }
  return { level, module, names };
}

/** The module's imports, top-level and inside functions and `if`/`try` blocks alike (in source order). */
export function moduleImportRefs(root: Node): ImportRef[] {
  const refs: ImportRef[] = [];
  const visit = (node: Node, depth: number): void => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      const found = importsOf(child);
      if (found) refs.push(...(Array.isArray(found) ? found : [found]));
      // Imports sit in statements, not expressions: only blocks are worth descending into, not far.
      else if (depth < 4 && /(_statement|_definition|_clause|^block|decorated_definition)$/.test(child.type)) visit(child, depth + 1);
    }
  };
  visit(root, 0);
  return refs;
}

/** The header of a def or class: from its start (`outer`: decorators included) to the colon before its body. */
function header(node: Node, outer: Node, source: string): string {
  const body = node.childForFieldName('body');
  const end = body ? source.lastIndexOf(':', body.startIndex) + 1 : node.endIndex;
  const text = source.slice(outer.startIndex, Math.max(end, outer.startIndex)).trimEnd();
  return text.length > MAX_HEADER_CHARS ? `${text.slice(0, MAX_HEADER_CHARS)}...):` : text;
}

/** The first line of the docstring of a def or class body, quoted, or undefined. */
function docLine(definition: Node): string | undefined {
  const first = definition.childForFieldName('body')?.namedChildren[0];
  const string = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  if (string?.type !== 'string') return undefined;
  const content = string.namedChildren.find((c) => c?.type === 'string_content')?.text ?? '';
  const line = content.trim().split('\n')[0].trim();
  return line ? `"""${line.replace(/"""/g, '')}"""` : undefined;
}

function unwrap(node: Node): { node: Node; outer: Node } {
  if (node.type === 'decorated_definition') {
    const inner = node.childForFieldName('definition');
    if (inner) return { node: inner, outer: node };
  }
  return { node, outer: node };
}

/** Reindents a (possibly multi-line) header to `indent`, as it would stand in a stub. */
function reindent(text: string, from: number, indent: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? indent + line : indent + line.slice(Math.min(from, line.length - line.trimStart().length))))
    .join('\n');
}

function stub(node: Node, outer: Node, source: string, indent: string): string {
  const column = outer.startPosition.column;
  const doc = docLine(node);
  const lines = [reindent(header(node, outer, source), column, indent)];
  if (node.type === 'class_definition') {
    if (doc) lines.push(`${indent}    ${doc}`);
    const methods = (node.childForFieldName('body')?.namedChildren ?? [])
      .filter((c): c is Node => !!c && (c.type === 'function_definition' || c.type === 'decorated_definition'))
      .map((c) => unwrap(c))
      .filter(({ node: m }) => m.type === 'function_definition')
      .map((m) => ({ ...m, name: m.node.childForFieldName('name')?.text ?? '' }))
      .filter((m) => m.name === '__init__' || m.name === '__call__' || !m.name.startsWith('_'));
    for (const m of methods.slice(0, MAX_METHODS)) lines.push(`${stub(m.node, m.outer, source, `${indent}    `)}`);
    if (lines.length === 1) lines.push(`${indent}    ...`);
    return lines.join('\n');
  }
  return doc ? `${lines[0]}\n${indent}    ${doc}\n${indent}    ...` : `${lines[0]} ...`;
}

/**
 * The module's top-level functions and classes as stubs, and its top-level assignments of one line
 * (constants, aliases), in source order. Private names (a leading underscore) are left out.
 */
export function moduleDefinitions(root: Node, source: string): Definition[] {
  const defs: Definition[] = [];
  for (const child of root.namedChildren) {
    if (!child) continue;
    const { node, outer } = unwrap(child);
    if (node.type === 'function_definition' || node.type === 'class_definition') {
      const name = node.childForFieldName('name')?.text ?? '';
      if (name && !name.startsWith('_')) defs.push({ name, text: stub(node, outer, source, '') });
    } else if (node.type === 'expression_statement' && node.namedChildren[0]?.type === 'assignment') {
      const left = node.namedChildren[0].childForFieldName('left');
      const text = node.text;
      if (left?.type === 'identifier' && !left.text.startsWith('_') && !text.includes('\n') && text.length <= 160) defs.push({ name: left.text, text });
    }
  }
  return defs;
}
