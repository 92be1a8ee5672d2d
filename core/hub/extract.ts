// Unpacks a downloaded dataset archive (tar, tar.gz, zip) into the folder it lies in, as
// `tar -xf` there would, but safely and without leaving half a dataset behind:
//
// - everything is first written to a staging folder beside the archive and moved into place (a
//   rename per file, the same file system) only once the whole archive has been read without error;
//   a cancel, a corrupt or truncated archive or a full disk removes the staging folder and leaves the
//   destination as it was;
// - an entry whose path is absolute or climbs out with `..` makes the whole archive refused (a
//   hostile or broken archive, not a dataset); links, devices and FIFOs are skipped and reported;
// - a marker file records what was extracted from which archive (size and mtime), so the views can
//   say "extracted" and a second extraction of the same archive is known to be one; the archive can
//   then be removed to free its space (JetClass is ~190 GB of tar files) and the marker still says
//   the files are there, so the hub does not offer the download again;
// - one process at a time extracts an archive (`.hai-extract-<name>.lock`, core/fs/fileLock.ts):
//   a second window waits and then finds the first one's extraction; each extraction stages into a
//   folder of its own, and the marker records the files counted on disk just before they move;
// - entries are checked as they come (extractChecks.ts): expansion against the free space and a
//   sane ratio, names that would hit the archive, the other archives beside it or HAI's own files,
//   setuid/setgid bits cleared;
// - the lock is looked at again right before files move and before the record is written: a window
//   whose lock was taken over stops there (`lostLock`), as those steps are the new holder's now.
//
// node-tar reads tar and gzip-compressed tar; yauzl reads zip. No vscode here.
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Unpack } from 'tar';
import yauzl from 'yauzl';
import { acquireLock, HeldLock, type LockHolder, tryLock } from '../fs/fileLock';
import { messageOf, msg } from '../text/message';
import { type ArchiveKind, asExtractError, cancelled, checkConflicts, checkEntryTarget, ExpansionBudget, ExtractError, extractLockName, lostLock, MARKER_DIR, MAX_ENTRIES, MAX_EXPANSION_RATIO, otherArchivesIn, safeEntryPath, safeMode, stagingArchiveOf, stagingPrefix, unsafePath, unsafeZipPath } from './extractChecks';

export { type ArchiveKind, archiveKindOf } from './extractChecks';

export interface ExtractProgress {
  /** Bytes of the archive read so far, of `total`. */
  readonly read: number;
  readonly total: number;
  readonly files: number;
}

export interface ExtractOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExtractProgress) => void;
  /** Called when another process (another window) is extracting this archive: this one waits for it. */
  readonly onWaiting?: (holder: LockHolder | undefined) => void;
  /** The most entries the archive may have (MAX_ENTRIES); a test gives fewer. */
  readonly maxEntries?: number;
}

export interface ExtractResult {
  /** Where the files went: the archive's folder. */
  readonly dir: string;
  readonly files: number;
  /** Bytes of the extracted files. */
  readonly bytes: number;
  /** Top-level names the archive put into `dir`, sorted. */
  readonly topLevel: readonly string[];
  /** Files that were already there and were replaced. */
  readonly replaced: number;
  /** Links, devices and other entries that are not files or folders: not extracted. */
  readonly skipped: readonly string[];
  readonly seconds: number;
  /** True when another process extracted the archive while this one waited (the figures are its record). */
  readonly byAnotherProcess: boolean;
}

/** What the marker file says about an extraction. */
export interface Extraction {
  readonly archive: string;
  readonly archiveBytes: number;
  readonly archiveMtimeMs: number;
  readonly files: number;
  readonly bytes: number;
  readonly topLevel: readonly string[];
  readonly extractedAt: string;
  /** Set when HAI removed the archive after extracting it. */
  readonly archiveRemovedAt?: string;
}

function markerPath(archive: string): string {
  return path.join(path.dirname(archive), MARKER_DIR, `${path.basename(archive)}.json`);
}

/**
 * The extraction recorded for this archive: when the marker matches the archive as it is now, or when
 * the archive was removed after its extraction (the files are there, the archive is not).
 */
