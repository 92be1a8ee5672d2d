// A keyword argument given twice in one call (`torch.optim.SGD(params, lr=0.1, momentum=0.9,
// momentum=…`), or a parameter's default twice in one signature, is a SyntaxError ("keyword argument
// repeated"): the script does not even start, on a login node or after a Slurm queue. A small model
// that has written the arguments it knows goes on with one of them again (5 of 15 calls of the field
// tried here: `nn.Conv2d(3, 64, kernel_size=3, stride=1` → `, stride=`).
//
// An argument the suggestion begins with such a keyword ends the suggestion before its comma: the
// model had nothing more to add, and the engine closes the call there (unless the text after the
// cursor does). In the argument the user began (the cursor after `, `) the suggestion is dropped
// instead: held to other keywords, the model made one up (`model_set_axis=` for a second `model=`) or
// left a bare name after keyword arguments, another SyntaxError, in the unseen-package evaluation.

import { openBracketAt } from './codeScan';

/**
 * A keyword's name at the start of an argument, past blank lines and comments (`lr=`, `lr =`; not
 * `lr ==`). A comment runs to its line's end, so that a `#` inside one never starts another: a banner
 * of `####` would otherwise be read in exponentially many ways.
 */
const KEYWORD = /^(?:\s|#[^\n]*(?=\n|$))*([A-Za-z_]\w*)\s*=(?!=)/;

const keywordOf = (element: string): string | undefined => KEYWORD.exec(element)?.[1];

/** The keywords the arguments `elements` name. */
function keywordsOf(elements: readonly string[]): Set<string> {
  const given = new Set<string>();
  for (const element of elements) {
    const keyword = keywordOf(element);
    if (keyword) given.add(keyword);
  }
  return given;
}

/** Where a suggestion is cut for a repeated keyword, and whether the call is to be closed there. */
export interface KeywordCut {
  readonly at: number;
  /** Cut before an argument the suggestion began (at its comma): the call ends there. Not so where the suggestion is dropped. */
  readonly closes: boolean;
}

/**
 * For the generator's stopAt: where to cut a suggestion `text` after `lineSoFar` (the cursor's line up
 * to it; `opened`: the lines above it inside the innermost bracket it starts in, codeScan.ts
 * openedLines) that names a keyword an earlier argument of the same call (or def) names: before the
 * comma of an argument the suggestion began, or all of it where it is the argument the user began.
 * Undefined where it names none.
 */
export function repeatedKeywordCut(lineSoFar: string, opened: () => string): (text: string) => KeywordCut | undefined {
  // The argument the cursor is in, read once: its call's keywords, and whether it has one already.
  let cursor: { readonly given: ReadonlySet<string>; readonly current: string } | null | undefined;
  return (text) => {
    if (cursor === undefined) {
      const open = openBracketAt(opened() + lineSoFar);
      cursor = open?.opener === '(' && keywordOf(open.current) === undefined ? { given: keywordsOf(open.elements), current: open.current } : null;
    }
    if (cursor && cursor.given.size > 0) {
      // The argument the user began, up to the suggestion's first comma (one in brackets or a string
      // the suggestion opens is read as the argument's: the name before `=` is what counts).
      const keyword = keywordOf(cursor.current + text.split(',', 1)[0]);
      if (keyword !== undefined && cursor.given.has(keyword)) return { at: 0, closes: false };
    }
    for (let comma = text.indexOf(','); comma >= 0; comma = text.indexOf(',', comma + 1)) {
      const keyword = keywordOf(text.slice(comma + 1));
      if (keyword === undefined) continue;
      // The comma's own bracket (a comma in a string or a comment gives none).
      const open = openBracketAt(opened() + lineSoFar + text.slice(0, comma + 1));
      if (open?.opener === '(' && keywordsOf(open.elements).has(keyword)) return { at: comma, closes: true };
    }
    return undefined;
  };
}
