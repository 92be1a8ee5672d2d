// A quick left-to-right reading of generated Python for where strings, comments and brackets are,
// enough for rules that look at a suggestion as it grows (memberNames.ts, unsureLines.ts,
// repetition.ts); the tree-sitter parse (pythonSyntax.ts) is for what needs the grammar.

interface ScanState {
  /** The quote of the string the text is in ('', ', ", ''' or """). */
  quote: string;
  comment: boolean;
  /** Brackets opened outside strings and comments and not closed yet. */
  depth: number;
}

/**
 * Reads `text`: quotes and `#` left to right; a comment ends with its line, and so does a one-quote
 * string unless a backslash continues it; a triple-quoted one goes on. `lineEnd` is called at each
 * line break with the state the next line starts in. Returns the state at the end.
 */
function scan(text: string, lineEnd?: (next: Readonly<ScanState>) => void): ScanState {
  const state: ScanState = { quote: '', comment: false, depth: 0 };
  let continued = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      state.comment = false;
      if (state.quote.length === 1 && !continued) state.quote = '';
      continued = false;
      lineEnd?.(state);
    } else if (state.comment) continue;
    else if (state.quote) {
      if (c === '\\') {
        // An escaped character; an escaped line break (a Windows one too) continues the string on the next line.
        if (text[i + 1] === '\n') continued = true;
        else if (text[i + 1] === '\r' && text[i + 2] === '\n') {
          continued = true;
          i++;
        } else i++;
      } else if (text.startsWith(state.quote, i)) {
        i += state.quote.length - 1;
        state.quote = '';
      }
    } else if (c === '#') state.comment = true;
    else if (c === '"' || c === "'") {
      state.quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += state.quote.length - 1;
    } else if (c === '(' || c === '[' || c === '{') state.depth++;
    else if ((c === ')' || c === ']' || c === '}') && state.depth > 0) state.depth--;
  }
  return state;
}

/** Whether the end of `text` (code from a line's start on, perhaps several lines) is inside a string or a comment. */
export function endsInStringOrComment(text: string): boolean {
  const end = scan(text);
  return end.quote !== '' || end.comment;
}

/** Whether the end of `text` is inside a string: a triple-quoted one, one a backslash continues, or on the last line any. */
export function endsInString(text: string): boolean {
  return scan(text).quote !== '';
}

/** Whether `text` leaves a bracket open outside strings and comments (a call's argument lines). */
export function bracketsOpen(text: string): boolean {
  return scan(text).depth > 0;
}

/** Where a line starts and ends: inside brackets (their depth) or a string going on over lines, or in code. */
export interface LineState {
  readonly startDepth: number;
  readonly startsInString: boolean;
  readonly endDepth: number;
  /** The line ends inside a string: one that goes on (triple-quoted, or continued by a backslash), or, on the last line, any. */
  readonly endsInString: boolean;
}

/** The state at the start and end of each line of `text` (split at `\n`). */
export function lineStates(text: string): LineState[] {
  const states: LineState[] = [];
  let start = { startDepth: 0, startsInString: false };
  const end = scan(text, (next) => {
    states.push({ ...start, endDepth: next.depth, endsInString: next.quote !== '' });
    start = { startDepth: next.depth, startsInString: next.quote !== '' };
  });
  states.push({ ...start, endDepth: end.depth, endsInString: end.quote !== '' });
  return states;
}
