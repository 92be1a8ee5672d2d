// Parquet through hyparquet: the fixtures' schema (numbers, a list of floats, text), row groups and
// codecs; histograms with both kinds of cut, in four compressions, against NumPy's counts from the
// values the generator wrote (test/fixtures/data/parquet/reference.py); reads across row groups; and
// what a damaged or wrong file says.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type FileDescription, type HistogramResult, runDataJob } from '../workers/dataJobs';
import { ParquetFile } from './parquetFile';

const DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'parquet');
const expected = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
const values = JSON.parse(readFileSync(path.join(DIR, 'values.json'), 'utf8')) as { jet_pt: number[]; part_deta: number[][] };
const FILES = ['jets.parquet', 'jets_uncompressed.parquet', 'jets_gzip.parquet', 'jets_brotli.parquet'];

describe('parquet files (hyparquet)', function () {
  this.timeout(30_000);

  it('describes the schema: numbers flat, a list of floats jagged, text not histogrammable; row groups and codecs', async () => {
    const d = (await runDataJob({ op: 'describe', file: path.join(DIR, 'jets.parquet') })) as FileDescription;
    assert.equal(d.format, 'parquet');
    if (d.format !== 'parquet') return;
    assert.equal(d.rows, 300);
    assert.deepEqual(d.rowGroups.map((g) => g.rows), [128, 128, 44]);
    assert.deepEqual(d.columns.map((c) => [c.name, c.type, c.shape]), [
      ['jet_pt', 'DOUBLE', 'flat'],
      ['jet_nparticles', 'INT32', 'flat'],
      ['part_deta', 'list<FLOAT>', 'jagged'],
      ['jet_label', 'BOOLEAN', 'flat'],
      ['jet_id', 'INT64', 'flat'],
      ['name', 'BYTE_ARRAY (UTF8)', 'unsupported'],
    ]);
    assert.deepEqual(d.columns[0].codecs, ['SNAPPY']);
    assert.ok(d.columns[2].storedBytes > 0 && d.columns[2].bytes > 0);
  });

  for (const name of FILES) {
    it(`histograms ${name} as NumPy does: jet_pt, and part_deta with an entry and an element cut`, async () => {
      const file = path.join(DIR, name);
      const pt = (await runDataJob({ op: 'histogram', file, expression: 'jet_pt', axis: { bins: 20, low: 0, high: 400 } })) as HistogramResult;
      assert.deepEqual(pt.histogram.sumw, expected.jet_pt.counts);
      const c = expected.part_deta_cut;
      const deta = (await runDataJob({ op: 'histogram', file, expression: 'part_deta', entryCut: c.entry_cut, elementCut: c.element_cut, axis: { bins: c.bins, low: c.low, high: c.high } })) as HistogramResult;
      assert.deepEqual(deta.histogram.sumw, c.counts);
      assert.equal(deta.entriesKept, c.entries_kept);
      assert.deepEqual(deta.multiplicity!.sumw.slice(1, -1), c.multiplicity);
      const label = (await runDataJob({ op: 'histogram', file, expression: 'jet_label', axis: { bins: 2, low: -0.5, high: 1.5 } })) as HistogramResult;
      assert.equal(label.histogram.sumw[2], expected.jet_label_true);
    });
  }

  it('reads a range of rows across row groups, and 64-bit integers as numbers', async () => {
    const f = await ParquetFile.open(path.join(DIR, 'jets.parquet'));
    try {
      const cols = await f.read(['jet_pt', 'part_deta', 'jet_id'], 100, 160);
      const pt = cols.get('jet_pt')!;
      assert.ok(pt.kind === 'flat');
      if (pt.kind === 'flat') assert.deepEqual([...pt.values], values.jet_pt.slice(100, 260));
      const deta = cols.get('part_deta')!;
      if (deta.kind !== 'jagged') assert.fail('part_deta is jagged');
      const lists = Array.from({ length: 160 }, (_, i) => [...deta.values.subarray(deta.offsets[i], deta.offsets[i + 1])]);
      assert.deepEqual(lists, values.part_deta.slice(100, 260));
      const id = cols.get('jet_id')!;
      if (id.kind === 'flat') assert.equal(id.values[0], 1_000_000_000_100);
    } finally {
      await f.close();
    }
  });

  it('says what is wrong with a text column, a missing column, a file that is not parquet and a truncated one', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-parquet-'));
    try {
      await assert.rejects(runDataJob({ op: 'histogram', file: path.join(DIR, 'jets.parquet'), expression: 'name' }), /"name" holds BYTE_ARRAY \(UTF8\), not numbers/);
      await assert.rejects(runDataJob({ op: 'histogram', file: path.join(DIR, 'jets.parquet'), expression: 'jet_ptt' }), /Did you mean "jet_pt"/);
      const notParquet = path.join(tmp, 'notes.parquet');
      writeFileSync(notParquet, 'just some text, not a parquet file at all');
      await assert.rejects(runDataJob({ op: 'describe', file: notParquet }), (err: Error) => err.name === 'ParquetError' && /could not be read as parquet/.test(err.message));
      const cut = path.join(tmp, 'cut.parquet');
      writeFileSync(cut, readFileSync(path.join(DIR, 'jets.parquet')).subarray(0, 5000));
      await assert.rejects(runDataJob({ op: 'describe', file: cut }), (err: Error) => err.name === 'ParquetError');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('lists a timestamp of the logical type alone (pyarrow\'s timestamp[ns]) as not histogrammable, as it lists TIMESTAMP_MILLIS, and says so when it is asked for', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-parquet-'));
    try {
      const { parquetWriteBuffer } = await import('hyparquet-writer');
      const file = path.join(tmp, 'times.parquet');
      const columnData = [
        { name: 't', data: [1_700_000_000_000_000_000n, 1_700_000_001_000_000_000n] },
        { name: 'x', data: [1.5, 2.5] },
      ];
      const schema = [
        { name: 'root', num_children: 2 },
        { name: 't', type: 'INT64' as const, logical_type: { type: 'TIMESTAMP' as const, isAdjustedToUTC: true, unit: 'NANOS' as const }, repetition_type: 'REQUIRED' as const },
        { name: 'x', type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const },
      ];
      writeFileSync(file, Buffer.from(parquetWriteBuffer({ columnData, schema })));
      const d = (await runDataJob({ op: 'describe', file })) as FileDescription;
      assert.ok(d.format === 'parquet');
      assert.deepEqual(d.columns.map((c) => [c.name, c.type, c.shape]), [
        ['t', 'INT64 (TIMESTAMP)', 'unsupported'],
        ['x', 'DOUBLE', 'flat'],
      ]);
      await assert.rejects(runDataJob({ op: 'histogram', file, expression: 't' }), /"t" holds INT64 \(TIMESTAMP\), not numbers/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
