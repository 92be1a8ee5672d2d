// Half-precision HDF5 datasets, which h5wasm refuses to read ("Float16 not supported"): read as NumPy
// reads them, in either byte order, chunked and compressed too (test/fixtures/data/hdf5/
// build_float16_fixture.py wrote the file with h5py and NumPy's values beside it).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type FileDescription, type HistogramResult, runDataJob } from '../workers/dataJobs';
import { Hdf5File } from './hdf5File';
import { english } from '../../text/message';

const DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'hdf5');
const FILE = path.join(DIR, 'float16.h5');
const numpy = JSON.parse(readFileSync(path.join(DIR, 'float16.json'), 'utf8')) as { values: (number | string | null)[]; grid: number[]; long_double_bytes: number };
/** NumPy's values as JSON held them: NaN as null, infinities as text. */
const values = numpy.values.map((v) => (v === null ? NaN : typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : v));

describe('HDF5 float16 datasets', function () {
  this.timeout(30_000);

  it('lists <f2 and >f2 datasets as histogrammable, and a long double as not, with the reason', async () => {
    const d = (await runDataJob({ op: 'describe', file: FILE })) as FileDescription;
    assert.ok(d.format === 'hdf5');
    if (d.format !== 'hdf5') return;
    const half = d.groups.find((g) => g.path === '/half')!;
    assert.deepEqual(half.datasets.map((x) => [x.name, x.dtype, x.shapeKind]), [['le', '<f2', 'flat'], ['be', '>f2', 'flat'], ['grid', '<f2', 'jagged']]);
    const ld = d.groups.find((g) => g.path === '/wide')!.datasets[0];
    assert.equal(ld.shapeKind, 'unsupported');
    assert.match(english(ld.unreadable ?? ''), new RegExp(`floating-point numbers of ${numpy.long_double_bytes} bytes.*astype\\("f8"\\)`));
  });

  it('reads both byte orders and a chunked, compressed 2-D dataset as NumPy does', async () => {
    const f = await Hdf5File.open(FILE);
    try {
      const cols = f.read('/half', ['le', 'be'], 0, 8);
      for (const name of ['le', 'be']) {
        const c = cols.get(name)!;
        assert.equal(c.kind, 'flat');
        assert.deepEqual(Array.from(c.values), values, name);
      }
      // Rows 3 to 8 of a dataset in chunks of 4 rows: a hyperslab over three chunks.
      const grid = f.read('/half', ['grid'], 3, 6).get('grid')!;
      assert.equal(grid.kind, 'jagged');
      assert.deepEqual(Array.from(grid.values), numpy.grid.slice(9, 27));
    } finally {
      f.close();
    }
  });

  it('histograms a float16 dataset', async () => {
    const h = (await runDataJob({ op: 'histogram', file: FILE, tree: '/half', expression: 'grid', axis: { bins: 4, low: -1, high: 3 } })) as HistogramResult;
    const want = [0, 0, 0, 0, 0, 0];
    for (const v of numpy.grid) want[v < -1 ? 0 : v >= 3 ? 5 : 1 + Math.floor(v + 1)]++;
    assert.deepEqual(h.histogram.sumw, want);
  });
});
