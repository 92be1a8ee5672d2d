// What libhdf5 may open besides the file a user opened. h5wasm's Node build gives libhdf5 the real
// file system, and an HDF5 file can name other files: a dataset's raw data in an "external file list"
// (any path: /home/u/.ssh/id_rsa shown as pixels, /dev/zero read forever), a virtual dataset's
// sources, an external link's target. Eiger master files link their frames from HDF5 files beside
// them, so those stay open to it: an HDF5 file (by its name) in the opened file's folder or below.
// Everything else is refused as the operating system would refuse a file it may not read.
import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The names HDF5 files go by: what an external link or a virtual dataset's source may be. */
const HDF5_NAMES = /\.(h5|hdf5|hdf|he5|nxs|nx5)$/i;

/** Files opened through h5wasm now, by their real paths, with how many times each is open. */
const opened = new Map<string, number>();

/** The real path, or undefined when there is nothing there. */
function real(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Whether libhdf5 may open `file` while the files in `opened` are open. */
export function mayOpen(file: string): boolean {
  const target = real(path.resolve(file));
  if (target === undefined) return true; // Nothing to read: libhdf5 gets the operating system's "no such file".
  if (opened.has(target)) return true;
  // A regular file only: opening a FIFO named x.h5 would block the reader's thread.
  if (!HDF5_NAMES.test(target) || !isFile(target)) return false;
  for (const main of opened.keys()) {
    const folder = path.dirname(main);
    if (target.startsWith(folder + path.sep)) return true;
  }
  return false;
}

/** Marks `file` open; the returned function marks it closed. */
export function markOpen(file: string): () => void {
  const key = real(path.resolve(file)) ?? path.resolve(file);
  opened.set(key, (opened.get(key) ?? 0) + 1);
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    const n = (opened.get(key) ?? 1) - 1;
    if (n > 0) opened.set(key, n);
    else opened.delete(key);
  };
}

/** Emscripten's file system object, as far as the guard needs it. */
interface EmscriptenFs {
  open: (file: string, ...rest: unknown[]) => unknown;
  ErrnoError: new (errno: number) => Error;
}

/**
 * Files refused so far, counted: libhdf5 reports a failed external read on stderr but h5wasm returns
 * the buffer anyway, so a read checks whether a refusal happened while it ran (Hdf5File.guard).
 */
let refusals = 0;
let lastRefused = '';
export function refused(): { readonly count: number; readonly file: string } {
  return { count: refusals, file: lastRefused };
}

/** WASI's EACCES, the numbering Emscripten's file system uses. */
const EACCES = 2;

/** Wraps h5wasm's FS.open (which NODERAWFS maps to Node's fs) so that libhdf5 opens only what mayOpen allows. */
export function guardFileSystem(fs: EmscriptenFs): void {
  const open = fs.open.bind(fs);
  fs.open = (file: string, ...rest: unknown[]) => {
    if (!mayOpen(file)) {
      refusals++;
      lastRefused = file;
      throw new fs.ErrnoError(EACCES);
    }
    return open(file, ...rest);
  };
}
