// Service tier: before a hub download starts, the sizes the catalog does not give are asked of a real
// HTTP server on 127.0.0.1 (HEAD, else the first byte), and the user is asked first about a large
// or unsized download, or told at once that it cannot fit, without a byte written.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DownloadError } from '../../core/hub/downloadErrors';
import { judgePlan, LARGE_DOWNLOAD, planDownload, remoteSize } from '../../core/hub/downloadPlan';
import { english } from '../../core/text/message';

const GiB = 1024 ** 3;

describe('what a hub download will take, asked before it starts', function () {
  this.timeout(30_000);
  let server: http.Server;
  let base: string;
  const requests: { method: string; path: string; range?: string }[] = [];
  let dir: string;
  const fast = { backoffMs: 10 };

  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? '', path: url.pathname, range: req.headers.range });
      const first = req.headers.range === 'bytes=0-0';
      const sized = (total: number) => {
        if (req.method === 'GET' && first) {
          res.writeHead(206, { 'Content-Type': 'application/octet-stream', 'Content-Length': 1, 'Content-Range': `bytes 0-0/${total}` });
          return res.end(Buffer.alloc(1));
        }
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': total });
        // Never more than a HEAD's headers or the first byte is asked of these files here.
        return res.end();
      };
      switch (url.pathname) {
        case '/small.bin':
          return sized(1000);
        case '/jetclass_part0.tar':
        case '/jetclass_part1.tar':
          return sized(5 * GiB);
        case '/huge.bin':
          return sized(2 ** 50);
        case '/no-head.tar':
          // A server (or a signed link) that answers GET only.
          if (req.method === 'HEAD') {
            res.writeHead(405);
            return res.end();
          }
          return sized(2 * GiB);
        case '/unsized.bin':
          // Streams without a length and ignores Range: nobody can say its size ahead.
          res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' });
          if (req.method === 'HEAD') return res.end();
          res.write(Buffer.alloc(1024));
          return setTimeout(() => res.end(), 2000);
        case '/login':
          res.writeHead(200, { 'Content-Type': 'text/html' });
          return res.end('<html>Please log in</html>');
        default:
          res.writeHead(404);
          return res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-plan-'));
    requests.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const folder = () => path.join(dir, 'datasets', 'jetclass');
  const request = (name: string, size?: number) => ({ url: `${base}/${name}`, dest: path.join(folder(), name), ...(size !== undefined ? { size } : {}) });
  const failure = async (p: Promise<unknown>): Promise<DownloadError> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof DownloadError, `a DownloadError, got ${String(err)}`);
    return err;
  };

  it('goes ahead without a word for a small file, asking the server nothing when the catalog gives its size', async () => {
    const plan = await planDownload([request('small.bin', 1000)], folder(), fast);
    assert.deepEqual(judgePlan(plan, 'small.bin'), { ask: false });
    assert.deepEqual(requests, [], 'the catalog said it all');
    assert.ok(plan.free !== undefined && plan.free > 0, 'the free space of the folder (not there yet) is known from the nearest one that is');
  });

  it('asks the server with HEAD for a size the catalog lacks; a small file still goes ahead at once', async () => {
    const plan = await planDownload([request('small.bin')], folder(), fast);
    assert.equal(plan.files[0].size, 1000);
    assert.equal(plan.bytes, 1000);
    assert.deepEqual(judgePlan(plan, 'small.bin'), { ask: false });
    assert.deepEqual(requests, [{ method: 'HEAD', path: '/small.bin', range: undefined }]);
    assert.ok(!existsSync(folder()), 'nothing made on disk');
  });

  it('asks the user first, with the size and the folder, before a download of 1 GiB or more', async () => {
    const plan = await planDownload([request('jetclass_part0.tar'), request('jetclass_part1.tar')], folder(), fast);
    assert.equal(plan.bytes, 10 * GiB);
    assert.ok(plan.bytes >= LARGE_DOWNLOAD);
    const verdict = judgePlan({ ...plan, free: 100 * GiB }, 'JetClass (2)');
    assert.ok(verdict.ask);
    assert.equal(english(verdict.text), `Download JetClass (2) into ${folder()}?`);
    assert.equal(english(verdict.detail), 'That is 10.0 GiB to download. 100.0 GiB is free there.');
    assert.ok(
      requests.every((r) => r.method === 'HEAD'),
      'only headers were asked for',
    );
  });

  it('learns the size from the first byte of a GET when the server refuses HEAD', async () => {
    assert.equal(await remoteSize(`${base}/no-head.tar`, fast), 2 * GiB);
    assert.deepEqual(requests, [
      { method: 'HEAD', path: '/no-head.tar', range: undefined },
      { method: 'GET', path: '/no-head.tar', range: 'bytes=0-0' },
    ]);
  });

  it('asks the user first when nobody states the size, and says how much is known', async () => {
    const unsized = await planDownload([request('unsized.bin')], folder(), fast);
    assert.equal(unsized.unknown, 1);
    const verdict = judgePlan({ ...unsized, free: 3 * GiB }, 'unsized.bin');
    assert.ok(verdict.ask);
    assert.equal(english(verdict.detail), 'The server does not say how large it is. 3.0 GiB is free there.');
    const partly = judgePlan({ ...(await planDownload([request('unsized.bin'), request('small.bin')], folder(), fast)), free: 3 * GiB }, 'Lab (2)');
    assert.ok(partly.ask);
    assert.equal(english(partly.detail), 'That is at least 1000 B to download: the server does not say the size of 1 of the 2 files. 3.0 GiB is free there.');
  });

  it('counts only what is still to fetch of a download that stopped halfway', async () => {
    const req = request('jetclass_part0.tar', 5 * GiB);
    mkdirSync(folder(), { recursive: true });
    writeFileSync(`${req.dest}.part`, Buffer.alloc(4096));
    writeFileSync(`${req.dest}.part.json`, JSON.stringify({ url: req.url }));
    const plan = await planDownload([req], folder(), fast);
    assert.equal(plan.files[0].have, 4096);
    assert.equal(plan.bytes, 5 * GiB - 4096);
  });

  it('refuses a download that cannot fit, with the sizes and what to do, before anything is written', async () => {
    const plan = await planDownload([request('huge.bin')], folder(), fast);
    const err = await failure(Promise.resolve().then(() => judgePlan(plan, 'huge.bin')));
    assert.equal(err.kind, 'space');
    assert.match(err.message, new RegExp(`^Not enough free space to download huge\\.bin: it needs 1024\\.0 TiB, and [\\d.]+ [KMGT]?i?B is free in ${folder().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`));
    assert.match(err.hint, /hai\.hub\.downloadDir/);
    assert.ok(!existsSync(folder()));
  });

  it('says what the download would say of a broken link, a web page or a server out of reach', async () => {
    assert.equal((await failure(remoteSize(`${base}/missing.tar`, fast))).kind, 'http');
    assert.equal((await failure(remoteSize(`${base}/login`, fast))).kind, 'html');
    // A port nobody listens on, as offline: the download's own message, after its attempts.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = await failure(planDownload([{ url: `http://127.0.0.1:${port}/x.tar`, dest: path.join(folder(), 'x.tar') }], folder(), fast));
    assert.equal(offline.kind, 'network');
    assert.match(offline.message, new RegExp(`^Downloading http://127\\.0\\.0\\.1:${port}/x\\.tar failed after 3 attempts: .*ECONNREFUSED`));
    assert.ok(!existsSync(folder()));
  });

  it('stops asking when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    assert.equal((await failure(remoteSize(`${base}/small.bin`, { ...fast, signal: abort.signal }))).kind, 'cancelled');
  });
});
