// What a Python module imports at its top level, and where a new import line goes: after the last
// top-level import (so after `from __future__` ones too), else after the module docstring and the
// leading comments (shebang, encoding), else at the top. Read from the tree-sitter syntax tree.
import type { Node } from 'web-tree-sitter';

export interface ModuleImports {
  /** Names bound by top-level imports: `import torch.nn as nn` → nn, `from torch import nn` → nn, `import torch.nn` → torch. */
  readonly bound: ReadonlySet<string>;
  /** Line (0-based) before which new imports go. */
  readonly insertLine: number;
  /** Whether a blank line should separate the new imports from the code after them. */
  readonly needsBlankAfter: boolean;
  /** Whether the text before insertLine lacks a final line break (the last import is the last line). */
  readonly needsLineBreakBefore: boolean;
  /** Whether a blank line should separate them from a module docstring before them. */
  readonly needsBlankBefore: boolean;
}

const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

function bindings(node: Node): string[] {
  const names: string[] = [];
  if (node.type === 'import_statement') {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'aliased_import') names.push(child.childForFieldName('alias')?.text ?? '');
      else if (child.type === 'dotted_name') names.push(child.text.split('.')[0]);
    }
  } else {
    // from X import a, b as c: the names after `import` (the module_name field is X).
    const moduleName = node.childForFieldName('module_name');
    for (const child of node.namedChildren) {
      if (!child || (moduleName && child.id === moduleName.id)) continue;
      if (child.type === 'aliased_import') names.push(child.childForFieldName('alias')?.text ?? '');
      else if (child.type === 'dotted_name') names.push(child.text.split('.').pop() ?? '');
    }
  }
  return names.filter(Boolean);
}

function isDocstring(node: Node): boolean {
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.namedChild(0)?.type === 'string';
}

export function moduleImports(root: Node, text: string): ModuleImports {
  const bound = new Set<string>();
  let lastImport: Node | undefined;
  let firstCode: Node | undefined;
  let docstring: Node | undefined;
  for (const child of root.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (IMPORTS.has(child.type)) {
      bindings(child).forEach((n) => bound.add(n));
      lastImport = child;
    } else if (!firstCode) {
      firstCode = child;
      if (isDocstring(child) && !lastImport) docstring = child;
    }
  }
  const lines = text.split('\n');
  const after = (node: Node) => node.endPosition.row + 1;
  let insertLine: number;
  if (lastImport) insertLine = after(lastImport);
  else if (docstring) insertLine = after(docstring);
  else {
    // Leading comment lines (shebang, encoding, licence header) stay first.
    insertLine = 0;
    while (insertLine < lines.length && lines[insertLine].startsWith('#')) insertLine++;
  }
  const next = lines[insertLine];
  const nextIsImportOrBlank = next === undefined || next.trim() === '' || /^(import|from)\s/.test(next);
  return {
    bound,
    insertLine,
    needsBlankAfter: !nextIsImportOrBlank,
    needsLineBreakBefore: insertLine > 0 && insertLine >= lines.length,
    needsBlankBefore: !lastImport && docstring !== undefined,
  };
}
