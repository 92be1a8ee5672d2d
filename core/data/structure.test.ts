// A file's structure as the explorer and the Data view show it, from the real readers: the events tree
// of uproot-HZZ.root with its branches, counters and sizes; an npz archive's arrays with their shapes.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Message } from '../text/message';
import { structureOf } from './structure';
import { type FileDescription, runDataJob } from './workers/dataJobs';
import { inChinese } from '../testing/inChinese';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data');

async function structure(file: string, translate?: (m: Message) => string) {
  return structureOf((await runDataJob({ op: 'describe', file })) as FileDescription, path.basename(file), 1234, translate);
}

describe('data file structure', function () {
  this.timeout(30_000);

  it('shows a ROOT tree as a table of its branches: types, counters, shapes, sizes', async () => {
    const s = await structure(path.join(FIXTURES, 'root', 'uproot-HZZ.root'));
    assert.deepEqual([s.fileName, s.formatLabel, s.size], ['uproot-HZZ.root', 'ROOT', 1234]);
    assert.deepEqual(s.tables.map((t) => [t.name, t.entries]), [['events', 2421]]);
    const byName = new Map(s.tables[0].columns.map((c) => [c.name, c]));
    assert.deepEqual(Object.fromEntries(['NJet', 'Jet_Px', 'Jet_ID'].map((n) => [n, [byName.get(n)!.type, byName.get(n)!.shape, byName.get(n)!.counter]])), {
      NJet: ['int32_t', 'flat', undefined],
      Jet_Px: ['float[NJet]', 'jagged', 'NJet'],
      Jet_ID: ['bool[NJet]', 'jagged', 'NJet'],
    });
    assert.ok(byName.get('Jet_Px')!.storedBytes! > 0 && byName.get('Jet_Px')!.bytes! > byName.get('Jet_Px')!.storedBytes!);
    assert.deepEqual(s.objects, []);
  });

  it('shows a NumPy archive as one table of arrays: dtype, shape, entries along the first axis', async () => {
    const s = await structure(path.join(FIXTURES, 'npy', 'jets_compressed.npz'));
    assert.equal(s.formatLabel, 'NumPy npz');
    assert.equal(s.tables.length, 1);
    assert.equal(s.tables[0].name, '');
    assert.deepEqual(
      s.tables[0].columns.map((c) => [c.name, c.type, c.shape, c.entries, c.dims]),
      [
        ['jet_pt', '<f8', 'flat', 50, [50]],
        ['part_deta', '<f4', 'jagged', 20, [20, 8]],
        ['fortran_f8', '<f8', 'jagged', 6, [6, 4, 2]],
      ],
    );
    // Arrays of different lengths: the table says the longest; each array keeps its own.
    assert.equal(s.tables[0].entries, 50);
  });

  it('shows a parquet file as one table of columns: row groups, codec and writer in its title', async () => {
    const s = await structure(path.join(FIXTURES, 'parquet', 'jets.parquet'));
    assert.deepEqual([s.format, s.formatLabel], ['parquet', 'Parquet']);
    assert.equal(s.tables[0].title, '3 row groups · SNAPPY · HAI test fixtures (hyparquet-writer)');
    // In Chinese (the bundle the extension translates with), our words change; the writer's do not.
    const chinese = await structure(path.join(FIXTURES, 'parquet', 'jets.parquet'), inChinese);
    assert.equal(chinese.tables[0].title, '3 个行组 · SNAPPY · HAI test fixtures (hyparquet-writer)');
    assert.deepEqual(s.tables[0].columns.map((c) => [c.name, c.shape, c.entries]), [
      ['jet_pt', 'flat', 300],
      ['jet_nparticles', 'flat', 300],
      ['part_deta', 'jagged', 300],
      ['jet_label', 'flat', 300],
      ['jet_id', 'flat', 300],
      ['name', 'unsupported', 300],
    ]);
  });

  it('lists a ROOT file’s stored histograms as drawable objects', async () => {
    const s = await structure(path.join(FIXTURES, 'root', 'uproot-histograms.root'));
    assert.deepEqual(s.tables, []);
    assert.deepEqual(s.objects.map((o) => [o.name, o.className, o.drawable]), [
      ['one', 'TH1F', true],
      ['two', 'TH1F', true],
      ['three', 'TH1F', true],
    ]);
  });
});
