// Verified, resumable downloads over HTTP(S) with axios: the bytes go to `<dest>.part` (and what is
// known about them to `<dest>.part.json`), a later attempt continues with a Range request, and the
// file appears under its final name only after its checksum matched (temp file + rename).
//
// Resumes after a cancel, a dropped or stalled connection (retried with backoff) and a window reload
// (the .part file stays). A server that ignores Range, or whose file changed (If-Range with the
// ETag), makes it start over. Free disk space is checked first. No vscode here: the extension passes
// the proxy and shows progress.
//
// One process at a time downloads a destination: `<dest>.part.lock` (core/fs/fileLock.ts) is held
// for the whole download, so that two windows never append to the same .part file; the second one
// waits and then finds the file the first one verified. Whoever gets the lock first looks for a
// finished file that matches (another window may have finished it just before), and a window whose
// lock was taken over stops before it touches the .part again or renames it. A server that sends
// more than the catalog's size is cut off at that size (the partial file is deleted), and the size
// and checksum are checked on the .part file as it lies on disk, the very file that is renamed.
//
// A download that fails leaves no empty folder behind: the folders it created are removed again
// when nothing is in them (rmdir, which refuses a folder that holds anything: a .part kept to
// resume, another download's lock). A download that finds its folder gone before it holds its lock
// (another one removed it just then) makes it again.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, stat, statfs, truncate, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import axios, { type AxiosResponse } from 'axios';
import { acquireLock, type HeldLock, type LockHolder } from '../fs/fileLock';
import { LocalizedError, messageOf, msg } from '../text/message';
import { receive } from './downloadBody';
import { DownloadError, httpError, networkError, webPageError } from './downloadErrors';
import { proxyAgents } from './proxyAgents';

export interface Checksum {
  readonly algorithm: 'md5' | 'sha256';
  readonly value: string;
}

export interface DownloadRequest {
  readonly url: string;
  /** The final path; the file appears there only once complete and verified. */
  readonly dest: string;
  /** Expected size in bytes, when the catalog knows it: checked against free space and the result. */
  readonly size?: number;
  readonly checksum?: Checksum;
}

export interface DownloadProgress {
  readonly received: number;
  readonly total: number | undefined;
  /** Over the last few seconds. */
  readonly bytesPerSecond: number;
}

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Attempts after the first, for dropped connections, stalls, 5xx, 408 and 429. */
  readonly retries?: number;
  /** First wait between attempts; it doubles each time, up to 30 s. */
  readonly backoffMs?: number;
  /** No response headers within this time: the attempt fails. */
  readonly connectTimeoutMs?: number;
  /** No bytes for this long during the transfer: the attempt fails (and is retried). */
  readonly stallTimeoutMs?: number;
  /** An HTTP proxy URL (VS Code's http.proxy), for http and https targets. */
  readonly proxy?: string;
  /**
   * Called when another process (another window) is downloading the same destination: this one
   * waits for it (cancel with the signal), then checks and returns the file it produced.
   */
  readonly onWaiting?: (holder: LockHolder | undefined) => void;
}

export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
  /** Bytes that were already there from an earlier attempt or session. */
  readonly resumedFrom: number;
  readonly attempts: number;
  readonly verified: boolean;
  readonly seconds: number;
  /**
   * True when the file was there already when this call got the lock, downloaded by another process
   * (while this one waited, or just before), and matched the request (this one checked it).
   */
  readonly byAnotherProcess: boolean;
}


interface PartInfo {
  readonly url: string;
  readonly checksum?: Checksum;
  readonly etag?: string;
  readonly lastModified?: string;
}

/** Waits `ms`, or rejects as soon as `signal` aborts (a retry's backoff, here and before a download). */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

async function hashFile(file: string, algorithm: Checksum['algorithm']): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readPartInfo(file: string): Promise<PartInfo | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PartInfo;
  } catch {
    return undefined;
  }
}

async function checkFreeSpace(dir: string, needed: number): Promise<void> {
  if (needed <= 0) return;
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  if (free < needed) {
    throw new DownloadError(
      'space',
      msg('Not enough free disk space in {0}: {1} bytes needed, {2} free.', dir, needed, free),
      msg('Free some space or choose another download folder (hai.hub.downloadDir).'),
    );
  }
}


