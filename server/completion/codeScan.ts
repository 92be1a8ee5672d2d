// A quick left-to-right reading of generated Python for where strings, comments and brackets are,
// enough for rules that look at a suggestion as it grows (memberNames.ts, unsureLines.ts,
// repetition.ts); the tree-sitter parse (pythonSyntax.ts) is for what needs the grammar.

interface ScanState {
  /** The quote of the string the text is in ('', ', ", ''' or """); '' in an f-string's `{…}` too. */
  quote: string;
  comment: boolean;
  /** Brackets opened outside strings and comments and not closed yet. */
  depth: number;
  /** Those brackets, innermost last. */
  open: string[];
  /** Where each of them is in the text, and the commas at its own level (not in brackets inside it). */
  starts: number[];
  commas: number[][];
  /** The f-strings whose `{…}` the text is in, outermost first (their code is code, not string). */
  fields: Field[];
}

/** An f-string's replacement field the scan is in: the string to go back to, and the field's own brackets. */
interface Field {
  readonly quote: string;
  /** Brackets opened inside the field and not closed yet; the field ends at a `}` with none open. */
  depth: number;
  /** In its format spec (after a top-level `:`): the f-string's text again, up to the field's `}`. */
  spec: boolean;
}

/** Whether the quote at `i` opens an f-string (`f"`, `rf'`, `Fr"""`): its prefix letters say so. */
function opensFString(text: string, i: number): boolean {
  let start = i;
  while (start > 0 && i - start < 2 && /[rRbBuUfF]/.test(text[start - 1])) start--;
  return start < i && !/\w/.test(text[start - 1] ?? '') && /[fF]/.test(text.slice(start, i));
}

/**
 * Reads `text`: quotes and `#` left to right; a comment ends with its line, and so does a one-quote
 * string unless a backslash continues it; a triple-quoted one goes on. In an f-string, a `{` (not
 * `{{`) opens code up to its `}`; a `:` there begins the format spec, string again, whose own `{…}`
 * are code. `lineEnd` is called at each line break with the state the next line starts in. Returns
 * the state at the end.
 */
function scan(text: string, lineEnd?: (next: Readonly<ScanState>) => void): ScanState {
  const state: ScanState = { quote: '', comment: false, depth: 0, open: [], starts: [], commas: [], fields: [] };
  /** Whether the string the text is in is an f-string (its `{` opens a field). */
  let fstring = false;
  let continued = false;
  const field = (): Field | undefined => state.fields[state.fields.length - 1];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      state.comment = false;
      // A one-quote string ends with its line, and so do the f-strings whose fields it is in.
      if (!continued && (state.quote.length === 1 || state.fields.some((f) => f.quote.length === 1))) {
        state.quote = '';
        state.fields = [];
        fstring = false;
      }
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
      } else if (fstring && field()?.spec && c === '}') {
        // The `}` after a format spec closes its field: back in the f-string's text.
        state.fields.pop();
      } else if (text.startsWith(state.quote, i)) {
        i += state.quote.length - 1;
        // A format spec its quote ends (`f"{x:>3"`, no `}`) ends with the string.
        while (field()?.spec && field()!.quote === state.quote) state.fields.pop();
        state.quote = '';
        fstring = false;
      } else if (fstring && (c === '{' || c === '}') && text[i + 1] === c) i++;
      else if (fstring && c === '{') {
        state.fields.push({ quote: state.quote, depth: 0, spec: false });
        state.quote = '';
        fstring = false;
      }
    } else if (c === '#') state.comment = true;
    else if (c === '"' || c === "'") {
      fstring = opensFString(text, i);
      state.quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += state.quote.length - 1;
    } else if (field()) {
      const f = field()!;
      if (c === '(' || c === '[' || c === '{') f.depth++;
      else if ((c === ')' || c === ']') && f.depth > 0) f.depth--;
      else if (c === '}' && f.depth > 0) f.depth--;
      else if (c === '}') {
        // The field's end: back in its f-string.
        state.fields.pop();
        state.quote = f.quote;
        fstring = true;
      } else if (c === ':' && f.depth === 0) {
        // The format spec (a top-level `:` always starts one: a walrus needs brackets there), with fields of its own.
        f.spec = true;
        state.quote = f.quote;
        fstring = true;
      }
    } else if (c === '(' || c === '[' || c === '{') {
      state.depth++;
      state.open.push(c);
      state.starts.push(i);
      state.commas.push([]);
    } else if ((c === ')' || c === ']' || c === '}') && state.depth > 0) {
      state.depth--;
      state.open.pop();
      state.starts.pop();
      state.commas.pop();
    } else if (c === ',' && state.depth > 0) state.commas[state.depth - 1].push(i);
  }
  return state;
}

