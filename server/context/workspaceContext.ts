// The user's project as completion context: definitions from the local modules a file imports, and
// chunks of the project's files similar to the code around the cursor (open, recently closed and
// imported files as the editor has them, the other Python files of the workspace folders as they are
// on disk: workspaceIndex.ts). Everything slow (reading and parsing files, resolving imports,
// indexing) happens in idle time — prepare(), called when a document opens or the cursor settles,
// and the index's background reads — never while a completion waits; pieces() only ranks what is
// ready (contextPieces.ts ranks it), in a few milliseconds, so a keystroke never waits for the disk. The one text it cuts itself is
// the document's own, above the prompt's window, which the engine hands it when it chooses the context
// again (a new or moved window, a settled cursor, new imports; never per keystroke): ~3 ms for the
// 64 KB it looks at most.
import * as path from 'node:path';
import { PythonSyntax } from '../completion/pythonSyntax';
import type { TextSource } from '../completion/promptWindow';
import { fileExists, isInside, type LocalImport, resolveImport } from './localModules';
import { PackageFolders } from './packageFolder';
import { importsRelatively } from '../completion/relativeImports';
import type { MemberNames } from '../completion/memberNames';
import { ProjectModules } from './projectModules';
import { ModuleFiles } from './moduleFiles';
import { DocumentNames } from './documentNames';
import { HydraConfigs } from './hydraConfigs';
import type { ConfigKeys } from './hydraConfig';
import { DataFiles } from './dataFiles';
import type { DataFileKeys } from './dataKeys';
import { textHash } from './textHash';
import { ImportScans } from './importScans';
import { EditFollower } from './editFollower';
import { queryWords } from './similarChunks';
import { type ChunkedDocument, OpenChunks } from './openChunks';
import type { FollowingLine, LineQuery } from './repeatedLines';
import { ProjectLines } from './projectLines';
import { WorkspaceIndex } from './workspaceIndex';
import type { CacheEncoder, NgramTable } from './ngramCache';
import { type CacheText, CacheTables, MAX_CACHED_CHARS } from './cacheTables';
import { filePath } from './filePaths';
import { type ContextPiece, definitionPieces, type ImportedModule, similarPieces } from './contextPieces';
import type { WorkspaceContextStatus } from '../../core/protocol/serverStatus';

export type ContextSources = 'off' | 'imports' | 'similar' | 'all';

/** An open document as the server holds it. */
export type OpenDocument = ChunkedDocument;

/** Only this much of a document is scanned for imports; only files this large are read or chunked. */
const MAX_SCANNED_CHARS = 256 * 1024;
const MAX_FILE_BYTES = 1024 * 1024;
/** Local modules followed per document at most. */
const MAX_IMPORTS = 16;

export class WorkspaceContext {
  private roots: string[] = [];
  private sources: ContextSources = 'similar';
  private syntax: Promise<PythonSyntax> | undefined;
  /** The local modules read from disk. */
  private readonly files = new ModuleFiles(() => this.loadSyntax(), () => this.cache.enabled);
  /** Per document: the local files its imports name, once prepare() has resolved them. */
  private readonly imports = new Map<string, readonly LocalImport[]>();
  /** Per document: whether it is a file on disk outside any package (relativeImports.ts, packageFolder.ts), once prepare() has looked. */
  private readonly outside = new Map<string, boolean>();
  private readonly packageFolders = new PackageFolders();
  /** Per document: everything prepare() does (status' "preparing"), and its imports part (what a first request waits for). */
  private readonly pending = new Map<string, Promise<void>>();
  private readonly importsPending = new Map<string, Promise<void>>();
  /** Per document: the latest prepare() call; an older call's results are dropped. */
  private readonly sequences = new Map<string, number>();
  /** Per document: the import statements of the head it last scanned and the names they bind to modules. */
  private readonly scans = new ImportScans();
  /** Per document: the names of the local modules it names (memberNames.ts), once prepare() has read them. */
  private readonly names: DocumentNames;
  /** Per document: the keys of the Hydra configs it names (hydraConfigs.ts), read with the names. */
  private readonly hydra: HydraConfigs;
  /** Per document: the keys of the data files it names (dataFiles.ts), read with the names. */
  private readonly data: DataFiles;
  /** Documents edited: once typing pauses, what their edits change is read again. */
  private readonly edits: EditFollower;
  private readonly chunks = new OpenChunks();
  /** Per document: how many readings of its imports found something new, so that a prompt built before knows it is stale. */
  private readonly generations = new Map<string, number>();
  /** Cache counts per file path (imported modules) or document URI (open documents, the document itself). */
  private readonly cache = new CacheTables();
  /** The workspace folders' Python files, for similar chunks of files that are not open. */
  private readonly index: WorkspaceIndex;
  /** The lines that followed a line elsewhere in the project (followingLines()). */
  private readonly lines: ProjectLines;
  /** Whether setSources() was called: the folders are known before the settings are (initialize comes first). */
  private sourcesSet = false;

