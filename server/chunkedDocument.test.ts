// The chunked document must say exactly what vscode-languageserver-textdocument says about the same
// text after the same edits (the library is the reference), across chunk boundaries and line breaks.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { ChunkedDocument } from './chunkedDocument';

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const PIECES = ['x', 'def f(a):\n', '    return a\n', '\r\n', '\r', '\n', '中文', '😀', ' '.repeat(70_000), 'y = 1\r\n'];

function randomText(next: () => number, pieces: number): string {
  return Array.from({ length: pieces }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
}

function assertSame(chunked: ChunkedDocument, reference: TextDocument, next: () => number, note: string): void {
  const text = reference.getText();
  assert.equal(chunked.getText(), text, note);
  assert.equal(chunked.lineCount, reference.lineCount, `${note}: lines`);
  for (let k = 0; k < 40; k++) {
    const offset = Math.floor(next() * (text.length + 2));
    assert.deepEqual(chunked.positionAt(offset), reference.positionAt(offset), `${note}: positionAt(${offset})`);
    const position = { line: Math.floor(next() * (reference.lineCount + 1)), character: Math.floor(next() * 80_000) };
    assert.equal(chunked.offsetAt(position), reference.offsetAt(position), `${note}: offsetAt(${JSON.stringify(position)})`);
    const a = Math.floor(next() * text.length);
    const b = a + Math.floor(next() * 200_000);
    assert.equal(chunked.slice(a, b), text.slice(a, b), `${note}: slice`);
  }
}

describe('chunked document', () => {
  it('agrees with the LSP library on text, lines, offsets and positions through random edits', function () {
    this.timeout(60_000);
    for (let seed = 1; seed <= 6; seed++) {
      const next = random(seed);
      const initial = randomText(next, 60);
      const reference = TextDocument.create('file:///a.py', 'python', 1, initial);
      const chunked = new ChunkedDocument('file:///a.py', 'python', 1, initial);
      assertSame(chunked, reference, next, `seed ${seed}, opened`);
      for (let edit = 0; edit < 40; edit++) {
        const text = reference.getText();
        const start = reference.positionAt(Math.floor(next() * text.length));
        const end = reference.positionAt(reference.offsetAt(start) + Math.floor(next() * 100_000 * (next() < 0.2 ? 1 : 0.001)));
        const changes: TextDocumentContentChangeEvent[] = [{ range: { start, end }, text: randomText(next, Math.floor(next() * 3)) }];
        TextDocument.update(reference, changes, edit + 2);
        chunked.update(changes, edit + 2);
        // Keep the reference's text as a flat string for the comparisons, which the chunked one must not need.
        assert.equal(chunked.version, reference.version);
        if (edit % 8 === 0) assertSame(chunked, reference, next, `seed ${seed}, edit ${edit}`);
      }
      assertSame(chunked, reference, next, `seed ${seed}, end`);
    }
  });

  it('keeps a \\r typed at the end of a chunk together with the \\n that starts the next', () => {
    const text = `${'a'.repeat(64 * 1024)}\nb`;
    const reference = TextDocument.create('file:///c.py', 'python', 1, text);
    const chunked = new ChunkedDocument('file:///c.py', 'python', 1, text);
    const at = reference.positionAt(64 * 1024);
    const changes = [{ range: { start: at, end: at }, text: '\r' }];
    TextDocument.update(reference, changes, 2);
    chunked.update(changes, 2);
    assert.equal(chunked.lineCount, reference.lineCount);
    assert.deepEqual(chunked.positionAt(64 * 1024 + 2), reference.positionAt(64 * 1024 + 2));
    assert.equal(chunked.offsetAt({ line: 1, character: 1 }), reference.offsetAt({ line: 1, character: 1 }));
  });

  it('replaces its whole text on a change without a range', () => {
    const doc = new ChunkedDocument('file:///b.py', 'python', 1, 'a\nb');
    doc.update([{ text: 'x = 1\r\ny' }], 2);
    assert.equal(doc.getText(), 'x = 1\r\ny');
    assert.deepEqual(doc.positionAt(8), { line: 1, character: 1 });
  });
});
