// The .npy reader against arrays NumPy wrote (test/fixtures/data/build_npy_fixtures.py) and the values
// NumPy itself read back (expected.json): every dtype the explorer takes, both byte orders, Fortran
// order, format versions 1–3, 0-d and empty arrays; reading a range of entries; and the files it must
// refuse — structured, pickled, complex, string, truncated, not NumPy — each with a clear message.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileSource, openNpy, type NpyArray } from './npyFile';

const DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'npy');
type Cell = number | null | 'inf' | '-inf';
const expected = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, { shape: number[]; descr: string; fortran_order: boolean; values: Cell[][] }>;
const toNumber = (c: Cell): number => (c === null ? NaN : c === 'inf' ? Infinity : c === '-inf' ? -Infinity : c);

async function withArray<T>(name: string, use: (a: NpyArray) => Promise<T>): Promise<T> {
  const source = await fileSource(path.join(DIR, name));
  try {
    return await use(await openNpy(source));
  } finally {
    await source.close();
  }
}

describe('.npy reader (arrays written by NumPy)', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`reads ${name} (${want.descr}, shape (${want.shape.join(', ')})${want.fortran_order ? ', Fortran order' : ''}) as NumPy does`, async () => {
      await withArray(name, async (a) => {
        assert.deepEqual(a.header.shape, want.shape);
        assert.equal(a.header.dtype.descr, want.descr);
        assert.equal(a.header.fortranOrder, want.fortran_order);
        assert.equal(a.entries, want.values.length);
        const all = await a.read(0, a.entries);
        assert.deepEqual([...all], want.values.flat().map(toNumber));
      });
    });
  }

  it('reads any range of entries on its own, in C and in Fortran order', async () => {
    for (const name of ['part_deta.npy', 'fortran_f8.npy', 'big_endian_i4.npy']) {
      await withArray(name, async (a) => {
        const rows = expected[name].values;
        for (const [start, count] of [[0, 1], [2, 3], [a.entries - 1, 1], [1, 0]]) {
          assert.deepEqual([...(await a.read(start, count))], rows.slice(start, start + count).flat().map(toNumber), `${name} [${start}, ${start + count})`);
        }
        await assert.rejects(a.read(a.entries - 1, 2), RangeError);
      });
    }
  });

  const refused: [string, RegExp][] = [
    ['structured.npy', /structured array \(named fields\)/],
    ['objects.npy', /Python objects \(a pickle: not read, for safety\)/],
    ['complex.npy', /complex numbers/],
    ['strings.npy', /strings or raw bytes/],
    ['truncated.npy', /truncated/],
    ['not_numpy.npy', /not a NumPy \.npy file/],
  ];
  for (const [name, message] of refused) {
    it(`refuses ${name} with a message that says why`, async () => {
      await assert.rejects(withArray(name, async (a) => a.read(0, a.entries)), (err: Error) => err.name === 'NpyError' && message.test(err.message));
    });
  }

  it('refuses damaged headers: bit flips in the fixed part and the dict never crash or hang the reader', async () => {
    const whole = new Uint8Array(readFileSync(path.join(DIR, 'part_deta.npy')));
    let refusedCount = 0;
    for (let at = 0; at < 128; at++) {
      for (const bit of [0, 3, 7]) {
        const bytes = whole.slice();
        bytes[at] ^= 1 << bit;
        const source = { size: bytes.length, read: async (into: Uint8Array, position: number) => {
          const part = bytes.subarray(position, position + into.length);
          into.set(part);
          return part.length;
        } };
        try {
          const a = await openNpy(source);
          const values = await a.read(0, a.entries);
          assert.equal(values.length, a.entries * a.perEntry);
        } catch (err) {
          assert.ok(err instanceof Error && (err.name === 'NpyError' || err instanceof RangeError), `byte ${at} bit ${bit}: ${String(err)}`);
          refusedCount++;
        }
      }
    }
    assert.ok(refusedCount > 50, `most header bit flips are caught (${refusedCount})`);
  });
});