  constructor(
    private readonly openDocuments: () => Iterable<OpenDocument>,
    private readonly log: (message: string) => void = () => undefined,
    /** An open Python document's text, or a notebook's code cells (by its URI); the open documents' by default. */
    private readonly textOf: (uri: string) => TextSource | undefined = (uri) => [...openDocuments()].find((d) => d.uri === uri && d.languageId === 'python')?.text,
  ) {
    this.index = new WorkspaceIndex(log);
    this.lines = new ProjectLines(this.index, MAX_FILE_BYTES);
    this.hydra = new HydraConfigs(log);
    this.data = new DataFiles(log);
    const modules = new ProjectModules(openDocuments, () => this.roots, () => this.loadSyntax(), async (file) => (await this.files.load(file))?.reading);
    this.names = new DocumentNames(modules, async (uri, head) => this.scans.scan(uri, head, await this.loadSyntax(), true).aliases ?? []);
    this.edits = new EditFollower(
      {
        textOf,
        readImports: (uri, text) => void this.prepare(uri, text),
        readersOf: (file) => this.names.readersOf(file),
        readWithError: (uri) => modules.readWithError(uri),
        readNames: (uris) => this.refreshNames(uris),
      },
      MAX_SCANNED_CHARS,
    );
  }

  /** The workspace folders (absolute paths): imports resolve inside them, headers are relative to them. */
  setRoots(roots: readonly string[]): void {
    this.roots = roots.map((r) => path.resolve(r));
    this.updateIndex();
  }

  setSources(sources: ContextSources): void {
    this.sources = sources;
    this.sourcesSet = true;
    this.updateIndex();
  }

  /** Files that changed on disk (saved, created, deleted): the index reads them again in the background. */
  filesChanged(files: readonly string[]): void {
    // A Hydra config file saved, created or deleted (a folder too) is read again by the documents that read it.
    if (this.names.enabled) for (const uri of this.hydra.readersOf(files)) this.readConfigs(uri, this.textOf(uri));
    const code = files.filter((f) => !f.endsWith('.yaml'));
    this.packageFolders.changed(code);
    if (this.sources === 'similar' || this.sources === 'all') void this.index.reindex(code);
    // A module created (imported before it existed), saved, deleted, or closed with its edits discarded.
    if (this.names.enabled && code.length > 0) {
      this.refreshNames(this.names.documents());
      this.edits.namesReadAgain();
    }
  }

  /** Resolves when the workspace's files have been indexed (the scan in progress, if any, is over). */
  indexed(): Promise<void> {
    return this.index.ready();
  }

  /** The folders' files are indexed only while similar chunks are offered, and not before the setting is known. */
  private updateIndex(): void {
    if (!this.sourcesSet) return;
    if (this.sources === 'similar' || this.sources === 'all') void this.index.setRoots(this.roots);
    else this.index.clear();
  }

  /** Whether prepare() reads the names the document's local modules define (hai.completion.projectNames). */
  setNames(enabled: boolean): void {
    this.names.setEnabled(enabled);
    // Turned on: the next pause in typing reads each edited document's names, as after an import typed.
    if (enabled) this.edits.readAllAgain();
  }

  /**
   * The names of the local modules a document names (`clusters` → clusters.py's names), as prepare()
   * last read them; empty when off or not read yet.
   */
  memberNames(uri: string): MemberNames {
    return this.names.of(uri);
  }

  /** Whether prepare() also counts tokens for the workspace cache (hai.completion.workspaceCache). */
  setCache(enabled: boolean): void {
    this.cache.setEnabled(enabled);
  }

