// The data explorer's form as it was last drawn, per file or dataset, in the workspace's storage: a
// page opened again (or after a reload) shows the expression, cuts, weight, definitions and binning the
// user last drew, without drawing them. One storage key per file or dataset, so that two windows on
// one workspace (two code-server tabs) each write only the form they drew, never over another's; the
// oldest beyond MAX_FORMS are dropped. What is read back is checked as a page's request is: a value
// that no longer fits is forgotten, not shown.
import type * as vscode from 'vscode';
import { DATA_EXPLORER_REQUESTS, type PlotRequest } from '../../core/protocol/dataExplorerMessages';
import { parseMessage } from '../../core/protocol/webviewProtocol';

const PREFIX = 'hai.explorer.form:';
/** Forms kept: the files and datasets drawn last. */
export const MAX_FORMS = 50;

interface Stored {
  readonly savedAt: number;
  readonly request: unknown;
}

export class FormMemory {
  constructor(private readonly state: vscode.Memento) {}

  /** The form last drawn from this file or dataset, if it is still a request the page could send. */
  recall(source: string): PlotRequest | undefined {
    const stored = this.state.get<Stored>(PREFIX + source);
    if (!stored || typeof stored !== 'object' || typeof stored.request !== 'object' || stored.request === null) return undefined;
    const parsed = parseMessage(DATA_EXPLORER_REQUESTS, { ...(stored.request as object), type: 'histogram' });
    if (!parsed.ok || parsed.message.type !== 'histogram') return undefined;
    // The message's fields without its type: the request as the page sent it.
    return Object.fromEntries(Object.entries(parsed.message).filter(([k]) => k !== 'type')) as unknown as PlotRequest;
  }

  async remember(source: string, request: PlotRequest): Promise<void> {
    await this.state.update(PREFIX + source, { savedAt: Date.now(), request } satisfies Stored);
    const kept = this.state
      .keys()
      .filter((k) => k.startsWith(PREFIX))
      .map((k) => ({ k, at: this.state.get<Stored>(k)?.savedAt ?? 0 }))
      .sort((a, b) => b.at - a.at);
    for (const { k } of kept.slice(MAX_FORMS)) await this.state.update(k, undefined);
  }
}
