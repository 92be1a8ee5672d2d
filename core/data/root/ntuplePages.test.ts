// The page checks on the page list jsroot reads from the committed RNTuple, as it is and changed in
// memory where a file would need pages this fixture does not have (a cluster adding up past ROOT's limit).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkNtuplePages, MAX_CLUSTER_BYTES, type NtuplePageList } from './ntuplePages';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root', 'test_1jag_int_float_rntuple_v1-0-0-0.root');

type Pages = { pages: { numElements: bigint; locator: { size: number; offset: bigint } }[]; compression: number }[][];

async function pageList(): Promise<NtuplePageList & { pageLocations: Pages }> {
  const { openFile } = await import('jsroot/io');
  const { readHeaderFooter } = await import('jsroot/rntuple');
  const file = await openFile(FIXTURE);
  const builder = await readHeaderFooter(await file.readObject('ntuple'));
  return builder as unknown as NtuplePageList & { pageLocations: Pages };
}

describe('RNTuple page checks', () => {
  it('gives the place and unpacked size of each compressed page of the fixture, a shared page once', async () => {
    const check = checkNtuplePages(await pageList());
    assert.ok(check.ok);
    assert.deepEqual([...check.compressed], [['574:39', 800], ['621:237', 1800], ['866:414', 1800]]);
  });

  it('refuses a cluster whose pages add up past what ROOT writes, each page under the page cap', async () => {
    const list = await pageList();
    // Six pages of 240 MB each in column 1: each is allowed, the cluster is not.
    const page = list.pageLocations[0][1].pages[0];
    list.pageLocations[0][1].pages = Array.from({ length: 6 }, (_, i) => ({ ...page, numElements: 60_000_000n, locator: { size: 237, offset: BigInt(5000 + i * 300) } }));
    const check = checkNtuplePages(list);
    assert.ok(!check.ok && check.reason === 'cluster too large' && check.cluster === 0 && check.bytes > MAX_CLUSTER_BYTES, JSON.stringify(check));
  });

  it('refuses one page place listed with two sizes', async () => {
    const list = await pageList();
    // Column 2 shares column 0's page (574:39); said to hold 101 values of 8 bytes, it no longer matches.
    list.pageLocations[0][2].pages[0] = { ...list.pageLocations[0][2].pages[0], numElements: 101n };
    const check = checkNtuplePages(list);
    assert.deepEqual(check, { ok: false, cluster: 0, column: 2, bytes: 808, reason: 'shared' });
  });
});
