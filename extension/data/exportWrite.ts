// How an export (CSV, PNG, SVG) reaches the file the user chose: never written in place, since the
// user may have agreed to replace a file, and a write that failed half-way (a full disk, a dropped
// remote) would then have lost the old one. No vscode here, so that it is tested in Node.
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../../core/fs/atomicWrite';

/** The parts of a vscode.Uri this needs. */
export interface ExportTarget {
  readonly scheme: string;
  readonly fsPath: string;
  /** The URI's path, '/'-separated whatever the platform. */
  readonly path: string;
}

/** A file system for targets that are not local files (workspace.fs), and how to name a file beside the target. */
export interface ExportFileSystem<U extends ExportTarget> {
  beside(target: U, name: string): U;
  writeFile(uri: U, bytes: Uint8Array): Promise<void>;
  rename(from: U, to: U): Promise<void>;
  delete(uri: U): Promise<void>;
}

/** Writes `bytes` to a temporary file beside `target`, then renames it over the target. */
export async function writeExport<U extends ExportTarget>(target: U, bytes: Uint8Array, other: ExportFileSystem<U>): Promise<void> {
  // A local file is flushed before the rename and keeps its mode (core/fs/atomicWrite.ts).
  if (target.scheme === 'file') return writeFileAtomic(target.fsPath, bytes);
  const name = target.path.slice(target.path.lastIndexOf('/') + 1) || 'export';
  const tmp = other.beside(target, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await other.writeFile(tmp, bytes);
    await other.rename(tmp, target);
  } catch (err) {
    await other.delete(tmp).catch(() => undefined);
    throw err;
  }
}