/** Whether a state is inside a string: its text, or the code of an f-string's field. */
const inString = (state: Readonly<ScanState>): boolean => state.quote !== '' || state.fields.length > 0;

/**
 * Whether the end of `text` (code from a line's start on, perhaps several lines) is inside a string or
 * a comment; an f-string's `{…}` is code (`f"{args.`).
 */
export function endsInStringOrComment(text: string): boolean {
  const end = scan(text);
  return end.quote !== '' || end.comment;
}

/**
 * Whether the end of `text` is inside a string: a triple-quoted one, one a backslash continues, or on
 * the last line any; in an f-string's `{…}` too (its string is not closed yet), unlike endsInStringOrComment.
 */
export function endsInString(text: string): boolean {
  return inString(scan(text));
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * What closes the brackets `text` (one line of code) leaves open (`f(a, [b` → `])`), or undefined
 * when it ends inside a string or a comment.
 */
export function closersOf(text: string): string | undefined {
  const end = scan(text);
  if (inString(end) || end.comment) return undefined;
  return end.open.map((c) => CLOSERS[c]).reverse().join('');
}

/** Whether `text` leaves a bracket open outside strings and comments (a call's argument lines). */
export function bracketsOpen(text: string): boolean {
  return scan(text).depth > 0;
}

/** The innermost bracket open at the end of some code: which, what stands before it, and its elements written before the last. */
export interface OpenBracket {
  readonly opener: '(' | '[' | '{';
  /** The text before the bracket. */
  readonly before: string;
  /** The text of each element before the one being written (between the bracket and the commas at its level), as written. */
  readonly elements: readonly string[];
  /** The text of the element being written, from the bracket or the last comma at its level to the end. */
  readonly current: string;
}

/**
 * The innermost bracket open at the end of `text` (code, perhaps over lines), or undefined where none
 * is open or the text ends in a string, a comment or an f-string's field.
 */
export function openBracketAt(text: string): OpenBracket | undefined {
  const end = scan(text);
  if (end.depth === 0 || inString(end) || end.comment) return undefined;
  const start = end.starts[end.depth - 1];
  const cuts = [start, ...end.commas[end.depth - 1]];
  const elements = cuts.slice(0, -1).map((at, k) => text.slice(at + 1, cuts[k + 1]));
  return { opener: end.open[end.depth - 1] as OpenBracket['opener'], before: text.slice(0, start), elements, current: text.slice(cuts[cuts.length - 1] + 1) };
}

/**
 * Whether `after`, read on from the end of `before` (code), closes the innermost bracket open there:
 * the text after the cursor closes the call a suggestion ends in (the editor's `)` on the line, or a
 * black-style `)` on a line of its own). False where none is open, or `before` ends in a string or a comment.
 */
export function closesInnermost(before: string, after: string): boolean {
  const start = scan(before);
  if (start.depth === 0 || inString(start) || start.comment) return false;
  const end = scan(before + after);
  return end.depth < start.depth || end.starts[start.depth - 1] !== start.starts[start.depth - 1];
}

/** How far up openedLines looks for the bracket a line starts in: a call's arguments rarely take more. */
const OPENED_MAX_LINES = 40;

/**
 * Of `above` (the text above a line that starts inside brackets, to that line's start), the lines
 * from the one where the innermost bracket still open at its end opened (`x = ak.zip({` and the
 * entries below it); '' where none opened in its last OPENED_MAX_LINES lines.
 */
export function openedLines(above: string): string {
  let from = above.length;
  for (let n = 0; n <= OPENED_MAX_LINES && from > 0; n++) from = above.lastIndexOf('\n', from - 2) + 1;
  const text = above.slice(from);
  const end = scan(text);
  if (end.depth === 0 || inString(end) || end.comment) return '';
  return text.slice(text.lastIndexOf('\n', end.starts[end.depth - 1]) + 1);
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
    states.push({ ...start, endDepth: next.depth, endsInString: inString(next) });
    start = { startDepth: next.depth, startsInString: inString(next) };
  });
  states.push({ ...start, endDepth: end.depth, endsInString: inString(end) });
  return states;
}
