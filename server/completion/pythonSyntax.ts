// Python syntax at the cursor, from tree-sitter (web-tree-sitter with the tree-sitter-python
// grammar compiled to WebAssembly: no native build). It decides whether to complete at all (not
// inside comments or strings) and how much: the rest of the line, or a block body up to its end.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Edit, Language, type Node, Parser, type Point, type Tree } from 'web-tree-sitter';
import { endsInString } from './codeScan';

export type SyntaxDecision =
  | { readonly complete: false; readonly reason: 'comment' | 'string' | 'docstring' }
  /** `docstring`: inside one (hai.completion.docstrings on): prose, not code. */
  | { readonly complete: true; readonly mode: 'line'; readonly docstring?: true }
  /** A block body: lines indented deeper than the header's `headerIndent` columns. */
  | { readonly complete: true; readonly mode: 'block'; readonly headerIndent: number };

/** Statements whose `:` opens an indented block. */
const BLOCK_HEADERS = new Set([
  'function_definition',
  'class_definition',
  'for_statement',
  'while_statement',
  'if_statement',
  'elif_clause',
  'else_clause',
  'with_statement',
  'try_statement',
  'except_clause',
  'finally_clause',
  'match_statement',
  'case_clause',
]);

/** The grammar files: beside the bundled server in dist/, or in node_modules when run from source. */
function wasmPath(name: string, pkg: string): string {
  const bundled = path.join(__dirname, name);
  return existsSync(bundled) ? bundled : require.resolve(`${pkg}/${name}`);
}

/**
 * web-tree-sitter's runtime and the Python grammar, loaded once per process. The completion engine
 * and the snippet handler both load the grammar, often at the same moment (the first request while
 * the model loads): two concurrent `Parser.init` calls each make a WebAssembly module and the later
 * one replaces the first, so a language loaded into one could meet a parser of the other. One shared
 * promise avoids that; a failed load is forgotten, so the next caller tries again.
 */
let python: Promise<Language> | undefined;
function loadPython(): Promise<Language> {
  python ??= (async () => {
    const runtime = wasmPath('web-tree-sitter.wasm', 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtime });
    return Language.load(wasmPath('tree-sitter-python.wasm', 'tree-sitter-python'));
  })().catch((err: unknown) => {
    python = undefined;
    throw err;
  });
  return python;
}

/** At most this many documents keep their syntax tree; the least recently used one is dropped. */
const MAX_TREES = 8;

export class PythonSyntax {
  /** The last tree of each document, with its text: the next parse only redoes what changed. */
  private readonly trees = new Map<string, { text: string; tree: Tree }>();

  private constructor(private readonly parser: Parser) {}

  static async load(): Promise<PythonSyntax> {
    const language = await loadPython();
    const parser = new Parser();
    parser.setLanguage(language);
    return new PythonSyntax(parser);
  }

  /**
   * What to do at `offset` (UTF-16 index into `text`, as web-tree-sitter counts). With a document
   * key, the tree is kept and reparsed incrementally next time (a full parse of a 3,400-line file takes
   * ~50 ms here, an incremental one about a millisecond).
   */
  analyze(text: string, offset: number, allowDocstrings: boolean, document?: string): SyntaxDecision {
    const tree = this.parse(text, document);
    if (!tree) return { complete: true, mode: 'line' };
    try {
      const root = tree.rootNode;
      const inside = offset > 0 ? root.descendantForIndex(offset - 1, offset) : root;
      for (let n: Node | null = inside; n; n = n.parent) {
        if (n.type === 'comment' && offset > n.startIndex) return { complete: false, reason: 'comment' };
        if (n.type === 'interpolation') break; // The code inside an f-string's braces is code.
        if (n.type === 'string' && offset > n.startIndex && offset < n.endIndex) {
          if (isDocstring(n)) return allowDocstrings ? { complete: true, mode: 'line', docstring: true } : { complete: false, reason: 'docstring' };
          return { complete: false, reason: 'string' };
        }
      }
      const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      if (insideUnterminatedString(inside, lineStart, offset)) return { complete: false, reason: 'string' };
      const lineEnd = text.indexOf('\n', offset);
      const after = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
      const before = text.slice(lineStart, offset);
      if (after.trim() !== '' || before.trim() !== '') return { complete: true, mode: 'line' };
      // An empty line: a block body when the last code before it is the `:` of a block header.
      const last = lastCodeIndex(text, lineStart);
      if (last < 0) return { complete: true, mode: 'line' };
      const colon = root.descendantForIndex(last, last + 1);
      const header = colon?.type === ':' ? colon.parent : null;
      if (colon && header && BLOCK_HEADERS.has(header.type)) {
        const headerLineStart = text.lastIndexOf('\n', colon.startIndex - 1) + 1;
        return { complete: true, mode: 'block', headerIndent: indentWidth(text.slice(headerLineStart, colon.startIndex)) };
      }
      return { complete: true, mode: 'line' };
    } finally {
      if (!document) tree.delete();
    }
  }

