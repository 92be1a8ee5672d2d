// Which files of the user's own project an import names. `from .model import Net` in jets/train.py is
// jets/model.py; `from model import Net` is model.py beside the script (how physicists' training
// scripts import their neighbours) or at a workspace root (or its src/); a name that is itself a
// module (`from jets import model`) is that module's file. Only files inside a workspace folder or
// the importing file's own folder are candidates: a prompt never carries files from elsewhere.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ImportRef } from './pythonOutline';

/** A local file an import refers to, and the names taken from it (empty: the whole module is used). */
export interface LocalImport {
  readonly file: string;
  readonly names: readonly string[];
}

/** Candidate files of a module path relative to a folder: `a/b.py`, `a/b/__init__.py`. */
function moduleFiles(base: string, module: string): string[] {
  const parts = module ? module.split('.') : [];
  if (parts.length === 0) return [path.join(base, '__init__.py')];
  const stem = path.join(base, ...parts);
  return [`${stem}.py`, path.join(stem, '__init__.py')];
}

/** Whether a file is there: the `exists` resolveImport takes, on the file system. */
export const fileExists = async (file: string): Promise<boolean> => (await fs.stat(file).catch(() => undefined))?.isFile() ?? false;

export function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The local files `ref` may refer to, in the order they are tried, each with the names it would give.
 * `exists` says whether a file is there (asynchronous: a workspace on a network file system is slow).
 */
export async function resolveImport(ref: ImportRef, importer: string, roots: readonly string[], exists: (file: string) => Promise<boolean>): Promise<LocalImport[]> {
  const here = path.dirname(importer);
  const allowed = (file: string): boolean => file !== importer && (roots.some((r) => isInside(file, r)) || isInside(file, here));
  let bases: string[];
  if (ref.level > 0) {
    let base = here;
    for (let i = 1; i < ref.level; i++) base = path.dirname(base);
    bases = [base];
  } else {
    bases = [here, ...roots.flatMap((r) => [r, path.join(r, 'src')])];
  }
  const found: LocalImport[] = [];
  const seen = new Set<string>();
  const add = async (file: string, names: readonly string[]): Promise<void> => {
    if (!seen.has(file) && allowed(file) && (await exists(file))) {
      seen.add(file);
      found.push({ file, names });
    }
  };
  for (const base of bases) {
    // `from pkg import sub` where pkg/sub.py is a module: that module, whole.
    const names: string[] = [];
    for (const name of ref.names) {
      const before = found.length;
      for (const f of moduleFiles(base, [ref.module, name].filter(Boolean).join('.'))) await add(f, []);
      if (found.length === before) names.push(name);
    }
    if (ref.names.length === 0 || names.length > 0) {
      for (const f of moduleFiles(base, ref.module)) await add(f, names);
    }
    if (found.length > 0) break; // the first base that has the module is the one Python would import
  }
  return found;
}
