// The hub's state over real files: a catalog loaded from the built-in file and a lab hub on disk,
// downloads found where the settings put them (and weights in ~/.hai/weights), archives extracted
// and deleted by the real extractor, and what a download of several files fetches.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { create as createTar } from 'tar';
import { extractArchive, removeExtractedArchive } from './extract';
import { HubState } from './hubState';
import { datasetTargets, modelTargets, resolveDownloadDir } from './hubTargets';

const BUILT_IN = path.join(__dirname, '..', '..', 'hub', 'catalog.json');

describe('hub state', function () {
  this.timeout(20_000);
  let root: string;
  let home: string;
  let downloads: string;
  let lab: string;
  let state: HubState;
  beforeEach(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-hubstate-'));
    home = path.join(root, 'home');
    downloads = path.join(root, 'downloads');
    mkdirSync(home);
    lab = path.join(root, 'lab.json');
    writeFileSync(
      lab,
      JSON.stringify({
        schemaVersion: 1,
        name: 'Lab',
        models: [{ id: 'tagger', name: 'Tagger', task: 'jet-tagging', description: 'A lab tagger', weights: [{ name: 'tagger.pt', url: 'https://e.org/t.pt' }], sources: [{ url: 'file:///lab/notes.txt', for: 'x' }] }],
        datasets: [
          {
            id: 'jets',
            name: 'Lab jets',
            description: 'd',
            format: 'root',
            archive: 'tar',
            files: ['a.tar', 'b.tar'].map((name) => ({ name, url: `https://e.org/${name}` })),
            sources: [{ url: 'https://e.org', for: 'x' }],
          },
        ],
      }),
    );
    state = new HubState(() => ({ downloadDir: resolveDownloadDir(downloads), weightsFolders: [path.join(root, 'shared')], home }));
    await state.load(BUILT_IN, [lab, path.join(root, 'missing.json')]);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const tagger = () => modelTargets(state.current().models.find((m) => m.id === 'tagger')!)[0];
  const parts = () => datasetTargets(state.current().datasets.find((d) => d.id === 'jets')!);

  it('merges the built-in catalog with a local hub (whose file: links are kept) and reports a missing one', () => {
    const c = state.current();
    assert.deepEqual(c.models.filter((m) => m.hub === 'Lab').map((m) => m.sources[0].url), ['file:///lab/notes.txt']);
    assert.equal(c.models.filter((m) => m.hub === 'HAI built-in').length, 9);
    assert.deepEqual(c.problems.map((p) => [p.hub, p.message]), [[path.join(root, 'missing.json'), 'This hub could not be read: no such file.']]);
  });

  it('finds weights at their destination, in ~/.hai/weights and in the weights folders, in that order', () => {
    assert.equal(state.localPath(tagger()), undefined);
    const shared = path.join(root, 'shared', 'tagger', 'tagger.pt');
    mkdirSync(path.dirname(shared), { recursive: true });
    writeFileSync(shared, 'w');
    assert.equal(state.localPath(tagger()), shared);
    const platform = path.join(home, '.hai', 'weights', 'tagger', 'tagger.pt');
    mkdirSync(path.dirname(platform), { recursive: true });
    writeFileSync(platform, 'w');
    assert.equal(state.localPath(tagger()), platform);
    const dest = state.destination(tagger());
    assert.equal(dest, path.join(downloads, 'weights', 'tagger', 'tagger.pt'));
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, 'w');
    assert.equal(state.localPath(tagger()), dest);
    assert.deepEqual(state.toDownload([tagger()]), []);
  });

  it('never counts one hub\'s file as another\'s when two hubs have the same id', async () => {
    // A second lab publishes its own "tagger" (other weights under the same id and file name).
    const labB = path.join(root, 'lab-b.json');
    writeFileSync(
      labB,
      JSON.stringify({
        schemaVersion: 1,
        name: 'Lab B',
        models: [
          { id: 'tagger', name: 'B tagger', task: 'jet-tagging', description: 'B', weights: [{ name: 'tagger.pt', url: 'https://b.org/t.pt' }], sources: [{ url: 'https://b.org', for: 'x' }] },
          { id: 'only-b', name: 'Only B', task: 'jet-tagging', description: 'B', weights: [{ name: 'w.pt', url: 'https://b.org/w.pt' }], sources: [{ url: 'https://b.org', for: 'x' }] },
        ],
      }),
    );
    await state.load(BUILT_IN, [lab, labB]);
    const [a, b] = state.current().models.filter((m) => m.id === 'tagger').map((m) => modelTargets(m)[0]);
    assert.deepEqual([a.owner.entry.hub, b.owner.entry.hub], ['Lab', 'Lab B']);
    assert.notEqual(state.destination(a), state.destination(b), 'each hub\'s entry has its own file');
    assert.equal(path.basename(path.dirname(state.destination(b))), 'tagger@lab-b-' + path.basename(path.dirname(state.destination(b))).slice(-8));
    const onlyB = modelTargets(state.current().models.find((m) => m.id === 'only-b')!)[0];
    assert.equal(state.destination(onlyB), path.join(downloads, 'weights', 'only-b', 'w.pt'), 'an id only one hub has keeps its path');
    // Lab A's file downloaded: Lab B's is still to fetch.
    mkdirSync(path.dirname(state.destination(a)), { recursive: true });
    writeFileSync(state.destination(a), 'A weights');
    assert.equal(state.localPath(a), state.destination(a));
    assert.equal(state.localPath(b), undefined);
    assert.deepEqual(state.toDownload([a, b]), [b]);
    // A file under the bare id (downloaded before the second hub came, or put in ~/.hai/weights) cannot say whose it is.
    for (const file of [path.join(downloads, 'weights', 'tagger', 'tagger.pt'), path.join(home, '.hai', 'weights', 'tagger', 'tagger.pt'), path.join(root, 'shared', 'tagger', 'tagger.pt')]) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, 'whose?');
    }
    assert.equal(state.localPath(b), undefined);
  });

  it('follows an archive from download to extraction to deletion, and downloads again only what is asked for', async () => {
    const [a, b] = parts();
    assert.deepEqual(state.toDownload([a, b]), [a, b]);
    // "Download" a: a real tar of one ROOT file, where the downloader would put it.
    const src = path.join(root, 'src');
    mkdirSync(path.join(src, 'val'), { recursive: true });
    writeFileSync(path.join(src, 'val', 'jets_0.root'), 'root bytes');
    const archive = state.destination(a);
    mkdirSync(path.dirname(archive), { recursive: true });
    await createTar({ file: archive, cwd: src, portable: true }, ['val']);
    await state.noteExtraction(archive);
    assert.equal(state.localPath(a), archive);
    assert.equal(state.extraction(a), undefined, 'downloaded, not extracted');
    assert.deepEqual(state.toDownload([a, b]), [b]);

    await extractArchive(archive, 'tar');
    await state.noteExtraction(archive);
    assert.equal(state.extraction(a)?.files, 1);
    assert.equal(state.available(a), archive);

    await removeExtractedArchive(archive);
    await state.noteExtraction(archive);
    assert.equal(state.localPath(a), undefined);
    assert.ok(state.extraction(a)?.archiveRemovedAt, 'the marker says the archive was removed');
    assert.equal(state.available(a), path.dirname(archive), 'its files are in its folder');
    assert.deepEqual(state.toDownload([a, b]), [b], 'a whole-dataset download skips it');
    assert.deepEqual(state.toDownload([a]), [a], 'asked for on its own, it is downloaded again');

    // A new window (a fresh state) reads the same from the markers at load.
    const again = new HubState(() => ({ downloadDir: downloads, weightsFolders: [], home }));
    await again.load(BUILT_IN, [lab]);
    assert.equal(again.available(datasetTargets(again.current().datasets.find((d) => d.id === 'jets')!)[0]), path.dirname(archive));
  });

  it('keeps the filter as lower-case words and shows the entries that have them all', () => {
    state.setFilter('  LAB  Tagger ');
    assert.equal(state.filter, 'lab  tagger');
    assert.deepEqual(state.current().models.filter((m) => state.matches(m)).map((m) => m.id), ['tagger']);
    state.setFilter('');
    assert.equal(state.current().models.filter((m) => state.matches(m)).length, 10);
  });
});
