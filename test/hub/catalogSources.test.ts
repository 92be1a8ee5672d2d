// Service tier: hub catalogs read from a real HTTP server and from disk, one problem per bad hub.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSources } from '../../core/hub/catalogSources';
import { type FileServer, startFileServer } from '../support/fileServer';

describe('hub sources over HTTP and on disk', function () {
  this.timeout(30_000);
  let server: FileServer;
  let dir: string;
  before(async () => {
    server = await startFileServer(1024);
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
});
