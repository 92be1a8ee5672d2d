// The floors every model must beat, computed on the same cases: an empty suggestion, and copying the
// previous line (the cheapest thing an editor could offer: code repeats line to line).
import type { EvalCase } from './cases';

/** The content of the last non-blank line before the cursor's line, without its indentation. */
function previousLine(prefix: string): string {
  const lines = prefix.split('\n');
  lines.pop(); // the cursor's own line, as typed so far
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim()) return lines[i].trim();
  return '';
}

/**
 * Copy-previous-line: at a line start, the previous line's text; mid-line, the rest of the previous
 * line where it begins with what is typed on this one (else nothing); in a fill-in-the-middle hole,
 * nothing (the floor there is the empty one).
 */
export function copyPreviousLine(c: EvalCase): string {
  if (c.kind === 'fim') return '';
  const previous = previousLine(c.prefix);
  if (c.kind === 'next-line') return previous;
  const typed = c.prefix.slice(c.prefix.lastIndexOf('\n') + 1).trimStart();
  return previous.startsWith(typed) ? previous.slice(typed.length) : '';
}