/**
 * The bytes of `<dest>.part` a download of this request would continue from (0 when they are of
 * another URL or checksum, or longer than the file): what it still has to fetch is the rest.
 */
export async function resumableBytes(request: DownloadRequest): Promise<number> {
  const info = await readPartInfo(`${request.dest}.part.json`);
  if (!info || info.url !== request.url || JSON.stringify(info.checksum) !== JSON.stringify(request.checksum)) return 0;
  const size = (await stat(`${request.dest}.part`).catch(() => undefined))?.size ?? 0;
  return request.size !== undefined && size > request.size ? 0 : size;
}

/** Downloads one file; see the module comment. Rejects with a DownloadError. */
export async function download(request: DownloadRequest, options: DownloadOptions = {}): Promise<DownloadResult> {
  const folder = path.dirname(request.dest);
  // The first folder this call made (mkdir's answer), if it made any: what it removes again on failure.
  let created: string | undefined;
  try {
    created = await mkdir(folder, { recursive: true });
    return await downloadInFolder(request, options, async () => {
      const made = await mkdir(folder, { recursive: true });
      created ??= made;
    });
  } catch (err) {
    if (created) await removeEmptyFolders(folder, created);
    throw err;
  }
}

/**
 * Removes `folder` and its parents up to `top` (a folder a download made) as long as each is empty;
 * rmdir refuses one that holds anything, so a .part kept to resume, another download's lock or any
 * other file keeps its folder (and the folders above it).
 */
async function removeEmptyFolders(folder: string, top: string): Promise<void> {
  const relative = path.relative(top, folder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return;
  for (let dir = folder; ; dir = path.dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    if (dir === top || path.dirname(dir) === dir) return;
  }
}

async function downloadInFolder(request: DownloadRequest, options: DownloadOptions, remakeFolder: () => Promise<void>): Promise<DownloadResult> {
  const started = Date.now();
  const { dest } = request;
  const lock = await lockDestination(request, options, remakeFolder);
  try {
    // Another window finished it, while we waited or just before we asked (its lock already gone):
    // its file was verified before it got its name; we check size and checksum once more rather
    // than download it twice.
    if (existsSync(dest) && (await matches(dest, request))) {
      const bytes = (await stat(dest)).size;
      return { path: dest, bytes, resumedFrom: bytes, attempts: 0, verified: request.checksum !== undefined, seconds: (Date.now() - started) / 1000, byAnotherProcess: true };
    }
    return await downloadLocked(request, options, started, lock);
  } finally {
    await lock.release();
  }
}

/**
 * Takes `<dest>.part.lock`. A failed download elsewhere may remove the folder, empty, between our
 * mkdir and the lock: then the folder is made again and the lock taken in it.
 */
async function lockDestination(request: DownloadRequest, options: DownloadOptions, remakeFolder: () => Promise<void>): Promise<HeldLock> {
  const { dest } = request;
  let waitSaid = false;
  const onWait = (holder: LockHolder | undefined) => {
    if (!waitSaid) options.onWaiting?.(holder);
    waitSaid = true;
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await acquireLock(`${dest}.part.lock`, { signal: options.signal, onWait, purpose: `downloading ${request.url}` });
    } catch (err) {
      if (options.signal?.aborted) throw cancelled(`${dest}.part`);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 10) {
        await remakeFolder();
        continue;
      }
      throw new DownloadError('io', msg('Cannot lock {0} for downloading: {1}.', dest, messageOf(err)), msg('Choose a download folder you can write to (hai.hub.downloadDir).'), { cause: err });
    }
  }
}

/** Whether a file already there has the catalog's size and checksum (as far as the catalog gives them: with neither, any file). */
async function matches(file: string, request: DownloadRequest): Promise<boolean> {
  if (request.size !== undefined && (await stat(file)).size !== request.size) return false;
  return !request.checksum || (await hashFile(file, request.checksum.algorithm)) === request.checksum.value.toLowerCase();
}