export async function extractionOf(archive: string): Promise<Extraction | undefined> {
  let e: Extraction;
  try {
    e = JSON.parse(await readFile(markerPath(archive), 'utf8')) as Extraction;
  } catch {
    return undefined; // no marker or an unreadable one: not known to be extracted
  }
  const st = await stat(archive).catch(() => undefined);
  if (!st) return e.archiveRemovedAt ? e : undefined;
  return e.archiveBytes === st.size && e.archiveMtimeMs === st.mtimeMs ? e : undefined;
}

/**
 * Deletes an archive whose extraction is recorded, keeping the extracted files; the marker notes the
 * removal first, so that an interrupted removal still leaves a true record. Returns bytes freed.
 * Under the extraction's lock: an extraction of the archive in another window still reads it.
 */
export async function removeExtractedArchive(archive: string): Promise<number> {
  const name = path.basename(archive);
  const lock = await tryLock(path.join(path.dirname(archive), extractLockName(name)), { purpose: `removing ${archive}` }).catch((err: unknown) => {
    throw asExtractError(err, archive);
  });
  if (!(lock instanceof HeldLock)) throw new ExtractError('io', msg('{0} is being extracted in another window, so it is kept.', name), msg('Try again when that extraction has finished.'));
  try {
    const extraction = await extractionOf(archive);
    if (!extraction || extraction.archiveRemovedAt) {
      throw new ExtractError('io', msg('{0} is not recorded as extracted as it is now, so it is kept.', name), msg('Extract it first; the archive is removed only when its files are in place.'));
    }
    await writeMarker(archive, { ...extraction, archiveRemovedAt: new Date().toISOString() });
    await unlink(archive);
    return extraction.archiveBytes;
  } finally {
    await lock.release();
  }
}

async function writeMarker(archive: string, record: Extraction): Promise<void> {
  const marker = markerPath(archive);
  await mkdir(path.dirname(marker), { recursive: true });
  await writeFile(`${marker}.tmp`, JSON.stringify(record, null, 2));
  await rename(`${marker}.tmp`, marker);
}

interface Staged {
  skipped: string[];
}

/** Extracts `archive` into its own folder. Throws ExtractError with a hint on every failure. */
export async function extractArchive(archive: string, kind: ArchiveKind, options: ExtractOptions = {}): Promise<ExtractResult> {
  const started = Date.now();
  const dir = path.dirname(archive);
  const name = path.basename(archive);
  await stat(archive).catch((err: unknown) => {
    throw new ExtractError('io', msg('Cannot read {0}: {1}', archive, messageOf(err)), msg('Download the file again from the hub.'), { cause: err });
  });
  let lock: HeldLock;
  try {
    lock = await acquireLock(path.join(dir, extractLockName(name)), { signal: options.signal, onWait: options.onWaiting, purpose: `extracting ${archive}` });
  } catch (err) {
    throw options.signal?.aborted ? cancelled() : asExtractError(err, archive);
  }
  try {
    // The other window extracted it while we waited: its record stands, nothing to do twice.
    const recorded = lock.waited ? await extractionOf(archive) : undefined;
    if (recorded && !recorded.archiveRemovedAt) {
      return { dir, files: recorded.files, bytes: recorded.bytes, topLevel: recorded.topLevel, replaced: 0, skipped: [], seconds: (Date.now() - started) / 1000, byAnotherProcess: true };
    }
    return await extractLocked(archive, kind, options, started, lock);
  } finally {
    await lock.release();
  }
}

