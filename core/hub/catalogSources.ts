// Reads the catalogs of the hubs in `hai.hub.sources`: http(s) URLs with axios (timeout, proxy),
// anything else as a local file. A hub that is down, slow, too large or not a catalog becomes a
// problem of that hub; the others still load.
import { open } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { formatBytes } from '../text/formatting';
import { english, LocalizedError, messageOf, msg } from '../text/message';
import { type Catalog, parseCatalog } from './catalog';
import { proxyAgents } from './proxyAgents';

/** The largest catalog read (the built-in one is ~30 KiB): a hub cannot make the extension buffer an endless body. */
export const MAX_CATALOG_BYTES = 8 * 1024 * 1024;

export interface SourceOptions {
  readonly proxy?: string;
  readonly timeoutMs?: number;
  /** Relative file paths are resolved against this folder (the workspace). */
  readonly baseDir?: string;
}

/** A catalog that cannot be read, with the sentence that says why (and what to do) in the hub's problem. */
class SourceError extends LocalizedError {}

const tooLarge = (bytes: number | undefined): SourceError =>
  new SourceError(
    bytes !== undefined
      ? msg('the catalog is {0}, more than the {1} a hub catalog may be. Ask the hub to split it into smaller catalogs, or remove it from hai.hub.sources', formatBytes(bytes), formatBytes(MAX_CATALOG_BYTES))
      : msg('the catalog is more than the {0} a hub catalog may be. Ask the hub to split it into smaller catalogs, or remove it from hai.hub.sources', formatBytes(MAX_CATALOG_BYTES)),
  );

/** Reads a response body up to the limit, stopping the download as soon as it goes past. */
async function readCapped(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_CATALOG_BYTES) {
      body.destroy();
      throw tooLarge(undefined);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readHttp(source: string, options: SourceOptions): Promise<string> {
  // One deadline for the headers and the whole body: a hub that trickles bytes cannot hold the view.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs ?? 15_000);
  try {
    const response = await axios.get<Readable>(source, {
      responseType: 'stream',
      signal: deadline.signal,
      maxRedirects: 10,
      validateStatus: () => true,
      ...proxyAgents(options.proxy),
    });
    const announced = Number(response.headers['content-length']);
    if (response.status >= 400 || announced > MAX_CATALOG_BYTES) {
      response.data.destroy();
      if (response.status >= 400) throw new Error(`HTTP ${response.status}`);
      throw tooLarge(announced);
    }
    return await readCapped(response.data);
  } catch (err) {
    if (deadline.signal.aborted) throw new SourceError(msg('it did not answer in time'));
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Checks size and kind on the open file before reading, and reads no more than the limit even if it grows. */
async function readLocal(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new SourceError(msg('{0} is a folder, not a catalog file. Name the catalog\'s .json file in hai.hub.sources', file));
    if (!stat.isFile()) throw new SourceError(msg('{0} is not a regular file. Name the catalog\'s .json file in hai.hub.sources', file));
    if (stat.size > MAX_CATALOG_BYTES) throw tooLarge(stat.size);
    return await readCapped(handle.createReadStream({ start: 0, autoClose: false }));
  } finally {
    await handle.close();
  }
}

const isHttp = (source: string): boolean => /^https?:\/\//i.test(source);

function readSource(source: string, options: SourceOptions): Promise<string> {
  if (isHttp(source)) return readHttp(source, options);
  if (/^file:\/\//i.test(source)) return readLocal(fileURLToPath(source));
  // Another scheme (ftp://, s3://) would otherwise be read as a relative path and "not found".
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return Promise.reject(new SourceError(msg('it is neither an http(s) URL nor a file: HAI reads hub catalogs over HTTP or HTTPS, or from a file path or file:// URL')));
  const file = source.startsWith('~/') ? path.join(os.homedir(), source.slice(2)) : path.resolve(options.baseDir ?? process.cwd(), source);
  return readLocal(file);
}

export async function loadSources(sources: readonly string[], options: SourceOptions = {}): Promise<Catalog[]> {
  return Promise.all(
    sources.map(async (source) => {
      try {
        // A catalog read from a local file may link to local files; one from the network may not.
        return parseCatalog(await readSource(source, options), source, { local: !isHttp(source) });
      } catch (err) {
        const e = err as NodeJS.ErrnoException & { code?: string };
        // Node's and axios's own words (e.message) stay as they are; ours are translated.
        const why =
          err instanceof SourceError
            ? messageOf(err)
            : e.code === 'ECONNREFUSED'
              ? msg('nothing answers there')
              : e.code === 'ECONNABORTED'
                ? msg('it did not answer in time')
                : e.code === 'ENOENT'
                  ? msg('no such file')
                  : e.message;
        const text = msg('This hub could not be read: {0}.', why);
        return { models: [], datasets: [], problems: [{ hub: source, message: english(text), text }] };
      }
    }),
  );
}