async function downloadLocked(request: DownloadRequest, options: DownloadOptions, started: number, lock: HeldLock): Promise<DownloadResult> {
  const { dest, url, checksum } = request;
  const part = `${dest}.part`;
  const infoFile = `${dest}.part.json`;
  // Whoever took the lock over (its holder judged this window gone) owns the .part now: before each
  // step that writes, deletes or renames it, this window makes sure it still holds the lock.
  const stillHeld = async () => {
    if (!(await lock.isHeld())) throw lostLock(dest);
  };
  const dropPart = async () => {
    await stillHeld();
    await rm(part, { force: true });
    await rm(infoFile, { force: true });
  };

  // Bytes of another file (other URL or checksum) are not ours to continue.
  let info = await readPartInfo(infoFile);
  if (info && (info.url !== url || JSON.stringify(info.checksum) !== JSON.stringify(checksum))) {
    await rm(part, { force: true });
    info = undefined;
  }
  let offset = existsSync(part) ? (await stat(part)).size : 0;
  // Longer than the whole file: not a beginning of it (an older version's bytes, or two writers).
  if (request.size !== undefined && offset > request.size) {
    await truncate(part, 0);
    offset = 0;
  }
  if (offset === 0) info = undefined;
  const resumedFrom = offset;
  await checkFreeSpace(path.dirname(dest), (request.size ?? 0) - offset);

  let total = request.size;
  const retries = options.retries ?? 5;
  const agents = proxyAgents(options.proxy);
  const window: { at: number; bytes: number }[] = [];
  let attempts = 0;

  for (;;) {
    if (options.signal?.aborted) throw cancelled(part);
    await stillHeld();
    attempts++;
    try {
      // decompress:false keeps axios from unpacking the body, but axios would still offer gzip, br…
      // and a server that takes the offer sends compressed bytes, which would be saved as the file.
      const headers: Record<string, string> = { 'Accept-Encoding': 'identity' };
      if (offset > 0) {
        headers.Range = `bytes=${offset}-`;
        const validator = info?.etag ?? info?.lastModified;
        if (validator) headers['If-Range'] = validator;
      }
      const response: AxiosResponse<Readable> = await axios.get(url, {
        responseType: 'stream',
        headers,
        signal: options.signal,
        timeout: options.connectTimeoutMs ?? 30_000,
        maxRedirects: 10,
        validateStatus: () => true,
        decompress: false,
        ...agents,
      });
      const status = response.status;
      const body = response.data;
      if (status === 416 && offset > 0) {
        body.destroy();
        // The range starts at or past the end: the .part is the whole file when its length is the
        // server's (`bytes */TOTAL`) or the catalog's; else it is not a beginning of this file and
        // the download starts over, rather than asking for the same range again forever.
        const whole = /^bytes \*\/(\d+)$/.exec(String(response.headers['content-range'] ?? '').trim());
        const known = whole ? Number(whole[1]) : total;
        if (known !== undefined && offset === known) {
          total = known;
          break; // everything is there already; checked below like any other download
        }
        info = undefined;
        await startOver();
        continue;
      }
      if (status >= 400) {
        body.destroy();
        throw httpError(url, status);
      }
      const encoding = String(response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (encoding !== 'identity' && encoding !== '') {
        body.destroy();
        throw Object.assign(
          new DownloadError('http', msg('{0} sent the file compressed ({1}) although it was asked not to; nothing of it was saved.', url, encoding), msg('The server does not serve the file as it is: tell the hub maintainers, or download it in a browser.')),
          { final: true },
        );
      }
      const type = String(response.headers['content-type'] ?? '');
      if (/text\/html/i.test(type)) {
        body.destroy();
        throw webPageError(url);
      }
      const length = Number(response.headers['content-length']);
      if (status === 206) {
        const range = /bytes (\d+)-(\d+)\/(\d+|\*)/.exec(String(response.headers['content-range'] ?? ''));
        if (!range || Number(range[1]) !== offset) {
          body.destroy();
          await startOver();
          continue;
        }
        if (range[3] !== '*') total = Number(range[3]);
      } else {
        // 200: the whole file; a server that ignored Range (or whose file changed) sends it all again.
        if (offset > 0) await startOver();
        if (Number.isFinite(length)) total = length;
      }
      if (request.size !== undefined && total !== undefined && total !== request.size) {
        body.destroy();
        await dropPart();
        throw Object.assign(
          new DownloadError('size', msg('{0} is {1} bytes, the catalog says {2}; nothing was kept.', url, total, request.size), differsHint()),
          { final: true },
        );
      }
      info = { url, checksum, etag: header(response, 'etag'), lastModified: header(response, 'last-modified') };
      await writeFile(infoFile, JSON.stringify(info));
      await checkFreeSpace(path.dirname(dest), total !== undefined ? total - offset : 0);
      // Never more than the catalog's size (or the server's own length) reaches the disk.
      const got = await receive(body, part, offset, request.size ?? total, options.stallTimeoutMs ?? 30_000, (received) => {
        const now = Date.now();
        window.push({ at: now, bytes: received });
        while (window.length > 2 && now - window[0].at > 3000) window.shift();
        const span = (now - window[0].at) / 1000;
        const bytesPerSecond = span > 0 ? (received - window[0].bytes) / span : 0;
        options.onProgress?.({ received, total, bytesPerSecond });
      });
      // What reached the disk counts, also when the transfer failed midway.
      offset = got.received;
      if (got.overflow) {
        await dropPart();
        throw Object.assign(
          new DownloadError(
            'size',
            request.size !== undefined
              ? msg('{0} sent more than the {1} bytes the catalog states; the download was stopped and the partial file deleted.', url, request.size)
              : msg('{0} sent more than the {1} bytes it announced; the download was stopped and the partial file deleted.', url, String(total)),
            differsHint(),
          ),
          { final: true },
        );
      }
      if (got.error) throw got.error;
      if (total === undefined || offset >= total) break;
      throw new LocalizedError(msg('the connection closed after {0} of {1} bytes', offset, total));
    } catch (err) {
      if (options.signal?.aborted) throw cancelled(part);
      if ((err as { final?: boolean }).final) throw err;
      if (attempts > retries) {
        throw err instanceof DownloadError ? err : networkError(url, attempts, err);
      }
      await sleep(Math.min(30_000, (options.backoffMs ?? 500) * 2 ** (attempts - 1)), options.signal).catch(() => undefined);
    }
  }

  if (total !== undefined && offset !== total) {
    throw new DownloadError('size', msg('{0} gave {1} bytes, {2} expected.', url, offset, total), msg('Download it again.'));
  }
  if (request.size !== undefined && offset !== request.size) {
    await dropPart();
    throw new DownloadError('size', msg('{0} is {1} bytes, the catalog says {2}; the partial file was deleted.', url, offset, request.size), differsHint());
  }
  // The file that gets the name is what is checked: its size on disk and a hash read back from it,
  // not only the bytes this process received (another writer would make them differ).
  const onDisk = (await stat(part)).size;
  if (onDisk !== offset) {
    await dropPart();
    throw new DownloadError('size', msg('{0} has {1} bytes on disk, but {2} were received: another program wrote to it. It was deleted.', path.basename(part), onDisk, offset), msg('Download it again, from one window at a time.'));
  }
  if (checksum) {
    const got = await hashFile(part, checksum.algorithm);
    if (got !== checksum.value.toLowerCase()) {
      await dropPart();
      throw new DownloadError(
        'checksum',
        msg('The {0} of {1} is {2}, the catalog says {3}; the downloaded data was deleted.', checksum.algorithm, path.basename(dest), got, checksum.value),
        msg('Download it again; if it happens again, the file on the server differs from the catalog entry.'),
      );
    }
  }
  await stillHeld();
  await rename(part, dest);
  await rm(infoFile, { force: true });
  return { path: dest, bytes: offset, resumedFrom, attempts, verified: checksum !== undefined, seconds: (Date.now() - started) / 1000, byAnotherProcess: false };

  async function startOver(): Promise<void> {
    await stillHeld();
    await truncate(part, 0).catch(() => undefined);
    offset = 0;
  }
}

function header(response: AxiosResponse, name: string): string | undefined {
  const v = response.headers[name];
  return typeof v === 'string' && v ? v : undefined;
}

/** The lock was taken over (this window was judged gone): final, as retrying would write into the other's .part. */
function lostLock(dest: string): DownloadError {
  return Object.assign(
    new DownloadError('io', msg('Another window took over the download of {0}; this window stopped and left the partial file to it.', path.basename(dest)), msg('Download it again: it finds the file once that window has finished it.')),
    { final: true },
  );
}

function cancelled(part: string): DownloadError {
  return new DownloadError('cancelled', msg('The download was cancelled.'), existsSync(part) ? msg('The bytes received so far are kept; download again to continue.') : msg('The download can be started again.'));
}

const differsHint = () => msg('The file on the server differs from the catalog entry; tell the hub maintainers.');
