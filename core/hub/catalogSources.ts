// Reads the catalogs of the hubs in `hai.hub.sources`: http(s) URLs with axios (timeout, proxy),
// anything else as a local file. A hub that is down, slow, or not a catalog becomes a problem of
// that hub; the others still load.
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import axios from 'axios';
import { type Catalog, parseCatalog } from './catalog';
import { proxyAgents } from './proxyAgents';

export interface SourceOptions {
  readonly proxy?: string;
  readonly timeoutMs?: number;
  /** Relative file paths are resolved against this folder (the workspace). */
  readonly baseDir?: string;
}

async function readSource(source: string, options: SourceOptions): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const response = await axios.get<string>(source, {
      responseType: 'text',
      transformResponse: (data: string) => data,
      timeout: options.timeoutMs ?? 15_000,
      maxRedirects: 10,
      validateStatus: () => true,
      ...proxyAgents(options.proxy),
    });
    if (response.status >= 400) throw new Error(`HTTP ${response.status}`);
    return response.data;
  }
  const file = source.startsWith('~/') ? path.join(os.homedir(), source.slice(2)) : path.resolve(options.baseDir ?? process.cwd(), source);
  return readFile(file, 'utf8');
}

export async function loadSources(sources: readonly string[], options: SourceOptions = {}): Promise<Catalog[]> {
  return Promise.all(
    sources.map(async (source) => {
      try {
        return parseCatalog(await readSource(source, options), source);
      } catch (err) {
        const e = err as NodeJS.ErrnoException & { code?: string };
        const why = e.code === 'ECONNREFUSED' ? 'nothing answers there' : e.code === 'ECONNABORTED' ? 'it did not answer in time' : e.code === 'ENOENT' ? 'no such file' : e.message;
        return { models: [], datasets: [], problems: [{ hub: source, message: `This hub could not be read: ${why}.` }] };
      }
    }),
  );
}
