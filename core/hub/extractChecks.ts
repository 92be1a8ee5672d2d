// What extract.ts checks about an archive's entries before it writes them, and the errors it throws:
// paths that leave the folder, names that would hit the archive itself, the dataset's other archives
// beside it or HAI's own bookkeeping (the marker folder, staging folders, locks, downloads in
// progress), expansion beyond the free disk space or beyond a ratio no dataset has (an archive
// bomb), and mode bits that must not survive (setuid, setgid, sticky: VS Code often runs as root in
// clusters' containers). Kept apart so that extract.ts stays readable.
import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { ActionableError } from '../errors';
import { type Message, messageOf, msg } from '../text/message';

export type ExtractErrorKind = 'cancelled' | 'corrupt' | 'unsafe' | 'conflict' | 'space' | 'io';

export class ExtractError extends ActionableError<ExtractErrorKind> {}

export type ArchiveKind = 'tar' | 'tar.gz' | 'zip';

/** The archive kind from a file name, when it has one of the known endings. */
export function archiveKindOf(fileName: string): ArchiveKind | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.tar')) return 'tar';
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'tar.gz';
  if (name.endsWith('.zip')) return 'zip';
  return undefined;
}

/**
 * The other archives lying in `dir` beside `archiveName` (lower case, as entries are compared): the
 * dataset's other parts, which no entry may replace.
 */
export async function otherArchivesIn(dir: string, archiveName: string): Promise<Set<string>> {
  const entries = await readdir(dir, { withFileTypes: true });
  return new Set(entries.filter((e) => e.isFile() && e.name !== archiveName && archiveKindOf(e.name)).map((e) => e.name.toLowerCase()));
}

/** The folder beside the archives where extractions are recorded. */
export const MARKER_DIR = '.hai-extracted';
const STAGING_PREFIX = '.hai-extract-';
/** HAI's names beside the downloads start with this (the marker folder, staging folders, extraction locks). */
const HAI_PREFIX = '.hai-';
/**
 * download.ts's files beside a download in progress: `<dest>.part`, `.part.json`, `.part.lock` and the
 * lock's own `.break` and temporary files (core/fs/fileLock.ts). catalog.schema.json refuses file names
 * like these too.
 */
const DOWNLOAD_BOOKKEEPING = /\.part(\.json|\.lock(\..*)?)?$/i;

const unsafeHint = () => msg('Nothing was extracted: this is not an archive to unpack blindly. Check where it came from.');

/**
 * A relative path inside the archive, normalised ("./a//b/" → "a/b"), or an error message when it is
 * absolute or leaves the folder with "..".
 */
export function safeEntryPath(name: string): { path: string } | { error: Message } {
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return { error: msg('absolute path "{0}"', name) };
  const parts = slashed.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return { error: msg('path "{0}" leaves the folder with ".."', name) };
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

/** The archive a staging folder's name belongs to (`isStagingOf`), or undefined for any other name. */
export function stagingArchiveOf(name: string): string | undefined {
  if (!name.startsWith(STAGING_PREFIX)) return undefined;
  const rest = name.slice(STAGING_PREFIX.length);
  const suffixed = /^(.+)\.[A-Za-z0-9]{6}$/.exec(rest)?.[1];
  // The older fixed name has no suffix; an archive named like "x.tar.abc123" is read as the newer one's.
  const archive = suffixed ?? rest;
  return archive && isStagingOf(name, archive) ? archive : undefined;
}

/**
 * Refuses an entry (normalised path) that would replace the archive itself or another archive
 * beside it (`otherArchives`, lower case), write into the marker folder (a fake "extracted" record
 * for another archive), a staging folder or anything else of HAI's (`.hai-*`), or take the name of a
 * download's files in progress (a download of the same name would then resume from, or remove, the
 * archive's file). Compared without case, as macOS and Windows file systems do.
 */
export function checkEntryTarget(entryPath: string, archiveName: string, otherArchives: ReadonlySet<string> = new Set()): void {
  const top = entryPath.split('/')[0].toLowerCase();
  let what: Message | undefined;
  if (top === archiveName.toLowerCase()) what = msg('would overwrite the archive itself');
  else if (otherArchives.has(top)) what = msg('would overwrite {0}, another archive beside it', top);
  else if (top === MARKER_DIR) what = msg('would write into {0}, where HAI records which archives are extracted', MARKER_DIR);
  else if (top.startsWith(STAGING_PREFIX)) what = msg('would write where HAI keeps its files while extracting');
  else if (top.startsWith(HAI_PREFIX)) what = msg('would write among HAI\'s own files (names starting with {0})', HAI_PREFIX);
  else if (DOWNLOAD_BOOKKEEPING.test(top)) what = msg('would take the name of a download in progress (HAI keeps it under names ending in .part, .part.json or .part.lock)');
  if (what) throw new ExtractError('unsafe', msg('{0} has an entry "{1}" that {2}.', archiveName, entryPath, what), unsafeHint());
}

/** A file in the archive where the folder has a folder, or the other way round: refused before anything moves. */
export async function checkConflicts(from: string, to: string): Promise<void> {
  for (const name of await readdir(from)) {
    const src = path.join(from, name);
    const dest = path.join(to, name);
    const [s, d] = await Promise.all([lstat(src), lstat(dest).catch(() => undefined)]);
    if (!d) continue;
    if (s.isDirectory() && d.isDirectory()) await checkConflicts(src, dest);
    else if (s.isDirectory() !== d.isDirectory() || d.isSymbolicLink()) {
      // Here a folder meets a file, or anything meets a link: three cases, each its own sentence.
      const what = d.isDirectory()
        ? msg('{0} already exists and is a folder, where the archive has a file.', dest)
        : s.isDirectory()
          ? msg('{0} already exists and is not a plain file, where the archive has a folder.', dest)
          : msg('{0} already exists and is not a plain file, where the archive has a file.', dest);
      throw new ExtractError('conflict', what, msg('Move it away and extract again; nothing was changed.'));
    }
  }
}

export const cancelled = () => new ExtractError('cancelled', msg('Extraction cancelled.'), msg('Extract again to start over; nothing was changed.'));

/**
 * Another window took the archive's lock while this one extracted (this one's lock was judged stale):
 * this one stops before it moves files or writes the record, which are the other's to do now.
 */
export const lostLock = (archiveName: string) =>
  new ExtractError('io', msg('Another window took over the extraction of {0}; this window stopped and left the rest to it.', archiveName), msg('Extract it again once that window has finished.'));

/** Any failure as an ExtractError: system errors by their code, anything else as a damaged archive. */
export function asExtractError(err: unknown, archive: string): ExtractError {
  if (err instanceof ExtractError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') {
    return new ExtractError('space', msg('The disk filled up while extracting {0}.', path.basename(archive)), spaceHint(), { cause: err });
  }
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
    return new ExtractError('io', msg('Cannot write beside {0}: {1}', archive, messageOf(err)), msg('Choose a download folder you can write to (hai.hub.downloadDir).'), { cause: err });
  }
  // Other system errors (a folder that changed under us, a lost NFS handle…) are not the archive's fault.
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    return new ExtractError('io', msg('Extracting {0} failed: {1}', path.basename(archive), messageOf(err)), msg('Try again; files already moved into place are complete, the rest was not changed.'), { cause: err });
  }
  // node-tar and zlib report damaged data with their own codes (TAR_*, Z_*); yauzl with plain messages.
  return new ExtractError(
    'corrupt',
    msg('{0} could not be read as an archive: {1}', path.basename(archive), messageOf(err)),
    msg('The file is damaged or incomplete: delete it and download it again (the hub verifies checksums when the catalog gives one); nothing was extracted.'),
    { cause: err },
  );
}

