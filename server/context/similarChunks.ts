// Chunks of other files that look like the code around the cursor: each candidate file is cut into
// overlapping windows of lines, each window reduced to the set of identifiers it uses, and windows
// are ranked by Jaccard similarity with the lines before the cursor (the practice of Tabby,
// llama.vscode and Continue). A training loop written once in one script and again in the next,
// the same dataset fields read in two files: the model sees the earlier version.
import { PYTHON_KEYWORDS } from '../../core/text/pythonKeywords';

/** Lines per chunk, and the step between chunk starts (chunks overlap by half). */
export const CHUNK_LINES = 16;
const CHUNK_STEP = 8;
/** How far below its window a chunk's offered text starts (offeredText). */
export const CONTINUATION_LINES = 4;
/** Lines before the cursor that make the query. */
const QUERY_LINES = 16;
/** A file is cut into at most this many chunks (its first ones): bounds the work for a huge file. */
const MAX_CHUNKS_PER_FILE = 2000;

/** Words every Python file has: they say nothing about what the code does. */
const STOP_WORDS = new Set([...PYTHON_KEYWORDS, ...'self print len range int str float list dict'.split(' ')]);

export interface Chunk {
  /** Index in its file of the window's first line (the words' first line). */
  readonly line: number;
  /** What the prompt gets: the window moved down (offeredText). */
  readonly text: string;
  /** Index in its file of `text`'s first line. */
  readonly from: number;
  readonly words: ReadonlySet<string>;
}

export function identifiers(text: string): Set<string> {
  const words = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    if (!STOP_WORDS.has(m[0])) words.add(m[0]);
  }
  return words;
}

/** The text of the chunk that starts at `line` of a file's `lines`. */
export function chunkText(lines: readonly string[], line: number): string {
  return lines.slice(line, line + CHUNK_LINES).join('\n').replace(/\s+$/, '');
}

/**
 * The text a chunk offers the prompt: its window moved down by CONTINUATION_LINES, as far as the
 * file's code goes (a short file's only window is offered whole). A chunk is found by the lines before
 * the cursor, so the lines after its window are the likeliest counterparts of the lines about to be
 * written; the model copies them only if they are in the prompt, and the window's first lines matter
 * least. Over 800 cases of each kind from unseen packages (two seeds), edit similarity rose by +0.010
 * ± 0.005 (next line), +0.007 ± 0.004 (rest of line) and +0.009 ± 0.006 (FIM); 8 lines did no better
 * than 4 (one seed). Moving a file's last window past its code too measured +0.002 more, within the
 * noise, and would leave out a short file's first lines (its imports, its def). `end`: codeEnd().
 */
export function offeredText(lines: readonly string[], line: number, end = codeEnd(lines)): string {
  return chunkText(lines, offeredFrom(lines, line, end));
}

/** The first line of the text a chunk offers (offeredText). */
function offeredFrom(lines: readonly string[], line: number, end: number): number {
  const moved = Math.max(line, Math.min(line + CONTINUATION_LINES, end - CHUNK_LINES));
  // Only blank lines after the window's first ones (a long gap in the file): the window itself.
  return chunkText(lines, moved).trim() ? moved : line;
}

/** The number of lines up to the last that is not blank. */
function codeEnd(lines: readonly string[]): number {
  let end = lines.length;
  while (end > 0 && !lines[end - 1].trim()) end--;
  return end;
}

/** The file's chunks; windows with fewer than three identifiers (blank, a lone bracket) are left out. */
export function chunksOf(text: string): Chunk[] {
  const lines = text.split('\n');
  const end = codeEnd(lines);
  const chunks: Chunk[] = [];
  for (let line = 0; line < lines.length && chunks.length < MAX_CHUNKS_PER_FILE; line += CHUNK_STEP) {
    const body = chunkText(lines, line);
    const words = identifiers(body);
    if (words.size >= 3) {
      const from = offeredFrom(lines, line, end);
      chunks.push({ line, text: chunkText(lines, from), from, words });
    }
    if (line + CHUNK_LINES >= lines.length) break;
  }
  return chunks;
}

/** The identifiers of the last lines before the cursor: what a chunk is compared with. */
export function queryWords(prefix: string): Set<string> {
  let at = prefix.length;
  for (let n = 0; n < QUERY_LINES && at > 0; n++) at = prefix.lastIndexOf('\n', at - 1);
  return identifiers(prefix.slice(Math.max(0, at)));
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

export interface RankedChunk {
  readonly file: string;
  readonly chunk: Chunk;
  readonly score: number;
}

/**
 * The best chunks over all files, best first, at most `limit`, none below `minScore`, and no two
 * overlapping in one file (the better one stays).
 */
export function rankChunks(query: ReadonlySet<string>, files: Iterable<{ file: string; chunks: readonly Chunk[] }>, limit: number, minScore: number): RankedChunk[] {
  const scored: RankedChunk[] = [];
  for (const { file, chunks } of files) {
    for (const chunk of chunks) {
      const score = jaccard(query, chunk.words);
      if (score >= minScore) scored.push({ file, chunk, score });
    }
  }
  scored.sort((a, b) => b.score - a.score);
  return withoutOverlaps(scored, limit, (c) => ({ file: c.file, line: c.chunk.line }));
}

/** The first `limit` of `sorted` (best first) such that no two are overlapping chunks of one file (the better one stays). */
export function withoutOverlaps<T>(sorted: readonly T[], limit: number, where: (c: T) => { readonly file: string; readonly line: number }): T[] {
  const chosen: T[] = [];
  for (const c of sorted) {
    if (chosen.length >= limit) break;
    const at = where(c);
    const overlaps = chosen.some((o) => {
      const other = where(o);
      return other.file === at.file && Math.abs(other.line - at.line) < CHUNK_LINES;
    });
    if (!overlaps) chosen.push(c);
  }
  return chosen;
}