  /**
   * Whether the line at `offset` continues the statement before it, so that it may be indented
   * deeper than a statement would be: inside brackets left open on an earlier line, or after a
   * backslash. Token healing uses it: at the start of a statement the indentation the editor gave
   * is kept; only a continuation line may get more.
   */
  continuationDue(text: string, offset: number, document?: string): boolean {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const last = lastCodeIndex(text, lineStart);
    return last >= 0 && (text[last] === '\\' || this.openBracketsAt(text, lineStart, last, document));
  }

  /**
   * Whether the line at `offset` starts inside brackets an earlier line opened and a later one closes
   * (a call's argument lines, as an editor that closes brackets leaves them), a backslash aside: a
   * bracket left open by a slip above (`np.stack([a, b` and no `])`) does not count.
   */
  startsInBrackets(text: string, offset: number, document?: string): boolean {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const last = lastCodeIndex(text, lineStart);
    return last >= 0 && this.openBracketsAt(text, lineStart, last, document, true);
  }

  /**
   * Whether a node around the code at `last` has more brackets opened than closed before `lineStart`;
   * with `closed`, only a node that is no error and closes its brackets after that in the text.
   */
  private openBracketsAt(text: string, lineStart: number, last: number, document: string | undefined, closed = false): boolean {
    const open = this.withTree(
      text,
      (root) => {
        for (let n: Node | null = root.descendantForIndex(last, last + 1); n; n = n.parent) {
          let depth = 0;
          let closers = 0;
          for (const child of n.children) {
            if (child.isMissing) continue; // a bracket tree-sitter supplied is not in the text
            const opens = child.type === '(' || child.type === '[' || child.type === '{';
            const closes = child.type === ')' || child.type === ']' || child.type === '}';
            if (child.startIndex < lineStart) depth += opens ? 1 : closes ? -1 : 0;
            else if (closes) closers++;
          }
          if (depth > 0) return !closed || (n.type !== 'ERROR' && closers >= depth && !inTarget(n));
        }
        return false;
      },
      document,
    );
    return open ?? false;
  }

  /**
   * Whether `body`, written after the blanks `lineSoFar` on an empty line of a block body, is complete
   * code: it parses without error as the body of a block of its own, and leaves no header without its
   * body and no `try` without its `except` (which the grammar takes without an error), no string open
   * and no line continued by a backslash: the grammar reads `x = "` and `"""` on the next line as two
   * strings side by side, and a backslash at the end as nothing, where Python goes on reading.
   */
  completesBlock(lineSoFar: string, body: string): boolean {
    if (endsInString(`${lineSoFar}${body}\n`) || /\\[ \t]*\r?$/.test(body)) return false;
    return this.withTree(`if 1:\n${lineSoFar}${body}\n`, (root) => !root.hasError && !unfinishedIn(root)) ?? false;
  }

  /** Runs `use` on the syntax tree of `text` (kept for the document, when given, as analyze does). */
  withTree<T>(text: string, use: (root: Node) => T, document?: string): T | undefined {
    const tree = this.parse(text, document);
    if (!tree) return undefined;
    try {
      return use(tree.rootNode);
    } finally {
      if (!document) tree.delete();
    }
  }

  /** Drops a closed document's tree. */
  forget(document: string): void {
    this.trees.get(document)?.tree.delete();
    this.trees.delete(document);
  }

  private parse(text: string, document: string | undefined): Tree | null {
    if (!document) return this.parser.parse(text);
    const previous = this.trees.get(document);
    this.trees.delete(document);
    let tree: Tree | null;
    if (previous && previous.text === text) {
      tree = previous.tree;
    } else if (previous) {
      // Out of the map before anything can throw, and freed whatever happens: a tree edited but not
      // reparsed no longer matches its text.
      try {
        previous.tree.edit(editBetween(previous.text, text));
        tree = this.parser.parse(text, previous.tree);
      } finally {
        previous.tree.delete();
      }
    } else {
      tree = this.parser.parse(text);
    }
    if (!tree) return null;
    this.trees.set(document, { text, tree });
    if (this.trees.size > MAX_TREES) this.forget(this.trees.keys().next().value!);
    return tree;
  }
}

