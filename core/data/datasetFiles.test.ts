// Finding a dataset's files: a folder and a glob, links to files followed, one format per dataset,
// .npy files of one name, found again at each draw, and a suggested pattern from what the folder holds.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { datasetFiles, datasetFilesAgain, suggestedPattern } from './datasetFiles';

describe('dataset files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-dsfiles-'));
    for (const split of ['train', 'val']) {
      mkdirSync(path.join(dir, split));
      for (const i of [1, 0]) writeFileSync(path.join(dir, split, `jets_${i}.root`), 'x'.repeat(10 + i));
    }
    writeFileSync(path.join(dir, 'notes.txt'), 'not data');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the matching files in name order with their sizes, following links to files', async () => {
    symlinkSync(path.join(dir, 'val', 'jets_1.root'), path.join(dir, 'val', 'linked.root'));
    symlinkSync(path.join(dir, 'train'), path.join(dir, 'folder-link'));
    const d = await datasetFiles(dir, '**/*.root');
    assert.deepEqual(d.files.map((f) => [path.relative(dir, f.file), f.bytes]), [['train/jets_0.root', 10], ['train/jets_1.root', 11], ['val/jets_0.root', 10], ['val/jets_1.root', 11], ['val/linked.root', 11]]);
    assert.deepEqual([d.format, d.bytes], ['root', 53]);
    assert.equal((await datasetFiles(dir, 'train/*.root')).files.length, 2);
  });

  it('keeps name order over hundreds of files stat’ed in batches, a subfolder listed where its name comes', async () => {
    const many = path.join(dir, 'many');
    mkdirSync(path.join(many, 'm_sub'), { recursive: true });
    const names = Array.from({ length: 150 }, (_, i) => `${i < 75 ? 'a' : 'z'}_${String(i).padStart(3, '0')}.root`);
    names.forEach((n, i) => writeFileSync(path.join(many, n), 'x'.repeat(i)));
    writeFileSync(path.join(many, 'm_sub', 'inner.root'), 'inner');
    const d = await datasetFiles(many, '**/*.root');
    const want = [...names.slice(0, 75), 'm_sub/inner.root', ...names.slice(75)];
    assert.deepEqual(d.files.map((f) => path.relative(many, f.file).split(path.sep).join('/')), want);
    assert.deepEqual(d.files.map((f) => f.bytes), [...names.slice(0, 75).map((_, i) => i), 5, ...names.slice(75).map((_, i) => 75 + i)]);
  });

  it('finds the files again: a file written since is in, one removed is out, another kind of file is refused', async () => {
    const before = await datasetFiles(dir, '**/*.root');
    assert.equal((await datasetFilesAgain(dir, '**/*.root', before)).changed, false);
    writeFileSync(path.join(dir, 'val', 'jets_2.root'), 'x'.repeat(12));
    const grown = await datasetFilesAgain(dir, '**/*.root', before);
    assert.deepEqual([grown.changed, grown.listing.files.length, grown.listing.bytes], [true, 5, 54]);
    rmSync(path.join(dir, 'train', 'jets_0.root'));
    const shrunk = await datasetFilesAgain(dir, '**/*.root', grown.listing);
    assert.deepEqual(shrunk.listing.files.map((f) => path.relative(dir, f.file)), ['train/jets_1.root', 'val/jets_0.root', 'val/jets_1.root', 'val/jets_2.root']);
    // A file grown (a job still writing it): changed.
    writeFileSync(path.join(dir, 'val', 'jets_2.root'), 'x'.repeat(20));
    assert.deepEqual([(await datasetFilesAgain(dir, '**/*.root', shrunk.listing)).changed, (await datasetFilesAgain(dir, '**/*.root', shrunk.listing)).listing.bytes], [true, 10 + 11 + 11 + 20]);
    // The same number of files, one of them another: changed too.
    rmSync(path.join(dir, 'val', 'jets_2.root'));
    writeFileSync(path.join(dir, 'val', 'jets_3.root'), 'x');
    assert.equal((await datasetFilesAgain(dir, '**/*.root', shrunk.listing)).changed, true);
    for (const f of ['train/jets_1.root', 'val/jets_0.root', 'val/jets_1.root', 'val/jets_3.root']) rmSync(path.join(dir, f));
    writeFileSync(path.join(dir, 'val', 'part.npz'), 'PK');
    await assert.rejects(datasetFilesAgain(dir, '**/*', shrunk.listing), /\*\*\/\* now matches npz files, where the dataset was opened with root files: open the folder as a dataset again\./);
    await assert.rejects(datasetFilesAgain(dir, '**/*.root', shrunk.listing), /No ROOT, NumPy or parquet files match/);
  });

  it('says what to do when nothing matches, when formats are mixed, and when .npy names differ', async () => {
    await assert.rejects(datasetFiles(dir, '**/*.npz'), /No ROOT, NumPy or parquet files match \*\*\/\*\.npz/);
    writeFileSync(path.join(dir, 'val', 'extra.npz'), 'PK');
    await assert.rejects(datasetFiles(dir, '**/*'), /matches root and npz files: a dataset is one kind of file/);
    writeFileSync(path.join(dir, 'train', 'a.npy'), '');
    writeFileSync(path.join(dir, 'val', 'b.npy'), '');
    await assert.rejects(datasetFiles(dir, '**/*.npy'), /have different names/);
    writeFileSync(path.join(dir, 'val', 'a.npy'), '');
    assert.equal((await datasetFiles(dir, '**/a.npy')).files.length, 2);
  });

  it('suggests the pattern of the most common data file under the folder', async () => {
    assert.equal(await suggestedPattern(dir), '**/*.root');
    for (const i of [1, 2, 3, 4, 5]) writeFileSync(path.join(dir, `part_${i}.npz`), 'PK');
    assert.equal(await suggestedPattern(dir), '**/*.npz');
  });
});
