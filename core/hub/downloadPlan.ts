// What a download from the hub will take, known before it starts: the size of each file (the
// catalog's, else what the server says to a HEAD request, else to a GET of its first byte), what is
// already here from an earlier attempt, and the free space where the files go. From that, whether
// it goes ahead at once (small, known), asks first (1 GiB or more, or a size nobody states), or
// cannot fit (said with the sizes, before a byte is written). No vscode here: the extension shows the
// question and the notices (hubController.ts).
import { statfs } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import axios, { type AxiosResponse } from 'axios';
import { formatBytes } from '../text/formatting';
import { type Message, msg } from '../text/message';
import { type DownloadRequest, resumableBytes, sleep } from './download';
import { DownloadError, httpError, networkError, webPageError } from './downloadErrors';
import { proxyAgents } from './proxyAgents';

/** A download of this many bytes or more is confirmed first. */
export const LARGE_DOWNLOAD = 1024 ** 3;

export interface SizeOptions {
  readonly proxy?: string;
  readonly signal?: AbortSignal;
  /** No response headers within this time: the attempt fails. */
  readonly connectTimeoutMs?: number;
  /** Attempts after the first, for network errors, 5xx, 408 and 429. */
  readonly retries?: number;
  /** First wait between attempts; it doubles each time. */
  readonly backoffMs?: number;
}

/**
 * The size of the file at `url` as its server states it (Content-Length of a HEAD, else the total
 * of a Content-Range to a GET of the first byte, whose body is dropped at once); undefined when the
 * server does not say. Rejects with the DownloadError the download itself would end in when the
 * link is broken (HTTP error, a web page) or the server cannot be reached.
 */
export async function remoteSize(url: string, options: SizeOptions = {}): Promise<number | undefined> {
  const retries = options.retries ?? 2;
  for (let attempt = 1; ; attempt++) {
    try {
      return await sizeOnce(url, options);
    } catch (err) {
      if (options.signal?.aborted) throw cancelledCheck();
      if ((err as { final?: boolean }).final) throw err;
      if (attempt > retries) throw err instanceof DownloadError ? err : networkError(url, attempt, err);
      await sleep((options.backoffMs ?? 500) * 2 ** (attempt - 1), options.signal).catch(() => undefined);
    }
  }
}

