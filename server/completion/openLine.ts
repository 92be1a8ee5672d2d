// How a suggestion may open on a line the user has opened to write on (the cursor at the line's
// start or after its indentation, nothing after it on the line). Two answers of a model leave the
// user with no suggestion there: a line break first (the blank line stays blank and the model goes
// on below it, which the line's stop cuts to nothing), and a copy of the line below (the model
// thinks nothing is missing; postProcess drops it). These predicates, for generate()'s `opening`,
// rule such openings out, so that the model's best line that does neither is shown instead.

/** A line break before anything visible. */
const LINE_LEFT_BLANK = /^[ \t]*[\r\n]/;

/** The suggestion writes on the opened line before it ends it. */
export function fillsLine(visible: string): boolean {
  return !LINE_LEFT_BLANK.test(visible);
}

/**
 * As fillsLine, and the suggestion may not begin the way `lineBelow` (trimmed) begins: for a second
 * try after the first copied that line. A token that spells the line's beginning, or all of it and
 * more, is ruled out; blanks before it decide nothing yet.
 */
export function unlike(lineBelow: string): (visible: string) => boolean {
  return (visible) => {
    if (!fillsLine(visible)) return false;
    const shown = visible.trimStart();
    return shown === '' || !(lineBelow.startsWith(shown) || shown.startsWith(lineBelow));
  };
}
