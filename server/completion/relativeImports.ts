// No relative import in a script. A file whose folder has no __init__.py is run as a script
// (`python train.py`), and there `from . import x` fails: "attempted relative import with no known
// parent package"; so it does in a notebook wherever it is saved (a kernel runs its cells as
// __main__). The code model learned imports from libraries' own files, where relative imports
// are everywhere, and offers them in scripts too: 13 of the shipped model's 800 next-line suggestions
// on the scripts split (models/train/README.md, "Scripts that use the libraries"). This rule, for
// generate()'s `lineRule`, keeps the first line from becoming one, so that the model's best line that
// is not one is shown instead; a line the project repeats (repeatedLines.ts) is not offered when it is
// one. A line the user began as a relative import is theirs: no rule there. A folder without an
// __init__.py may still be a namespace package (PEP 420), whose modules import each other relatively:
// where the document's head or a module beside it already does (server/context/packageFolder.ts), no rule.

/** A relative import statement, as far as its dots (Python takes `from.x import y` too). */
const RELATIVE_IMPORT = /^[ \t]*from[ \t]*\./;
/** A relative import statement at a module's top level (not prose: `from .npz files`; one under `try:` may be a script's fallback). */
const RELATIVE_IMPORT_STATEMENT = /^\uFEFF?from[ \t]*\.+[ \t]*[\w.]*[ \t]+import\b/m;
/** A line that may still become a relative import: blanks, then a prefix of `from` and its blanks. */
const MAY_BECOME = /^[ \t]*(?:f|fr|fro|from[ \t]*)?$/;

/**
 * generate()'s `lineRule` for a document outside any package: given the visible text so far on the
 * first line (after `lineSoFar`, the line before the cursor), a check of the text a token would add,
 * or undefined where no token can make the line a relative import.
 */
export function noRelativeImport(lineSoFar: string): (visible: string) => ((added: string) => boolean) | undefined {
  if (RELATIVE_IMPORT.test(lineSoFar)) return () => undefined;
  return (visible) => {
    const line = lineSoFar + visible;
    if (!MAY_BECOME.test(line)) return undefined;
    return (added) => !RELATIVE_IMPORT.test(line + added);
  };
}

/** Whether `text` imports relatively at its top level: the project, or the document itself, says its folder is a package. */
export function importsRelatively(text: string): boolean {
  return RELATIVE_IMPORT_STATEMENT.test(text);
}

/** Whether `line` (the whole first line: `lineSoFar` and what a suggestion adds) makes the relative import the rule refuses. */
export function makesRelativeImport(lineSoFar: string, line: string): boolean {
  return !RELATIVE_IMPORT.test(lineSoFar) && RELATIVE_IMPORT.test(line);
}

/** Both line rules, where both are given: a token passes when each of them lets it. */
export function bothLineRules(
  a: ((visible: string) => ((added: string) => boolean) | undefined) | undefined,
  b: ((visible: string) => ((added: string) => boolean) | undefined) | undefined,
): ((visible: string) => ((added: string) => boolean) | undefined) | undefined {
  if (!a || !b) return a ?? b;
  return (visible) => {
    const first = a(visible);
    const second = b(visible);
    if (!first || !second) return first ?? second;
    return (added) => first(added) && second(added);
  };
}
