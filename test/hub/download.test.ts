// Service tier: verified, resumable downloads against a real HTTP server on 127.0.0.1.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { download } from '../../core/hub/download';
import { DownloadError } from '../../core/hub/downloadErrors';
import { DownloadQueue } from '../../core/hub/downloadQueue';
import { acquireLock } from '../../core/fs/fileLock';
import { type FileServer, startFileServer } from '../support/fileServer';

describe('downloads from a real HTTP server', function () {
  this.timeout(30_000);
  let server: FileServer;
  let dir: string;
  const fast = { backoffMs: 10, stallTimeoutMs: 1500 };

  before(async () => {
    server = await startFileServer();
  });
  after(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-dl-'));
    server.requests.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const dest = (name: string) => path.join(dir, 'weights', name);
  const same = (file: string) => assert.ok(readFileSync(file).equals(server.data), 'the exact bytes');
  const rejects = async (p: Promise<unknown>, kind: DownloadError['kind']) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof DownloadError, `a DownloadError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    assert.ok(err.hint.length > 10, 'says what to do next');
    return err;
  };

  it('downloads, verifies the md5 and only then shows the file under its name', async () => {
    const seen: number[] = [];
    const result = await download(
      { url: `${server.base}/file.bin`, dest: dest('a.bin'), size: server.data.length, checksum: { algorithm: 'md5', value: server.md5 } },
      { ...fast, onProgress: (p) => seen.push(p.received) },
    );
    same(dest('a.bin'));
    assert.equal(result.verified, true);
    assert.equal(result.bytes, server.data.length);
    assert.ok(!existsSync(`${dest('a.bin')}.part`) && !existsSync(`${dest('a.bin')}.part.json`), 'no temporary files left');
    assert.equal(seen[seen.length - 1], server.data.length);
    assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]), 'progress only grows');
  });

  it('keeps the bytes of a cancelled download and continues from them with a Range request', async () => {
    const abort = new AbortController();
    const req = { url: `${server.base}/slow.bin?chunkDelay=20`, dest: dest('b.bin'), checksum: { algorithm: 'sha256' as const, value: server.sha256 } };
    const first = download(req, {
      ...fast,
      signal: abort.signal,
      onProgress: (p) => p.received > 512 * 1024 && abort.abort(),
    });
    await rejects(first, 'cancelled');
    assert.ok(!existsSync(dest('b.bin')), 'no final file after a cancel');
    const kept = statSync(`${dest('b.bin')}.part`).size;
    assert.ok(kept > 0 && kept < server.data.length, `${kept} bytes kept`);
    const result = await download(req, fast);
    same(dest('b.bin'));
    assert.equal(result.resumedFrom, kept);
    assert.equal(server.requests[server.requests.length - 1].range, `bytes=${kept}-`);
  });

  it('continues by itself after the connection drops mid-file', async () => {
    const result = await download({ url: `${server.base}/drop.bin`, dest: dest('c.bin'), checksum: { algorithm: 'md5', value: server.md5 } }, fast);
    same(dest('c.bin'));
    assert.equal(result.attempts, 2);
    assert.match(server.requests[1].range ?? '', /^bytes=\d+-$/);
  });

  it('gives up on a stalled connection after the stall timeout and continues', async () => {
    const result = await download({ url: `${server.base}/stall.bin`, dest: dest('d.bin'), checksum: { algorithm: 'md5', value: server.md5 } }, { ...fast, stallTimeoutMs: 500 });
    same(dest('d.bin'));
    assert.equal(result.attempts, 2);
  });

  it('starts over when the server ignores Range', async () => {
    writeFileSync(path.join(dir, 'e.bin.part'), server.data.subarray(0, 1000));
    writeFileSync(path.join(dir, 'e.bin.part.json'), JSON.stringify({ url: `${server.base}/norange.bin`, checksum: { algorithm: 'md5', value: server.md5 } }));
    const result = await download({ url: `${server.base}/norange.bin`, dest: path.join(dir, 'e.bin'), checksum: { algorithm: 'md5', value: server.md5 } }, fast);
    same(path.join(dir, 'e.bin'));
    assert.equal(result.bytes, server.data.length);
  });

  it('never produces the file when the checksum is wrong, deletes the data and says so', async () => {
    const err = await rejects(download({ url: `${server.base}/file.bin`, dest: dest('f.bin'), checksum: { algorithm: 'md5', value: '0'.repeat(32) } }, fast), 'checksum');
    assert.match(err.message, /the downloaded data was deleted/);
    assert.ok(!existsSync(dest('f.bin')) && !existsSync(`${dest('f.bin')}.part`));
  });

  it('follows redirects', async () => {
    await download({ url: `${server.base}/redirect`, dest: dest('g.bin'), checksum: { algorithm: 'md5', value: server.md5 } }, fast);
    same(dest('g.bin'));
  });

  it('retries a 503 and succeeds; gives up on a lasting 500; does not retry a 404', async () => {
    const ok = await download({ url: `${server.base}/flaky.bin`, dest: dest('h.bin') }, fast);
    assert.equal(ok.attempts, 2);
    server.requests.length = 0;
    await rejects(download({ url: `${server.base}/error`, dest: dest('i.bin') }, { ...fast, retries: 2 }), 'http');
    assert.equal(server.requests.length, 3);
    server.requests.length = 0;
    await rejects(download({ url: `${server.base}/missing`, dest: dest('j.bin') }, fast), 'http');
    assert.equal(server.requests.length, 1);
  });

  it('says so when a link returns a web page instead of the file', async () => {
    const err = await rejects(download({ url: `${server.base}/page.html`, dest: dest('k.bin') }, fast), 'html');
    assert.match(err.message, /web page/);
    assert.ok(!existsSync(dest('k.bin')));
  });

  it('refuses before downloading when the disk has too little free space', async () => {
    await rejects(download({ url: `${server.base}/file.bin`, dest: dest('l.bin'), size: 2 ** 60 }, fast), 'space');
    assert.equal(server.requests.length, 0);
  });

  it('saves the file itself, not gzip bytes, from a server that compresses what clients accept', async () => {
    const result = await download({ url: `${server.base}/gzip.bin`, dest: dest('z.bin'), checksum: { algorithm: 'sha256', value: server.sha256 } }, fast);
    same(dest('z.bin'));
    assert.equal(result.verified, true);
    assert.equal(server.requests.length, 1);
  });

  it('refuses a compressed body the server sends although it was asked not to, and saves nothing', async () => {
    const err = await rejects(download({ url: `${server.base}/gzip-always.bin`, dest: dest('y.bin') }, fast), 'http');
    assert.match(err.message, /compressed \(gzip\)/);
    assert.equal(server.requests.length, 1, 'not retried: it would only fail the same way');
    assert.ok(!existsSync(dest('y.bin')));
  });

  it('finishes a complete .part that the catalog gives no size for (the server answers 416 to its range)', async () => {
    const url = `${server.base}/file.bin`;
    const checksum = { algorithm: 'sha256' as const, value: server.sha256 };
    writeFileSync(path.join(dir, 'w.bin.part'), server.data);
    writeFileSync(path.join(dir, 'w.bin.part.json'), JSON.stringify({ url, checksum }));
    const result = await download({ url, dest: path.join(dir, 'w.bin'), checksum }, fast);
    same(path.join(dir, 'w.bin'));
    assert.equal(result.verified, true);
    assert.equal(result.resumedFrom, server.data.length);
    assert.deepEqual(
      server.requests.map((r) => r.range),
      [`bytes=${server.data.length}-`],
      'one request: the 416 told the whole length',
    );
    assert.ok(!existsSync(path.join(dir, 'w.bin.part')));
  });

  it('starts over when the server answers 416 to a .part that is not a beginning of its file', async () => {
    const url = `${server.base}/file.bin`;
    writeFileSync(path.join(dir, 'v.bin.part'), Buffer.concat([server.data, Buffer.from('left over from an older version')]));
    writeFileSync(path.join(dir, 'v.bin.part.json'), JSON.stringify({ url }));
    const result = await download({ url, dest: path.join(dir, 'v.bin') }, fast);
    same(path.join(dir, 'v.bin'));
    assert.equal(result.bytes, server.data.length);
    assert.deepEqual(
      server.requests.map((r) => r.range),
      [`bytes=${server.data.length + 31}-`, undefined],
    );
  });

  it('removes the folders a failed download made, when nothing is in them', async () => {
    const entry = path.join(dir, 'datasets', 'jetclass');
    await rejects(download({ url: `${server.base}/missing`, dest: path.join(entry, 'onnx', 'a.tar') }, fast), 'http');
    assert.ok(!existsSync(path.join(dir, 'datasets')), 'datasets/jetclass/onnx and the datasets folder it made are gone');
    assert.ok(existsSync(dir), 'the folder that was there before stays');
    // Cancelled before a byte came: nothing to continue from, nothing left.
    const abort = new AbortController();
    const cancelled = download({ url: `${server.base}/slow.bin?delay=2000`, dest: path.join(entry, 'b.tar') }, { ...fast, signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    await rejects(cancelled, 'cancelled');
    assert.ok(!existsSync(path.join(dir, 'datasets')));
  });

  it('keeps a folder that holds anything, or that was there before, when a download fails', async () => {
    const entry = path.join(dir, 'datasets', 'jetclass');
    mkdirSync(entry, { recursive: true });
    await rejects(download({ url: `${server.base}/missing`, dest: path.join(entry, 'a.tar') }, fast), 'http');
    assert.ok(existsSync(entry), 'an empty folder made before is not this download\'s to remove');
    // The bytes of a dropped transfer are kept to continue from, and with them their folder.
    const other = path.join(dir, 'datasets', 'toplandscape');
    await rejects(download({ url: `${server.base}/drop.bin?n=keep`, dest: path.join(other, 'c.tar') }, { ...fast, retries: 0 }), 'network');
    assert.ok(statSync(path.join(other, 'c.tar.part')).size > 0);
    // Downloads into one new folder at once, most of them failing: the one that works finds its folder.
    const shared = path.join(dir, 'weights', 'lab');
    const results = await Promise.allSettled([
      ...[1, 2, 3, 4].map((n) => download({ url: `${server.base}/missing?n=${n}`, dest: path.join(shared, `m${n}.pt`) }, fast)),
      download({ url: `${server.base}/slow.bin?delay=50`, dest: path.join(shared, 'ok.pt'), checksum: { algorithm: 'md5', value: server.md5 } }, fast),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected', 'rejected', 'fulfilled'],
    );
    same(path.join(shared, 'ok.pt'));
  });

  it('makes its folder again when a failed download in another window removed it, empty, while this one waited', async () => {
    const entry = path.join(dir, 'weights', 'shared');
    mkdirSync(entry, { recursive: true });
    const target = path.join(entry, 'w.pt');
    const other = await acquireLock(`${target}.part.lock`);
    let waiting!: () => void;
    const waited = new Promise<void>((resolve) => (waiting = resolve));
    const job = download({ url: `${server.base}/file.bin`, dest: target, checksum: { algorithm: 'md5', value: server.md5 } }, { ...fast, onWaiting: () => waiting() });
    await waited;
    // The other window's download failed: its lock goes, then the folder it made, empty (in one step here).
    unlinkSync(other.file);
    rmdirSync(entry);
    await other.release();
    await job;
    same(target);
  });

  it('runs at most the queue limit at once', async () => {
    const queue = new DownloadQueue(2);
    const before = server.maxConcurrent();
    assert.ok(before <= 2);
    await Promise.all([1, 2, 3, 4].map((n) => queue.run({ url: `${server.base}/slow.bin?delay=300&n=${n}`, dest: dest(`q${n}.bin`) }, fast)));
    assert.equal(server.maxConcurrent(), 2);
    for (const n of [1, 2, 3, 4]) same(dest(`q${n}.bin`));
  });

  it('never hands one file\'s download to a request for another file at the same path', async () => {
    const a = Buffer.from('weights of lab A');
    const b = Buffer.from('weights of lab B, other bytes');
    const labs = await startFileServer(1024, { 'a.pt': a, 'b.pt': b });
    try {
      const md5 = (data: Buffer) => ({ algorithm: 'md5' as const, value: createHash('md5').update(data).digest('hex') });
      const queue = new DownloadQueue(2);
      const target = dest('model.pt');
      const first = queue.run({ url: `${labs.base}/files/a.pt`, dest: target, checksum: md5(a) }, fast);
      const second = queue.run({ url: `${labs.base}/files/b.pt`, dest: target, checksum: md5(b) }, fast);
      assert.notEqual(second, first);
      assert.equal((await first).bytes, a.length);
      const got = await second;
      assert.equal(got.bytes, b.length);
      assert.ok(readFileSync(target).equals(b), 'the second request gets its own file');
    } finally {
      await labs.close();
    }
  });
});
