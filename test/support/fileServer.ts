// A real HTTP server on 127.0.0.1 for the download tests: serves a deterministic file with or
// without Range support (and gzip-compressed, as a server that compresses would), drops the connection mid-file, stalls, answers 404/500/HTML, redirects,
// and counts requests and concurrent connections. It can also send more than the file (the size a
// catalog states is then exceeded) and hold a response halfway until the test opens a named gate, so
// that downloads in other processes overlap for as long as a test needs. Extra files (archives for the hub tests) are served
// as they are under /files/<name>.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface FileServer {
  readonly base: string;
  readonly data: Buffer;
  readonly md5: string;
  readonly sha256: string;
  /** Each request: path and Range header. */
  readonly requests: { path: string; range: string | undefined }[];
  readonly maxConcurrent: () => number;
  /** Lets the responses of /gated.bin?gate=<name> that wait halfway go on (and later ones pass). */
  openGate(name: string): void;
  close(): Promise<void>;
}

/** Bytes from a fixed linear congruential sequence: the same file in every run. */
export function testData(size: number): Buffer {
  const data = Buffer.alloc(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  return data;
}

export async function startFileServer(size = 3 * 1024 * 1024, files: Readonly<Record<string, Buffer>> = {}): Promise<FileServer> {
  const data = testData(size);
  const requests: { path: string; range: string | undefined }[] = [];
  const drops = new Map<string, number>();
  let concurrent = 0;
  let max = 0;
  const etag = '"v1"';
  const gates = new Map<string, { open: boolean; waiting: (() => void)[] }>();
  const gate = (name: string) => {
    if (!gates.has(name)) gates.set(name, { open: false, waiting: [] });
    return gates.get(name)!;
  };

  const sendFile = (req: http.IncomingMessage, res: http.ServerResponse, honourRange: boolean, limit?: number, stallAfter?: number, chunkDelayMs = 0, gateName?: string) => {
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (honourRange && range && (!ifRange || ifRange === etag)) {
      start = Number(range[1]);
      if (start >= data.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${data.length}` });
        res.end();
        return;
      }
      res.writeHead(206, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length - start, 'Content-Range': `bytes ${start}-${data.length - 1}/${data.length}`, ETag: etag, 'Accept-Ranges': 'bytes' });
    } else {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length, ETag: etag, ...(honourRange ? { 'Accept-Ranges': 'bytes' } : {}) });
    }
    const end = limit !== undefined ? Math.min(data.length, start + limit) : data.length;
    // Written in pieces so that a client can cancel or stall detection can act mid-file.
    let at = start;
    const pump = () => {
      while (at < end) {
        if (stallAfter !== undefined && at - start >= stallAfter) return; // stop sending, keep the socket open
        if (gateName !== undefined && at >= data.length / 2 && !gate(gateName).open) return void gate(gateName).waiting.push(pump);
        const next = Math.min(end, at + 64 * 1024);
        const ok = res.write(data.subarray(at, next));
        at = next;
        if (chunkDelayMs > 0 && at < end) {
          setTimeout(pump, chunkDelayMs);
          return;
        }
        if (!ok) {
          res.once('drain', pump);
          return;
        }
      }
      if (end < data.length) res.socket?.destroy(); // drop the connection mid-file
      else res.end();
    };
    pump();
  };

  const server = http.createServer((req, res) => {
    concurrent++;
    max = Math.max(max, concurrent);
    res.on('close', () => concurrent--);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname, range: req.headers.range });
    const key = url.pathname + url.search;
    const firstTime = !drops.has(key);
    drops.set(key, (drops.get(key) ?? 0) + 1);
    const extra = url.pathname.startsWith('/files/') ? files[decodeURIComponent(url.pathname.slice('/files/'.length))] : undefined;
    if (extra) {
      // ?chunked: no Content-Length (chunked encoding), as a server streaming a body of unknown size.
      const chunked = url.searchParams.has('chunked');
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', ...(chunked ? {} : { 'Content-Length': extra.length }) });
      return res.end(extra);
    }
    switch (url.pathname) {
      case '/file.bin':
        return sendFile(req, res, true);
      case '/slow.bin':
        // Starts late (delay) and trickles in 64 KiB pieces (chunkDelay), for cancel and concurrency tests.
        return setTimeout(() => sendFile(req, res, true, undefined, undefined, Number(url.searchParams.get('chunkDelay') ?? 0)), Number(url.searchParams.get('delay') ?? 200));
      case '/gated.bin':
        // Sends the first half of the file, then waits for openGate(name).
        return sendFile(req, res, true, undefined, undefined, 0, url.searchParams.get('gate') ?? '');
      case '/more.bin': {
        // The file `times` over, as one body: more than any catalog states for it. With `announce`
        // the length is in the headers, else the body is chunked and its end is not known ahead.
        const times = Number(url.searchParams.get('times') ?? 4);
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', ...(url.searchParams.has('announce') ? { 'Content-Length': data.length * times } : {}) });
        let n = 0;
        const more = () => {
          while (n < times && !res.destroyed) {
            n++;
            if (!res.write(data)) return void res.once('drain', more);
          }
          res.end();
        };
        return more();
      }
      case '/gzip.bin':
      case '/gzip-always.bin': {
        // As many web servers do: the body gzip-compressed (Content-Encoding) when the client accepts
        // gzip; /gzip-always.bin compresses even when the client asked for the identity encoding.
        const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        if (!accepts && url.pathname === '/gzip.bin') return sendFile(req, res, true);
        const packed = gzipSync(data);
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip', 'Content-Length': packed.length });
        return res.end(packed);
      }
      case '/norange.bin':
        return sendFile(req, res, false);
      case '/drop.bin':
        // The first response stops after a third of the file and closes the connection.
        return sendFile(req, res, true, firstTime ? Math.floor(data.length / 3) : undefined);
      case '/stall.bin':
        // The first response sends a quarter of the file, then nothing, with the socket open.
        return sendFile(req, res, true, undefined, firstTime ? Math.floor(data.length / 4) : undefined);
      case '/redirect':
        res.writeHead(302, { Location: '/file.bin' });
        return res.end();
      case '/page.html':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end('<html><body>Please log in</body></html>');
      case '/flaky.bin':
        if (firstTime) {
          res.writeHead(503);
          return res.end();
        }
        return sendFile(req, res, true);
      case '/error':
        res.writeHead(500);
        return res.end();
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    data,
    md5: createHash('md5').update(data).digest('hex'),
    sha256: createHash('sha256').update(data).digest('hex'),
    requests,
    maxConcurrent: () => max,
    openGate: (name) => {
      const g = gate(name);
      g.open = true;
      for (const go of g.waiting.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
