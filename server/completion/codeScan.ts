// A quick left-to-right reading of generated Python for where strings and comments are, enough for
// rules that look at a suggestion as it grows (memberNames.ts, unsureLines.ts); the tree-sitter parse
// (pythonSyntax.ts) is for what needs the grammar.

/**
 * Whether the end of `text` (code from a line's start on, perhaps several lines) is inside a string or
 * a comment: quotes and `#` read left to right; a comment or a one-quote string ends with its line, a
 * triple-quoted one goes on.
 */
export function endsInStringOrComment(text: string): boolean {
  let quote = '';
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      comment = false;
      if (quote.length === 1) quote = '';
    } else if (comment) continue;
    else if (quote) {
      if (c === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
    } else if (c === '#') comment = true;
    else if (c === '"' || c === "'") {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
    }
  }
  return quote !== '' || comment;
}

/** Where each line of `text` starts and ends: inside brackets (their depth) or a string, or in code. */
export interface LineState {
  readonly startDepth: number;
  readonly startsInString: boolean;
  readonly endDepth: number;
  readonly endsInString: boolean;
}

/**
 * The state at the start and end of each line of `text` (split at `\n`), read as endsInStringOrComment
 * reads it, with the depth of brackets opened outside strings and comments.
 */
export function lineStates(text: string): LineState[] {
  const states: LineState[] = [];
  let quote = '';
  let comment = false;
  let depth = 0;
  let start = { startDepth: 0, startsInString: false };
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (i === text.length || c === '\n') {
      states.push({ ...start, endDepth: depth, endsInString: quote.length === 3 });
      comment = false;
      if (quote.length === 1) quote = '';
      start = { startDepth: depth, startsInString: quote !== '' };
    } else if (comment) continue;
    else if (quote) {
      // An escaped character; a backslash ending the line still lets the line end here.
      if (c === '\\' && i + 1 < text.length && text[i + 1] !== '\n') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
    } else if (c === '#') comment = true;
    else if (c === '"' || c === "'") {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
  }
  return states;
}
