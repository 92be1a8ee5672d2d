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
