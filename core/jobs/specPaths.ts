// The spec's fields that name files and folders: which they are, what they are relative to, and the
// entries a completion offers for a path typed so far (one folder level at a time, as a shell's
// completion does). The listing is asynchronous and bounded: a spec on a network file system must
// not hold the editor.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface PathField {
  readonly kind: 'file' | 'folder';
  /** `spec`: relative to the spec's folder; `workdir`: relative to the job's working directory. */
  readonly base: 'spec' | 'workdir';
  /** For a file: the names offered (folders are always offered, to go into). */
  readonly names?: RegExp;
}

export const PATH_FIELDS: Readonly<Record<string, PathField>> = {
  workdir: { kind: 'folder', base: 'spec' },
  script: { kind: 'file', base: 'workdir', names: /\.(sh|bash)$/ },
  'metrics.jsonl': { kind: 'file', base: 'workdir', names: /\.jsonl$/ },
  'metrics.logdir': { kind: 'folder', base: 'workdir' },
};

/** Entries of one folder read for a completion at most: a folder of a million files is not listed whole. */
const MAX_ENTRIES = 2000;

export interface PathEntry {
  readonly name: string;
  readonly folder: boolean;
}

/**
 * The job's working directory as the spec's text says, found without a full parse so that it works
 * while the spec is being typed (and has errors): the top-level `workdir:` line, else the spec's folder.
 */
export function workdirOf(text: string, specPath: string): string {
  const m = /^workdir:[ \t]*(["']?)([^"'#\r\n]*?)\1[ \t]*(#.*)?$/m.exec(text);
  return path.resolve(path.dirname(specPath), m && m[2].trim() ? m[2].trim() : '.');
}

/**
 * What can follow `typed` (the value so far) in a path field: the entries of the folder it names up
 * to its last '/', whose names begin with what follows it. Hidden entries only when that begins
 * with '.'. Folders first, then by name. A folder that cannot be read offers nothing.
 */
export async function pathEntries(field: PathField, typed: string, baseDir: string): Promise<PathEntry[]> {
  const cut = typed.lastIndexOf('/');
  const folderPart = typed.slice(0, cut + 1);
  const prefix = typed.slice(cut + 1);
  const dir = path.resolve(baseDir, folderPart || '.');
  const found: PathEntry[] = [];
  let handle: import('node:fs').Dir | undefined;
  try {
    handle = await fs.opendir(dir);
    let read = 0;
    for await (const e of handle) {
      if (++read > MAX_ENTRIES) break;
      if (!e.name.startsWith(prefix) || (e.name.startsWith('.') && !prefix.startsWith('.'))) continue;
      // A link is followed to see what it names (a data folder linked into the project is common).
      const folder = e.isDirectory() || (e.isSymbolicLink() && (await fs.stat(path.join(dir, e.name)).then((s) => s.isDirectory(), () => false)));
      if (folder) found.push({ name: e.name, folder: true });
      else if (field.kind === 'file' && (e.isFile() || e.isSymbolicLink()) && (!field.names || field.names.test(e.name))) found.push({ name: e.name, folder: false });
    }
  } catch {
    return [];
  } finally {
    // Leaving the loop early (break) closes the handle already; closing it twice throws.
    await handle?.close().catch(() => undefined);
  }
  return found.sort((a, b) => Number(b.folder) - Number(a.folder) || a.name.localeCompare(b.name));
}