  /** The loaded model's tokenizer (none while no model is loaded); counts of another model are dropped. */
  setEncoder(encoder: CacheEncoder | undefined): void {
    this.cache.setEncoder(encoder);
  }

  /** For hai/status; the engine adds the context's token budget, which depends on the model. */
  status(): Omit<WorkspaceContextStatus, 'tokens' | 'tokensAuto'> {
    return {
      sources: this.sources,
      cache: this.cache.enabled,
      folders: this.roots.length,
      preparing: this.pending.size,
      modules: this.files.size,
      cacheTokens: this.cache.tokens,
      indexedFiles: this.index.fileCount,
      indexing: this.index.busy,
    };
  }

  /**
   * The cache counts for a completion in `uri`: the document itself, the local modules it imports and
   * the other open documents, as far as prepare() has counted them.
   */
  cacheTables(uri: string): NgramTable[] {
    if (!this.cache.enabled) return [];
    return this.cache.tablesOf([uri, ...(this.imports.get(uri) ?? []).map((i) => i.file), ...[...this.openDocuments()].map((d) => d.uri).filter((u) => u !== uri)]);
  }

  /**
   * Reads the document's imports and the local modules they name, in the background, then counts
   * tokens for the workspace cache when it is on. Called when a document opens and when its cursor
   * settles; a newer call for the same document replaces the older one's result. Resolves when the
   * imports are known (the counting may go on).
   */
  prepare(uri: string, text: TextSource): Promise<void> {
    const file = filePath(uri);
    // A newer prepare() of the document, or its closing, makes this one's results stale: checked after every wait.
    const sequence = (this.sequences.get(uri) ?? 0) + 1;
    this.sequences.set(uri, sequence);
    const current = (): boolean => this.sequences.get(uri) === sequence;
    const head = headOf(text);
    const looked = file ? this.lookForPackage(uri, file, head, current) : Promise.resolve();
    if (this.sources === 'off' && !this.cache.enabled && !this.names.enabled) {
      // What a first request waits for (settled()) is then only this look.
      const done = looked.finally(() => this.importsPending.get(uri) === done && this.importsPending.delete(uri));
      this.importsPending.set(uri, done);
      return done;
    }
    const readImports = this.sources === 'imports' || this.sources === 'all' || this.cache.enabled;
    this.edits.importsRead(uri, head);
    const imports = (async () => {
      if (readImports && file) {
        const found = await this.resolveAll(uri, file, head);
        if (!current()) return;
        const before = this.imports.has(uri) ? this.importsRead(this.imports.get(uri)!) : undefined;
        this.imports.set(uri, found);
        // The context is chosen again only when this changed what the imports give (a pause in typing
        // on `import clu` finds nothing new, and the next keystroke need not prefill a new context).
        if (this.importsRead(found) !== before) this.generations.set(uri, (this.generations.get(uri) ?? 0) + 1);
      }
    })();
    // Beside the imports, so that chunking open documents does not wait for it; the module code in
    // the prompt does not depend on it.
    const on = this.names.enabled;
    const names = Promise.all([this.names.read(uri, file, head, current), on && this.hydra.read(uri, file, head, current)]).then(() => undefined);
    // Counted as preparing, but no request waits for it: describing a file takes a worker's start-up.
    const data = on ? this.data.read(uri, file, head, this.roots, current).catch(this.logFailure(uri)) : undefined;
    // Chunking open documents and the cache's counting go on after the imports are known; prepare()'s
    // caller, and a request's settled(), wait for the imports and the names only.
    const logError = this.logFailure(uri);
    const work = imports
      .then(async () => {
        if (this.sources === 'similar' || this.sources === 'all') await this.chunks.cut(this.openDocuments());
        if (this.cache.enabled && current()) await this.countTokens(uri, head, current);
      })
      .catch(logError)
      .then(async () => {
        await names;
        await data;
      })
      .catch(logError)
      .finally(() => {
        if (this.pending.get(uri) === work) this.pending.delete(uri);
        if (this.importsPending.get(uri) === guarded) this.importsPending.delete(uri);
      });
    // What a first request waits for: the imports and the modules' names.
    const guarded = Promise.all([imports, names, looked]).then(() => undefined, () => undefined);
    this.pending.set(uri, work);
    this.importsPending.set(uri, guarded);
    return guarded;
  }

