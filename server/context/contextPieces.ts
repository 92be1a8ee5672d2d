// The pieces a completion's context is chosen from, ranked from what WorkspaceContext has made ready:
// definitions of the names a document imports from local modules, and chunks similar to the code
// before the cursor — of open, recently closed and imported files as the editor has them, of the
// workspace's other files as they are on disk (workspaceIndex.ts), and of the document's own text above
// the prompt's window. Pure ranking over what it is given: no reading, no parsing, a few milliseconds.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Chunk, chunksOf, rankChunks } from './similarChunks';
import type { FoundChunk } from './workspaceIndex';
import type { ModuleFile } from './moduleFiles';
import { fileKey, fileKeys, filePath } from './filePaths';

/**
 * One piece of context: a file's path as its header shows it, and text from that file. `earlier`: lines
 * of the document itself above the prompt's window, written under its own header (contextPrompt.ts) in
 * the document's order; `line`: the index of its text's first line in the text above the window.
 */
export interface ContextPiece {
  readonly kind: 'definition' | 'similar' | 'earlier';
  readonly file: string;
  readonly text: string;
  readonly line?: number;
}

/** A local module a document imports, as read from disk; `names`: the names imported from it (none: the module itself). */
export interface ImportedModule {
  readonly file: string;
  readonly names: readonly string[];
  readonly module: ModuleFile;
}

/** Definitions offered per request at most (a module of hundreds of functions offers its most useful). */
const MAX_DEFINITIONS = 48;
/** Similar chunks offered at most, and the least similarity worth a place in the prompt. */
const MAX_SIMILAR = 4;
const MIN_SIMILARITY = 0.1;
/**
 * Chunks compared at most when the context is chosen (8 ms here for 6,000 with the other core busy;
 * done when a window is new or moves, not per keystroke): many open editors cannot slow it down further.
 */
const MAX_COMPARED_CHUNKS = 6_000;
/** Characters of the document above the window that are cut into chunks at most (the nearest): a 64 KB prefix in ~3 ms here. */
const MAX_EARLIER_CHARS = 64 * 1024;

/**
 * The imported modules' definitions, least useful first (the prompt puts the most useful nearest the
 * cursor): names not used near the cursor (`query`), then those that are; source order within each.
 * Only the most useful MAX_DEFINITIONS are offered: each one is counted in tokens when the context is chosen.
 */
export function definitionPieces(imported: readonly ImportedModule[], query: ReadonlySet<string>, displayPath: (file: string) => string | undefined): ContextPiece[] {
  const pieces: { piece: ContextPiece; used: boolean; order: number }[] = [];
  for (const imp of imported) {
    const file = displayPath(imp.file) ?? path.basename(imp.file);
    const wanted = imp.names.length > 0 ? imp.module.definitions.filter((d) => imp.names.includes(d.name)) : imp.module.definitions;
    for (const d of wanted) pieces.push({ piece: { kind: 'definition', file, text: d.text }, used: query.has(d.name), order: pieces.length });
  }
  pieces.sort((a, b) => Number(a.used) - Number(b.used) || a.order - b.order);
  return pieces.slice(-MAX_DEFINITIONS).map((p) => p.piece);
}

/** Where similar chunks come from, for the document `uri`. */
export interface SimilarSources {
  readonly uri: string;
  /** Open documents' chunks (cut in idle time), the most recently opened last. */
  readonly open: Iterable<readonly [uri: string, chunks: readonly Chunk[]]>;
  /** Recently closed documents' chunks, the most recently closed last. */
  readonly closed: Iterable<readonly [uri: string, chunks: readonly Chunk[]]>;
  readonly imported: readonly ImportedModule[];
  /** Every open document's URI: their files on disk are not the editor's text. */
  readonly openUris: readonly string[];
  /** The workspace's files as they are on disk (WorkspaceIndex.search). */
  readonly searchDisk: (query: ReadonlySet<string>, limit: number, minScore: number, skip: (file: string) => boolean) => FoundChunk[];
  readonly displayPath: (uriOrFile: string) => string | undefined;
}

/**
 * The chunks most similar to `query` (at most MAX_SIMILAR, the most similar last), from every source
 * and from `earlier`, the document's text above the prompt's window, cut here.
 */
export function similarPieces(sources: SimilarSources, query: ReadonlySet<string>, earlier: string): ContextPiece[] {
  const { uri } = sources;
  const candidates: { file: string; chunks: readonly Chunk[] }[] = [];
  const seen = new Set<string>([uri]);
  // Only chunks prepare() made (in idle time): a request never cuts another document itself.
  for (const [file, chunks] of [...sources.open, ...sources.closed]) {
    if (seen.has(file)) continue;
    seen.add(file);
    candidates.push({ file, chunks });
  }
  // The imported modules' own code too (when imports are read: imports, all or the cache), a helper's body shows how its names are used.
  const ownFile = filePath(uri);
  for (const imp of sources.imported) {
    const asUri = pathToFileURL(imp.file).href;
    if (!seen.has(asUri) && imp.file !== ownFile) {
      seen.add(asUri);
      candidates.push({ file: imp.file, chunks: imp.module.chunks });
    }
  }
  // Imported modules and the most recently opened files first, as many as the cap allows.
  candidates.reverse();
  let compared = 0;
  const within = candidates.filter((c) => (compared += c.chunks.length) <= MAX_COMPARED_CHUNKS);
  const ranked = rankChunks(query, within, MAX_SIMILAR, MIN_SIMILARITY).map((r) => ({ file: r.file, line: r.chunk.line, text: r.chunk.text, score: r.score }));
  // The document's own lines above the window, which the model cannot see otherwise, ranked with the
  // others (outside the cap: they are never crowded out by many open files). Counting them 1.5 times
  // as similar as another file's did no better on the unseen packages (models/train/README.md).
  if (earlier) {
    const own = rankChunks(query, [{ file: uri, chunks: chunksOf(earlier.slice(-MAX_EARLIER_CHARS)) }], MAX_SIMILAR, MIN_SIMILARITY);
    ranked.push(...own.map((r) => ({ file: uri, line: r.chunk.from, text: r.chunk.text, score: r.score })));
  }
  // The rest of the workspace as it is on disk. Never the document itself, nor a file the editor has
  // (every open one, recently closed and imported ones): those are ranked above from the editor's text.
  const editorFiles = fileKeys([...seen, ...sources.openUris]);
  const onDisk = sources.searchDisk(query, MAX_SIMILAR, MIN_SIMILARITY, (file) => editorFiles.has(fileKey(file)));
  const best = [...ranked, ...onDisk].sort((a, b) => b.score - a.score).slice(0, MAX_SIMILAR);
  return best
    .reverse()
    .map((r) => (r.file === uri ? { kind: 'earlier', file: sources.displayPath(uri) ?? 'untitled.py', text: r.text, line: r.line } : { kind: 'similar', file: sources.displayPath(r.file) ?? r.file, text: r.text }));
}
