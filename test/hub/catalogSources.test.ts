// Service tier: hub catalogs read from a real HTTP server and from disk, one problem per bad hub.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSources } from '../../core/hub/catalogSources';
import { type FileServer, startFileServer } from '../support/fileServer';

const model = (id: string, extra: object = {}) => ({ id, name: id, task: 'detection', description: 'd', sources: [{ url: 'https://e.org', for: 'x' }], ...extra });

/** A valid catalog of 9 MiB: one model and a long padding field, which the schema allows at the top. */
const BIG = Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'Big', models: [model('big')], padding: 'x'.repeat(9 * 1024 * 1024) }));
/** Links to files on a shared file system, as a lab's own catalog on that file system would have. */
const LINKS = Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'Lab links', models: [model('m', { code: 'file:///cvmfs/lab/tagger', sources: [{ url: 'file:///cvmfs/lab/paper.pdf', for: 'x' }] })] }));

describe('hub sources over HTTP and on disk', function () {
  this.timeout(30_000);
  let server: FileServer;
  let dir: string;
  before(async () => {
    server = await startFileServer(1024, { 'big.json': BIG, 'links.json': LINKS });
  });
  after(() => server.close());
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'hai-src-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a local catalog, and reports a hub that is down, a web page and a missing file, each by its source', async () => {
    const local = path.join(dir, 'lab.json');
    writeFileSync(local, JSON.stringify({ schemaVersion: 1, name: 'Lab', models: [{ id: 'm', name: 'M', task: 'detection', description: 'd', sources: [{ url: 'https://e.org', for: 'x' }] }] }));
    const catalogs = await loadSources([local, 'http://127.0.0.1:9/catalog.json', `${server.base}/page.html`, path.join(dir, 'nope.json')], { timeoutMs: 3000 });
    assert.deepEqual(catalogs[0].models.map((m) => `${m.hub}/${m.id}`), ['Lab/m']);
    assert.match(catalogs[1].problems[0].message, /could not be read: nothing answers there/);
    assert.match(catalogs[2].problems[0].message, /web page/);
    assert.match(catalogs[3].problems[0].message, /no such file/);
    assert.deepEqual(catalogs.slice(1).map((c) => c.problems[0].hub), ['http://127.0.0.1:9/catalog.json', `${server.base}/page.html`, path.join(dir, 'nope.json')]);
  });

  it('reads a file:// URL as the file, and says which sources it cannot read at all (ftp://) instead of looking for a file of that name', async () => {
    const local = path.join(dir, 'lab.json');
    writeFileSync(local, JSON.stringify({ schemaVersion: 1, name: 'Lab', models: [model('m')] }));
    const [byUrl, ftp] = await loadSources([pathToFileURL(local).href, 'ftp://example.org/catalog.json'], { baseDir: dir, timeoutMs: 3000 });
    assert.deepEqual(byUrl.models.map((m) => m.id), ['m']);
    assert.match(ftp.problems[0].message, /could not be read: it is neither an http\(s\) URL nor a file/);
    assert.doesNotMatch(ftp.problems[0].message, /no such file/);
  });

  it('refuses a catalog over the size limit from the network, with and without Content-Length, saying the size and the limit', async () => {
    const [announced, streamed] = await loadSources([`${server.base}/files/big.json`, `${server.base}/files/big.json?chunked`], { timeoutMs: 10_000 });
    for (const c of [announced, streamed]) assert.deepEqual(c.models, [], 'nothing of an oversized catalog is used');
    assert.match(announced.problems[0]?.message ?? '', /could not be read: the catalog is 9\.0 MiB, more than the 8\.0 MiB a hub catalog may be\. .*hai\.hub\.sources/);
    assert.match(streamed.problems[0]?.message ?? '', /could not be read: the catalog is more than the 8\.0 MiB a hub catalog may be\. /);
    assert.equal(streamed.problems[0]?.hub, `${server.base}/files/big.json?chunked`);
  });

  it('refuses a local catalog over the size limit, and a folder, before reading them', async () => {
    const big = path.join(dir, 'big.json');
    writeFileSync(big, BIG);
    const folder = path.join(dir, 'hub');
    mkdirSync(folder);
    const [large, notFile] = await loadSources([big, folder]);
    assert.deepEqual(large.models, []);
    assert.match(large.problems[0]?.message ?? '', /the catalog is 9\.0 MiB, more than the 8\.0 MiB a hub catalog may be/);
    assert.match(notFile.problems[0]?.message ?? '', /is a folder, not a catalog file/);
  });

  it('lets a catalog read from a local file link to local files, and refuses the same links from a hub on the network', async () => {
    const local = path.join(dir, 'links.json');
    writeFileSync(local, LINKS);
    const [fromDisk, fromNetwork] = await loadSources([local, `${server.base}/files/links.json`], { timeoutMs: 3000 });
    assert.deepEqual(fromDisk.problems, []);
    assert.equal(fromDisk.models[0]?.code, 'file:///cvmfs/lab/tagger');
    assert.deepEqual(fromNetwork.models, []);
    assert.match(fromNetwork.problems[0]?.message ?? '', /\/code must be an http\(s\) URL.*\/sources\/0\/url must be an http\(s\) URL/);
  });
});
