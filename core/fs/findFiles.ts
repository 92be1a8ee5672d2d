// Files under a folder that match globs (minimatch, relative paths with forward slashes), found by a
// walk that stops at a depth and a count, so that "**" over a dataset folder of a million files
// cannot hang anything. Hidden files and folders are skipped; a link to a file counts as the file
// (datasets are often links into shared storage), a link to a folder is not followed (no loops).
import { promises as fs } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';

export interface FoundFile {
  readonly path: string;
  /** Relative to the folder searched, with forward slashes. */
  readonly relative: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface FindOptions {
  readonly maxFiles?: number;
  readonly maxDepth?: number;
  /** Only files modified at or after this time (ms since the epoch). */
  readonly since?: number;
}

/** Matching files in name order, folder by folder; at most `maxFiles` (200 by default). */
export async function findFiles(root: string, globs: readonly string[], options: FindOptions = {}): Promise<FoundFile[]> {
  const maxFiles = options.maxFiles ?? 200;
  const maxDepth = options.maxDepth ?? 6;
  const found: FoundFile[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > maxDepth || found.length >= maxFiles) return;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= maxFiles) return;
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      if (e.isDirectory()) await walk(full, depth + 1);
      else if ((e.isFile() || e.isSymbolicLink()) && globs.some((g) => minimatch(relative, g, { dot: false }))) {
        // stat follows a link: a link to a folder or a dangling one is left out.
        const stat = await fs.stat(full).catch(() => undefined);
        if (stat?.isFile() && (options.since === undefined || stat.mtimeMs >= options.since)) found.push({ path: full, relative, size: stat.size, mtimeMs: stat.mtimeMs });
      }
    }
  };
  await walk(root, 0);
  return found;
}
