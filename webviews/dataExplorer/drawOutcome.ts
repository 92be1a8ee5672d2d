// Whether the plot on the explorer page answers the last Draw, and what the page says when it does
// not; and what the page shows when the file itself cannot be opened. A Draw that fails (a mistake
// in the form, a file that cannot be read) leaves the plot drawn before it on the page: that plot is
// marked as the previous one, captioned with its own title, until the next plot arrives. Errors of
// other requests (a fit, a save) mark nothing. Pure: main.ts shows what this decides.
import { fill, type Labels } from './dom';

export class DrawOutcome {
  private waiting = false;
  private previous = false;

  /** A Draw was asked for: the form's, a branch or a stored object clicked, or one the host began. */
  asked(): void {
    this.waiting = true;
  }

  /** The Draw was cancelled, or asked nothing after all: a later error is not its. */
  dropped(): void {
    this.waiting = false;
  }

  /** An error was shown; true when it was the Draw's, which leaves the plot before it on the page. */
  failed(): boolean {
    if (!this.waiting) return false;
    this.waiting = false;
    this.previous = true;
    return true;
  }

  /** A plot arrived for the Draw (part of one being read too): it answers the form again. */
  plotted(done: boolean): void {
    this.previous = false;
    if (done) this.waiting = false;
  }

  /** Whether the plot shown is the one before a Draw that failed. */
  get stale(): boolean {
    return this.previous;
  }
}

/** The caption over a plot left by a failed Draw, naming the plot by its own title; '' when none is due. */
export function staleCaption(outcome: DrawOutcome, shownTitle: string | undefined, labels: Labels): string {
  return outcome.stale && shownTitle !== undefined ? fill(labels.stalePlot ?? 'Not redrawn: the last Draw failed. This is the previous plot: {0}', shownTitle) : '';
}

/** The words of a file or dataset that could not be opened: what happened, the error, and what to do. */
export function openFailure(message: string, dataset: boolean, labels: Labels): { heading: string; message: string; hint: string; retry: string } {
  return {
    heading: (dataset ? labels.openFailedDataset : labels.openFailedFile) ?? '',
    message,
    hint: labels.openFailedHint ?? '',
    retry: labels.retry ?? 'Retry',
  };
}
