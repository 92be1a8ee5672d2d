// On a line opened after a method, a small model often answers with the method it has just seen:
// `def image(self):` below `def image(self): return self.__image`. On projects it never saw, 11 of
// 200 next-line suggestions defined again a name their block defines, and none of the lines asked
// for did (bench/quality cases, seed 7, the file alone). A second definition in the same block
// replaces the first without a word (pylint's function-redefined), so such an answer is tried again
// with a name that neither begins the way the defined one does nor goes on from it: forbidding only
// the very name made the model add to it (`image_centers`, `__init___`); forbidding its beginnings
// gave names of its own (`def fit(self, X, y, sample_weight=None):` where `_check_X_y` was taken),
// or another statement (`if __name__ == "__main__":` below `def main():`). Edit similarity on those
// 200 cases: −0.0002 ± 0.0020, the same; what changes is that no answer replaces a definition.
// A name defined under `@overload` does not count: the undecorated definition after it is its body.
import type { Node } from 'web-tree-sitter';
import { indentWidth, lastCodeIndex } from './pythonSyntax';

/** A definition's keyword and name at a line's start, the name ended by what follows it. */
const DEFINITION = /^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)(?=\W)/;
/** A definition's keyword and as much of its name as is written. */
const NAME_SO_FAR = /^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)/;

/**
 * The names that function and class definitions bind as statements of the block the cursor's line
 * belongs to (the one whose statements have the indentation before the cursor), by statements that
 * start before or after the cursor's line. Empty where that block cannot be told (a header whose body
 * is not written yet), where the line follows a decorator (a property's setter is defined this way),
 * and at module level when `moduleLevel` is false (a notebook's cells, read as one module, define a
 * function again as a cell is rewritten and run once more).
 */
export function blockDefinitions(root: Node, text: string, offset: number, moduleLevel = true): ReadonlySet<string> {
  const names = new Set<string>();
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const next = text.indexOf('\n', offset);
  const lineEnd = next < 0 ? text.length : next;
  const indent = indentWidth(/^[ \t]*/.exec(text.slice(lineStart, offset))![0]);
  const last = lastCodeIndex(text, lineStart);
  const above = last < 0 ? null : root.descendantForIndex(last, last + 1);
  // The code above ends a decorator (over several lines too; with nothing to decorate yet, the parser
  // keeps it in an error node).
  for (let n = above; n; n = n.parent) if (n.type === 'decorator') return names;
  let block: Node | null = last < 0 ? root : null;
  for (let n = above; n && !block; n = n.parent) {
    if ((n.type === 'block' || n.type === 'module') && statementIndent(n, text) === indent) block = n;
  }
  if (!block || (block.type === 'module' && !moduleLevel)) return names;
  for (const child of block.namedChildren) {
    // What starts on the cursor's line is being written; a body the parser runs past it is not.
    if (!child || (child.startIndex >= lineStart && child.startIndex <= lineEnd)) continue;
    const definition = child.type === 'decorated_definition' ? (overloaded(child) ? null : child.childForFieldName('definition')) : child;
    if (definition?.type !== 'function_definition' && definition?.type !== 'class_definition') continue;
    const name = definition.childForFieldName('name')?.text;
    if (name) names.add(name);
  }
  return names;
}

/** A definition under `@overload` / `@typing.overload`. */
function overloaded(decorated: Node): boolean {
  return decorated.namedChildren.some((d) => d?.type === 'decorator' && /^@\s*(?:\w+\s*\.\s*)*overload\s*$/.test(d.text));
}

/** The indentation of a block's statements: that of the first one that begins its line. */
function statementIndent(block: Node, text: string): number | undefined {
  for (const child of block.namedChildren) {
    if (!child) continue;
    const before = text.slice(text.lastIndexOf('\n', child.startIndex - 1) + 1, child.startIndex);
    if (/^[ \t]*$/.test(before)) return indentWidth(before);
  }
  return undefined;
}

/**
 * The name that `line` (a suggestion's first line, after what precedes it on the cursor's line)
 * defines again: one of `defined()`, read only when the line is a definition.
 */
export function redefinedName(line: string, defined: () => ReadonlySet<string>): string | undefined {
  const m = DEFINITION.exec(line + '\n');
  return m && defined().has(m[1]) ? m[1] : undefined;
}

/**
 * For a second try after a first answer defined `name` again, the generator's `lineRule`: the line
 * (`before`, the cursor's line up to the cursor, then the visible text) may define no name that
 * begins the way `name` does (a part of it, as the tokens have spelled it so far: under `image`,
 * `def imshow` written " i" + "ms" + … is refused too) or goes on from it. Given the visible text, a
 * check of what a token adds, or undefined once the line has anything but words and blanks (the name,
 * if any, is whole and allowed) or has left the first line.
 */
export function unlikeName(name: string, before: string): (visible: string) => ((added: string) => boolean) | undefined {
  return (visible) => {
    const line = before + visible;
    if (!/^[ \t\w]*$/.test(line)) return undefined;
    return (added) => {
      const m = NAME_SO_FAR.exec(line + added);
      return !m || !(name.startsWith(m[1]) || m[1].startsWith(name));
    };
  };
}
