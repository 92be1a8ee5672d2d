// The text a job's log view shows as the log grows: the tail of the file, each line as a terminal
// would show it (tqdm rewrites its progress line with carriage returns, thousands of times per
// epoch, and only the latest state is worth showing) and at most `keep` characters. Each append
// costs time in proportion to the new text and the kept text, never to all that the file held.

export interface LogText {
  readonly text: string;
  /** Byte offset in the file of the first byte shown (what was cut before it). */
  readonly start: number;
}

/**
 * One line as a terminal shows it: what follows its last carriage return (tqdm pads each state to
 * the full width, so the latest one covers the earlier ones). A line's own CRLF ending is kept apart.
 * An open line (no newline yet) that ends with \r keeps its state and the \r until more comes.
 */
function latestState(line: string, open: boolean): string {
  const crlf = !open && line.endsWith('\r');
  const body = crlf ? line.slice(0, -1) : line;
  const trailing = open && body.endsWith('\r');
  const parts = (trailing ? body.slice(0, -1) : body).split('\r');
  let state = parts.pop() ?? '';
  // "state\r\r": an empty rewrite shows the state before it.
  while (state === '' && parts.length) state = parts.pop() ?? '';
  return state + (trailing || crlf ? '\r' : '');
}

/** `shown` with `added` (new text from the file) appended, rewrites collapsed and cut to `keep` characters. */
export function appendLog(shown: LogText, added: string, keep: number): LogText {
  // Only the open last line can change: the lines before it are final.
  const lineStart = shown.text.lastIndexOf('\n') + 1;
  const done = shown.text.slice(0, lineStart);
  const lines = (shown.text.slice(lineStart) + added).split('\n');
  const open = lines.pop() ?? '';
  let text = done + lines.map((l) => latestState(l, false) + '\n').join('') + latestState(open, true);
  let start = shown.start;
  if (text.length > keep) {
    // Cut at a line start; a line longer than all that is kept is cut inside (at a whole character).
    let cut = text.indexOf('\n', text.length - keep) + 1;
    if (cut === 0) cut = text.length - keep;
    if (cut > 0 && cut < text.length && /[\uDC00-\uDFFF]/.test(text[cut])) cut++;
    // The bytes cut from what is shown; where rewrites were collapsed, the file held more before it.
    start += Buffer.byteLength(text.slice(0, cut));
    text = text.slice(cut);
  }
  return { text, start };
}