  /** Whether the document is a file on disk outside any package (packageFolder.ts), as prepare() last found: a script. */
  outsidePackage(uri: string): boolean {
    return this.outside.get(uri) === true;
  }

  /**
   * Only a document saved on disk is judged (one the editor holds under a path that is not a file yet
   * tells nothing); one whose head, as the editor has it, imports relatively is a package's module.
   */
  private async lookForPackage(uri: string, file: string, head: string, current: () => boolean): Promise<void> {
    const outside = !importsRelatively(head) && (await fileExists(file)) && !(await this.packageFolders.inPackage(file));
    if (current()) this.outside.set(uri, outside);
  }

  /** An open Python document changed: once typing pauses there, what the edit changes is read again. */
  documentChanged(uri: string): void {
    this.edits.changed(uri);
  }

  /** The keys of the Hydra configs the document names, as prepare() last read them; empty when off or not read yet. */
  hydraConfigs(uri: string): ReadonlyMap<string, ConfigKeys> {
    return this.names.enabled ? this.hydra.of(uri) : new Map();
  }

  /** The keys of the data files the document names (by the path as written), as prepare() last read them; empty when off or not read yet. */
  dataFiles(uri: string): ReadonlyMap<string, DataFileKeys> {
    return this.names.enabled ? this.data.of(uri) : new Map();
  }

  /** Stops the data files' reader (the server is shutting down). */
  dispose(): Promise<void> {
    return this.data.close();
  }

  /** Reads the document's Hydra configs again (one of their files changed); counted as preparing (hai/status) until done. */
  private readConfigs(uri: string, text: TextSource | undefined): void {
    if (!text) return;
    const sequence = this.sequences.get(uri);
    const read = this.hydra.read(uri, filePath(uri), headOf(text), () => this.sequences.get(uri) === sequence);
    const work: Promise<void> = Promise.all([this.pending.get(uri), read])
      .then(() => undefined, this.logFailure(uri))
      .finally(() => this.pending.get(uri) === work && this.pending.delete(uri));
    this.pending.set(uri, work);
  }

  /** Reads the names lists of these documents again, only the lists (their imports did not change). */
  private refreshNames(uris: readonly string[]): void {
    for (const uri of uris) {
      const text = this.textOf(uri);
      if (!text) continue;
      // Dropped if a prepare() of that document starts meanwhile: it reads the names too, later.
      const sequence = this.sequences.get(uri);
      this.names.read(uri, filePath(uri), headOf(text), () => this.sequences.get(uri) === sequence).catch(this.logFailure(uri));
    }
  }

