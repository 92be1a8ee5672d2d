// Identifiers of a document found by their spelling: searching the text is faster than walking a
// long file's tree, and the tree then says what each occurrence is.
import type { Node } from 'web-tree-sitter';
import { escapeRegExp } from '../../core/text/escapeRegExp';

/** Whether an identifier stands in an import statement (`import config as args`): it binds there, to a module or its name. */
export function imports(node: Node): boolean {
  for (let n = node.parent, i = 0; n && i < 3; n = n.parent, i++) if (n.type === 'import_statement' || n.type === 'import_from_statement') return true;
  return false;
}

/** The identifier nodes of `source` spelled `name` (none in comments or strings). */
export function identifiersNamed(root: Node, source: string, name: string): Node[] {
  const found: Node[] = [];
  const pattern = new RegExp(`(?<![\\w.])${escapeRegExp(name)}(?!\\w)`, 'g');
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    const node = root.descendantForIndex(m.index, m.index + name.length);
    if (node?.type === 'identifier' && node.text === name) found.push(node);
  }
  return found;
}
