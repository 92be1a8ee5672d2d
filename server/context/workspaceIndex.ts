// The Python files of the workspace folders, cut into chunks and indexed by the identifiers they use,
// so that similar code is found in files the user has not opened: the test beside the one being
// written, the script that loads the same dataset. Files are read in idle time, a file per turn of
// the event loop, once after the folders are known and again one by one as they change on disk
// (reindex()); ranking a query is an inverted-index lookup, a few milliseconds for thousands of files.
import { type Dirent, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isInside } from './localModules';
import { CHUNK_LINES, chunksOf, chunkText } from './similarChunks';

/** Bounds on what is read: a workspace that is a home folder or a monorepo costs this much at most. */
const MAX_FILES = 2_000;
const MAX_TOTAL_CHARS = 8 * 1024 * 1024;
/** Larger files are generated code or data more often than code someone writes like. */
const MAX_FILE_BYTES = 256 * 1024;
/** Directory entries looked at per scan: a folder of millions of files cannot keep the server busy. */
const MAX_ENTRIES = 50_000;
/** Folders never entered: version control, caches, build output, installed packages. */
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', 'site-packages', 'dist-packages', 'build', 'dist']);

/** One chunk of an indexed file: where it starts, and how many distinct identifiers it uses. */
interface IndexedChunk {
  readonly file: string;
  readonly line: number;
  readonly words: number;
  alive: boolean;
}

/** An indexed file: its text is kept once, and a chunk's text cut from it when the chunk is chosen. */
interface IndexedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly chunks: readonly number[];
  readonly text: string;
}

/** A chunk found for a query, with its Jaccard similarity. */
export interface FoundChunk {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly score: number;
}

export class WorkspaceIndex {
  private roots: readonly string[] = [];
  private readonly files = new Map<string, IndexedFile>();
  private readonly chunks: IndexedChunk[] = [];
  /** Identifier → ids of the chunks that use it (dead chunks are skipped, and dropped at compaction). */
  private readonly postings = new Map<string, number[]>();
  private dead = 0;
  private chars = 0;
  /** Bumped by each new scan: an older scan stops at its next file. */
  private scanning = 0;
  private scan: Promise<void> = Promise.resolve();
  private readonly queued = new Set<string>();
  private draining = false;
  private running = 0;

  constructor(private readonly log: (message: string) => void = () => undefined) {}

  /** Indexes the folders' Python files in the background, dropping what an earlier set of folders gave. */
  setRoots(roots: readonly string[]): Promise<void> {
    const next = roots.map((r) => path.resolve(r));
    if (next.length === this.roots.length && next.every((r, i) => r === this.roots[i])) return this.scan;
    this.roots = next;
    this.clear();
    const scan = ++this.scanning;
    this.scan = this.track(this.walk(scan).catch((err: unknown) => this.log(`Indexing the workspace failed: ${err instanceof Error ? err.message : String(err)}`)));
    return this.scan;
  }

  /** Stops indexing and forgets everything (the setting turned similar chunks off). */
  clear(): void {
    this.scanning++;
    this.queued.clear();
    this.files.clear();
    this.chunks.length = 0;
    this.postings.clear();
    this.dead = 0;
    this.chars = 0;
  }

