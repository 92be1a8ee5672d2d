// The parts of a deflated .npz member, each read by its own job (open, read a range, close), as the
// dataset reads an array larger than a part: in order they share one inflating stream, so reading
// them all inflates the member once, not once per part from its start (which was quadratic).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import yauzl from 'yauzl';
import { openNpz } from './npzFile';

const N = 200_000;
const PARTS = 10;

async function readInParts(file: string): Promise<number[]> {
  const out: number[] = [];
  const per = N / PARTS;
  for (let p = 0; p < PARTS; p++) {
    const npz = await openNpz(file);
    try {
      out.push(...(await (await npz.members[0].open()).read(p * per, per)));
    } finally {
      await npz.close();
    }
  }
  return out;
}

describe('.npz: a deflated member read in parts', function () {
  this.timeout(30_000);
  let dir: string;
  let streams = 0;
  const openReadStream = yauzl.ZipFile.prototype.openReadStream;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-npz-parts-'));
    yauzl.ZipFile.prototype.openReadStream = function (this: yauzl.ZipFile, ...args: Parameters<typeof openReadStream>) {
      streams++;
      return (openReadStream as (...a: unknown[]) => void).apply(this, args);
    } as typeof openReadStream;
  });
  after(() => {
    yauzl.ZipFile.prototype.openReadStream = openReadStream;
    rmSync(dir, { recursive: true, force: true });
  });

  it('inflates the member once over parts read in order by successive opens, and sees a rewritten file anew', async () => {
    const file = path.join(dir, 'x.npz');
    const write = (scale: number, n: number): void => {
      execFileSync('/usr/bin/python3', ['-c', `import numpy as np; np.savez_compressed(${JSON.stringify(file)}, x=np.arange(${n}, dtype="f8") * ${scale})`]);
    };
    write(1, N);
    streams = 0;
    const values = await readInParts(file);
    assert.equal(values.length, N);
    assert.ok(values.every((v, i) => v === i));
    assert.equal(streams, 1, 'one inflating stream for all the parts');
    // The file rewritten (another size): its new values, not the kept archive's.
    write(3, N + 1);
    const again = await openNpz(file);
    try {
      const a = await again.members[0].open();
      assert.equal(a.entries, N + 1);
      assert.deepEqual([...(await a.read(N, 1))], [3 * N]);
    } finally {
      await again.close();
    }
  });
});
