// Edits followed once typing pauses. WorkspaceContext reads a document's imports (and the names of the
// modules they stand for) in idle time; without this, only opening a file or moving the cursor without
// typing read them again, so `import clusters` typed and used at once got no `clusters.` names until the
// cursor moved. A pause in typing, not each keystroke, is when that reading pays: the keystrokes
// before it pay nothing, and the reading itself parses only when the import lines changed.

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

/** Continuation lines followed at most after an import line (a parenthesised list, backslashes). */
const MAX_CONTINUATION_LINES = 50;

/**
 * What of a document's text its imports depend on, to compare cheaply after an edit: the lines that
 * contain the word `import`, each with its continuation lines (`from . import (` then `clusters,`,
 * or a line ending in a backslash: those names can be modules). A change elsewhere reads nothing
 * again. One pass over the text: lines without `import` are skipped by indexOf.
 */
export function importLines(text: string): string {
  const out: string[] = [];
  let open = 0; // continuation lines still to take
  let depth = 0; // unclosed parentheses of the import being followed
  for (let start = 0; start < text.length; ) {
    if (open === 0) {
      // Straight to the line of the next `import` (start is always a line's start).
      const next = text.indexOf('import', start);
      if (next < 0) break;
      start = text.lastIndexOf('\n', next) + 1;
    }
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    if (open > 0) {
      out.push(line);
      depth += count(line, '(') - count(line, ')');
      open = depth > 0 || line.endsWith('\\') ? open - 1 : 0;
      continue;
    }
    if (!IMPORT_WORD.test(line)) continue;
    out.push(line);
    depth = count(line, '(') - count(line, ')');
    open = depth > 0 || line.endsWith('\\') ? MAX_CONTINUATION_LINES : 0;
  }
  return out.join('\n');
}

const IMPORT_WORD = /\bimport\b/;

function count(line: string, char: string): number {
  let n = 0;
  for (let i = line.indexOf(char); i >= 0; i = line.indexOf(char, i + 1)) n++;
  return n;
}