async function extractLocked(archive: string, kind: ArchiveKind, options: ExtractOptions, started: number, lock: HeldLock): Promise<ExtractResult> {
  const dir = path.dirname(archive);
  const name = path.basename(archive);
  await removeStaleStaging(dir, name);
  let staging: string | undefined;
  try {
    const total = (await stat(archive)).size;
    const fs = await statfs(dir);
    const budget = new ExpansionBudget(name, total, fs.bavail * fs.bsize, dir, MAX_EXPANSION_RATIO, options.maxEntries ?? MAX_ENTRIES);
    const check = { budget, others: await otherArchivesIn(dir, name) };
    staging = await mkdtemp(path.join(dir, stagingPrefix(name)));
    const staged = kind === 'zip' ? await unzipTo(archive, staging, total, check, options) : await untarTo(archive, staging, total, check, options);
    if (options.signal?.aborted) throw cancelled();
    const topLevel = (await readdir(staging)).sort();
    // Nor archives that finished downloading beside it while it was read.
    const others = await otherArchivesIn(dir, name);
    for (const top of topLevel) checkEntryTarget(top, name, others);
    // The record counts the files that are about to move, as they lie on disk, not the entries read.
    const counted = await countFiles(staging);
    await checkConflicts(staging, dir);
    if (!(await lock.isHeld())) throw lostLock(name);
    const replaced = await moveInto(staging, dir);
    const st = await stat(archive);
    const record: Extraction = { archive: name, archiveBytes: st.size, archiveMtimeMs: st.mtimeMs, files: counted.files, bytes: counted.bytes, topLevel, extractedAt: new Date().toISOString() };
    if (!(await lock.isHeld())) throw lostLock(name);
    await writeMarker(archive, record);
    return { dir, files: counted.files, bytes: counted.bytes, topLevel, replaced, skipped: staged.skipped, seconds: (Date.now() - started) / 1000, byAnotherProcess: false };
  } catch (err) {
    throw asExtractError(err, archive);
  } finally {
    // Retried: after a refusal mid-archive, node-tar may still be finishing files it had started.
    if (staging) await rm(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

/**
 * Removes what interrupted extractions left in the folder (a crash, a killed window): this archive's
 * staging folders (we hold its lock), and those of other archives whose lock is free, so that a
 * leftover (possibly gigabytes) does not wait for its own archive to be extracted again. A staging
 * folder whose archive another window is extracting is that window's live one and stays.
 */
async function removeStaleStaging(dir: string, name: string): Promise<void> {
  const byArchive = new Map<string, string[]>();
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const archive = e.isDirectory() ? stagingArchiveOf(e.name) : undefined;
    if (archive !== undefined) byArchive.set(archive, [...(byArchive.get(archive) ?? []), e.name]);
  }
  for (const [archive, folders] of byArchive) {
    const lock = archive === name ? undefined : await tryLock(path.join(dir, extractLockName(archive)), { purpose: `removing staging folders of ${archive}` }).catch(() => undefined);
    if (archive !== name && !(lock instanceof HeldLock)) continue;
    try {
      for (const folder of folders) await rm(path.join(dir, folder), { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } finally {
      if (lock instanceof HeldLock) await lock.release();
    }
  }
}

/** Regular files under a folder and their bytes. */
async function countFiles(folder: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const e of await readdir(folder, { withFileTypes: true })) {
    const p = path.join(folder, e.name);
    if (e.isDirectory()) {
      const sub = await countFiles(p);
      files += sub.files;
      bytes += sub.bytes;
    } else if (e.isFile()) {
      files++;
      bytes += (await lstat(p)).size;
    }
  }
  return { files, bytes };
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

/** What each entry is checked against: the expansion so far, and the other archives beside this one. */
interface EntryChecks {
  readonly budget: ExpansionBudget;
  readonly others: ReadonlySet<string>;
}

function untarTo(archive: string, staging: string, total: number, { budget, others }: EntryChecks, options: ExtractOptions): Promise<Staged> {
  const name = path.basename(archive);
  let files = 0;
  return new Promise<Staged>((resolve, reject) => {
    const staged: Staged = { skipped: [] };
    let read = 0;
    let done = false;
    const input = createReadStream(archive, { highWaterMark: 8 * 1024 * 1024 });
    const fail = (err: unknown) => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      input.destroy();
      unpack.abort(err instanceof Error ? err : new Error(String(err)));
      reject(err);
    };
    const onAbort = () => fail(cancelled());
    const unpack = new Unpack({
      cwd: staging,
      strict: true,
      preserveOwner: false, // as root, node-tar would otherwise give the files the archive's owners
      filter: (entryPath, entry) => {
        const safe = safeEntryPath(entryPath);
        if ('error' in safe) {
          fail(unsafePath(name, safe.error));
          return false;
        }
        const type = 'type' in entry ? entry.type : undefined;
        try {
          checkEntryTarget(safe.path, name, others);
          budget.entry(safe.path);
          if (type && FILE_TYPES.has(type)) budget.add(entry.size ?? 0, safe.path);
        } catch (err) {
          fail(err);
          return false;
        }
        // node-tar creates the file or folder with the entry's mode: no setuid, setgid or sticky bit.
        if ('mode' in entry) entry.mode = safeMode(entry.mode);
        if (type === 'Directory') return true;
        if (type && FILE_TYPES.has(type)) {
          files++;
          return true;
        }
        staged.skipped.push(`${safe.path} (${type ?? 'unknown'})`);
        return false;
      },
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) return onAbort();
    input.on('data', (chunk) => {
      read += chunk.length;
      options.onProgress?.({ read, total, files });
    });
    input.on('error', fail);
    unpack.on('error', fail);
    unpack.on('end', () => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      resolve(staged);
    });
    input.pipe(unpack);
  });
}

function openZip(archive: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(archive, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (err, zip) => (err ? reject(err) : resolve(zip))));
}

async function unzipTo(archive: string, staging: string, total: number, { budget, others }: EntryChecks, options: ExtractOptions): Promise<Staged> {
  const name = path.basename(archive);
  const staged: Staged = { skipped: [] };
  let files = 0;
  if (options.signal?.aborted) throw cancelled();
  const zip = await openZip(archive);
  let read = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        zip.close();
        reject(cancelled());
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (err?: unknown) => {
        options.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      zip.on('error', (err: Error) => {
        // yauzl checks every name: absolute paths and ".." come back as errors.
        if (/absolute path|invalid relative path/.test(err.message)) {
          finish(unsafeZipPath(path.basename(archive), err.message));
        } else finish(err);
      });
      zip.on('end', () => finish());
      zip.on('entry', (entry: yauzl.Entry) => {
        const safe = safeEntryPath(entry.fileName);
        if ('error' in safe) return finish(unsafePath(name, safe.error));
        try {
          checkEntryTarget(safe.path, name, others);
          budget.entry(safe.path);
        } catch (err) {
          return finish(err);
        }
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        const target = path.join(staging, safe.path);
        if (entry.fileName.endsWith('/')) {
          mkdir(target, { recursive: true }).then(() => zip.readEntry(), finish);
          return;
        }
        if (mode !== 0 && mode !== 0o100000) {
          staged.skipped.push(`${safe.path} (${mode === 0o120000 ? 'SymbolicLink' : 'special file'})`);
          zip.readEntry();
          return;
        }
        try {
          // Before its data is inflated: a zip bomb is refused by what its entries declare.
          budget.add(entry.uncompressedSize, safe.path);
        } catch (err) {
          return finish(err);
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err) return finish(err);
          mkdir(path.dirname(target), { recursive: true })
            .then(() => pipeline(stream, createWriteStream(target)))
            .then(() => {
              files++;
              read += entry.compressedSize;
              options.onProgress?.({ read: Math.min(read, total), total, files });
              zip.readEntry();
            }, finish);
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return staged;
}

/** Moves the staged tree into place: whole folders that are new, else file by file. Returns files replaced. */
async function moveInto(from: string, to: string): Promise<number> {
  let replaced = 0;
  for (const name of await readdir(from)) {
    const src = path.join(from, name);
    const dest = path.join(to, name);
    const [s, d] = await Promise.all([lstat(src), lstat(dest).catch(() => undefined)]);
    if (s.isDirectory() && d?.isDirectory()) replaced += await moveInto(src, dest);
    else {
      if (d) replaced++;
      try {
        await rename(src, dest);
      } catch (err) {
        // Another extraction into the same folder (the next part of the dataset) made this folder
        // since we looked: merge into it instead.
        const code = (err as NodeJS.ErrnoException).code;
        if (!s.isDirectory() || (code !== 'ENOTEMPTY' && code !== 'EEXIST')) throw err;
        replaced += await moveInto(src, dest);
      }
    }
  }
  return replaced;
}
