// Snippet completion items where a snippet fits: the network blocks (class and function definitions)
// at the top level of a Python file, never in a function or class body, inside brackets, comments
// or strings; the weaver data config in a YAML file that is empty or already one. An item whose
// code needs `torch`, `nn` or `F` the file does not bind adds the import (additionalTextEdits).
import type { Node } from 'web-tree-sitter';
import { type CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, type Position, type TextEdit } from 'vscode-languageserver';
import { COMMANDS } from '../../core/protocol/commands';
import { boundName, type Snippet, snippetMarkdown } from '../../core/snippets/snippet';
import type { PythonSyntax } from '../completion/pythonSyntax';
import { moduleImports } from './pythonImports';

/** Nodes whose inside is an expression, where a definition cannot start. */
const EXPRESSION_CONTAINERS = new Set([
  'argument_list', 'parenthesized_expression', 'list', 'dictionary', 'set', 'tuple', 'subscript',
  'generator_expression', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'string', 'comment',
]);
const BLOCK_OWNERS = new Set(['function_definition', 'class_definition', 'block']);

/** Top-level keys of weaver's data-config YAML. */
const WEAVER_KEYS = /^(treename|selection|test_time_selection|new_variables|preprocess|inputs|labels|observers|monitor_variables|weights):/m;

export interface SnippetDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly text: string;
  /** The cursor's offset in `text`. */
  readonly offset: number;
}

/** The word being typed at the cursor, at column 0 and alone on its line so far, or undefined. */
function topLevelWord(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[A-Za-z0-9_-]*$/.test(before) ? before : undefined;
}

/** Brackets opened before `offset` and not closed yet (also when the parser had to give up on them). */
function openBrackets(root: Node, text: string, offset: number): number {
  const end = root.descendantForIndex(Math.max(0, offset - 1))?.endPosition ?? root.endPosition;
  let depth = 0;
  for (const b of root.descendantsOfType(['(', '[', '{', ')', ']', '}'], { row: 0, column: 0 }, end)) {
    if (!b || b.isMissing || b.startIndex >= offset || b.startIndex === b.endIndex) continue;
    depth += '([{'.includes(text[b.startIndex]) ? 1 : -1;
  }
  return depth;
}

function atModuleLevel(root: Node, text: string, offset: number): boolean {
  if (openBrackets(root, text, offset) > 0) return false;
  const at = offset > 0 ? root.descendantForIndex(offset - 1, offset) : root;
  for (let n: Node | null = at; n; n = n.parent) {
    if (EXPRESSION_CONTAINERS.has(n.type) && n.startIndex < offset && offset <= n.endIndex) return false;
    if (BLOCK_OWNERS.has(n.type) && n.startIndex < offset && offset < n.endIndex) return false;
  }
  return true;
}

function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function item(s: Snippet, word: string, position: Position, body: string, additionalTextEdits: TextEdit[] | undefined, locale: string): CompletionItem {
  return {
    label: s.prefix,
    labelDetails: { description: 'HAI' },
    kind: CompletionItemKind.Snippet,
    detail: `${s.title} · arXiv:${s.paper.arxiv}`,
    documentation: { kind: MarkupKind.Markdown, value: snippetMarkdown(s, locale) },
    filterText: s.prefix,
    sortText: `~hai-${s.prefix}`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range: { start: { line: position.line, character: position.character - word.length }, end: position }, newText: body },
    additionalTextEdits,
    // Run by the editor once the block is in: the HAI log records it, and the walkthrough's snippet
    // step is ticked by it (any other accepted suggestion must not tick it).
    command: { title: 'Note the inserted snippet', command: COMMANDS.noteSnippetInserted, arguments: [s.prefix] },
  };
}

/** `locale`: the editor's display language from `initialize` (labels of the documentation). */
export function snippetCompletions(doc: SnippetDocument, position: Position, snippets: readonly Snippet[], syntax: PythonSyntax | undefined, locale = 'en'): CompletionItem[] {
  const offset = doc.offset;
  const word = topLevelWord(doc.text, offset);
  if (word === undefined) return [];
  if (doc.languageId === 'yaml') {
    // A HAI job spec is YAML too, never a weaver data config (the spec editor completes its fields).
    if (doc.uri.endsWith('.hai-job.yaml')) return [];
    const rest = doc.text.slice(0, offset - word.length) + doc.text.slice(offset);
    if (rest.trim() !== '' && !WEAVER_KEYS.test(rest)) return [];
    return snippets.filter((s) => s.context === 'weaver-data-config').map((s) => item(s, word, position, s.body.join('\n'), undefined, locale));
  }
  if (doc.languageId !== 'python' || !syntax) return [];
  const found = syntax.withTree(doc.text, (root) => (atModuleLevel(root, doc.text, offset) ? moduleImports(root, doc.text) : undefined), doc.uri);
  if (!found) return [];
  return snippets
    .filter((s) => s.language === 'python' && s.context === 'module')
    .map((s) => {
      const missing = s.imports.filter((spec) => !found.bound.has(boundName(spec)));
      const body = s.body.join('\n');
      if (missing.length === 0) return item(s, word, position, body, undefined, locale);
      const lines = missing.map((spec) => `import ${spec}\n`).join('');
      // Imports that would land at or after the cursor (an empty file) go into the inserted text.
      if (found.insertLine >= position.line) {
        return item(s, word, position, `${escapeSnippetText(lines)}\n\n${body}`, undefined, locale);
      }
      const newText = `${found.needsLineBreakBefore ? '\n' : ''}${found.needsBlankBefore ? '\n' : ''}${lines}${found.needsBlankAfter ? '\n' : ''}`;
      const lines0 = doc.text.split('\n');
      const at = found.needsLineBreakBefore ? { line: found.insertLine - 1, character: lines0[found.insertLine - 1].length } : { line: found.insertLine, character: 0 };
      return item(s, word, position, body, [{ range: { start: at, end: at }, newText }], locale);
    });
}
