// The explorer's table as ROOT's TTree::Scan: rows of the chosen branches with their entry numbers,
// and with an entry cut only the entries that pass it — those NumPy finds from uproot-HZZ.root by an
// independent decoder (test/fixtures/data/root/reference.py) — page after page from where the last
// ended; a cut that few entries pass comes back with a short page once a request has read its bound,
// and the scan goes on from there; a wrong cut is an error pointed at the entry cut; expressions are
// listed after the columns, as TTree::Scan lists them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExpressionError } from '../expression/syntax';
import { type RowsResult, rows } from './rowsJob';

const ROOT_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root');
const HZZ = path.join(ROOT_DIR, 'uproot-HZZ.root');
const reference = JSON.parse(readFileSync(path.join(ROOT_DIR, 'reference.json'), 'utf8')) as {
  NJet_first: number[];
  scan_NJet_ge_4: { entries: number[]; NJet: number[] };
};

describe('the explorer’s table (TTree::Scan)', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-rows-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('lists entries from the first asked for, each with its number, and says where to go on', async () => {
    const page = await rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet'], first: 2, count: 4 });
    assert.deepEqual(page.entries, [2, 3, 4, 5]);
    assert.deepEqual(page.rows.map((r) => r[0]), reference.NJet_first.slice(2, 6));
    assert.deepEqual([page.first, page.next, page.total], [2, 6, 2421]);
  });

  it('lists only the entries passing the entry cut, page after page, as NumPy finds them', async () => {
    const want = reference.scan_NJet_ge_4;
    const all = await rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet', 'Jet_Px'], first: 0, count: 1000, entryCut: 'NJet >= 4' });
    assert.deepEqual(all.entries, want.entries);
    assert.deepEqual(all.rows.map((r) => r[0]), want.NJet);
    assert.deepEqual(all.rows.map((r) => (r[1] as number[]).length), want.NJet);
    assert.equal(all.next, 2421);
    // Pages of 10: each ends after its last row, the next starts there, and together they are the same.
    const pages: RowsResult[] = [];
    for (let first = 0; first < 2421; first = pages[pages.length - 1].next) pages.push(await rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet'], first, count: 10, entryCut: 'NJet >= 4' }));
    assert.deepEqual(pages.map((p) => p.rows.length), [10, 10, 10, 6]);
    assert.equal(pages[0].next, want.entries[9] + 1);
    assert.deepEqual(pages.flatMap((p) => p.entries), want.entries);
    // Within an entry range (the form's First entry 1000 and Entries 1000): only those, and the list ends at its stop.
    const ranged = await rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet'], first: 1000, count: 100, entryCut: 'NJet >= 4', stop: 2000 });
    assert.deepEqual(ranged.entries, want.entries.filter((e) => e >= 1000 && e < 2000));
    assert.deepEqual([ranged.next, ranged.total], [2000, 2000]);
  });

  it('comes back with a short page once a request has read its bound of entries, and goes on from there', async () => {
    // 3 M entries, of which only the last 100 pass: the first request reads 2^20 entries and finds none.
    const file = path.join(tmp, 'big.npy');
    execFileSync('/usr/bin/python3', ['-c', `import numpy as np; np.save(${JSON.stringify(file)}, np.arange(3_000_000, dtype=np.float64))`]);
    const first = await rows({ op: 'rows', file, columns: ['big'], first: 0, count: 100, entryCut: 'big >= 2999900' });
    assert.deepEqual([first.rows.length, first.next, first.total], [0, 1 << 20, 3_000_000]);
    let page = first;
    while (page.rows.length === 0 && page.next < page.total) page = await rows({ op: 'rows', file, columns: ['big'], first: page.next, count: 100, entryCut: 'big >= 2999900' });
    assert.equal(page.rows.length, 100);
    assert.deepEqual([page.entries[0], page.rows[0][0], page.next], [2_999_900, 2_999_900, 3_000_000]);
  });

  it('scans with an entry cut through rows of 513 values each (70 000 entries: more than one read holds in the 65,536 entries of a plain step)', async () => {
    const file = path.join(tmp, 'wide.npz');
    execFileSync('/usr/bin/python3', ['-c', `import numpy as np; np.savez_compressed(${JSON.stringify(file)}, x=np.arange(70_000.0), w=(np.add.outer(np.arange(70_000), np.arange(513)) % 251).astype(np.uint8))`]);
    const page = await rows({ op: 'rows', file, columns: ['x', 'w'], first: 0, count: 10, entryCut: 'x > 60000' });
    assert.deepEqual(page.entries, Array.from({ length: 10 }, (_, i) => 60_001 + i));
    assert.deepEqual(page.rows.map((r) => r[0]), page.entries);
    for (const [i, r] of page.rows.entries()) {
      // A long value comes as its first elements and its count.
      const w = r[1] as { head: number[]; length: number };
      assert.deepEqual(w, { head: [0, 1, 2, 3, 4, 5].map((k) => (page.entries[i] + k) % 251), length: 513 });
    }
    assert.equal(page.next, 60_011);
  });

  it('lists a stack of 1024 × 1024 frames a few frames a request, each cell the frame’s first pixels and its size', async () => {
    // 30 frames of 1 M pixels: a page of 100 rows would be 100 M values, past what one read takes.
    const file = path.join(tmp, 'frames.npy');
    execFileSync('/usr/bin/python3', ['-c', `import numpy as np; np.save(${JSON.stringify(file)}, (np.arange(30, dtype=np.uint32)[:, None, None] * 7 + np.arange(1024 * 1024, dtype=np.uint32).reshape(1, 1024, 1024)) % 256)`]);
    const listed: { entry: number; cell: unknown }[] = [];
    let page: RowsResult | undefined;
    for (let first = 0, requests = 0; first < 30; first = page.next, requests++) {
      assert.ok(requests < 30, 'the table goes on');
      page = await rows({ op: 'rows', file, columns: ['frames'], first, count: 100 });
      assert.ok(page.rows.length > 0 && page.rows.length < 30);
      page.rows.forEach((r, i) => listed.push({ entry: page!.entries[i], cell: r[0] }));
    }
    assert.deepEqual(
      listed,
      Array.from({ length: 30 }, (_, e) => ({ entry: e, cell: { head: [0, 1, 2, 3, 4, 5].map((k) => (e * 7 + k) % 256), length: 1024 * 1024 } })),
    );
  });

  it('lists expressions after the columns, as TTree::Scan("NJet:sum(Jet_Px):Jet_Px[0]"), with the definitions; no value where an entry has none', async () => {
    const branches = await rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet', 'Jet_Px'], first: 0, count: 50 });
    const page = await rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet'], expressions: ['sum(Jet_Px)', 'Jet_Px[0]', 'lead * 2', 'Jet_Px > 0'], definitions: 'lead = Jet_Px[0]', first: 0, count: 50 });
    assert.deepEqual(page.expressions, ['sum(Jet_Px)', 'Jet_Px[0]', 'lead * 2', 'Jet_Px > 0']);
    assert.deepEqual(page.entries, branches.entries);
    page.rows.forEach((row, i) => {
      const px = branches.rows[i][1] as number[];
      assert.equal(row[0], branches.rows[i][0]);
      assert.equal(row[1], px.reduce((a, b) => a + b, 0));
      // An event without jets has no Jet_Px[0]: the cell has no value (the page shows —).
      assert.deepEqual([row[2], row[3]], px.length ? [px[0], px[0] * 2] : [null, null]);
      assert.deepEqual(row[4], px.map((x) => (x > 0 ? 1 : 0)));
    });
    assert.ok(page.rows.some((r) => r[2] === null) && page.rows.some((r) => r[2] !== null));
    // With the entry cut, only the entries passing it; a mistake in an expression is the expressions' own.
    const cut = await rows({ op: 'rows', file: HZZ, tree: 'events', columns: [], expressions: ['NJet'], first: 0, count: 1000, entryCut: 'NJet >= 4' });
    assert.deepEqual(cut.entries, reference.scan_NJet_ge_4.entries);
    assert.deepEqual(cut.rows.map((r) => r[0]), reference.scan_NJet_ge_4.NJet);
    await assert.rejects(rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet'], expressions: ['sum(Jet_Pxx)'], first: 0, count: 10 }), (err: unknown) => err instanceof ExpressionError && err.field === 'scan' && /^sum\(Jet_Pxx\): There is no branch .*Did you mean "Jet_Px"/.test(err.message));
  });

  it('points at an entry cut with a value per element, and at a branch it does not know', async () => {
    for (const [entryCut, message] of [
      ['Jet_Px > 20', /move it to the element cut/],
      ['NJett >= 2', /NJett/],
    ] as const) {
      await assert.rejects(rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet'], first: 0, count: 10, entryCut }), (err: unknown) => err instanceof ExpressionError && err.field === 'entryCut' && message.test(err.message));
    }
  });
});