/** The single edit that turns `before` into `after`: their common prefix and suffix stay. */
export function editBetween(before: string, after: string): Edit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}

/** Row and column (UTF-16 units, as web-tree-sitter counts for string input) of an index. */
function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** The clauses that complete a `try`. */
const TRY_ENDS = new Set(['except_clause', 'except_group_clause', 'finally_clause']);

/**
 * A block with no statement (comments aside), a function whose body is its docstring alone (a stub
 * that returns None), or a `try` with no clause to end it, at or below `node`.
 */
function unfinishedIn(node: Node): boolean {
  if (node.type === 'block') {
    const statements = node.namedChildren.filter((c) => c !== null && c.type !== 'comment');
    if (statements.length === 0) return true;
    const only = statements.length === 1 ? statements[0] : undefined;
    if (node.parent?.type === 'function_definition' && only?.type === 'expression_statement' && only.namedChildren.every((c) => c?.type === 'string')) return true;
  }
  if (node.type === 'try_statement' && !node.children.some((c) => c !== null && TRY_ENDS.has(c.type))) return true;
  return node.namedChildren.some((c) => c !== null && unfinishedIn(c));
}

/** A string that is the first statement of a module, class or function body. */
function isDocstring(node: Node): boolean {
  const statement = node.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  const body = statement.parent;
  if (!body || body.firstNamedChild?.id !== statement.id) return false;
  return body.type === 'module' || (body.type === 'block' && (body.parent?.type === 'function_definition' || body.parent?.type === 'class_definition'));
}

/**
 * A quote opened on this line before the cursor that the parser could not close: an ERROR node
 * holding a lone string_start, among the children of the nodes around the cursor.
 */
function insideUnterminatedString(inside: Node | null, lineStart: number, offset: number): boolean {
  const opensHere = (n: Node | null): boolean => n?.type === 'string_start' && n.startIndex >= lineStart && n.startIndex < offset;
  for (let n = inside; n; n = n.parent) {
    if (n.type === 'ERROR' && n.children.some(opensHere)) return true;
    // Only the children on this line: a module can have thousands.
    for (let c = n.firstChildForIndex(lineStart); c && c.startIndex < offset; c = c.nextSibling) {
      if (c.type === 'ERROR' && c.children.some(opensHere)) return true;
    }
  }
  return false;
}

/** Index of the last non-whitespace character before `end`, skipping comment-only lines. */
export function lastCodeIndex(text: string, end: number): number {
  let i = end - 1;
  while (i >= 0) {
    while (i >= 0 && /\s/.test(text[i])) i--;
    if (i < 0) return -1;
    const lineStart = text.lastIndexOf('\n', i) + 1;
    const line = text.slice(lineStart, i + 1);
    const hash = line.indexOf('#');
    if (hash >= 0 && line.slice(0, hash).trim() === '') {
      i = lineStart - 1;
      continue;
    }
    return i;
  }
  return -1;
}

/** Columns of leading whitespace, a tab counting as up to the next multiple of 8 (as Python does). */
export function indentWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (ch === ' ') width++;
    else if (ch === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else break;
  }
  return width;
}

/**
 * Where a block body ends in generated text that starts at an indented empty line: before the first
 * non-empty line indented no deeper than the header. Undefined while the block goes on.
 */
export function blockEnd(generated: string, headerIndent: number): number | undefined {
  let at = generated.indexOf('\n');
  while (at >= 0) {
    const next = generated.indexOf('\n', at + 1);
    const line = generated.slice(at + 1, next < 0 ? undefined : next);
    if (line.trim() !== '' && indentWidth(line) <= headerIndent) return at;
    at = next;
  }
  return undefined;
}

/** Whether a node stands in what a statement assigns to (`(a["x"],\n b["y"]) = …`, a loop's or a `with`'s targets). */
function inTarget(node: Node): boolean {
  for (let n: Node = node; n.parent; n = n.parent) {
    const parent = n.parent;
    if (/^(assignment|augmented_assignment|for_statement|for_in_clause)$/.test(parent.type) && parent.childForFieldName('left')?.id === n.id) return true;
    if (parent.type === 'as_pattern_target') return true;
    if (/(_statement|^block|^module)$/.test(parent.type)) return false;
  }
  return false;
}
