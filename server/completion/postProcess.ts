// Shapes the raw model output into a suggestion: what never to suggest.

/**
 * A replacement character (bytes that are not valid UTF-8, or a character cut in half by the token
 * budget) or a control character other than tab and newline: nothing after it belongs in code.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const UNPRINTABLE = /[\uFFFD\u0000-\u0008\u000B-\u001F\u007F][\s\S]*$/;

/**
 * Cuts the suggestion before anything unprintable, trims trailing whitespace, and drops it when it
 * is empty or repeats the line below the cursor. Windows line ends become `\n` (the editor inserts the
 * document's own): a model that writes `\r\n` in a CRLF file had its block cut at the first `\r`, a
 * docstring closed after it (unfinishedBlock.ts) left open.
 */
export function postProcess(text: string, suffix: string): string {
  const trimmed = text.replace(/\r\n/g, '\n').replace(UNPRINTABLE, '').replace(/[ \t]+$/gm, '').replace(/\s+$/, '');
  if (trimmed.trim() === '' || repeatedLineBelow(trimmed, suffix) !== undefined) return '';
  return trimmed;
}

/** The line below the cursor (trimmed), when the suggestion's first line that is not blank is that line. */
export function repeatedLineBelow(text: string, suffix: string): string | undefined {
  const nextLine = suffix.split('\n')[1]?.trim();
  const firstLine = text.split('\n').find((l) => l.trim() !== '')?.trim();
  return nextLine && firstLine === nextLine ? nextLine : undefined;
}
