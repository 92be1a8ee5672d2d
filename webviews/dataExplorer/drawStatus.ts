// What a Draw says while and after it reads: the status line, the progress bar of the bytes read, and
// the files of a dataset that could not be read; and, once drawn, the plot brought into view when the
// form above it (tall with its hints) left it below the fold.
import type { ProgressPayload } from '../../core/protocol/dataExplorerMessages';
import { formatBytes } from '../../core/text/formatting';
import { el, fill, type Labels } from './dom';

/** Pixels of a plot that must show without scrolling; less, and a Draw scrolls it into view. */
const SHOWN_ENOUGH = 160;
/** Pixels kept in view above the status line when the plot is scrolled up: the Draw button. */
const KEPT_ABOVE = 48;

export class DrawStatus {
  readonly status = el('div');
  readonly progressBar = el('progress');
  readonly failedBox = el('div');

  constructor(private readonly labels: () => Labels) {
    this.status.id = 'status';
    this.status.setAttribute('aria-live', 'polite');
    this.progressBar.id = 'progress';
    this.progressBar.max = 1;
    this.progressBar.hidden = true;
    this.failedBox.id = 'failed';
  }

  set text(text: string) {
    this.status.textContent = text;
  }

  /** The bytes and entries read so far; the bar goes once `done`. */
  progress(p: ProgressPayload, done: boolean): void {
    this.progressBar.hidden = done || p.bytes === 0;
    this.progressBar.value = p.bytes ? p.bytesDone / p.bytes : 0;
    const labels = this.labels();
    if (!done) this.text = fill(labels.progress, p.filesDone.toLocaleString(), p.files.toLocaleString(), formatBytes(p.bytesDone), formatBytes(p.bytes), p.entriesRead.toLocaleString());
  }

  /** The files a Draw could not read (the first 20 named). */
  failed(failed: readonly { readonly file: string; readonly message: string }[]): void {
    if (failed.length === 0) {
      this.failedBox.replaceChildren();
      return;
    }
    const labels = this.labels();
    const list = el('ul');
    list.append(...failed.slice(0, 20).map((f) => el('li', `${f.file}: ${f.message}`)));
    this.failedBox.replaceChildren(el('div', failed.length === 1 ? labels.failedFile : fill(labels.failedFiles, failed.length)), list);
  }
}

/**
 * Scrolls the page after a Draw so that `plot` shows whole, when little of it shows, but never so far
 * that `status` (the line under the Draw button, with what went wrong above the plot: files that
 * failed, a cut flow) leaves the top. Measured in the next frame, once the charts are laid out and a
 * field the form filled in has taken the focus.
 */
export function revealPlot(plot: HTMLElement, status: HTMLElement): void {
  requestAnimationFrame(() => {
    const r = plot.getBoundingClientRect();
    if (r.height === 0 || r.top <= window.innerHeight - SHOWN_ENOUGH) return;
    const by = Math.min(r.bottom - window.innerHeight + 8, status.getBoundingClientRect().top - KEPT_ABOVE);
    if (by > 0) window.scrollBy({ top: by });
  });
}
