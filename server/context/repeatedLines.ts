// Lines the project has written before. When the line above the cursor also stands somewhere else
// (higher up in this file, below the cursor, in another file of the workspace), the line that followed
// it there is the likeliest line here: a training step written again, a dataset's fields read in a
// second script, a test's set-up copied from the test above. Offered as it stands, with no model run:
// a small code model copies such a line from its prompt only some of the time, and the line is often
// not in the prompt at all. On the unseen packages of bench/codeQuality.ts (800 cases of each kind,
// two seeds) this raised next-line edit similarity by about +0.1 over the 25m model's own answers.

/** Lines shorter than this, trimmed, say too little to be matched: `else:`, `x = 0`, `])`. */
export const MIN_MATCHED_CHARS = 8;
/** Lines longer than this, trimmed, are data more than code (a table, an embedded array): never matched nor offered. */
export const MAX_LINE_CHARS = 400;

/** What a repeated line is looked for with: the lines above the cursor and what is typed on its line. */
export interface LineQuery {
  /** The nearest line above the cursor's that is not blank, trimmed, and its indentation. */
  readonly above: string;
  readonly aboveIndent: number;
  /** The line above that one, trimmed ('' when there is none): occurrences that agree on it come first. */
  readonly twoAbove: string;
  /** What is typed on the cursor's line after its indentation, and that indentation (in characters). */
  readonly typed: string;
  readonly indent: number;
  /** The nearest line below the cursor's that is not blank, trimmed: never offered, it is there already. */
  readonly below: string;
}

/** A line that followed an occurrence of the query's line above. */
export interface FollowingLine {
  /** Trimmed. */
  readonly text: string;
  /** Whether the line before the occurrence is the query's line two above too. */
  readonly agrees: boolean;
}

interface Line {
  readonly text: string;
  readonly indent: number;
}

/**
 * The query for a cursor at the end of `prefix` with `suffix` after it, or undefined where no repeated
 * line is offered: text after the cursor on its line (filling in the middle of a line is the model's
 * work), or a line above that is too short or has no letter to be told apart, or is too long to be code.
 */
export function lineQuery(prefix: string, suffix: string): LineQuery | undefined {
  const lineStart = prefix.lastIndexOf('\n') + 1;
  const lineEnd = suffix.indexOf('\n');
  if (suffix.slice(0, lineEnd < 0 ? suffix.length : lineEnd).trim() !== '') return undefined;
  const lineSoFar = prefix.slice(lineStart);
  const typed = lineSoFar.trimStart();
  const above = previousLine(prefix, lineStart);
  if (!above || above.text.length < MIN_MATCHED_CHARS || above.text.length > MAX_LINE_CHARS || !/[A-Za-z]/.test(above.text)) return undefined;
  const twoAbove = previousLine(prefix, above.start)?.text ?? '';
  const below = lineEnd < 0 ? undefined : nextLine(suffix, lineEnd);
  return { above: above.text, aboveIndent: above.indent, twoAbove, typed, indent: lineSoFar.length - typed.length, below: below?.text ?? '' };
}

/**
 * The lines of `text` that followed a line equal to the query's line above (trimmed, a whole line),
 * in the order they stand, when they keep the query's indentation step (a line one level deeper after
 * it there is one here too). What is typed is not looked at (chooseLine is), so that the lines found
 * serve every keystroke on the cursor's line. The query's own line above, if `text` holds it, has no
 * following line in `text` unless the caller's text goes on past the cursor.
 */
export function followingLines(text: string, query: LineQuery): FollowingLine[] {
  const found: FollowingLine[] = [];
  const step = query.indent - query.aboveIndent;
  for (let at = text.indexOf(query.above); at >= 0; at = text.indexOf(query.above, at + query.above.length)) {
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const lead = text.slice(start, at);
    if (!/^[ \t]*$/.test(lead)) continue;
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (text.slice(at + query.above.length, end).trim() !== '') continue;
    const next = nextLine(text, end);
    if (!next || next.indent - lead.length !== step) continue;
    found.push({ text: next.text, agrees: (previousLine(text, start)?.text ?? '') === query.twoAbove });
  }
  return found;
}

/**
 * The line to offer from all that followed (best sources first), of those that begin with what is
 * typed, go beyond it, are not the line below the cursor and not longer than MAX_LINE_CHARS: the most frequent among those that agree
 * on the line two above too, or among all when none does; a tie goes to the one found first. Returns
 * what is left to type of it, or undefined when no line is left.
 */
export function chooseLine(all: readonly FollowingLine[], query: LineQuery): string | undefined {
  const found = all.filter((f) => f.text.length > query.typed.length && f.text.length <= MAX_LINE_CHARS && f.text.startsWith(query.typed) && f.text !== query.below);
  const agreeing = found.filter((f) => f.agrees);
  const pool = agreeing.length > 0 ? agreeing : found;
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const f of pool) {
    const n = (counts.get(f.text) ?? 0) + 1;
    counts.set(f.text, n);
    if (best === undefined || n > counts.get(best)!) best = f.text;
  }
  return best?.slice(query.typed.length);
}

/**
 * The line to offer at the end of `prefix` (the document's text before the cursor, `suffix` after it):
 * what followed the line above elsewhere in the document (above the cursor, then below it), then in
 * what `elsewhere` finds for the query (other files), chosen by chooseLine. Undefined when none did.
 */
export function repeatedLine(prefix: string, suffix: string, elsewhere: (query: LineQuery) => readonly FollowingLine[] = () => []): string | undefined {
  const query = lineQuery(prefix, suffix);
  if (!query) return undefined;
  const lineBreak = suffix.indexOf('\n');
  const found = [
    ...followingLines(prefix.slice(0, prefix.lastIndexOf('\n') + 1), query),
    ...(lineBreak < 0 ? [] : followingLines(suffix.slice(lineBreak + 1), query)),
    ...elsewhere(query),
  ];
  return chooseLine(found, query);
}

/** The nearest non-blank line that ends before `end` (a line start), with where it starts. */
function previousLine(text: string, end: number): (Line & { start: number }) | undefined {
  let lineEnd = end - 1; // the line break before `end`
  while (lineEnd > 0) {
    const start = text.lastIndexOf('\n', lineEnd - 1) + 1;
    const line = text.slice(start, lineEnd);
    const trimmed = line.trim();
    if (trimmed) return { text: trimmed, indent: line.length - line.trimStart().length, start };
    lineEnd = start - 1;
  }
  return undefined;
}

/** The nearest non-blank line after the line break at `lineBreak`. */
function nextLine(text: string, lineBreak: number): Line | undefined {
  let start = lineBreak + 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const trimmed = line.trim();
    if (trimmed) return { text: trimmed, indent: line.length - line.trimStart().length };
    start = end + 1;
  }
  return undefined;
}
