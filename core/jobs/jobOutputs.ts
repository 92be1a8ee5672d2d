// The files a finished job produced, by the spec's `outputs` globs (relative to its working
// directory). The walk stops at a depth and a count, so a glob like "**" over a dataset folder
// cannot hang the view; our own .hai folder and hidden folders are skipped.
import { findFiles, type FoundFile } from '../fs/findFiles';

export type OutputFile = FoundFile;

export async function findOutputs(workdir: string, patterns: readonly string[], options: { maxFiles?: number; maxDepth?: number; since?: number } = {}): Promise<OutputFile[]> {
  // A pattern naming a folder ("logs/") means everything in it.
  return findFiles(
    workdir,
    patterns.map((p) => (p.endsWith('/') ? `${p}**` : p)),
    options,
  );
}
