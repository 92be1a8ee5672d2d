// The repository-level setting of the quality bench: each held-out package is written to disk as a
// workspace folder, as a user's project would be, and each case is completed in its own file of that
// package with a few other files of the package open beside it (half the time from the same folder,
// as the training recipe draws context files). The case's own file is opened with the case's text
// (its prefix and suffix); the full file on disk is never read as context (the engine leaves the
// importing file out of its own context).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from '../../server/completion/sampling';
import type { SourceFile } from './cases';

export interface PackageWorkspace {
  /** The workspace folders: one per package. */
  readonly folders: readonly string[];
  /** Absolute path on disk of a corpus file ("package/relative/path.py"). */
  fileOf(corpusPath: string): string;
  /** The workspace folder of a corpus file: its package's. */
  folderOf(corpusPath: string): string;
  /** `count` other files of the case's package to open beside it, seeded by the case's index. */
  openBeside(corpusPath: string, count: number, seed: number): SourceFile[];
  dispose(): void;
}

/**
 * `library(file)`: the file is a library's (its path from the import root, as corpus.py keeps it), and
 * every folder it is in below its package's gets an empty `__init__.py` where it has none: the corpus
 * drops the empty ones, and without them the engine would take the library's files for scripts
 * (relativeImports.ts). It may add one to a folder of scripts inside a library (optuna's alembic
 * migrations): the safe side. Not for example scripts (a "scripts" package's, or a library's under
 * usr/share/doc/), whose folders are folders of scripts.
 */
export function writePackages(files: readonly SourceFile[], dir: string, library: (file: SourceFile) => boolean): PackageWorkspace {
  rmSync(dir, { recursive: true, force: true });
  const byPackage = new Map<string, SourceFile[]>();
  for (const f of files) {
    const [pkg, ...parts] = f.path.split('/');
    const target = path.join(dir, ...f.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.text);
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), f]);
    if (!library(f) || parts[0] === 'usr') continue;
    for (let depth = 1; depth < parts.length; depth++) {
      const init = path.join(dir, pkg, ...parts.slice(0, depth), '__init__.py');
      if (!existsSync(init)) writeFileSync(init, '');
    }
  }
  return {
    folders: [...byPackage.keys()].map((p) => path.join(dir, p)),
    fileOf: (corpusPath) => path.join(dir, ...corpusPath.split('/')),
    folderOf: (corpusPath) => path.join(dir, corpusPath.split('/')[0]),
    openBeside(corpusPath, count, seed) {
      const random = seededRandom(seed);
      const siblings = (byPackage.get(corpusPath.split('/')[0]) ?? []).filter((f) => f.path !== corpusPath);
      const folder = path.posix.dirname(corpusPath);
      const sameFolder = siblings.filter((f) => path.posix.dirname(f.path) === folder);
      const chosen: SourceFile[] = [];
      for (let tries = 0; chosen.length < Math.min(count, siblings.length) && tries < count * 20; tries++) {
        const pool = random() < 0.5 && sameFolder.length > 0 ? sameFolder : siblings;
        const f = pool[Math.floor(random() * pool.length)];
        if (!chosen.includes(f)) chosen.push(f);
      }
      return chosen;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
