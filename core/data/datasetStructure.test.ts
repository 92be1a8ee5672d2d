// The structure a dataset shows, from the real readers: a damaged first file or one with only stored
// histograms does not hide the trees of the files after it.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseStructure, MAX_TRIED, NoReadableFile, structureNamesOf } from './datasetStructure';
import type { StructurePayload } from '../protocol/dataExplorerMessages';
import { structureOf } from './structure';
import { type FileDescription, runDataJob } from './workers/dataJobs';

const ROOT_FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data', 'root');

async function read(file: string) {
  return structureOf((await runDataJob({ op: 'describe', file })) as FileDescription, path.basename(file), 1);
}

describe('the structure a dataset shows', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-dataset-'));
    writeFileSync(path.join(dir, 'a-broken.root'), Buffer.alloc(100, 7));
    copyFileSync(path.join(ROOT_FIXTURES, 'uproot-histograms.root'), path.join(dir, 'b-histograms.root'));
    copyFileSync(path.join(ROOT_FIXTURES, 'uproot-HZZ.root'), path.join(dir, 'c-HZZ.root'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const at = (...names: string[]) => names.map((n) => path.join(dir, n));

  it('is that of the first file with a tree, past a damaged file and one with only histograms', async () => {
    const chosen = await chooseStructure(at('a-broken.root', 'b-histograms.root', 'c-HZZ.root'), read);
    assert.equal(chosen.file, path.join(dir, 'c-HZZ.root'));
    assert.deepEqual(chosen.structure.tables.map((t) => t.name), ['events']);
    assert.deepEqual(chosen.unreadable.map((u) => path.basename(u.file)), ['a-broken.root']);
  });

  it('is that of the first readable file when no file has a tree', async () => {
    const chosen = await chooseStructure(at('a-broken.root', 'b-histograms.root'), read);
    assert.equal(path.basename(chosen.file), 'b-histograms.root');
    assert.ok(chosen.structure.objects.some((o) => o.drawable));
  });

  it('names the first file and says why when none can be read', async () => {
    const broken = Array.from({ length: MAX_TRIED + 4 }, () => path.join(dir, 'a-broken.root'));
    const err = await chooseStructure(broken, read).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof NoReadableFile);
    assert.equal(err.tried, MAX_TRIED, 'gives up after the first few');
    assert.match(err.message, /^None of the first 16 files could be read\. a-broken\.root: .+/);
  });
});

describe("a dataset's structure names", () => {
  it("lists the columns of the table asked for (or of the single unnamed one), nothing for a table it lacks", () => {
    const structure = { format: 'root', tables: [{ name: 'events', entries: 2, columns: [{ name: 'NJet', type: 'int32' }, { name: 'Jet_Px', type: 'float[]' }] }, { name: '', entries: 1, columns: [{ name: 'x', type: 'float64' }] }] } as unknown as StructurePayload;
    assert.deepEqual(structureNamesOf(structure, 'events'), ['NJet', 'Jet_Px']);
    assert.deepEqual(structureNamesOf(structure, undefined), ['x']);
    assert.equal(structureNamesOf(structure, 'other'), undefined);
    assert.equal(structureNamesOf(undefined, 'events'), undefined);
  });
});
