// A keyword argument given twice in one call (`torch.optim.SGD(params, lr=0.1, momentum=0.9,
// momentum=…`), or a parameter's default twice in one signature, is a SyntaxError ("keyword argument
// repeated"): the script does not even start, on a login node or after a Slurm queue. A small model
// that has written the arguments it knows goes on with one of them again (5 of 15 calls of the field
// tried here: `nn.Conv2d(3, 64, kernel_size=3, stride=1` → `, stride=`).
//
// Two answers. In the argument the user is writing (the cursor after `, `), the token that would name
// again a keyword the call has is refused: the model writes another argument. An argument the
// suggestion itself begins with such a keyword ends it before its comma: the model had nothing more
// to add, and the call is closed as the suffix needs (brackets.ts) rather than go on with a made-up name.

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

/**
 * The line rule for a suggestion after `lineSoFar` (the cursor's line up to it); `opened`: the lines
 * above it inside the innermost bracket it starts in (codeScan.ts openedLines). In a call's (or a
 * def's) parentheses, while the argument being written began at or before the cursor, a token may not
 * complete a keyword an earlier argument names; a keyword the user typed twice is theirs to see.
 */
export function noRepeatedKeyword(lineSoFar: string, opened: () => string): (visible: string) => ((added: string) => boolean) | undefined {
  return (visible) => {
    const open = openBracketAt(opened() + lineSoFar + visible);
    // An argument the suggestion began: repeatedKeywordCut's.
    if (!open || open.opener !== '(' || open.elements.length === 0 || open.current.length < visible.length) return undefined;
    const given = keywordsOf(open.elements);
    if (given.size === 0 || keywordOf(open.current) !== undefined) return undefined;
    // A token may end the argument (`, `): what it begins after that is the cut's to judge.
    return (added) => !given.has(keywordOf(open.current + added.split(',', 1)[0]) ?? '');
  };
}

/**
 * For the generator's stopAt: where to cut a suggestion after `lineSoFar` (`opened` as above) that
 * begins an argument whose keyword an earlier argument of the same call names: before that argument's
 * comma. Undefined where it begins none.
 */
export function repeatedKeywordCut(lineSoFar: string, opened: () => string): (text: string) => number | undefined {
  return (text) => {
    for (let comma = text.indexOf(','); comma >= 0; comma = text.indexOf(',', comma + 1)) {
      const keyword = keywordOf(text.slice(comma + 1));
      if (keyword === undefined) continue;
      // The comma's own bracket (a comma in a string or a comment gives none).
      const open = openBracketAt(opened() + lineSoFar + text.slice(0, comma + 1));
      if (open?.opener === '(' && keywordsOf(open.elements).has(keyword)) return comma;
    }
    return undefined;
  };
}

