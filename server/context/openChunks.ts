// The open and recently closed Python documents cut into chunks (similarChunks.ts), for the similar
// code a completion's prompt takes from them (contextPieces.ts). Open documents are cut again in idle
// time, only those that changed; a closed document's chunks stay candidates for a while (the file the
// user just looked at).
import type { TextSource } from '../completion/promptWindow';
import { type Chunk, chunksOf } from './similarChunks';

/** Only documents at most this large (in UTF-16 characters) are cut into chunks. */
export const MAX_CHUNKED_CHARS = 1024 * 1024;
/** Open documents kept cut into chunks at most (the most recently opened). */
const MAX_OPEN_CHUNKED = 32;
/** Recently closed documents whose chunks stay candidates. */
const MAX_CLOSED = 8;

/** What the chunks are cut from: an open document as the server holds it. */
export interface ChunkedDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly text: TextSource;
}

export class OpenChunks {
  private readonly open = new Map<string, { version: number; chunks: readonly Chunk[] }>();
  private readonly recent = new Map<string, readonly Chunk[]>();

  /** Recently closed documents' chunks, by URI, the most recently closed last. */
  get closed(): ReadonlyMap<string, readonly Chunk[]> {
    return this.recent;
  }

  /** The open documents' chunks as last cut, by URI. */
  openChunks(): (readonly [string, readonly Chunk[]])[] {
    return [...this.open].map(([uri, cached]) => [uri, cached.chunks] as const);
  }

  /**
   * Cuts the open Python documents that changed into chunks, a document at a time with a turn of the
   * event loop between them, most recently opened first and at most MAX_OPEN_CHUNKED of them: a
   * request only ranks chunks made here (a changed document's older chunks serve until then).
   */
  async cut(documents: Iterable<ChunkedDocument>): Promise<void> {
    const docs = [...documents].filter((d) => d.languageId === 'python' && d.text.length <= MAX_CHUNKED_CHARS).reverse().slice(0, MAX_OPEN_CHUNKED);
    const keep = new Set(docs.map((d) => d.uri));
    for (const uri of this.open.keys()) if (!keep.has(uri)) this.open.delete(uri);
    for (const doc of docs) {
      if (this.open.get(doc.uri)?.version === doc.version) continue;
      const version = doc.version;
      const chunks = chunksOf(doc.text.slice(0, doc.text.length));
      this.open.set(doc.uri, { version, chunks });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** A document closed: with its text, its chunks stay candidates among the recently closed. */
  closedDocument(uri: string, text: TextSource | undefined): void {
    const chunked = this.open.get(uri)?.chunks;
    this.open.delete(uri);
    if (!text || text.length > MAX_CHUNKED_CHARS) return;
    this.recent.delete(uri);
    this.recent.set(uri, chunked ?? chunksOf(text.slice(0, text.length)));
    if (this.recent.size > MAX_CLOSED) this.recent.delete(this.recent.keys().next().value!);
  }
}
