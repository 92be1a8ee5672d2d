// The files a pattern a script hands uproot names (`uproot.iterate("data/run_*.root:events", …)`,
// `uproot.concatenate("ntuples/*.root:tree")`): uproot expands it as Python's glob does, and then
// reads only branches every file has. Only the last part of the path is a pattern here (the
// productions physicists read are folders of numbered files); a folder holding thousands of them is
// sampled, since each file sampled is described in the worker.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';

/** Files of one pattern read at most: spread over the sorted list, its first and last among them. */
export const MAX_GLOB_FILES = 8;
/** Entries of a folder looked at at most: a larger folder gives no list (a listing is not cut short). */
const MAX_ENTRIES = 20_000;
/** Stars in a pattern at most: the matcher's backtracking grows with a power of the name's length per star. */
const MAX_STARS = 2;

/** Whether a written path is a pattern: glob's `*`, `?` or `[…]` in its file name. */
export function isGlob(written: string): boolean {
  return /[*?[]/.test(path.posix.basename(written));
}

/**
 * Whether a pattern reads the same to Python's fnmatch as to minimatch: not where minimatch gives a
 * bracket another meaning (`[^0]`, `[[:alpha:]]`) or lets `[.]` match a hidden file, nor past MAX_STARS.
 */
function plainPattern(pattern: string): boolean {
  return !/\[\^|\[\[:|\[\.|\[!\./.test(pattern) && (pattern.match(/\*/g)?.length ?? 0) <= MAX_STARS && pattern.length <= 255;
}

/** Up to `most` of `items`, evenly spread, the first and the last kept. */
export function spread<T>(items: readonly T[], most: number): T[] {
  if (items.length <= most) return [...items];
  return Array.from({ length: most }, (_, i) => items[Math.round((i * (items.length - 1)) / (most - 1))]);
}

/** The names in `dir` that `matcher` takes, or undefined past MAX_ENTRIES; none where the folder cannot be read. */
async function matchingNames(dir: string, matcher: Minimatch): Promise<string[] | undefined> {
  const names: string[] = [];
  let seen = 0;
  try {
    const folder = await fs.promises.opendir(dir);
    for await (const entry of folder) {
      if (++seen > MAX_ENTRIES) return undefined; // leaving the loop closes the folder
      if ((entry.isFile() || entry.isSymbolicLink()) && matcher.match(entry.name)) names.push(entry.name);
    }
  } catch {
    return [];
  }
  return names;
}

/**
 * The files the pattern `written` names (absolute paths, sorted, at most MAX_GLOB_FILES of them), in
 * the first folder that has any: from the document's folder, then from each of `roots`; none where a
 * folder part is a pattern too (`**`, or `run*` before the file's name), where minimatch would read
 * the pattern otherwise than Python, or where the folder holds more than MAX_ENTRIES entries.
 */
export async function globFiles(written: string, documentFile: string | undefined, roots: readonly string[]): Promise<string[]> {
  const expanded = written.startsWith('~/') ? path.join(os.homedir(), written.slice(2)) : written;
  const folder = path.dirname(expanded);
  const pattern = path.basename(expanded);
  if (/[*?[]/.test(folder) || !plainPattern(pattern)) return [];
  // As Python's glob: a leading dot is matched only by a pattern that starts with one.
  const matcher = new Minimatch(pattern, { dot: false, nocomment: true, nonegate: true, noext: true, nobrace: true });
  const bases = path.isAbsolute(expanded) ? [''] : [...(documentFile ? [path.dirname(documentFile)] : []), ...roots];
  for (const base of bases) {
    const dir = path.resolve(base, folder);
    const names = await matchingNames(dir, matcher);
    if (!names) return [];
    if (names.length > 0) return spread(names.sort(), MAX_GLOB_FILES).map((name) => path.join(dir, name));
  }
  return [];
}
