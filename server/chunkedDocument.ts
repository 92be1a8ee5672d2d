// The server's copy of an open document, kept in chunks. vscode-languageserver-textdocument keeps one
// string and rebuilds it on every edit: in a 50 MB document each keystroke then copies 50 MB as soon
// as anything reads a slice of it (V8 flattens the concatenation), and the copies pile up as garbage
// (the server grew past 600 MiB in 30 keystrokes). Here an edit rebuilds only the chunks it touches,
// and the completion engine reads only the window around the cursor. Positions follow LSP: lines end
// at \n, \r\n or \r; characters are UTF-16 code units.
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocumentsConfiguration } from 'vscode-languageserver/node';

/** Chunks are cut to about this many characters; an edit makes at most a few new ones. */
const CHUNK = 64 * 1024;

interface Chunk {
  readonly text: string;
  /** Line breaks in `text` (a chunk never ends between \r and \n). */
  readonly breaks: number;
}

const LINE_BREAK = /\r\n|\r|\n/g;

function countBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Cuts `text` into chunks of about CHUNK characters, never between \r and \n. */
function chunksOf(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + CHUNK);
    if (text.charCodeAt(end - 1) === 13 && text.charCodeAt(end) === 10) end++;
    // V8 makes a slice share the original's memory, so the opened text is not copied again here.
    const piece = text.slice(at, end);
    chunks.push({ text: piece, breaks: countBreaks(piece) });
    at = end;
  }
  return chunks;
}

export class ChunkedDocument {
  private chunks: Chunk[];
  private whole: string | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string,
  ) {
    this.chunks = chunksOf(content);
    this.whole = content;
  }

  get lineCount(): number {
    return this.chunks.reduce((n, c) => n + c.breaks, 0) + 1;
  }

  /** The whole text (kept until the next edit), or the text of `range`. */
  getText(range?: Range): string {
    if (!range) return (this.whole ??= this.chunks.map((c) => c.text).join(''));
    return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  /** The text between two offsets, read from the chunks that hold it. */
  slice(start: number, end: number): string {
    if (this.whole !== undefined) return this.whole.slice(start, end);
    const parts: string[] = [];
    let at = 0;
    for (const c of this.chunks) {
      const next = at + c.text.length;
      if (next > start && at < end) parts.push(c.text.slice(Math.max(0, start - at), Math.min(c.text.length, end - at)));
      if (next >= end) break;
      at = next;
    }
    return parts.join('');
  }

  get length(): number {
    return this.chunks.reduce((n, c) => n + c.text.length, 0);
  }

  /** The offset of `position`, a character past the line's end meaning its end (as the LSP library does). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    let at = 0;
    let line = 0;
    let i = 0;
    // Whole chunks before the one where the line starts.
    while (i < this.chunks.length && line + this.chunks[i].breaks < position.line) {
      line += this.chunks[i].breaks;
      at += this.chunks[i].text.length;
      i++;
    }
    if (i === this.chunks.length) return at;
    // The line's start inside chunk i, then its end (possibly in a later chunk).
    const text = this.chunks[i].text;
    let start = 0;
    LINE_BREAK.lastIndex = 0;
    while (line < position.line) {
      const m = LINE_BREAK.exec(text)!;
      start = m.index + m[0].length;
      line++;
    }
    return this.lineEndBefore(i, at, start, Math.max(0, position.character));
  }

  /**
   * `wanted` characters after `start` in chunk `i` (at offset `at`), or the end of that line if it
   * comes first: only the characters up to the target are searched, not the whole (maybe huge) line.
   */
  private lineEndBefore(i: number, at: number, start: number, wanted: number): number {
    let target = at + start + wanted;
    for (; i < this.chunks.length; i++) {
      const text = this.chunks[i].text;
      const limit = Math.min(text.length, target - at);
      const lf = text.indexOf('\n', start);
      const cr = text.indexOf('\r', start);
      const lineBreak = Math.min(lf < 0 ? Infinity : lf, cr < 0 ? Infinity : cr);
      if (lineBreak < limit) return at + lineBreak;
      if (target - at <= text.length) return target;
      at += text.length;
      start = 0;
    }
    target = Math.min(target, at);
    return target;
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.length));
    let at = 0;
    let line = 0;
    let lineStart = 0;
    for (const c of this.chunks) {
      const next = at + c.text.length;
      if (next < offset) {
        // A whole chunk before the offset: its count, and where its last line starts.
        if (c.breaks > 0) {
          line += c.breaks;
          lineStart = at + Math.max(c.text.lastIndexOf('\n'), c.text.lastIndexOf('\r')) + 1;
        }
        at = next;
        continue;
      }
      const upTo = offset - at;
      LINE_BREAK.lastIndex = 0;
      for (let m = LINE_BREAK.exec(c.text); m && m.index < upTo; m = LINE_BREAK.exec(c.text)) {
        // An offset between \r and \n belongs to the line the pair ends.
        if (m.index + m[0].length > upTo) break;
        line++;
        lineStart = at + m.index + m[0].length;
      }
      break;
    }
    return { line, character: offset - lineStart };
  }

  /** Applies the client's changes in order. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change)) {
        this.chunks = chunksOf(change.text);
        this.whole = change.text;
        continue;
      }
      const start = this.offsetAt(change.range.start);
      const end = Math.max(start, this.offsetAt(change.range.end));
      this.replace(start, end, change.text);
    }
    this.version = version;
  }

  private replace(start: number, end: number, text: string): void {
    this.whole = undefined;
    // The chunks [first, last] that the edit touches, with the offset of `first`.
    let first = 0;
    let firstAt = 0;
    while (first < this.chunks.length - 1 && firstAt + this.chunks[first].text.length < start) firstAt += this.chunks[first++].text.length;
    let last = first;
    let lastAt = firstAt;
    while (last < this.chunks.length - 1 && lastAt + this.chunks[last].text.length < end) lastAt += this.chunks[last++].text.length;
    const head = this.chunks[first]?.text.slice(0, start - firstAt) ?? '';
    const tail = this.chunks[last]?.text.slice(end - lastAt) ?? '';
    // The next chunk joins in when a \r would be cut from its \n.
    let merged = head + text + tail;
    let through = last;
    if (merged.endsWith('\r') && this.chunks[through + 1]?.text.startsWith('\n')) merged += this.chunks[++through].text;
    // (An edit at a chunk's start is taken as the previous chunk's end, so the head needs no such care.)
    this.chunks.splice(first, through - first + 1, ...chunksOf(merged));
  }
}

/** For `new TextDocuments(CHUNKED_DOCUMENTS)`. */
export const CHUNKED_DOCUMENTS: TextDocumentsConfiguration<ChunkedDocument> = {
  create: (uri, languageId, version, content) => new ChunkedDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};
