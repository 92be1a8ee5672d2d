// A block suggestion that generation stopped in the middle of a line (the token budget, the time
// budget, a loop of tokens) ends at the latest place where its code is complete, so that accepting it
// leaves no half-written line or open bracket behind. One case is mended instead of cut: after a `def`
// or `class` header the model often begins with a docstring, and a numpy-style one (Parameters, a line
// of dashes, each argument) outgrows the budget; cutting it would leave nothing but the header, and as
// generated the rest of the file was inside a string once accepted. Such a docstring is closed after
// its last whole line, with the quotes that opened it, at its opening line's indentation.
import { endsInString, type LineState, lineStates } from './codeScan';
import { isCode, latestCompleteEnd } from './unsureLines';

/** A line that opens a docstring: its indentation, then the quotes (a raw or unicode prefix allowed). */
export const DOCSTRING_OPENING = /^([ \t]*)[rRuU]?("""|''')/;
/** A section's underline in numpy-style docstrings (`----------` under `Parameters`). */
const UNDERLINE = /^[ \t]*(-{3,}|={3,})[ \t]*\r?$/;
/** A section's title in Google-style docstrings (`Args:`), which says its content follows. */
const SECTION_TITLE = /^[ \t]*(Args|Arguments|Parameters|Params|Keyword Args|Keyword Arguments|Other Parameters|Returns?|Yields?|Raises|Attributes|Examples?|Notes?|References|See Also|Warnings?|Todo):[ \t]*\r?$/;

/**
 * `text`, a block suggestion written after `lineSoFar` (the cursor line's blanks), when it ends inside
 * a docstring it opened itself: cut after the docstring's last whole line (the last line of `text`
 * counts only when `lastLineWhole`: generation stopped at its end) and closed on a line of its own.
 * Blank lines and a section title left without its content (`Parameters` and its underline) go
 * before the closing quotes, and so does a Google-style title (`Args:`). Undefined where the text ends
 * elsewhere, or where no line of the docstring is whole.
 */
export function closedDocstring(text: string, lineSoFar: string, lastLineWhole: boolean): string | undefined {
  const full = lineSoFar + text;
  const lines = full.split('\n');
  const states = lineStates(full);
  const last = lines.length - 1;
  // Open over lines (a one-quote string on the last line is a stray quote, not a docstring going on).
  if (!endsInString(`${full}\n`)) return undefined;
  // The line the open string began on: the last one that starts outside a string.
  let open = last;
  while (open > 0 && states[open].startsInString) open--;
  if (states[open].startsInString) return undefined;
  const opening = DOCSTRING_OPENING.exec(lines[open]);
  // Only a string that opens its line (a docstring; a value after `x = \` is closed as well: the rest of
  // the file stays code) and that the rest of its line leaves open. f- and byte strings are no
  // docstrings: left as they are.
  if (!opening || lines[open].slice(opening[0].length).includes(opening[2])) return undefined;
  // The last line kept: trailing blank lines go, and section titles without content unless they are all there is.
  const lastKept = (titles: boolean): number => {
    let end = lastLineWhole ? last : last - 1;
    for (;;) {
      if (end > open && (lines[end].trim() === '' || (titles && SECTION_TITLE.test(lines[end])))) end--;
      else if (titles && end > open + 1 && UNDERLINE.test(lines[end])) end -= 2;
      else return end;
    }
  };
  // An empty docstring (`"""` and nothing whole after it) tells the user nothing.
  const says = (end: number): boolean => end >= open && (lines[open].slice(opening[0].length) + lines.slice(open + 1, end + 1).join('')).trim() !== '';
  const end = says(lastKept(true)) ? lastKept(true) : lastKept(false);
  if (!says(end)) return undefined;
  const kept = `${lines.slice(0, end + 1).join('\n')}\n${opening[1]}${opening[2]}`;
  return kept.slice(lineSoFar.length);
}

/**
 * What to show of a block suggestion `text` written after `lineSoFar`, so that accepting it leaves no
 * half-written line, open bracket or string where that can be helped:
 * - where it ends inside a docstring it opened, that docstring closed (closedDocstring), if that is
 *   complete code;
 * - else where its last line is unfinished (not `lastLineWhole`, and not blank), or whole but inside a
 *   string, or whole but a header without its body (the budget ran out after `if x:`), the text up to
 *   its latest line break after the first line where `complete` holds and no comment line comes last;
 * - where none is and the text ends inside a string: up to its latest line of code outside one; a
 *   docstring nothing of which is whole (a loop cut in its first line of prose) closed after its last
 *   line as it stands; else nothing (the opening quotes alone, a string the first line opens);
 * - else the text as it is (a call's argument lines the budget left open stay).
 */
export function finishedBlock(text: string, lineSoFar: string, lastLineWhole: boolean, complete: (kept: string) => boolean): string {
  const closed = closedDocstring(text, lineSoFar, lastLineWhole);
  if (closed !== undefined && complete(closed)) return closed;
  const lines = text.split('\n');
  // The first line that is not blank (the cursor's) is never cut: only line breaks after it.
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return text;
  const states = lineStates(lineSoFar + text);
  const inString = states[lines.length - 1].endsInString;
  let from: number;
  if (!lastLineWhole && lines[lines.length - 1].trim() !== '') from = lines.length - 2;
  else if (inString) from = lines.length - 1;
  else {
    const header = bodilessHeader(lines, states, first);
    if (header === undefined) return text;
    from = header - 1;
  }
  const at = latestCompleteEnd(lines, from, first, complete);
  if (at !== undefined) return text.slice(0, at);
  if (!inString) return text;
  // Above the last line, which ends inside one.
  const outside = latestCompleteEnd(lines, Math.min(from, lines.length - 2), first, (kept) => !endsInString(`${lineSoFar}${kept}\n`));
  if (outside !== undefined) return text.slice(0, outside);
  return docstringAsItStands(text, lineSoFar, lastLineWhole, complete) ?? '';
}

/** A line that ends a compound statement's header (`if x:`, a comment after it allowed), or a decorator. */
const HEADER_END = /^[^#]*:[ \t]*(?:#.*)?\r?$/;
const DECORATOR = /^[ \t]*@/;

/**
 * The last line of code, when it ends a header (at bracket depth 0 outside strings, in a colon) or is a
 * decorator, after the first line. The complete place looked for above it is above the header's first
 * line too, for a header over several lines: no place inside its brackets is complete.
 */
function bodilessHeader(lines: readonly string[], states: readonly LineState[], first: number): number | undefined {
  let last = lines.length - 1;
  while (last > first && !isCode(lines[last])) last--;
  const end = states[last];
  if (last === first || end.endDepth !== 0 || end.endsInString || !(HEADER_END.test(lines[last]) || DECORATOR.test(lines[last]))) return undefined;
  return last;
}

/**
 * A docstring the text ends in, nothing of it whole, closed after its last line as it stands: where that
 * line is unfinished and began the closing quotes (`"""Return the mode.""`), finished on the line.
 */
function docstringAsItStands(text: string, lineSoFar: string, lastLineWhole: boolean, complete: (kept: string) => boolean): string | undefined {
  if (!lastLineWhole) {
    for (const closing of ['"', '""', "'", "''"]) {
      if (complete(text + closing)) return text + closing;
    }
  }
  const closed = closedDocstring(text, lineSoFar, true);
  return closed !== undefined && complete(closed) ? closed : undefined;
}
