// The files a finished job produced, by the spec's `outputs` globs (relative to its working
// directory). The walk stops at a depth and a count, so a glob like "**" over a dataset folder
// cannot hang the view; our own .hai folder and hidden folders are skipped.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';

export interface OutputFile {
  readonly path: string;
  /** Relative to the working directory, with forward slashes. */
  readonly relative: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export async function findOutputs(workdir: string, patterns: readonly string[], options: { maxFiles?: number; maxDepth?: number; since?: number } = {}): Promise<OutputFile[]> {
  const maxFiles = options.maxFiles ?? 200;
  const maxDepth = options.maxDepth ?? 6;
  const found: OutputFile[] = [];
  // A pattern naming a folder ("logs/") means everything in it.
  const globs = patterns.map((p) => (p.endsWith('/') ? `${p}**` : p));
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > maxDepth || found.length >= maxFiles) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= maxFiles) return;
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      const relative = path.relative(workdir, full).split(path.sep).join('/');
      if (e.isDirectory()) await walk(full, depth + 1);
      else if (e.isFile() && globs.some((g) => minimatch(relative, g, { dot: false }))) {
        const stat = await fs.stat(full).catch(() => undefined);
        if (stat && (options.since === undefined || stat.mtimeMs >= options.since)) found.push({ path: full, relative, size: stat.size, mtimeMs: stat.mtimeMs });
      }
    }
  };
  await walk(workdir, 0);
  return found;
}
