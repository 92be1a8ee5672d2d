// Notebooks as the completion engine sees them. A notebook's Python code cells, in order and joined by
// a blank line, read as one module: a cell below `import torch` knows about torch, and the cells
// below the cursor's cell are the suffix. Markdown cells are left out (they are not synced at all:
// the server asks only for Python cells): prose as `#` comments would take the few hundred tokens of
// the prompt window from the code around the cursor, and a model that sees comments above the cursor
// tends to answer with more comments.
import type { Position } from 'vscode-languageserver';
import { NotebookCellKind, type NotebookDocuments, type TextDocuments } from 'vscode-languageserver/node';
import type { ChunkedDocument } from './chunkedDocument';
import type { TextSource } from './completion/promptWindow';

/** Between two cells: the end of a line and a blank line, as between two top-level blocks of a file. */
export const CELL_SEPARATOR = '\n\n';

/**
 * The notebook's code cells as one text, read through the cells' own chunked documents: a slice
 * copies only the characters asked for (the engine reads a window around the cursor), never the
 * whole notebook per keystroke.
 */
export class NotebookText implements TextSource {
  readonly notebook = true;

  constructor(private readonly cells: readonly ChunkedDocument[]) {}

  get length(): number {
    return this.cells.reduce((n, c) => n + c.length, 0) + CELL_SEPARATOR.length * Math.max(0, this.cells.length - 1);
  }

  /** The offset where cell `index` starts. */
  cellStart(index: number): number {
    let at = 0;
    for (let i = 0; i < index; i++) at += this.cells[i].length + CELL_SEPARATOR.length;
    return at;
  }

  slice(start: number, end: number): string {
    const parts: string[] = [];
    let at = 0;
    for (let i = 0; i < this.cells.length && at < end; i++) {
      // The cell, then (except after the last) its separator, each cut to [start, end).
      const cell = this.cells[i];
      const cellEnd = at + cell.length;
      if (cellEnd > start) parts.push(cell.slice(Math.max(0, start - at), Math.min(cell.length, end - at)));
      if (i < this.cells.length - 1) {
        const sepEnd = cellEnd + CELL_SEPARATOR.length;
        if (sepEnd > start && cellEnd < end) parts.push(CELL_SEPARATOR.slice(Math.max(0, start - cellEnd), Math.min(CELL_SEPARATOR.length, end - cellEnd)));
        at = sepEnd;
      } else {
        at = cellEnd;
      }
    }
    return parts.join('');
  }
}

/** What a completion at a place in a document or a notebook cell looks at. */
export interface CompletionSource {
  /** The key of the engine's per-document state: the notebook's URI for a cell, so that typing in any cell reuses one cache. */
  readonly key: string;
  readonly text: TextSource;
  readonly offset: number;
}

/**
 * The text and offset for a completion at `position` in `uri`: a Python cell of a synced notebook
 * reads the notebook's code cells; any other Python document (a .py file, a cell of a notebook that
 * is not synced as one) reads itself. Undefined for what is not Python or not open.
 */
export function completionSource(
  documents: TextDocuments<ChunkedDocument>,
  notebooks: NotebookDocuments<ChunkedDocument>,
  uri: string,
  position: Position,
): CompletionSource | undefined {
  const notebook = notebooks.findNotebookDocumentForCell(uri);
  if (notebook) {
    const cell = notebooks.cellTextDocuments.get(uri);
    if (!cell || cell.languageId !== 'python') return undefined;
    const cells = codeCells(notebooks, notebook.uri);
    const index = cells.indexOf(cell);
    if (index < 0) return undefined;
    const text = new NotebookText(cells);
    return { key: notebook.uri, text, offset: text.cellStart(index) + cell.offsetAt(position) };
  }
  const document = documents.get(uri);
  if (!document || document.languageId !== 'python') return undefined;
  return { key: document.uri, text: document, offset: document.offsetAt(position) };
}

/** A synced notebook's Python code cells, in order; none for a URI that is no open notebook. */
function codeCells(notebooks: NotebookDocuments<ChunkedDocument>, notebookUri: string): ChunkedDocument[] {
  const cells: ChunkedDocument[] = [];
  for (const c of notebooks.getNotebookDocument(notebookUri)?.cells ?? []) {
    const document = c.kind === NotebookCellKind.Code ? notebooks.cellTextDocuments.get(c.document) : undefined;
    if (document?.languageId === 'python') cells.push(document);
  }
  return cells;
}

/** The text of an open Python document, or the code cells of an open notebook (by the notebook's URI), as the engine reads it. */
export function documentText(documents: TextDocuments<ChunkedDocument>, notebooks: NotebookDocuments<ChunkedDocument>, uri: string): TextSource | undefined {
  const document = documents.get(uri);
  if (document) return document.languageId === 'python' ? document : undefined;
  return notebooks.getNotebookDocument(uri) ? new NotebookText(codeCells(notebooks, uri)) : undefined;
}
