// File paths of the documents and files the server is told about: a file: URI's path, and a path as
// a key for comparing files.
import { fileURLToPath } from 'node:url';

/** The file path of a file: URI (a notebook's too), or undefined for other schemes. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** A file path as a key: Windows paths compare without case (a client may write the drive letter either way). */
export function fileKey(file: string): string {
  return process.platform === 'win32' ? file.toLowerCase() : file;
}

/** The files that URIs (or paths) name, as keys for comparing with the index's files; URIs of no file are left out. */
export function fileKeys(urisOrFiles: readonly string[]): Set<string> {
  return new Set(urisOrFiles.flatMap((u) => (u.includes('://') ? (filePath(u) ?? []) : [u])).map(fileKey));
}

/** Whether a file system error says nothing is there (a path, or a folder on the way to it). */
export function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
