// How the explorer page says what went wrong: a mistake in a field of the form, shown with that
// field's line and a caret under the part at fault; and a file that cannot be opened, said across the
// page with what to do and Retry (its words from drawOutcome.ts).
import type { PlotField } from '../../core/protocol/dataExplorerMessages';
import { displayWidth } from '../../core/text/displayWidth';
import { button, el } from './dom';
import type { openFailure } from './drawOutcome';

export interface FieldError {
  readonly message: string;
  readonly field?: PlotField | 'fitModel';
  readonly start?: number;
  readonly end?: number;
}

/**
 * The error box's content: the message and, where the error names a place in `input` (whose label
 * is `label`), the line with a caret line under the offending part, as a terminal would show it (the
 * definitions have several lines). Marks the input invalid and selects the part.
 */
export function errorParts(e: FieldError, input: HTMLInputElement | HTMLTextAreaElement | undefined, label: string): HTMLElement[] {
  const parts: HTMLElement[] = [el('div', e.message)];
  if (!input) return parts;
  input.classList.add('invalid');
  if (e.start === undefined) return parts;
  const text = input.value;
  const lineStart = text.lastIndexOf('\n', e.start - 1) + 1;
  const lineEnd = text.indexOf('\n', e.start) < 0 ? text.length : text.indexOf('\n', e.start);
  const line = text.slice(lineStart, lineEnd);
  const end = Math.max(e.start + 1, Math.min(e.end ?? e.start + 1, lineEnd));
  // Columns, not characters: a Chinese label takes two per character.
  const lead = `${label}: `;
  const under = displayWidth(lead + text.slice(lineStart, e.start));
  parts.push(el('pre', `${lead}${line}\n${' '.repeat(under)}${'^'.repeat(Math.max(1, displayWidth(text.slice(e.start, end))))}`));
  input.focus();
  input.setSelectionRange(e.start, end);
  return parts;
}

/** Fills `section` with a file's open failure: heading, the error, the hint, and Retry (pressed once). */
export function showOpenError(section: HTMLElement, words: ReturnType<typeof openFailure>, retry: () => void): void {
  const again = button('retry', 'action');
  again.textContent = words.retry;
  again.addEventListener('click', () => {
    again.disabled = true;
    retry();
  });
  section.replaceChildren(el('h2', words.heading), el('p', words.message, 'message'), el('p', words.hint, 'hint'), again);
  section.hidden = false;
}
