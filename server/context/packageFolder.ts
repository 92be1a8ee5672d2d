// Whether a folder is a package, for the engine's rule against relative imports in scripts
// (server/completion/relativeImports.ts): a regular package has an __init__.py; a namespace package
// (PEP 420) has none, and its modules, imported as `analysis.plot` or run with `python -m`, may import
// each other relatively. A module of the folder with such an import at its top level is taken for the
// project saying the folder is a package (one under `try:` may be a fallback for running as a script).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { importsRelatively } from '../completion/relativeImports';
import { fileExists } from './localModules';
import { fileKey } from './filePaths';

/** Modules of a folder read at most (by name), and the bytes read of each: imports stand at the top. */
const MAX_MODULES = 32;
const HEAD_BYTES = 16_384;
/** An answer is kept this long at most, for editors that do not report file changes. */
const KEEP_MS = 60_000;

/** The first bytes of a file as text; '' when it cannot be read. */
async function headOf(file: string): Promise<string> {
  const handle = await fs.open(file, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buffer = Buffer.allocUnsafe(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } catch {
    return '';
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Whether `folder` has an __init__.py, or one of its first 32 .py files (regular files only: no FIFO blocks a read) imports relatively. */
async function lookAt(folder: string): Promise<boolean> {
  if (await fileExists(path.join(folder, '__init__.py'))) return true;
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  const modules = entries.filter((e) => e.isFile() && e.name.endsWith('.py')).map((e) => e.name).sort().slice(0, MAX_MODULES);
  const heads = await Promise.all(modules.map((name) => headOf(path.join(folder, name))));
  return heads.some(importsRelatively);
}

/** Folders looked at, each answer kept until a file in the folder changes (or a minute has passed). */
export class PackageFolders {
  private readonly answers = new Map<string, { readonly answer: Promise<boolean>; readonly at: number }>();

  /** Whether the folder of `file` is a package; never rejects (an unreadable folder is none). */
  inPackage(file: string): Promise<boolean> {
    const folder = path.dirname(file);
    const key = fileKey(folder);
    const kept = this.answers.get(key);
    if (kept && performance.now() - kept.at < KEEP_MS) return kept.answer;
    const answer = lookAt(folder).catch(() => false);
    this.answers.set(key, { answer, at: performance.now() });
    return answer;
  }

  /** Files (or folders) created, changed or deleted: the answers for their folders are looked for again. */
  changed(files: readonly string[]): void {
    for (const file of files) {
      this.answers.delete(fileKey(path.dirname(file)));
      this.answers.delete(fileKey(file));
    }
  }
}
