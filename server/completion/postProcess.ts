// Shapes the raw model output into a suggestion: where to stop, and what never to suggest.

/**
 * Stop strings for the cursor position: mid-line (text after the cursor on the same line) or with
 * multi-line off, the rest of the line only; otherwise the block, up to a blank line.
 */
export function stopStringsFor(prefix: string, suffix: string, multiline: boolean): string[] {
  const restOfLine = suffix.split('\n', 1)[0];
  const lineBefore = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const opensBlock = /:\s*$/.test(prefix.trimEnd().split('\n').pop() ?? '');
  if (!multiline || restOfLine.trim() !== '' || (lineBefore.trim() !== '' && !opensBlock)) return ['\n'];
  return ['\n\n'];
}

/** Trims trailing whitespace, drops a suggestion that repeats the line below, or is empty. */
export function postProcess(text: string, _prefix: string, suffix: string): string {
  const trimmed = text.replace(/[ \t]+$/gm, '').replace(/\s+$/, '');
  if (trimmed.trim() === '') return '';
  const nextLine = suffix.split('\n')[1]?.trim();
  const firstLine = trimmed.split('\n').find((l) => l.trim() !== '')?.trim();
  if (nextLine && firstLine === nextLine) return '';
  return trimmed;
}
