// The workspace cache's counts (hai.completion.workspaceCache): an n-gram table of the tokens of each
// text the completion may draw on — the document itself, the local modules it imports, the other open
// documents — counted in idle time by WorkspaceContext.prepare() with the loaded model's tokenizer.
// A text is counted again only when its stamp (the model, and the file's or document's version) changes.
import { type CacheEncoder, NgramTable, tokenizeInSlices } from './ngramCache';

/** The workspace cache counts at most this much of each text, and this many texts per document. */
export const MAX_CACHED_CHARS = 128 * 1024;
export const MAX_CACHE_TABLES = 12;

/** A text to count: its key (a file path or a document URI), what version of it this is, and the text. */
export interface CacheText {
  readonly key: string;
  readonly stamp: string;
  readonly text: string;
}

/** A text's counts, and what they were counted from (model and version). */
interface CachedTable {
  readonly stamp: string;
  readonly table: NgramTable;
  readonly tokens: number;
}

export class CacheTables {
  private on = false;
  private encoder: CacheEncoder | undefined;
  private readonly tables = new Map<string, CachedTable>();

  get enabled(): boolean {
    return this.on;
  }

  setEnabled(enabled: boolean): void {
    this.on = enabled;
    if (!enabled) this.tables.clear();
  }

  /** The loaded model's tokenizer (none while no model is loaded); counts of another model are dropped. */
  setEncoder(encoder: CacheEncoder | undefined): void {
    if (encoder?.key !== this.encoder?.key) this.tables.clear();
    this.encoder = encoder;
  }

  /** The tokens counted, over every table kept. */
  get tokens(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.tokens;
    return n;
  }

  /** The tables of these texts that are counted, in this order (at most MAX_CACHE_TABLES). */
  tablesOf(keys: readonly string[]): NgramTable[] {
    if (!this.on || !this.encoder) return [];
    return keys.flatMap((k) => this.tables.get(k)?.table ?? []).slice(0, MAX_CACHE_TABLES);
  }

  delete(key: string): void {
    this.tables.delete(key);
  }

  /** Counts the texts whose stamp changed, in order, until `current()` says the request is stale. */
  async count(texts: readonly CacheText[], current: () => boolean): Promise<void> {
    for (const job of texts.slice(0, MAX_CACHE_TABLES)) {
      const encoder = this.encoder;
      if (!encoder || !this.on || !current()) return;
      const stamp = `${encoder.key}:${job.stamp}`;
      if (this.tables.get(job.key)?.stamp === stamp) continue;
      // Whole lines only: the last line of a text (where the cursor often is) ends in tokens that
      // say how the text was cut, not how code goes on.
      const text = job.text.slice(0, MAX_CACHED_CHARS);
      const ids = await tokenizeInSlices(encoder, text.slice(0, text.lastIndexOf('\n') + 1));
      if (this.encoder !== encoder || !current()) return; // the model changed meanwhile (another vocabulary), or the document closed
      this.tables.delete(job.key);
      this.tables.set(job.key, { stamp, table: new NgramTable(ids, encoder.vocab, (id) => encoder.isBlank(id)), tokens: ids.length });
      if (this.tables.size > MAX_CACHE_TABLES + 4) this.tables.delete(this.tables.keys().next().value!);
    }
  }
}
