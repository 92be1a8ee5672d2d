// Files under a folder that match globs (minimatch, relative paths with forward slashes), found by a
// walk that stops at a depth and a count, so that "**" over a dataset folder of a million files
// cannot hang anything, and that a signal stops between folders and batches (a walk over slow shared
// storage is cancelled with its draw). Hidden files and folders are skipped; a link to a file counts as
// the file (datasets are often links into shared storage), a link to a folder is not followed (no loops).
import { promises as fs } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';

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
  /** Aborted: the walk stops at its next folder or batch and rejects with the signal's reason (an AbortError). */
  readonly signal?: AbortSignal;
}

/** Files stat'ed at once within a folder: a dataset folder of thousands is listed in a fraction of a second. */
const STAT_AT_ONCE = 64;

/** Matching files in name order, folder by folder; at most `maxFiles` (200 by default). */
export async function findFiles(root: string, globs: readonly string[], options: FindOptions = {}): Promise<FoundFile[]> {
  const maxFiles = options.maxFiles ?? 200;
  const maxDepth = options.maxDepth ?? 6;
  // Compiled once: matching thousands of names against a pattern compiled for each was most of the walk.
  const matchers = globs.map((g) => new Minimatch(g, { dot: false }));
  const found: FoundFile[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > maxDepth || found.length >= maxFiles) return;
    options.signal?.throwIfAborted();
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // In name order, files and folders alike: a folder's files are listed where its name comes.
    const sorted = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
    for (let at = 0; at < sorted.length && found.length < maxFiles; ) {
      const e = sorted[at];
      if (e.isDirectory()) {
        await walk(path.join(dir, e.name), depth + 1);
        at++;
        continue;
      }
      // The files up to the next folder, stat'ed a batch at a time and kept in name order.
      const batch: { full: string; relative: string }[] = [];
      for (; at < sorted.length && !sorted[at].isDirectory() && batch.length < STAT_AT_ONCE; at++) {
        const f = sorted[at];
        const full = path.join(dir, f.name);
        const relative = path.relative(root, full).split(path.sep).join('/');
        if ((f.isFile() || f.isSymbolicLink()) && matchers.some((m) => m.match(relative))) batch.push({ full, relative });
      }
      // stat follows a link: a link to a folder or a dangling one is left out.
      options.signal?.throwIfAborted();
      const stats = await Promise.all(batch.map((b) => fs.stat(b.full).catch(() => undefined)));
      batch.forEach((b, i) => {
        const stat = stats[i];
        if (found.length < maxFiles && stat?.isFile() && (options.since === undefined || stat.mtimeMs >= options.since)) found.push({ path: b.full, relative: b.relative, size: stat.size, mtimeMs: stat.mtimeMs });
      });
    }
  };
  await walk(root, 0);
  options.signal?.throwIfAborted();
  return found;
}
