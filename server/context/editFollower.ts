// What an edit changes for the workspace context, read again once typing pauses there
// (settledEdits.ts): a document whose import lines (or assignments on the names they bind), or the data
// files or Hydra configs it names, changed has its imports, names and files read again (an import
// typed and used at once, a file opened in a new script), and when an open module's top-level code changed, the names lists of the
// documents that read it as a module are read again (only the lists: their imports did not change).
import type { TextSource } from '../completion/promptWindow';
import { filePath } from './filePaths';
import { MAX_MODULE_BYTES } from './projectModules';
import { dataStrings } from './dataFiles';
import { hydraKey, hydraMainsInText } from './hydraMain';
import { importsSignature, moduleLines, SettledEdits } from './settledEdits';

/**
 * What a pause compares with the last reading of a document: its imports (settledEdits.ts), and the
 * data files (dataFiles.ts) and Hydra configs (hydraMain.ts) its text names. A script written from
 * scratch names its file after it was opened (`events = uproot.open("data/hzz.root")…`): without
 * these, the file's keys were read only once the cursor moved elsewhere.
 */
export function readSignature(head: string): string {
  return `${importsSignature(head)}\0data\0${dataStrings(head).join('\n')}\0hydra\0${hydraMainsInText(head).map(hydraKey).join('\0')}`;
}

/** What WorkspaceContext does for an edit. */
export interface EditedDocuments {
  /** An open Python document's text, or a notebook's code cells; undefined once closed. */
  textOf(uri: string): TextSource | undefined;
  /** Reads the document's imports (and its names list) again: prepare(). */
  readImports(uri: string, text: TextSource): void;
  /** The documents whose names lists came (in part) from this file. */
  readersOf(file: string): readonly string[];
  /** Whether the last reading of this open module found a syntax error (what the error swallowed is missing from it). */
  readWithError(uri: string): boolean;
  /** Reads these documents' names lists again. */
  readNames(uris: readonly string[]): void;
}

export class EditFollower {
  private readonly pauses: SettledEdits;
  /** Per document: its signature (import lines, assignments on their names, data files and configs named: readSignature) as it was last read. */
  private readonly signatureRead = new Map<string, string>();
  /** Per open module: its binding lines when the lists of the documents importing it were last read again. */
  private readonly moduleLinesRead = new Map<string, string>();

  constructor(
    private readonly documents: EditedDocuments,
    /** Only this much of a document is scanned for imports. */
    private readonly scannedChars: number,
  ) {
    this.pauses = new SettledEdits((uri) => this.settled(uri));
  }

  /** The document changed: once typing pauses there, what the edit changes is read again. */
  changed(uri: string): void {
    this.pauses.changed(uri);
  }

  /** The imports of `head` (the document's scanned part) are being read, and the files it names. */
  importsRead(uri: string, head: string): void {
    this.signatureRead.set(uri, readSignature(head));
  }

  /** At each document's next pause, its imports are read again (project names turned on). */
  readAllAgain(): void {
    this.signatureRead.clear();
    this.moduleLinesRead.clear();
  }

  /** Every names list was read again (files changed): the next pause in a module compares afresh. */
  namesReadAgain(): void {
    this.moduleLinesRead.clear();
  }

  forget(uri: string): void {
    this.pauses.forget(uri);
    this.signatureRead.delete(uri);
    this.moduleLinesRead.delete(uri);
  }

  private settled(uri: string): void {
    const text = this.documents.textOf(uri);
    if (!text) return;
    if (this.signatureRead.get(uri) !== readSignature(text.slice(0, Math.min(text.length, this.scannedChars)))) this.documents.readImports(uri, text);
    const file = filePath(uri);
    const readers = file ? this.documents.readersOf(file).filter((reader) => reader !== uri) : [];
    if (readers.length === 0) {
      // Readers that come later read the module as it is then: no comparison holds for them.
      this.moduleLinesRead.delete(uri);
      return;
    }
    // Only when the edit can have changed the module's names (not typing inside a function), or while
    // its last reading had a syntax error (`def train(model,` then the rest on indented lines).
    const lines = text.length > MAX_MODULE_BYTES ? 'too large to be read' : moduleLines(text.slice(0, text.length));
    if (this.moduleLinesRead.get(uri) === lines && !this.documents.readWithError(uri)) return;
    this.moduleLinesRead.set(uri, lines);
    this.documents.readNames(readers);
  }
}