async function sizeOnce(url: string, options: SizeOptions): Promise<number | undefined> {
  const ask = (method: 'head' | 'get', headers: Record<string, string>): Promise<AxiosResponse<Readable>> =>
    axios.request({
      method,
      url,
      responseType: 'stream',
      // As the download asks: the bytes as they are, so that a length is the file's, not a compressed one's.
      headers: { 'Accept-Encoding': 'identity', ...headers },
      signal: options.signal,
      timeout: options.connectTimeoutMs ?? 30_000,
      maxRedirects: 10,
      validateStatus: () => true,
      decompress: false,
      ...proxyAgents(options.proxy),
    });
  const head = await ask('head', {});
  head.data?.destroy();
  if (head.status < 300 && !isWebPage(head) && identity(head)) {
    const length = Number(head.headers['content-length']);
    if (head.headers['content-length'] !== undefined && Number.isSafeInteger(length) && length >= 0) return length;
  }
  // No HEAD (405, or a signed link valid for GET only), or no length in its answer: the first byte.
  const get = await ask('get', { Range: 'bytes=0-0' });
  get.data?.destroy();
  if (get.status >= 400) throw httpError(url, get.status);
  if (isWebPage(get)) throw webPageError(url);
  if (!identity(get)) return undefined; // the download refuses such a body and says so
  if (get.status === 206) {
    const total = /^bytes\s+\d+-\d+\/(\d+)$/.exec(String(get.headers['content-range'] ?? '').trim());
    return total ? Number(total[1]) : undefined;
  }
  const length = Number(get.headers['content-length']);
  return get.status < 300 && get.headers['content-length'] !== undefined && Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

const isWebPage = (r: AxiosResponse): boolean => /text\/html/i.test(String(r.headers['content-type'] ?? ''));
const identity = (r: AxiosResponse): boolean => ['', 'identity'].includes(String(r.headers['content-encoding'] ?? '').trim().toLowerCase());

const cancelledCheck = () => new DownloadError('cancelled', msg('The download was cancelled.'), msg('The download can be started again.'));

export interface PlannedFile {
  readonly request: DownloadRequest;
  /** The catalog's size, else the server's; undefined when neither says. */
  readonly size: number | undefined;
  /** Bytes already here in its .part, from an earlier attempt. */
  readonly have: number;
}

export interface DownloadPlan {
  readonly files: readonly PlannedFile[];
  /** Where the files go (the entry's folder; it may not exist yet). */
  readonly folder: string;
  /** Bytes still to fetch, of the files whose size is known. */
  readonly bytes: number;
  /** How many files have a size that nobody states. */
  readonly unknown: number;
  /** Free bytes on the file system of `folder` (asked of the nearest folder that exists); undefined when it cannot be told. */
  readonly free: number | undefined;
}

/**
 * The sizes of `requests` (the catalog's; the server is asked for the others, `concurrency` at a
 * time), what of them is here already, and the free space in `folder`. Rejects as `remoteSize` does.
 */
export async function planDownload(requests: readonly DownloadRequest[], folder: string, options: SizeOptions & { readonly concurrency?: number } = {}): Promise<DownloadPlan> {
  const files: PlannedFile[] = new Array<PlannedFile>(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const request = requests[i];
      const size = request.size ?? (await remoteSize(request.url, options));
      const have = await resumableBytes(request);
      files[i] = { request, size, have: size !== undefined ? Math.min(have, size) : have };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, requests.length)) }, worker));
  const known = files.filter((f) => f.size !== undefined);
  return {
    files,
    folder,
    bytes: known.reduce((sum, f) => sum + (f.size! - f.have), 0),
    unknown: files.length - known.length,
    free: await freeSpace(folder),
  };
}

/** Free bytes for this user on the file system of `folder`, or of the nearest folder above it that exists. */
export async function freeSpace(folder: string): Promise<number | undefined> {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const fs = await statfs(dir).catch(() => undefined);
    if (fs) return fs.bavail * fs.bsize;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** What to do with a plan: go ahead, or ask first with this question (`text`) and its details. */
export type PlanVerdict = { readonly ask: false } | { readonly ask: true; readonly text: Message; readonly detail: Message | string };

/**
 * Whether a download of `what` (a file name, or a dataset with its count) needs the user's yes: it
 * does when it is LARGE_DOWNLOAD or more or when a size is not known. Throws a DownloadError
 * ('space') when what is known of it already exceeds the free space: nothing is downloaded then.
 */
export function judgePlan(plan: DownloadPlan, what: string): PlanVerdict {
  if (plan.free !== undefined && plan.bytes > plan.free) {
    throw new DownloadError(
      'space',
      msg('Not enough free space to download {0}: it needs {1}, and {2} is free in {3}.', what, formatBytes(plan.bytes), formatBytes(plan.free), plan.folder),
      msg('Free some space or choose another download folder (hai.hub.downloadDir).'),
    );
  }
  if (plan.unknown === 0 && plan.bytes < LARGE_DOWNLOAD) return { ask: false };
  const size =
    plan.unknown === 0
      ? msg('That is {0} to download.', formatBytes(plan.bytes))
      : plan.unknown === plan.files.length
        ? msg('The server does not say how large it is.')
        : msg('That is at least {0} to download: the server does not say the size of {1} of the {2} files.', formatBytes(plan.bytes), plan.unknown, plan.files.length);
  const free = plan.free !== undefined ? msg('{0} is free there.', formatBytes(plan.free)) : undefined;
  return { ask: true, text: msg('Download {0} into {1}?', what, plan.folder), detail: free ? msg('{0} {1}', size, free) : size };
}