  /** Resolves when the scan that is running (if any) has finished. */
  ready(): Promise<void> {
    return this.scan;
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** Chunks that searches compare (those of files indexed now). */
  get chunkCount(): number {
    return this.chunks.length - this.dead;
  }

  /** Whether a scan or a reindex() is running. */
  get busy(): boolean {
    return this.running > 0;
  }

  /**
   * Reads files again that changed, appeared or went away on disk (a save, a checkout), in the
   * background, a file per turn of the event loop; paths outside the workspace folders are ignored.
   */
  reindex(files: readonly string[]): Promise<void> {
    for (const f of files) if (f.endsWith('.py') && this.roots.some((r) => isInside(path.resolve(f), r))) this.queued.add(path.resolve(f));
    if (this.draining || this.queued.size === 0) return this.scan;
    this.draining = true;
    const scan = this.scanning;
    const drain = async (): Promise<void> => {
      while (this.queued.size > 0 && scan === this.scanning) {
        const file = this.queued.values().next().value!;
        this.queued.delete(file);
        await this.indexFile(file);
        await turn();
      }
    };
    this.scan = this.track(
      this.scan
        .then(drain)
        .catch((err: unknown) => this.log(`Indexing changed files failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          this.draining = false;
        }),
    );
    return this.scan;
  }

  /** Counts `work` as running until it settles (status' "indexing"). */
  private track(work: Promise<void>): Promise<void> {
    this.running++;
    return work.finally(() => this.running--);
  }

  /**
   * The chunks most similar to `query`, best first, at most `limit`, none below `minScore`, none from
   * the files `skip` names (the document itself, files whose open text is ranked instead).
   */
  search(query: ReadonlySet<string>, limit: number, minScore: number, skip: (file: string) => boolean): FoundChunk[] {
    if (query.size === 0 || this.chunks.length === 0) return [];
    const shared = new Map<number, number>();
    for (const word of query) {
      for (const id of this.postings.get(word) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const found: { chunk: IndexedChunk; score: number }[] = [];
    const skipped = new Map<string, boolean>();
    for (const [id, n] of shared) {
      const chunk = this.chunks[id];
      const score = n / (query.size + chunk.words - n);
      if (!chunk.alive || score < minScore) continue;
      let skipIt = skipped.get(chunk.file);
      if (skipIt === undefined) skipped.set(chunk.file, (skipIt = skip(chunk.file)));
      if (!skipIt) found.push({ chunk, score });
    }
    found.sort((a, b) => b.score - a.score);
    // Overlapping chunks of one file say the same: only the better one is offered.
    const chosen: { chunk: IndexedChunk; score: number }[] = [];
    for (const c of found) {
      if (chosen.length >= limit) break;
      if (!chosen.some((o) => o.chunk.file === c.chunk.file && Math.abs(o.chunk.line - c.chunk.line) < CHUNK_LINES)) chosen.push(c);
    }
    return chosen.map(({ chunk, score }) => ({ file: chunk.file, line: chunk.line, text: chunkText(this.files.get(chunk.file)!.text.split('\n'), chunk.line), score }));
  }

  /** Breadth first, so that a workspace too large for the bounds is indexed nearest its top. */
  private async walk(scan: number): Promise<void> {
    const folders = [...this.roots];
    let entries = 0;
    while (folders.length > 0 && scan === this.scanning) {
      const folder = folders.shift()!;
      let list: Dirent[];
      try {
        list = await fs.readdir(folder, { withFileTypes: true });
      } catch {
        continue; // unreadable folders are left out, as an editor's search does
      }
      if (list.some((e) => e.name === 'pyvenv.cfg' || e.name === 'conda-meta')) continue; // a Python environment's packages
      list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of list) {
        if (++entries > MAX_ENTRIES || scan !== this.scanning) return;
        // Symbolic links are not followed: a link to a parent folder would loop.
        if (entry.name.startsWith('.')) continue;
        const full = path.join(folder, entry.name);
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) folders.push(full);
        else if (entry.isFile() && entry.name.endsWith('.py')) {
          if (this.files.size >= MAX_FILES || this.chars >= MAX_TOTAL_CHARS) return;
          await this.indexFile(full);
          await turn();
        }
      }
      await turn();
    }
  }

  /** Reads one file unless its indexed copy is current; a file that is gone or too large is dropped. */
  private async indexFile(file: string): Promise<void> {
    const stat = await fs.stat(file).catch(() => undefined);
    const known = this.files.get(file);
    if (stat && known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return;
    if (known) this.drop(file, known);
    if (!stat?.isFile() || stat.size > MAX_FILE_BYTES) return;
    if (!known && (this.files.size >= MAX_FILES || this.chars >= MAX_TOTAL_CHARS)) return;
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return;
    }
    const ids: number[] = [];
    for (const chunk of chunksOf(text)) {
      const id = this.chunks.length;
      this.chunks.push({ file, line: chunk.line, words: chunk.words.size, alive: true });
      for (const word of chunk.words) {
        const list = this.postings.get(word);
        if (list) list.push(id);
        else this.postings.set(word, [id]);
      }
      ids.push(id);
    }
    this.files.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, chunks: ids, text });
    this.chars += text.length;
  }

  private drop(file: string, known: IndexedFile): void {
    for (const id of known.chunks) this.chunks[id].alive = false;
    this.dead += known.chunks.length;
    this.chars -= known.text.length;
    this.files.delete(file);
    if (this.dead > 4096 && this.dead > this.chunks.length / 2) this.compact();
  }

  /** Drops dead chunks from the postings once they are half of all: ids are renumbered. */
  private compact(): void {
    const renumbered = new Map<number, number>();
    const kept: IndexedChunk[] = [];
    this.chunks.forEach((c, id) => {
      if (c.alive) renumbered.set(id, kept.push(c) - 1);
    });
    for (const [word, list] of this.postings) {
      const next = list.flatMap((id) => renumbered.get(id) ?? []);
      if (next.length > 0) this.postings.set(word, next);
      else this.postings.delete(word);
    }
    for (const [file, info] of this.files) this.files.set(file, { ...info, chunks: info.chunks.map((id) => renumbered.get(id)!) });
    this.chunks.length = 0;
    this.chunks.push(...kept);
    this.dead = 0;
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
