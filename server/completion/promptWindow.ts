// Which part of a document a completion looks at. Everything here is bounded in characters around
// the cursor, so that a 50 MB document or a line of millions of characters costs what a normal file
// costs: nothing outside the window is parsed or tokenized. Every start moves in steps, so that while
// the user types the window's text (and with it the syntax tree, the token ids and the KV cache) stays
// the same except for what was typed.

/** Characters before the cursor that tree-sitter sees: more than any real function's body. */
export const SYNTAX_PREFIX_CHARS = 64 * 1024;
/** The syntax window's start moves in steps of this many characters. */
const SYNTAX_STEP = 8 * 1024;
/** Characters after the cursor that tree-sitter sees (the suffix prompt needs far fewer). */
export const SYNTAX_SUFFIX_CHARS = 16 * 1024;

/** A document's text: a string, or a document that reads slices without building the whole text. */
export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
  /** The code cells of a notebook read as one module (notebookText.ts). */
  readonly notebook?: boolean;
}

/** The text around the cursor that a completion looks at, and where it starts in the document. */
export interface CursorWindow {
  readonly prefix: string;
  readonly suffix: string;
  /** Offset in the document of `prefix`'s first character. */
  readonly start: number;
}

/**
 * At most SYNTAX_PREFIX_CHARS (+ one step) before `offset` and SYNTAX_SUFFIX_CHARS after it. A
 * document shorter than that is taken whole before the cursor, as before. Otherwise the start is a
 * multiple of SYNTAX_STEP, moved on to the next line start when one comes before the cursor (so that
 * the parser starts at a statement where it can), and the end is the last line end in reach.
 */
export function cursorWindow(text: TextSource, offset: number): CursorWindow {
  let start = 0;
  if (offset > SYNTAX_PREFIX_CHARS) {
    start = Math.floor((offset - SYNTAX_PREFIX_CHARS) / SYNTAX_STEP) * SYNTAX_STEP;
    // Searched in a slice: indexOf on the whole text could run to the end of a 50 MB document.
    const lineBreak = text.slice(start, offset).indexOf('\n');
    if (lineBreak >= 0) start += lineBreak + 1;
  }
  let suffix = text.slice(offset, offset + SYNTAX_SUFFIX_CHARS);
  if (offset + suffix.length < text.length) {
    const lastBreak = suffix.lastIndexOf('\n');
    if (lastBreak >= 0) suffix = suffix.slice(0, lastBreak + 1);
  }
  return { prefix: text.slice(start, offset), suffix, start };
}

/**
 * Lines before the cursor that are tokenized at most, counted in steps that keep the start stable.
 * 128 lines hold well over the default 384-token budget of code (~3 bytes a token); tokenizing
 * more only costs time (about 15 ms for 256 lines here).
 */
const MAX_PREFIX_LINES = 128;
const LINE_STEP = 32;
/** Lines after the cursor that are tokenized at most: the suffix budget needs far fewer. */
export const MAX_SUFFIX_LINES = 48;
/**
 * Characters per token of budget that are tokenized at most. Code averages 3-4 characters a token;
 * 16 leaves room for runs of spaces, and still bounds a line of millions of characters.
 */
const CHARS_PER_TOKEN = 16;
const MIN_TOKENIZED_CHARS = 4096;
/** The character cut of a long window moves in steps of this many characters. */
const CHAR_STEP = 1024;

/** The last lines of the prefix, starting at a line number that changes only every LINE_STEP lines. */
export function recentLines(prefix: string): string {
  let lines = 0;
  for (let i = prefix.indexOf('\n'); i >= 0; i = prefix.indexOf('\n', i + 1)) lines++;
  const first = Math.max(0, Math.ceil((lines - MAX_PREFIX_LINES) / LINE_STEP) * LINE_STEP);
  if (first === 0) return prefix;
  let at = 0;
  for (let n = 0; n < first; n++) at = prefix.indexOf('\n', at) + 1;
  return prefix.slice(at);
}

/** Characters that are tokenized at most for a budget of `tokens`. */
export function charBudget(tokens: number): number {
  return Math.max(MIN_TOKENIZED_CHARS, tokens * CHARS_PER_TOKEN);
}

/**
 * The part of the prefix that is tokenized: its recent lines, and of those at most
 * `charBudget(tokens)` characters, cut at a multiple of CHAR_STEP from the lines' start (a long line
 * is cut in its middle; the token window drops what is beyond the budget anyway).
 */
export function prefixText(prefix: string, tokens: number): string {
  const lines = recentLines(prefix);
  const over = lines.length - charBudget(tokens);
  return over > 0 ? lines.slice(Math.ceil(over / CHAR_STEP) * CHAR_STEP) : lines;
}

/**
 * The prefix's text above the token window's first whole line: what the model sees of the document
 * only through the workspace context. `tokenized`: the prefix's tail that was tokenized (prefixText);
 * `head`: its tokens before the window, decoded. A byte-level tokenizer can cut a character in two
 * (decoded as U+FFFD); one that normalizes text (NFC) decodes other text than it read: then only what
 * was not tokenized counts, so that no line of the window is ever given twice.
 */
export function textAboveWindow(prefix: string, tokenized: string, head: string): string {
  const whole = head.replace(/\uFFFD+$/, '');
  const at = prefix.length - tokenized.length + (tokenized.startsWith(whole) ? whole.length : 0);
  return at > 0 ? prefix.slice(0, prefix.lastIndexOf('\n', at - 1) + 1) : '';
}

/** The part of the suffix that is tokenized: its first lines, and of those at most the budget's characters. */
export function suffixText(suffix: string, tokens: number): string {
  return firstLines(suffix, MAX_SUFFIX_LINES).slice(0, charBudget(tokens));
}

/** The first `count` lines of `text` (with their line breaks). */
export function firstLines(text: string, count: number): string {
  let at = -1;
  for (let n = 0; n < count; n++) {
    at = text.indexOf('\n', at + 1);
    if (at < 0) return text;
  }
  return text.slice(0, at + 1);
}

/**
 * Where the prompt window starts in the prefix's tokens. A new request gets the budget (less 32). While
 * the user types, the start stays put (the KV cache keeps matching) until the window outgrows the
 * budget; then it moves forward so that half the budget is free again: one move per budget/2 tokens
 * typed, each a prefill of the other half, about one token of prefill per token typed. (A start
 * that moved every 64 tokens cost five.) A window that shrank a lot (the cursor went back) starts
 * over with the whole budget.
 */
const PREFIX_STEP = 64;

export function windowStart(length: number, budget: number, previous: number | undefined): number {
  const step = Math.min(Math.max(PREFIX_STEP, Math.floor(budget / 2)), budget);
  // A new window leaves a little room, so that the next keystrokes do not move it at once.
  const fresh = Math.max(0, length - budget + Math.min(32, Math.floor(step / 4)));
  if (previous === undefined || previous > length) return fresh;
  const held = length - previous;
  if (held > budget) return length - (budget - step);
  if (held < (budget - step) / 2 && previous > fresh) return fresh;
  return previous;
}
