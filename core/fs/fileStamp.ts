// Small reads every label file and store needs alike: a file's version (size and modification time,
// to tell whether it changed since it was read) and its text when it exists.
import { readFile, stat } from 'node:fs/promises';

/** `size:mtimeMs`, or undefined when the file does not exist. */
export async function fileStamp(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** The file's text, or undefined when it cannot be read. */
export async function readTextIfAny(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