  /** Logs what went wrong in idle-time work for a document (never thrown: it is only a head start). */
  private logFailure(uri: string): (err: unknown) => void {
    return (err) => this.log(`Workspace context for ${uri}: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** The modules a document's imports found, the names taken from each and the version read of each. */
  private importsRead(found: readonly LocalImport[]): string {
    return JSON.stringify(found.map((imp) => [imp.file, imp.names, this.files.get(imp.file)?.mtimeMs, this.files.get(imp.file)?.size]));
  }

  /** Changes each time a reading of the document's imports found other modules or versions: context chosen before may be stale. */
  generation(uri: string): number {
    return this.generations.get(uri) ?? 0;
  }

  /**
   * Waits, at most `capMs`, for the imports of a document whose imports were never read yet: only the
   * first request after a document opens can wait, never a keystroke after a pause.
   */
  async settled(uri: string, capMs: number): Promise<void> {
    const work = this.importsPending.get(uri);
    // Only the first reading is waited for: a keystroke after a pause finds what an earlier one read.
    if (!work || this.generation(uri) > 0 || this.names.has(uri)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, capMs)))]);
    clearTimeout(timer);
  }

  /** A closed document's chunks stay candidates for a while (the file the user just looked at). */
  forget(uri: string, text?: TextSource): void {
    this.sequences.set(uri, (this.sequences.get(uri) ?? 0) + 1); // a prepare() in flight writes nothing now
    this.imports.delete(uri);
    this.outside.delete(uri);
    this.names.forget(uri);
    this.hydra.forget(uri);
    this.data.forget(uri);
    this.edits.forget(uri);
    this.generations.delete(uri);
    this.scans.forget(uri);
    this.cache.delete(uri);
    this.chunks.closedDocument(uri, this.sources === 'off' ? undefined : text);
  }

  /**
   * The context for a completion in `uri` with `prefix` before the cursor, most useful last:
   * definitions of imported names (those used near the cursor nearest), then similar chunks of
   * other files and of `earlier`, the document's text above the prompt's window (the most similar
   * nearest). Only what prepare() has made ready is used, besides `earlier`, which is cut here.
   */
  pieces(uri: string, prefix: string, earlier = ''): ContextPiece[] {
    if (this.sources === 'off') return [];
    const query = queryWords(prefix);
    const out: ContextPiece[] = [];
    const imported = this.importedModules(uri);
    const displayPath = (file: string): string | undefined => this.displayPath(file);
    if (this.sources !== 'similar') out.push(...definitionPieces(imported, query, displayPath));
    if (this.sources !== 'imports') {
      const open = this.chunks.openChunks();
      const openUris = [...this.openDocuments()].map((d) => d.uri);
      const searchDisk = this.index.search.bind(this.index);
      out.push(...similarPieces({ uri, open, closed: this.chunks.closed, imported, openUris, searchDisk, displayPath }, query, earlier));
    }
    return out;
  }

  /**
   * Lines that followed the query's line above in the project's other Python files (repeatedLines.ts):
   * the open documents as the editor has them, the most recently opened first, then the workspace's
   * files as they are on disk. Only while similar chunks are offered, since the index is read for them.
   */
  followingLines(uri: string, query: LineQuery): FollowingLine[] {
    if (this.sources !== 'similar' && this.sources !== 'all') return [];
    return this.lines.following(uri, query, [...this.openDocuments()]);
  }

  /** The path a document's header shows: relative to its workspace folder, else its file name. */
  displayPath(uriOrFile: string): string | undefined {
    const file = uriOrFile.includes('://') ? filePath(uriOrFile) : uriOrFile;
    if (!file) return undefined;
    const root = this.roots.find((r) => isInside(file, r));
    return (root ? path.relative(root, file) : path.basename(file)).split(path.sep).join('/');
  }

  /** The local modules `uri` imports, as read from disk (those prepare() has read). */
  private importedModules(uri: string): ImportedModule[] {
    return (this.imports.get(uri) ?? []).flatMap((imp) => {
      const module = this.files.get(imp.file);
      return module ? [{ file: imp.file, names: imp.names, module }] : [];
    });
  }

  private async resolveAll(uri: string, importer: string, head: string): Promise<LocalImport[]> {
    const { refs } = this.scans.scan(uri, head, await this.loadSyntax());
    const found: LocalImport[] = [];
    for (const ref of refs) {
      if (found.length >= MAX_IMPORTS) break;
      for (const imp of await resolveImport(ref, importer, this.roots, fileExists)) {
        if (found.length < MAX_IMPORTS && (await this.files.load(imp.file))) found.push(imp);
      }
    }
    return found;
  }

  /**
   * Counts tokens for the cache: the document's own text (counted again at each prepare: it changes),
   * its imported modules and the open documents (only when their version changed).
   */
  private async countTokens(uri: string, head: string, current: () => boolean): Promise<void> {
    const texts: CacheText[] = [{ key: uri, stamp: `text:${textHash(head)}`, text: head }];
    for (const imp of this.imports.get(uri) ?? []) {
      const info = this.files.get(imp.file);
      if (info?.text) texts.push({ key: imp.file, stamp: `file:${info.mtimeMs}:${info.size}`, text: info.text });
    }
    for (const doc of this.openDocuments()) {
      // Text and version read together, so that the stamp says what was counted.
      if (doc.uri !== uri && doc.languageId === 'python') texts.push({ key: doc.uri, stamp: `open:${doc.version}`, text: doc.text.slice(0, Math.min(doc.text.length, MAX_CACHED_CHARS)) });
    }
    await this.cache.count(texts, current);
  }

  private loadSyntax(): Promise<PythonSyntax> {
    return (this.syntax ??= PythonSyntax.load());
  }
}


/** The part of a document scanned for imports. */
const headOf = (text: TextSource): string => text.slice(0, Math.min(text.length, MAX_SCANNED_CHARS));
