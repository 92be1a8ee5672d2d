// HDF5 files that name other files, written by h5py: a dataset whose raw data is an external file, a
// virtual dataset whose source lies elsewhere, an external link. libhdf5 (h5wasm's Node build) would
// open any of them; the reader lets it open only HDF5 files beside the opened one, and a read that
// needed another file fails with what happened, not with bytes of that file or fill values.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Hdf5File } from './hdf5File';
import { type Column } from '../expression/columns';
import { english } from '../../text/message';

const PYTHON = '/usr/bin/python3';

describe('HDF5 files that name other files', function () {
  this.timeout(60_000);
  let dir: string;
  const file = (...parts: string[]): string => path.join(dir, ...parts);

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-h5-access-'));
    mkdirSync(file('data'));
    mkdirSync(file('elsewhere'));
    // What the external file lists and links point at: 16 recognisable bytes.
    writeFileSync(file('elsewhere', 'secret.txt'), 'SECRET-0123456789');
    writeFileSync(file('data', 'beside.bin'), 'BESIDE-0123456789');
    const script = `
import sys, h5py, numpy as np
d, e = sys.argv[1], sys.argv[2]
with h5py.File(f"{e}/source.h5", "w") as f:
    f["x"] = np.arange(16, dtype="u1")
with h5py.File(f"{d}/frames.h5", "w") as f:
    f["x"] = np.arange(16, dtype="u1") * 2
with h5py.File(f"{d}/main.h5", "w") as f:
    f.create_dataset("outside", shape=(16,), dtype="u1", external=[(f"{e}/secret.txt", 0, 16)])
    f.create_dataset("beside", shape=(16,), dtype="u1", external=[(f"{d}/beside.bin", 0, 16)])
    layout = h5py.VirtualLayout(shape=(16,), dtype="u1")
    layout[:] = h5py.VirtualSource(f"{e}/source.h5", "x", shape=(16,))
    f.create_virtual_dataset("virtual", layout, fillvalue=7)
    f["linked"] = h5py.ExternalLink("frames.h5", "/x")
    f["linked_elsewhere"] = h5py.ExternalLink(f"{e}/source.h5", "/x")
    f["linked_pipe"] = h5py.ExternalLink("pipe.h5", "/x")
    f["own"] = np.arange(16, dtype="u1") + 100
`;
    execFileSync(PYTHON, ['-c', script, file('data'), file('elsewhere')], { stdio: 'pipe' });
    // A FIFO with an HDF5 name beside it: opening it would block the reader's thread until someone writes.
    execFileSync('mkfifo', [file('data', 'pipe.h5')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const valuesOf = (c: Column | undefined): number[] => Array.from((c as { values: Float64Array }).values);

  it("refuses a dataset whose raw data is another file, inside the folder or out, naming that file", async () => {
    const h5 = await Hdf5File.open(file('data', 'main.h5'));
    try {
      assert.throws(() => h5.read('/', ['outside'], 0, 16), (err: Error) => err.message.includes(`/outside in main.h5 keeps its data in another file, ${file('elsewhere', 'secret.txt')}, which this reader does not open`));
      assert.throws(() => h5.read('/', ['beside'], 0, 16), /keeps its data in another file, .*beside\.bin/);
      // The file's own data reads as before, and a refused read leaves nothing behind.
      assert.deepEqual(valuesOf(h5.read('/', ['own'], 0, 16).get('own')), Array.from({ length: 16 }, (_, i) => i + 100));
    } finally {
      h5.close();
    }
  });

  it("refuses a virtual dataset's source outside the folder instead of showing its fill value", async () => {
    const h5 = await Hdf5File.open(file('data', 'main.h5'));
    try {
      assert.throws(() => h5.read('/', ['virtual'], 0, 16), /\/virtual in main\.h5 keeps its data in another file, .*source\.h5/);
    } finally {
      h5.close();
    }
  });

  it('follows an external link to an HDF5 file beside it (an Eiger master file), not to one elsewhere', async () => {
    const h5 = await Hdf5File.open(file('data', 'main.h5'));
    try {
      assert.deepEqual(valuesOf(h5.read('/', ['linked'], 0, 16).get('linked')), Array.from({ length: 16 }, (_, i) => i * 2));
      assert.throws(() => h5.dataset('/linked_pipe'), /\/linked_pipe in main\.h5 keeps its data in another file, .*pipe\.h5/);
      assert.throws(() => h5.dataset('/linked_elsewhere'), /\/linked_elsewhere in main\.h5 keeps its data in another file, .*elsewhere.source\.h5/);
      // The structure lists the rest and says what it left out.
      const described = h5.describe();
      assert.deepEqual(described.groups.flatMap((g) => g.datasets.map((d) => d.name)).sort(), ['beside', 'linked', 'outside', 'own', 'virtual']);
      assert.ok(described.skipped.some((m) => english(m) === `/linked_elsewhere (a link to ${file('elsewhere', 'source.h5')}, which this reader does not open)`), described.skipped.map(english).join('\n'));
    } finally {
      h5.close();
    }
  });
});
