// What the annotation page says rather than draws: the status line (the pixel under the cursor, the
// counts, the label file), the banners (an error, what the format does not keep, an assist at work)
// and the help panel. Text only, in the words the host sent; every module that changes what these
// report calls here, so that they say the same thing however it changed.
import type { Point } from './geometry';
import { busyBox, busyCancel, busyText, controls, cursorText, errorBox, fileText, helpPanel, notKeptBox, notKeptButton, notKeptText, summaryText } from './layout';
import { state, view } from './state';
import { el, fill } from './toolbar';

/** The words of the banners' buttons and the help panel, once the host has sent them. */
export function labelStatusView(): void {
  busyCancel.textContent = state.words.cancel ?? 'Cancel';
  notKeptButton.textContent = state.words.chooseFormat ?? 'Choose Another Format…';
  buildHelp();
}

export function showError(message: string | undefined): void {
  errorBox.hidden = !message;
  errorBox.textContent = message ?? '';
}

/** What an assist is doing (with its Cancel button), or nothing. */
export function showBusy(text: string | undefined): void {
  busyBox.hidden = text === undefined;
  busyText.textContent = text ?? '';
}

export function showCursor(p: Point): void {
  const { frame, words } = state;
  if (!frame) return;
  const x = Math.floor(p.x);
  const y = Math.floor(p.y);
  if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) {
    cursorText.textContent = '';
    return;
  }
  const i = (y * frame.width + x) * frame.channels;
  const value = Array.from(frame.samples.subarray(i, i + Math.min(frame.channels, 3)), (v) => (Number.isInteger(v) ? String(v) : Number(v).toPrecision(6))).join(', ');
  cursorText.textContent = fill(words.cursor ?? 'x {0}  y {1}  value {2}', x, y, value);
}

export function updateSummary(): void {
  const { shapes, selected, labels, words } = state;
  const suggestions = shapes.filter((s) => s.score !== undefined).length;
  const labelled = shapes.length - suggestions;
  // English counts one label, not "1 labels"; other languages use the same words for both.
  const parts = [labelled === 1 ? (words.labelOne ?? '1 label') : fill(words.labelCount ?? '{0} labels', labelled)];
  if (suggestions) parts.push(suggestions === 1 ? (words.suggestionOne ?? '1 suggestion') : fill(words.suggestionCount ?? '{0} suggestions', suggestions));
  if (selected.size) parts.push(fill(words.selectedCount ?? '{0} selected', selected.size));
  parts.push(`${Math.round(view.scale * 100)}%`);
  summaryText.textContent = parts.join(' · ');
  fileText.textContent = labels.format ? `${labels.format} → ${labels.labelFile}${labels.dirty ? ` (${words.unsaved ?? 'unsaved'})` : ''}` : '';
  notKeptBox.hidden = labels.notKept.length === 0;
  const shown = labels.notKept.slice(0, 3).join('; ');
  notKeptText.textContent = fill(words.notKept ?? 'Not kept by {0}: {1}', labels.format, labels.notKept.length > 3 ? `${shown}; ${fill(words.andMore ?? '…and {0} more', labels.notKept.length - 3)}` : shown);
  controls.acceptAll.hidden = suggestions === 0;
  controls.rejectAll.hidden = suggestions === 0;
}

export function toggleHelp(): void {
  helpPanel.hidden = !helpPanel.hidden;
}

function buildHelp(): void {
  const { words } = state;
  const title = el('h2', words.helpTitle ?? 'Keys and mouse');
  const table = el('table');
  for (const k of state.keys) {
    const row = el('tr');
    row.append(el('td', k.key, 'key'), el('td', k.title));
    table.append(row);
  }
  for (const line of (words.mouseHelp ?? '').split('\n').filter(Boolean)) {
    const [key, text] = line.split('\t');
    const row = el('tr');
    row.append(el('td', key, 'key'), el('td', text ?? ''));
    table.append(row);
  }
  const rebind = el('p', words.rebind ?? '', 'muted');
  const close = el('button', words.close ?? 'Close', 'small');
  close.type = 'button';
  close.addEventListener('click', () => (helpPanel.hidden = true));
  helpPanel.replaceChildren(title, table, rebind, close);
}
