// The Python files of the workspace folders, cut into chunks and indexed by the identifiers they use,
// so that similar code is found in files the user has not opened: the test beside the one being
// written, the script that loads the same dataset. Files are read in idle time, a file per turn of
// the event loop, once after the folders are known and again as they change on disk (reindex());
// ranking a query is an inverted-index lookup, a few milliseconds for thousands of files.
import { type Dir, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isInside } from './localModules';
import { isGone } from './filePaths';
import { chunksOf, offeredText, withoutOverlaps } from './similarChunks';

/** What is read at most: a workspace that is a home folder or a monorepo costs this much. */
export interface IndexBounds {
  readonly files: number;
  /** Characters of all indexed files together (each file's text is kept once). */
  readonly totalChars: number;
  /** Larger files are generated code or data more often than code someone writes like. */
  readonly fileBytes: number;
  /** Directory entries looked at per walk, and per folder: a folder of a million data files cannot stall the scan. */
  readonly entries: number;
  readonly entriesPerFolder: number;
}

export const INDEX_BOUNDS: IndexBounds = { files: 2_000, totalChars: 8 * 1024 * 1024, fileBytes: 256 * 1024, entries: 50_000, entriesPerFolder: 5_000 };

/** Folders never entered: caches, build output, installed packages (hidden folders neither: .git, .venv). */
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
  /** Whether the roots are being indexed (setRoots() since the last clear()). */
  private live = false;
  private readonly bounds: IndexBounds;
  private readonly files = new Map<string, IndexedFile>();
  private chunks: IndexedChunk[] = [];
  /** Identifier → ids of the chunks that use it (dead chunks are skipped, and dropped at compaction). */
  private readonly postings = new Map<string, number[]>();
  private dead = 0;
  private chars = 0;
  /** Bumped by setRoots() and clear(): work begun before changes nothing after its next wait. */
  private generation = 0;
  /** All indexing runs one job after another, never two at once. */
  private work: Promise<void> = Promise.resolve();
  private running = 0;
  private readonly queued = new Set<string>();
  private draining = false;
  /** Folder → whether it is a Python environment (pyvenv.cfg or conda-meta in it), as found. */
  private readonly environments = new Map<string, boolean>();
  private boundHit = false;
  /** Bumped whenever an indexed file is added, read again or dropped (what texts() gives changed). */
  private changes = 0;

  constructor(
    private readonly log: (message: string) => void = () => undefined,
    bounds: Partial<IndexBounds> = {},
  ) {
    this.bounds = { ...INDEX_BOUNDS, ...bounds };
  }

  /** Indexes the folders' Python files in the background, dropping what other folders gave. */
  setRoots(roots: readonly string[]): Promise<void> {
    const next = roots.map((r) => path.resolve(r));
    if (this.live && next.length === this.roots.length && next.every((r, i) => r === this.roots[i])) return this.work;
    this.clear();
    this.roots = next;
    this.live = true;
    const generation = this.generation;
    return this.enqueue(() => this.walk(this.roots, generation), 'Indexing the workspace');
  }

  /** Stops indexing and forgets everything (similar chunks were turned off). */
  clear(): void {
    this.generation++;
    this.roots = [];
    this.live = false;
    this.queued.clear();
    this.files.clear();
    this.chunks = [];
    this.postings.clear();
    this.environments.clear();
    this.dead = 0;
    this.chars = 0;
    this.boundHit = false;
    this.changes++;
  }

  /** Resolves when the indexing queued so far is done. */
  ready(): Promise<void> {
    return this.work;
  }

  /** Changes whenever what texts() gives changes. */
  get version(): number {
    return this.changes;
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** Chunks that searches compare (those of files indexed now). */
  get chunkCount(): number {
    return this.chunks.length - this.dead;
  }

  /** Whether indexing is going on (the first walk, or changes being read). */
  get busy(): boolean {
    return this.running > 0;
  }

  indexedFiles(): string[] {
    return [...this.files.keys()];
  }

  /**
   * Paths that changed on disk: a Python file is read again (or dropped when it is gone), a folder
   * that went away takes its files with it, one that appeared (created, renamed, checked out) is
   * walked. In the background, a path per turn of the event loop; paths outside the workspace
   * folders, or where a walk never goes (hidden folders, environments, build output), are ignored.
   */
  reindex(paths: readonly string[]): Promise<void> {
    if (!this.live) return this.work;
    for (const p of paths) {
      const full = path.resolve(p);
      const root = this.roots.find((r) => isInside(full, r));
      if (root && !path.relative(root, full).split(path.sep).some(skippedName)) this.queued.add(full);
    }
    if (this.draining || this.queued.size === 0) return this.work;
    this.draining = true;
    const generation = this.generation;
    const drained = this.enqueue(async () => {
      try {
        while (this.queued.size > 0 && generation === this.generation) {
          const next = this.queued.values().next().value!;
          this.queued.delete(next);
          await this.update(next, generation);
          await turn();
        }
      } finally {
        this.draining = false;
      }
    }, 'Indexing changed files');
    // Paths queued while an older generation's drain was ending are drained now.
    return drained.then(() => (this.queued.size > 0 ? this.reindex([]) : undefined));
  }

  /**
   * The chunks most similar to `query`, best first, at most `limit`, none below `minScore`, none from
   * the files `skip` names (the document itself, files whose editor text is ranked instead).
   */
  search(query: ReadonlySet<string>, limit: number, minScore: number, skip: (file: string) => boolean): FoundChunk[] {
    if (query.size === 0 || this.chunks.length === 0) return [];
    const shared = new Map<number, number>();
    for (const word of query) {
      for (const id of this.postings.get(word) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const found: { file: string; line: number; score: number }[] = [];
    const skipped = new Map<string, boolean>();
    for (const [id, n] of shared) {
      const chunk = this.chunks[id];
      const score = n / (query.size + chunk.words - n);
      if (!chunk.alive || score < minScore) continue;
      let skipIt = skipped.get(chunk.file);
      if (skipIt === undefined) skipped.set(chunk.file, (skipIt = skip(chunk.file)));
      if (!skipIt) found.push({ file: chunk.file, line: chunk.line, score });
    }
    found.sort((a, b) => b.score - a.score);
    // Several chosen chunks can come from one file: its lines are split once.
    const lines = new Map<string, string[]>();
    return withoutOverlaps(found, limit, (c) => c).flatMap((c) => {
      const text = this.files.get(c.file)?.text;
      if (text === undefined) return [];
      let fileLines = lines.get(c.file);
      if (!fileLines) lines.set(c.file, (fileLines = text.split('\n')));
      return [{ ...c, text: offeredText(fileLines, c.line) }];
    });
  }

  /** The indexed files' texts as read from disk, but those `skip` names (repeatedLines.ts looks for lines in them). */
  *texts(skip: (file: string) => boolean): Iterable<{ readonly file: string; readonly text: string }> {
    for (const [file, info] of this.files) if (!skip(file)) yield { file, text: info.text };
  }

  private enqueue(job: () => Promise<void>, what: string): Promise<void> {
    this.running++;
    this.work = this.work
      .then(job)
      .catch((err: unknown) => this.log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => this.running--);
    return this.work;
  }

  /** Breadth first, so that a workspace larger than the bounds is indexed nearest its top. */
  private async walk(folders: readonly string[], generation: number): Promise<void> {
    const pending = [...folders];
    let entries = 0;
    while (pending.length > 0 && generation === this.generation) {
      const folder = pending.shift()!;
      if (await this.isEnvironment(folder)) continue; // a Python environment's packages are not the project
      let dir: Dir;
      try {
        dir = await fs.opendir(folder);
      } catch {
        continue; // an unreadable folder is left out, as an editor's search does
      }
      let inFolder = 0;
      // Read entry by entry (a folder of a million data files is never listed at once); leaving the loop closes it.
      for await (const entry of dir) {
        if (generation !== this.generation) return;
        if (++entries > this.bounds.entries) return this.bounded(`${this.bounds.entries} folder entries looked at`);
        if (++inFolder > this.bounds.entriesPerFolder) {
          this.bounded(`${folder} has more than ${this.bounds.entriesPerFolder} entries`);
          break;
        }
        // Links are neither files nor folders to a Dirent: not followed (a link to a parent would loop).
        if (skippedName(entry.name)) continue;
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) pending.push(full);
        else if (entry.isFile() && entry.name.endsWith('.py')) {
          await this.indexFile(full, generation);
          await turn();
        }
      }
      await turn();
    }
  }

  /** One changed path (reindex()). */
  private async update(changed: string, generation: number): Promise<void> {
    if (changed.endsWith('.py')) {
      if (await this.inEnvironment(path.dirname(changed))) return;
      return this.indexFile(changed, generation);
    }
    const stat = await fs.stat(changed).catch(() => undefined);
    if (generation !== this.generation) return;
    const prefix = changed + path.sep;
    const under = [...this.files.keys()].filter((f) => f.startsWith(prefix));
    if (!stat?.isDirectory()) {
      for (const f of under) this.drop(f);
      return;
    }
    // A folder there now: what was indexed under it is checked, and what is new is read.
    for (const f of under) await this.indexFile(f, generation);
    if (!(await this.inEnvironment(path.dirname(changed)))) await this.walk([changed], generation);
  }

  /** Reads one file unless its indexed copy is current; a file that is gone, or too large now, is dropped. */
  private async indexFile(file: string, generation: number): Promise<void> {
    let stat;
    try {
      stat = await fs.stat(file);
    } catch (err) {
      // Only a file that is not there any more is dropped: a transient error (EMFILE) keeps what is indexed.
      if (generation === this.generation && isGone(err)) this.drop(file);
      return;
    }
    if (generation !== this.generation) return;
    const known = this.files.get(file);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return;
    if (!stat.isFile() || stat.size > this.bounds.fileBytes) {
      this.drop(file);
      return;
    }
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (generation === this.generation && isGone(err)) this.drop(file);
      return;
    }
    if (generation !== this.generation) return;
    this.drop(file);
    // Checked on what was read: the file may have grown since its stat.
    if (text.length > this.bounds.fileBytes) return;
    if (this.files.size >= this.bounds.files || this.chars + text.length > this.bounds.totalChars) {
      this.bounded(`${this.bounds.files} files or ${this.bounds.totalChars} characters indexed`);
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
    this.changes++;
  }

  private drop(file: string): void {
    const known = this.files.get(file);
    if (!known) return;
    for (const id of known.chunks) this.chunks[id].alive = false;
    this.dead += known.chunks.length;
    this.chars -= known.text.length;
    this.files.delete(file);
    this.changes++;
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
    this.chunks = kept;
    this.dead = 0;
  }

  /** Whether a folder holds a Python environment (a virtualenv's pyvenv.cfg, a conda environment's conda-meta). */
  private async isEnvironment(folder: string): Promise<boolean> {
    let known = this.environments.get(folder);
    if (known === undefined) {
      const has = (name: string) => fs.stat(path.join(folder, name)).then(() => true, () => false);
      known = (await has('pyvenv.cfg')) || (await has('conda-meta'));
      this.environments.set(folder, known);
    }
    return known;
  }

  /** Whether a folder is, or lies in, a Python environment inside its workspace folder (one made after the first walk too). */
  private async inEnvironment(folder: string): Promise<boolean> {
    const root = this.roots.find((r) => folder === r || isInside(folder, r));
    if (!root) return true;
    for (let f = folder; f !== root && isInside(f, root); f = path.dirname(f)) {
      if (await this.isEnvironment(f)) return true;
    }
    return false;
  }

  /** Says once per walk of the folders that a bound stopped it, so that a user can tell why a file is not used. */
  private bounded(why: string): void {
    if (this.boundHit) return;
    this.boundHit = true;
    this.log(`Indexing the workspace for similar code stopped early (${why}); files beyond are not offered as context.`);
  }
}

/** Hidden files and folders (.git, .venv), and the folders in SKIPPED_FOLDERS. */
function skippedName(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name);
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