/** The unsafe-path error for an entry that safeEntryPath refused. */
export function unsafePath(archiveName: string, problem: Message): ExtractError {
  return new ExtractError('unsafe', msg('{0} has an entry with an {1}.', archiveName, problem), unsafeHint());
}

/** yauzl's own refusal of an absolute or climbing entry name (its words are an argument). */
export function unsafeZipPath(archiveName: string, why: string): ExtractError {
  return new ExtractError('unsafe', msg('{0} has an entry with an unsafe path: {1}.', archiveName, why), unsafeHint());
}

const spaceHint = () => msg('Free some space or move the download folder (hai.hub.downloadDir); nothing was changed.');

/** File and folder permissions only: setuid, setgid and sticky bits are cleared. */
export function safeMode(mode: number | undefined): number | undefined {
  return mode === undefined ? undefined : mode & 0o777;
}

/** More than this many times the archive's size is not a dataset but an archive bomb (zip's best is ~1000). */
export const MAX_EXPANSION_RATIO = 200;
/** Below this much, any ratio is allowed: a small archive of text or zeros is no danger. */
export const RATIO_FREE_BYTES = 64 * 1024 * 1024;

/** More entries than this is not a dataset: COCO's 118k training images are one of the largest. */
export const MAX_ENTRIES = 1_000_000;

/**
 * Counts the bytes an extraction is about to write, entry by entry, and refuses the entry that would
 * take them past the free disk space or past a sane expansion of the archive. Called with each
 * entry's declared size before its data is written (node-tar writes exactly that many bytes; yauzl
 * checks that a zip entry's data matches its declared size).
 */
export class ExpansionBudget {
  private bytes = 0;
  private entries = 0;

  constructor(
    private readonly archiveName: string,
    private readonly archiveBytes: number,
    private readonly freeBytes: number,
    private readonly dir: string,
    private readonly maxRatio = MAX_EXPANSION_RATIO,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /**
   * Counts one entry of any kind (file, folder, link): empty files and folders cost no bytes, but
   * millions of them exhaust the disk's inodes and take hours to write, move and count.
   */
  entry(entryPath: string): void {
    if (++this.entries <= this.maxEntries) return;
    throw new ExtractError(
      'unsafe',
      msg('{0} has more than {1} entries (files, folders and links, up to "{2}"): more than a dataset archive holds.', this.archiveName, this.maxEntries, entryPath),
      msg('{0} If the dataset really has that many files, extract it yourself with tar or unzip.', unsafeHint()),
    );
  }

  get used(): number {
    return this.bytes;
  }

  add(entryBytes: number, entryPath: string): void {
    this.bytes += Math.max(0, entryBytes);
    if (this.bytes > this.freeBytes) {
      throw new ExtractError(
        'space',
        msg('{0} expands to more than the {1} bytes free in {2} (at least {3} bytes, up to "{4}").', this.archiveName, this.freeBytes, this.dir, this.bytes, entryPath),
        spaceHint(),
      );
    }
    const allowed = Math.max(RATIO_FREE_BYTES, this.archiveBytes * this.maxRatio);
    if (this.bytes > allowed) {
      throw new ExtractError(
        'unsafe',
        msg('{0} ({1} bytes) expands to more than {2} times its size (at least {3} bytes, up to "{4}"): an archive bomb, not a dataset.', this.archiveName, this.archiveBytes, this.maxRatio, this.bytes, entryPath),
        msg('{0} If the data really compresses that well, extract it yourself with tar or unzip.', unsafeHint()),
      );
    }
  }
}
