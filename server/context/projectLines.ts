// Where a line the user is on was followed in the project's other Python files (repeatedLines.ts
// reads one text): the open documents as the editor has them, the most recently opened first, then
// the workspace's files as they are on disk. The keystrokes on one line look them up once.
import type { ChunkedDocument } from './openChunks';
import { fileKey, fileKeys } from './filePaths';
import { type FollowingLine, followingLines, type LineQuery } from './repeatedLines';

/** The texts of the workspace's files on disk, and a version that changes whenever they do (workspaceIndex.ts). */
export interface IndexedTexts {
  readonly version: number;
  texts(skip: (file: string) => boolean): Iterable<{ readonly file: string; readonly text: string }>;
}

export class ProjectLines {
  /** The lines found last, and for what. */
  private last: { readonly key: string; readonly found: FollowingLine[] } | undefined;

  constructor(
    private readonly index: IndexedTexts,
    /** Documents larger than this are not read (as for the similar chunks). */
    private readonly maxChars: number,
  ) {}

  /** Lines that followed the query's line above in Python files other than the document `uri`. */
  following(uri: string, query: LineQuery, documents: readonly ChunkedDocument[]): FollowingLine[] {
    const others = documents.filter((d) => d.uri !== uri && d.languageId === 'python' && d.text.length <= this.maxChars).reverse();
    // What is typed on the line is not part of it: every keystroke there finds the same lines.
    const key = JSON.stringify([uri, query.above, query.twoAbove, query.indent - query.aboveIndent, this.index.version, others.map((d) => [d.uri, d.version])]);
    if (this.last?.key === key) return this.last.found;
    const found: FollowingLine[] = [];
    for (const doc of others) found.push(...followingLines(doc.text.slice(0, doc.text.length), query));
    // Never the document's own file as saved (its lines are the editor's), nor an open one.
    const editorFiles = fileKeys([uri, ...documents.map((d) => d.uri)]);
    for (const { text } of this.index.texts((file) => editorFiles.has(fileKey(file)))) found.push(...followingLines(text, query));
    this.last = { key, found };
    return found;
  }
}
