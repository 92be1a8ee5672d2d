// The files a pattern a script hands uproot names (`uproot.iterate("data/run_*.root:events", …)`,
// `uproot.concatenate("ntuples/*.root:tree")`): uproot expands it as Python's glob does, and then
// reads only branches every file has. Only the last part of the path is a pattern here (the
// productions physicists read are folders of numbered files); a folder holding thousands of them is
// sampled, since each file sampled is described in the worker.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { minimatch } from 'minimatch';

/** Files of one pattern read at most: spread over the sorted list, its first and last among them. */
export const MAX_GLOB_FILES = 8;

/** Whether a written path is a pattern: glob's `*`, `?` or `[…]` in its file name. */
export function isGlob(written: string): boolean {
  return /[*?[]/.test(path.posix.basename(written));
}

/** Up to `most` of `items`, evenly spread, the first and the last kept. */
export function spread<T>(items: readonly T[], most: number): T[] {
  if (items.length <= most) return [...items];
  return Array.from({ length: most }, (_, i) => items[Math.round((i * (items.length - 1)) / (most - 1))]);
}

/**
 * The files the pattern `written` names (absolute paths, sorted, at most MAX_GLOB_FILES of them), in
 * the first folder that has any: from the document's folder, then from each of `roots`; none where a
 * folder part is a pattern too (`**`, or `run*` before the file's name).
 */
export async function globFiles(written: string, documentFile: string | undefined, roots: readonly string[]): Promise<string[]> {
  const expanded = written.startsWith('~/') ? path.join(os.homedir(), written.slice(2)) : written;
  const folder = path.dirname(expanded);
  if (/[*?[]/.test(folder)) return [];
  const pattern = path.basename(expanded);
  const bases = path.isAbsolute(expanded) ? [''] : [...(documentFile ? [path.dirname(documentFile)] : []), ...roots];
  for (const base of bases) {
    const dir = path.resolve(base, folder);
    const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
    // As Python's glob: a leading dot is matched only by a pattern that starts with one.
    const names = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && minimatch(e.name, pattern, { dot: false, nocomment: true, nonegate: true, noext: true })).map((e) => e.name);
    if (names.length > 0) return spread(names.sort(), MAX_GLOB_FILES).map((name) => path.join(dir, name));
  }
  return [];
}
