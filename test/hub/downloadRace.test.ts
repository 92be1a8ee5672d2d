// Service tier, issue 14 items 1 and 8: two windows (two real processes) download the same file from
// a real HTTP server on 127.0.0.1 at the same time, one after the other, or one takes the other's
// lock over; and servers that send more than the catalog's size.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { download, type DownloadResult } from '../../core/hub/download';
import { DownloadError } from '../../core/hub/downloadErrors';
import { DownloadQueue } from '../../core/hub/downloadQueue';
import { type FileServer, startFileServer } from '../support/fileServer';
import { type LineProcess, startTs } from '../support/lineProcess';
import { until } from '../support/until';

describe('downloads of one file by two windows, and servers that send too much', function () {
  this.timeout(60_000);
  let server: FileServer;
  let dir: string;
  const children: LineProcess[] = [];
  const fast = { backoffMs: 10, stallTimeoutMs: 5000 };

  before(async () => {
    server = await startFileServer();
  });
  after(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-dlrace-'));
    server.requests.length = 0;
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.child.kill('SIGKILL');
      await c.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const window = (url: string, dest: string) => {
    const c = startTs('test/hub/downloadChild.ts', [url, dest, String(server.data.length), server.md5]);
    children.push(c);
    return c;
  };
  const outcome = async (c: LineProcess) => {
    const line = await c.waitFor(/^(done|failed) /);
    return { ok: line.startsWith('done '), ...(JSON.parse(line.slice(line.indexOf(' ') + 1)) as Partial<DownloadResult> & { kind?: string; message?: string }) };
  };
  const gatedRequests = () => server.requests.filter((r) => r.path === '/gated.bin').length;

  it('lets one process download while the other waits for it and then finds the verified file', async () => {
    const dest = path.join(dir, 'weights', 'model.pt');
    const url = `${server.base}/gated.bin?gate=two-windows`;
    const first = window(url, dest);
    await first.waitFor(/^progress /); // the first window is halfway, its response held by the server
    const second = window(url, dest);
    // The second window either says it waits, or (without a lock) starts its own request.
    await until(async () => (second.lines.some((l) => /^(waiting|done|failed)/.test(l)) || gatedRequests() > 1 ? true : undefined), 'the second window has started');
    server.openGate('two-windows');
    const [a, b] = [await outcome(first), await outcome(second)];
    assert.ok(a.ok && b.ok, `both windows succeed: ${JSON.stringify([a, b])}`);
    assert.match(second.lines.join('\n'), new RegExp(`^waiting ${first.child.pid}$`, 'm'), 'the second window says it waits for the first');
    assert.equal(gatedRequests(), 1, 'exactly one process downloaded');
    assert.deepEqual([a.byAnotherProcess, b.byAnotherProcess], [false, true]);
    assert.deepEqual([a.verified, b.verified], [true, true]);
    assert.ok(readFileSync(dest).equals(server.data), 'the file is exactly the server file');
    assert.deepEqual(readdirSync(path.dirname(dest)), ['model.pt'], 'no .part, .part.json or lock left');
  });

  it('does not download again a file that another window finished just before this one asked', async () => {
    const dest = path.join(dir, 'weights', 'model.pt');
    const url = `${server.base}/file.bin`;
    const first = window(url, dest);
    assert.equal((await outcome(first)).ok, true);
    assert.ok(!existsSync(`${dest}.part.lock`), 'its lock is gone: this window does not wait');
    server.requests.length = 0;
    const again = await download({ url, dest, size: server.data.length, checksum: { algorithm: 'md5', value: server.md5 } }, fast);
    assert.deepEqual([again.byAnotherProcess, again.attempts, again.verified, again.bytes], [true, 0, true, server.data.length]);
    // With only a size known, the size decides.
    const sized = await download({ url, dest, size: server.data.length }, fast);
    assert.deepEqual([sized.byAnotherProcess, sized.verified], [true, false]);
    assert.equal(server.requests.length, 0, 'not a single GET');
    assert.deepEqual(readdirSync(path.dirname(dest)), ['model.pt']);
  });

  it('downloads again a file already there that does not match the catalog', async () => {
    const dest = path.join(dir, 'data.h5');
    const url = `${server.base}/file.bin`;
    writeFileSync(dest, server.data.subarray(0, 1000)); // an older, shorter version
    const sized = await download({ url, dest, size: server.data.length }, fast);
    assert.equal(sized.byAnotherProcess, false);
    writeFileSync(dest, Buffer.alloc(server.data.length, 1)); // the right size, other bytes
    const summed = await download({ url, dest, size: server.data.length, checksum: { algorithm: 'md5', value: server.md5 } }, fast);
    assert.deepEqual([summed.byAnotherProcess, summed.verified], [false, true]);
    assert.equal(server.requests.filter((r) => r.path === '/file.bin').length, 2);
    assert.ok(readFileSync(dest).equals(server.data));
  });

  it('stops before renaming when another window took its lock over, and leaves that window the partial file', async () => {
    const dest = path.join(dir, 'x.bin');
    const url = `${server.base}/gated.bin?gate=taken-over`;
    let halfway!: () => void;
    const written = new Promise<void>((resolve) => (halfway = resolve));
    const run = download({ url, dest, size: server.data.length, checksum: { algorithm: 'md5', value: server.md5 } }, {
        ...fast,
        onProgress: (p) => {
          if (p.received > 0) halfway();
        },
      }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await written;
    // Another window judged this one gone (as a window on another host does once the lock has not
    // been refreshed for the stale time) and holds the lock now.
    const lockFile = `${dest}.part.lock`;
    rmSync(lockFile);
    const other = startTs('test/support/lockChild.ts', [lockFile, 'hold']);
    children.push(other);
    await other.waitFor(/^ready$/);
    other.send('go');
    await other.waitFor(/^got /);
    server.openGate('taken-over');
    const err = await run;
    assert.ok(err instanceof DownloadError, String(err));
    assert.equal(err.kind, 'io');
    assert.match(err.message, /^Another window took over the download of x\.bin; /);
    assert.match(err.hint, /^Download it again/);
    assert.ok(!existsSync(dest), 'nothing under the final name');
    assert.equal(readFileSync(`${dest}.part`).length, server.data.length, 'the partial file is left to the other window');
    assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, other.child.pid);
  });

  it('runs one download of a destination at a time within one window too, across two queues', async () => {
    // A new queue appears when hai.hub.maxConcurrentDownloads changes while the old one still runs.
    const dest = path.join(dir, 'data.h5');
    const url = `${server.base}/gated.bin?gate=two-queues`;
    const waiting: number[] = [];
    const runs = [new DownloadQueue(2), new DownloadQueue(3)].map((q) =>
      q.run({ url, dest, size: server.data.length, checksum: { algorithm: 'md5', value: server.md5 } }, { ...fast, onWaiting: (h) => waiting.push(h?.pid ?? 0) }),
    );
    await until(async () => (waiting.length > 0 || gatedRequests() > 1 ? true : undefined), 'both queues have started');
    server.openGate('two-queues');
    const results = await Promise.all(runs);
    assert.equal(gatedRequests(), 1);
    assert.deepEqual(waiting, [process.pid]);
    assert.deepEqual(results.map((r) => r.byAnotherProcess).sort(), [false, true]);
    assert.ok(readFileSync(dest).equals(server.data));
  });

  it('reports a .part file that another writer made longer as wrong, never as verified', async () => {
    // Without a lock (an older HAI in another window), bytes appended by someone else must not pass.
    const dest = path.join(dir, 'x.bin');
    const url = `${server.base}/gated.bin?gate=appender`;
    const run = download({ url, dest, checksum: { algorithm: 'md5', value: server.md5 } }, fast).then(
      () => undefined,
      (e: unknown) => e,
    );
    await until(async () => (existsSync(`${dest}.part`) && readFileSync(`${dest}.part`).length > 0 ? true : undefined), 'the download has written bytes');
    // As much as a whole second copy: the file on disk ends up longer than what this download received.
    writeFileSync(`${dest}.part`, Buffer.alloc(server.data.length, 7), { flag: 'a' });
    server.openGate('appender');
    const err = await run;
    assert.ok(err instanceof DownloadError, `an error, not a verified file: ${String(err)}`);
    assert.match(err.kind, /^(size|checksum)$/);
    assert.ok(!existsSync(dest), 'no file under the final name');
  });

  it('stops as soon as a server sends more than the catalog size and deletes what it wrote', async () => {
    const dest = path.join(dir, 'more.bin');
    const size = 1024 * 1024;
    let most = 0;
    const err = await download({ url: `${server.base}/more.bin?times=8`, dest, size }, { ...fast, onProgress: (p) => (most = Math.max(most, p.received)) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof DownloadError, String(err));
    assert.equal(err.kind, 'size');
    assert.match(err.message, /sent more than the 1048576 bytes the catalog states/);
    assert.ok(most <= size, `at most the catalog's size was written (${most} bytes)`);
    assert.equal(server.requests.length, 1, 'not retried');
    assert.deepEqual(readdirSync(dir), [], 'nothing left behind');
  });

  it('refuses a response whose announced length exceeds the catalog size before writing anything', async () => {
    const dest = path.join(dir, 'big.bin');
    let most = 0;
    const err = await download({ url: `${server.base}/more.bin?times=8&announce`, dest, size: server.data.length }, { ...fast, onProgress: (p) => (most = Math.max(most, p.received)) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof DownloadError, String(err));
    assert.equal(err.kind, 'size');
    assert.match(err.message, new RegExp(`is ${server.data.length * 8} bytes, the catalog says ${server.data.length}; nothing was kept`));
    assert.equal(most, 0, 'not a byte written');
    assert.equal(server.requests.length, 1);
    assert.deepEqual(readdirSync(dir), []);
  });
});
