// Edits followed once typing pauses. WorkspaceContext reads a document's imports (and the names of the
// modules they stand for) in idle time; without this, only opening a file or moving the cursor without
// typing read them again, so `import clusters` typed and used at once got no `clusters.` names until the
// cursor moved. A pause in typing, not each keystroke, is when that reading pays: a keystroke's request
// never waits for it.

/** Typing paused this long (ms) counts as settled. */
export const SETTLE_MS = 300;

/** Calls `settled(uri)` once a document has seen no change for `quietMs`; each change restarts its wait. */
export class SettledEdits {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly settled: (uri: string) => void,
    private readonly quietMs = SETTLE_MS,
  ) {}

  changed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      this.settled(uri);
    }, this.quietMs);
    // A pending wait never keeps the server's process alive on its own.
    timer.unref?.();
    this.timers.set(uri, timer);
  }

  /** The document closed: nothing is called for it any more. */
  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }
}

/**
 * What of a document's text its imports depend on, to compare cheaply after an edit: the lines that
 * contain the word `import`, a parenthesised import with its continuation lines (`from . import (`
 * then `clusters,`: those names can be modules). A change elsewhere reads nothing again.
 */
export function importLines(text: string): string {
  // The continuation is looked for within 1,000 characters: thousands of unclosed `import (` lines
  // would otherwise each scan the rest of the text.
  return (text.match(/^.*\bimport\b(?:[^(\n]*\([^)]{0,1000}\))?.*$/gm) ?? []).join('\n');
}
