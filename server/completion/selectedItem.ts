// The suggest widget's selected item, as the editor hands it with an inline completion request (LSP
// 3.18's selectedCompletionInfo): while the widget is open the editor shows only ghost text that
// begins the item selected, so the suggestion is made as if the item were typed, and given back as
// the item's text and what follows it. Without this, any list open at the cursor (the document's
// words, the Python language server's names) hid a suggestion that went another way.
import type { TextSource } from './promptWindow';

/** A document's text with `[from, to)` replaced by `insert`, read in slices like the document itself. */
export class ReplacedText implements TextSource {
  readonly length: number;
  readonly notebook?: boolean;

  constructor(
    private readonly base: TextSource,
    private readonly from: number,
    private readonly to: number,
    private readonly insert: string,
  ) {
    this.length = base.length - (to - from) + insert.length;
    this.notebook = base.notebook;
  }

  slice(start: number, end: number): string {
    const s = Math.max(0, Math.min(start, this.length));
    const e = Math.max(s, Math.min(end, this.length));
    const insertEnd = this.from + this.insert.length;
    const shift = this.to - insertEnd;
    let out = '';
    if (s < this.from) out += this.base.slice(s, Math.min(e, this.from));
    if (e > this.from && s < insertEnd) out += this.insert.slice(Math.max(0, s - this.from), Math.min(this.insert.length, e - this.from));
    if (e > insertEnd) out += this.base.slice(Math.max(s, insertEnd) + shift, e + shift);
    return out;
  }
}

/**
 * Where the selected item goes in a document whose cursor is at `offset`, on the cursor's line: the
 * item replaces the line from `startCharacter` to `endCharacter` (the cursor's column is
 * `cursorCharacter`). Undefined for a range on other lines or not around the cursor, and for an item
 * of more than one line or of none: those are not what a widget selects while the user types a name.
 */
export function selectedPlace(offset: number, cursorCharacter: number, range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } }, cursorLine: number, text: string): { readonly from: number; readonly to: number } | undefined {
  const { start, end } = range;
  if (start.line !== cursorLine || end.line !== cursorLine || start.character > cursorCharacter || end.character < cursorCharacter) return undefined;
  if (text === '' || text.includes('\n')) return undefined;
  return { from: offset - (cursorCharacter - start.character), to: offset + (end.character - cursorCharacter) };
}
