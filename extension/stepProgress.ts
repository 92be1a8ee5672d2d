// A cancellable progress notification over several items done one after another (files to download,
// archives to extract): the bar advances by each item's share, the message says which item it is.
import * as vscode from 'vscode';

/** Reports how far the current item is (0–1) and what to say about it. */
export type StepReport = (fraction: number, parts: readonly string[]) => void;

export function withStepProgress<T>(
  title: string,
  items: readonly T[],
  step: (item: T, report: StepReport, signal: AbortSignal) => Promise<'next' | 'stop'>,
): Thenable<void> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    for (const [i, item] of items.entries()) {
      let reported = 0;
      const report: StepReport = (fraction, parts) => {
        const share = fraction * (100 / items.length);
        const message = [items.length > 1 ? `${i + 1}/${items.length}` : '', ...parts].filter(Boolean).join(' · ');
        progress.report({ message, increment: share - reported });
        reported = share;
      };
      if ((await step(item, report, abort.signal)) === 'stop') return;
    }
  });
}
