// .npz archives as np.savez and np.savez_compressed write them (test/fixtures/data/build_npy_fixtures.py):
// members listed with their sizes, stored ones read in place and deflated ones inflated, each giving
// the values NumPy reads (expected.json); entries that are not arrays skipped; damage reported.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openNpz } from './npzFile';

const DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'npy');
type Cell = number | null | 'inf' | '-inf';
const expected = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, { shape: number[]; values: Cell[][] }>;
const toNumber = (c: Cell): number => (c === null ? NaN : c === 'inf' ? Infinity : c === '-inf' ? -Infinity : c);

describe('.npz reader (archives written the way NumPy writes them)', () => {
  for (const [file, compressed] of [['jets.npz', false], ['jets_compressed.npz', true]] as const) {
    it(`lists and reads the arrays of ${file} (${compressed ? 'deflated' : 'stored'} members)`, async () => {
      const npz = await openNpz(path.join(DIR, file));
      try {
        assert.deepEqual(npz.members.map((m) => [m.name, m.compressed]), [['jet_pt', compressed], ['part_deta', compressed], ['fortran_f8', compressed]]);
        for (const m of npz.members) {
          const want = expected[`${m.name}.npy`];
          const a = await m.open();
          assert.deepEqual(a.header.shape, want.shape);
          assert.equal(m.size > 0 && (compressed ? m.storedSize < m.size : m.storedSize === m.size), true);
          assert.deepEqual([...(await a.read(0, a.entries))], want.values.flat().map(toNumber));
          // Ranges in any order: a deflated member starts inflating again when asked for earlier bytes.
          const last = a.entries - 1;
          assert.deepEqual([...(await a.read(last, 1))], want.values[last].map(toNumber));
          assert.deepEqual([...(await a.read(1, 2))], want.values.slice(1, 3).flat().map(toNumber));
        }
      } finally {
        await npz.close();
      }
    });
  }

  it('skips entries that are not arrays', async () => {
    const npz = await openNpz(path.join(DIR, 'mixed.npz'));
    try {
      assert.deepEqual(npz.members.map((m) => m.name), ['labels_bool']);
      assert.deepEqual(npz.skipped, ['README.txt']);
    } finally {
      await npz.close();
    }
  });

  it('says that a truncated archive or a file that is not a zip cannot be read, in its own words', async () => {
    for (const name of ['truncated.npz', 'not_numpy.npy']) {
      await assert.rejects(
        openNpz(path.join(DIR, name)),
        (err: Error) => err.name === 'NpyError' && /not a readable \.npz archive: the zip directory at its end is missing/.test(err.message) && !/central directory/.test(err.message),
        name,
      );
    }
  });
});
