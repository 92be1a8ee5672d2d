// What extract.ts checks about an archive's entries before it writes them, and the error it throws:
// paths that leave the folder, names that would hit the archive itself or HAI's own bookkeeping
// (the marker folder, staging folders), expansion beyond the free disk space or beyond a ratio no
// dataset has (an archive bomb), and mode bits that must not survive (setuid, setgid, sticky: VS
// Code often runs as root in clusters' containers). Kept apart so that extract.ts stays readable.
import { ActionableError } from '../errors';

export type ExtractErrorKind = 'cancelled' | 'corrupt' | 'unsafe' | 'conflict' | 'space' | 'io';

export class ExtractError extends ActionableError<ExtractErrorKind> {}

/** The folder beside the archives where extractions are recorded. */
export const MARKER_DIR = '.hai-extracted';
const STAGING_PREFIX = '.hai-extract-';

const UNSAFE_HINT = 'Nothing was extracted: this is not an archive to unpack blindly. Check where it came from.';

/**
 * A relative path inside the archive, normalised ("./a//b/" → "a/b"), or an error message when it is
 * absolute or leaves the folder with "..".
 */
export function safeEntryPath(name: string): { path: string } | { error: string } {
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return { error: `absolute path "${name}"` };
  const parts = slashed.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return { error: `path "${name}" leaves the folder with ".."` };
  return { path: parts.join('/') };
}

/** The staging folder's name prefix for an archive; mkdtemp adds six characters. */
export function stagingPrefix(archiveName: string): string {
  return `${STAGING_PREFIX}${archiveName}.`;
}

/** The lock file of an archive's extraction: beside it, in the staging namespace that entries may not touch. */
export function extractLockName(archiveName: string): string {
  return `${STAGING_PREFIX}${archiveName}.lock`;
}

/** Whether a folder name is a staging folder of this archive (this version's, or the older fixed name). */
export function isStagingOf(name: string, archiveName: string): boolean {
  const prefix = stagingPrefix(archiveName);
  return name === `${STAGING_PREFIX}${archiveName}` || (name.startsWith(prefix) && /^[A-Za-z0-9]{6}$/.test(name.slice(prefix.length)));
}

/**
 * Refuses an entry (normalised path) that would replace the archive itself, or write into the marker
 * folder (a fake "extracted" record for another archive) or a staging folder. Compared without case,
 * as macOS and Windows file systems do.
 */
export function checkEntryTarget(entryPath: string, archiveName: string): void {
  const top = entryPath.split('/')[0].toLowerCase();
  let what: string | undefined;
  if (top === archiveName.toLowerCase()) what = 'would overwrite the archive itself';
  else if (top === MARKER_DIR) what = `would write into ${MARKER_DIR}, where HAI records which archives are extracted`;
  else if (top.startsWith(STAGING_PREFIX)) what = 'would write where HAI keeps its files while extracting';
  if (what) throw new ExtractError('unsafe', `${archiveName} has an entry "${entryPath}" that ${what}.`, UNSAFE_HINT);
}

/** The unsafe-path error for an entry that safeEntryPath refused. */
export function unsafePath(archiveName: string, problem: string): ExtractError {
  return new ExtractError('unsafe', `${archiveName} has an entry with an ${problem}.`, UNSAFE_HINT);
}

/** File and folder permissions only: setuid, setgid and sticky bits are cleared. */
export function safeMode(mode: number | undefined): number | undefined {
  return mode === undefined ? undefined : mode & 0o777;
}

/** More than this many times the archive's size is not a dataset but an archive bomb (zip's best is ~1000). */
export const MAX_EXPANSION_RATIO = 200;
/** Below this much, any ratio is allowed: a small archive of text or zeros is no danger. */
export const RATIO_FREE_BYTES = 64 * 1024 * 1024;

/**
 * Counts the bytes an extraction is about to write, entry by entry, and refuses the entry that would
 * take them past the free disk space or past a sane expansion of the archive. Called with each
 * entry's declared size before its data is written (node-tar writes exactly that many bytes; yauzl
 * checks that a zip entry's data matches its declared size).
 */
export class ExpansionBudget {
  private bytes = 0;

  constructor(
    private readonly archiveName: string,
    private readonly archiveBytes: number,
    private readonly freeBytes: number,
    private readonly dir: string,
    private readonly maxRatio = MAX_EXPANSION_RATIO,
  ) {}

  get used(): number {
    return this.bytes;
  }

  add(entryBytes: number, entryPath: string): void {
    this.bytes += Math.max(0, entryBytes);
    if (this.bytes > this.freeBytes) {
      throw new ExtractError(
        'space',
        `${this.archiveName} expands to more than the ${this.freeBytes} bytes free in ${this.dir} (at least ${this.bytes} bytes, up to "${entryPath}").`,
        'Free some space or move the download folder (hai.hub.downloadDir); nothing was changed.',
      );
    }
    const allowed = Math.max(RATIO_FREE_BYTES, this.archiveBytes * this.maxRatio);
    if (this.bytes > allowed) {
      throw new ExtractError(
        'unsafe',
        `${this.archiveName} (${this.archiveBytes} bytes) expands to more than ${this.maxRatio} times its size (at least ${this.bytes} bytes, up to "${entryPath}"): an archive bomb, not a dataset.`,
        `${UNSAFE_HINT} If the data really compresses that well, extract it yourself with tar or unzip.`,
      );
    }
  }
}
