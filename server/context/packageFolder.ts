// Whether a folder is a package, for the engine's rule against relative imports in scripts
// (server/completion/relativeImports.ts): a regular package has an __init__.py; a namespace package
// (PEP 420) has none, and its modules, imported as `analysis.plot` or run with `python -m`, may import
// each other relatively. A folder of scripts never does, since that fails there, so a module beside
// the file that already imports relatively is taken for the project saying the folder is a package.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { importsRelatively } from '../completion/relativeImports';
import { fileExists } from './localModules';

/** Modules beside the file read at most, and the characters read of each: imports stand at the top. */
const MAX_SIBLINGS = 32;
const HEAD_BYTES = 16_384;

/** The first bytes of a file as text; '' when it cannot be read. */
async function headOf(file: string): Promise<string> {
  const handle = await fs.open(file, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } catch {
    return '';
  } finally {
    await handle.close();
  }
}

/**
 * Whether the folder of `file` is a package: it has an __init__.py, or one of the other .py files in it
 * (the first 32 by name, their first 16 KB) imports relatively.
 */
export async function inPackageFolder(file: string): Promise<boolean> {
  const folder = path.dirname(file);
  if (await fileExists(path.join(folder, '__init__.py'))) return true;
  const names = (await fs.readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.py') && path.join(folder, n) !== file).sort();
  for (const name of names.slice(0, MAX_SIBLINGS)) if (importsRelatively(await headOf(path.join(folder, name)))) return true;
  return false;
}
