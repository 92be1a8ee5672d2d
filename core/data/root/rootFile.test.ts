// ROOT files through jsroot's I/O modules: the HZZ tree's structure, and its branches read into
// columns, checked against values found by a route that shares nothing with jsroot
// (test/fixtures/data/root/reference.py: the file's records walked by hand, baskets inflated with
// Python's zlib, decoded with NumPy) — identical for the zlib, LZ4, ZSTD and LZMA copies. Then
// histograms with both kinds of cut, through the expression evaluator, against NumPy's.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listsOf } from '../expression/columns';
import { select } from '../expression/selection';
import { parseExpression } from '../expression/syntax';
import { Histogram1D } from '../histogram';
import { Profile } from '../profile';
import { RootFile, type StoredHistogram } from './rootFile';
import { type FileDescription, type HistogramResult, type RowsResult, runDataJob } from '../workers/dataJobs';
import { TABLE_CELL_ELEMENTS } from '../../protocol/dataExplorerMessages';

const DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root');
const reference = JSON.parse(readFileSync(path.join(DIR, 'reference.json'), 'utf8')) as {
  entries: number;
  sum_NJet: number;
  NJet_first: number[];
  Jet_Px_elements: number;
  Jet_Px_sum: number;
  Jet_Px_first: number[];
  binning: { bins: number; low: number; high: number };
  hist_Jet_Px: number[];
  hist_Jet_Px_cut_Jet_Px_gt_20: number[];
  hist_Jet_Px_cut_NJet_ge_2: number[];
  multiplicity_Jet_Px_gt_20: number[];
  leading_Jet_Px: IndexedReference;
  dimuon_mass: IndexedReference;
  hardest_muon_E: IndexedReference;
  muon_E_by_charge: IndexedReference;
  Jet_ID: { elements: number; true: number; first: number[] };
  dimuon_mass_weighted: IndexedReference & { integral: number; sumw2: number[] };
  profile_Muon_E_Muon_Pz: ProfileReference;
  profile_Muon_E_Muon_Pz_weighted: ProfileReference;
};
/** A profile as NumPy computes ROOT's TProfile: per bin Σw, the mean and its error (and the spread, option "s"); the box's moments. */
interface ProfileReference {
  entries: number;
  bin_entries: number[];
  means: number[];
  errors: number[];
  spreads: number[];
  mean_x: number;
  mean_y: number;
  std_dev_y: number;
}
/** A histogram of elements by their index, as NumPy fills it: its statistics box and counts. */
interface IndexedReference {
  entries: number;
  mean: number;
  std_dev: number;
  underflow: number;
  overflow: number;
  counts: number[];
}
const FILES = ['uproot-HZZ.root', 'uproot-HZZ-lz4.root', 'uproot-HZZ-zstd.root', 'uproot-HZZ-lzma.root'];

async function withFile<T>(name: string, use: (f: RootFile) => Promise<T>): Promise<T> {
  const f = await RootFile.open(path.join(DIR, name));
  try {
    return await use(f);
  } finally {
    f.close();
  }
}

describe('ROOT files (jsroot I/O modules)', function () {
  this.timeout(20_000);

  it('lists the keys and describes the events tree: branches with types, counters, entries and sizes', async () => {
    await withFile('uproot-HZZ.root', async (f) => {
      const keys = await f.keys();
      assert.deepEqual(keys.map((k) => [k.name, k.className]), [['events', 'TTree']]);
      const tree = await f.tree('events');
      assert.equal(tree.entries, 2421);
      assert.ok(tree.storedBytes < tree.bytes, 'compressed');
      const byName = new Map(tree.branches.map((b) => [b.name, b]));
      assert.deepEqual(byName.get('Jet_Px') && { type: byName.get('Jet_Px')!.type, shape: byName.get('Jet_Px')!.shape, counter: byName.get('Jet_Px')!.counter }, { type: 'float[NJet]', shape: 'jagged', counter: 'NJet' });
      assert.deepEqual([byName.get('NJet')?.type, byName.get('NJet')?.shape], ['int32_t', 'flat']);
      assert.deepEqual([byName.get('MET_px')?.type, byName.get('triggerIsoMu24')?.type], ['float', 'bool']);
      assert.ok(tree.branches.length >= 50);
      for (const b of tree.branches) assert.equal(b.entries, 2421, b.name);
    });
  });

  for (const name of FILES) {
    it(`reads NJet and the jagged Jet_Px of ${name} as the independent decoder does`, async () => {
      await withFile(name, async (f) => {
        const columns = await f.read('events', ['Jet_Px', 'NJet'], 0, 2421);
        const njet = columns.get('NJet')!;
        const px = columns.get('Jet_Px')!;
        assert.equal(njet.kind, 'flat');
        assert.equal(px.kind, 'jagged');
        if (njet.kind !== 'flat' || px.kind !== 'jagged') return;
        assert.equal(njet.values.reduce((a, b) => a + b, 0), reference.sum_NJet);
        assert.deepEqual([...njet.values.subarray(0, 10)], reference.NJet_first);
        assert.equal(px.values.length, reference.Jet_Px_elements);
        assert.equal(px.values.reduce((a, b) => a + b, 0), reference.Jet_Px_sum);
        assert.deepEqual([...px.values.subarray(0, 5)], reference.Jet_Px_first);
        // Each entry's element count is its NJet.
        assert.deepEqual(listsOf(px, 2421).map((l) => l.length), [...njet.values]);
      });
    });
  }

  it('reads a list of booleans (Jet_ID, bool[NJet]) as 1 and 0, a jet each, as NumPy decodes its bytes', async () => {
    await withFile('uproot-HZZ.root', async (f) => {
      const columns = await f.read('events', ['Jet_ID', 'NJet'], 0, 2421);
      const id = columns.get('Jet_ID')!;
      assert.equal(id.kind, 'jagged');
      if (id.kind !== 'jagged') return;
      assert.deepEqual([id.values.length, id.values.reduce((a, b) => a + b, 0), [...id.values.subarray(0, 8)]], [reference.Jet_ID.elements, reference.Jet_ID.true, reference.Jet_ID.first]);
      assert.ok(id.values.every((v) => v === 0 || v === 1));
      const njet = columns.get('NJet')!;
      assert.deepEqual(listsOf(id, 2421).map((l) => l.length), njet.kind === 'flat' ? [...njet.values] : []);
    });
  });

  it('reads a file over 4 MiB by positioned reads, as it reads a smaller one whole at once: the same values', async () => {
    // uproot-HZZ.root with 5 MiB after its last record (ROOT's END says where the records end).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-root-big-'));
    try {
      const big = path.join(dir, 'padded.root');
      writeFileSync(big, Buffer.concat([readFileSync(path.join(DIR, 'uproot-HZZ.root')), Buffer.alloc(5 * 1024 * 1024)]));
      const f = await RootFile.open(big);
      try {
        const px = (await f.read('events', ['Jet_Px'], 0, 2421)).get('Jet_Px')!;
        assert.equal(px.kind === 'jagged' && px.values.reduce((a, b) => a + b, 0), reference.Jet_Px_sum);
      } finally {
        f.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a range of entries on its own', async () => {
    await withFile('uproot-HZZ.root', async (f) => {
      const all = listsOf((await f.read('events', ['Jet_Px'], 0, 2421)).get('Jet_Px')!, 2421);
      const part = listsOf((await f.read('events', ['Jet_Px'], 1000, 7)).get('Jet_Px')!, 7);
      assert.deepEqual(part, all.slice(1000, 1007));
      const tail = (await f.read('events', ['NJet'], 2419, 50)).get('NJet')!;
      assert.deepEqual(listsOf(tail, 2), all.slice(2419).map((l) => [l.length]));
    });
  });

  it('histograms Jet_Px with no cut, an element cut and an entry cut, as NumPy does', async () => {
    await withFile('uproot-HZZ-zstd.root', async (f) => {
      const columns = await f.read('events', ['Jet_Px', 'NJet'], 0, 2421);
      const data = { column: (n: string) => columns.get(n), names: [...columns.keys()], entries: 2421 };
      const histogram = (cuts: { entry?: string; element?: string } = {}) => {
        const s = select(parseExpression('Jet_Px'), { entry: cuts.entry ? parseExpression(cuts.entry) : undefined, element: cuts.element ? parseExpression(cuts.element) : undefined }, data);
        const h = new Histogram1D(reference.binning);
        h.fill(s.values);
        return { counts: [...h.sumw], multiplicities: s.multiplicities };
      };
      assert.deepEqual(histogram().counts, reference.hist_Jet_Px);
      const perElement = histogram({ element: 'Jet_Px > 20' });
      assert.deepEqual(perElement.counts, reference.hist_Jet_Px_cut_Jet_Px_gt_20);
      const counts = new Array<number>(reference.multiplicity_Jet_Px_gt_20.length).fill(0);
      for (const m of perElement.multiplicities!) counts[m]++;
      assert.deepEqual(counts, reference.multiplicity_Jet_Px_gt_20);
      assert.deepEqual(histogram({ entry: 'NJet >= 2' }).counts, reference.hist_Jet_Px_cut_NJet_ge_2);
    });
  });

  it("histograms elements by their index as TTree::Draw does: the leading jet's Px, the first two muons' mass (the Z)", async () => {
    const mass = 'sqrt((Muon_E[0] + Muon_E[1])**2 - (Muon_Px[0] + Muon_Px[1])**2 - (Muon_Py[0] + Muon_Py[1])**2 - (Muon_Pz[0] + Muon_Pz[1])**2)';
    for (const [expression, want, axis] of [
      ['Jet_Px[0]', reference.leading_Jet_Px, reference.binning],
      [mass, reference.dimuon_mass, { bins: 40, low: 50, high: 130 }],
    ] as const) {
      // The decoder's reference is from the zlib file; the ZSTD copy holds the same tree.
      const r = (await runDataJob({ op: 'histogram', file: path.join(DIR, 'uproot-HZZ-zstd.root'), tree: 'events', expression, axis })) as HistogramResult;
      const h = r.histogram;
      assert.deepEqual(h.sumw, want.counts, expression);
      // Events without the elements are neither filled nor kept.
      assert.deepEqual([h.entries, h.nan, r.entriesKept, r.entriesRead], [want.entries, 0, want.entries, 2421]);
      const mean = h.tsumwx / h.tsumw;
      assert.ok(Math.abs(mean - want.mean) < 1e-9 * Math.abs(want.mean) + 1e-9, `${expression}: mean ${mean}, NumPy ${want.mean}`);
      assert.ok(Math.abs(Math.sqrt(h.tsumwx2 / h.tsumw - mean ** 2) - want.std_dev) < 1e-7 * want.std_dev, expression);
      assert.equal(r.multiplicity, undefined, 'one value per event: no multiplicity');
    }
  });

  it('histograms elements by a computed index: the hardest muon of each event, the muon each charge names', async () => {
    for (const [expression, want] of [
      ['Muon_E[argmax(Muon_Px**2 + Muon_Py**2)]', reference.hardest_muon_E],
      // Per muon: +1 names the event's second muon, -1 none (as NanoAOD's -1 means no match).
      ['Muon_E[Muon_Charge]', reference.muon_E_by_charge],
    ] as const) {
      const r = (await runDataJob({ op: 'histogram', file: path.join(DIR, 'uproot-HZZ.root'), tree: 'events', expression, axis: { bins: 20, low: 0, high: 200 } })) as HistogramResult;
      const h = r.histogram;
      assert.deepEqual(h.sumw, want.counts, expression);
      assert.equal(h.entries, want.entries, expression);
      const mean = h.tsumwx / h.tsumw;
      assert.ok(Math.abs(mean - want.mean) < 1e-9 * Math.abs(want.mean), `${expression}: mean ${mean}, NumPy ${want.mean}`);
    }
  });

  it('weighs each event by a branch (EventWeight), as NumPy weighs the same values', async () => {
    const mass = 'sqrt((Muon_E[0] + Muon_E[1])**2 - (Muon_Px[0] + Muon_Px[1])**2 - (Muon_Py[0] + Muon_Py[1])**2 - (Muon_Pz[0] + Muon_Pz[1])**2)';
    const want = reference.dimuon_mass_weighted;
    const r = (await runDataJob({ op: 'histogram', file: path.join(DIR, 'uproot-HZZ-lz4.root'), tree: 'events', expression: mass, weight: 'EventWeight', axis: { bins: 40, low: 50, high: 130 } })) as HistogramResult;
    const h = r.histogram;
    h.sumw.forEach((w, i) => assert.ok(Math.abs(w - want.counts[i]) <= 1e-6 * Math.abs(want.counts[i]) + 1e-12, `bin ${i}: ${w}, NumPy ${want.counts[i]}`));
    // Entries count the fills; the integral sums their weights, as ROOT's statistics box has them.
    assert.equal(h.entries, want.entries);
    assert.ok(Math.abs(h.tsumw - want.integral) < 1e-6 * want.integral, `${h.tsumw} against ${want.integral}`);
    assert.ok(Math.abs(h.tsumwx / h.tsumw - want.mean) < 1e-6 * want.mean);
    // Σw² per bin: the errors a χ² fit of it uses.
    h.sumw2.forEach((w2, i) => assert.ok(Math.abs(w2 - want.sumw2[i]) <= 1e-6 * want.sumw2[i] + 1e-15, `bin ${i}: Σw² ${w2}, NumPy ${want.sumw2[i]}`));
  });

  it("draws a profile as ROOT's TProfile: the mean muon energy in each bin of its Pz, with the errors of the means, weighted too", async () => {
    for (const [file, weight, want] of [
      ['uproot-HZZ-zstd.root', undefined, reference.profile_Muon_E_Muon_Pz],
      ['uproot-HZZ-lz4.root', 'EventWeight', reference.profile_Muon_E_Muon_Pz_weighted],
    ] as const) {
      const r = (await runDataJob({ op: 'histogram', file: path.join(DIR, file), tree: 'events', expression: 'Muon_Pz', yExpression: 'Muon_E', weight, profile: true, axis: { bins: 20, low: -200, high: 200 } })) as HistogramResult;
      assert.equal(r.histogram2d, undefined, 'a profile, not a 2-D histogram');
      const p = Profile.fromData(r.profile!);
      const { means, errors2 } = p.bins();
      const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-6 * Math.abs(b) + 1e-9, `${file} ${what}: ${a}, NumPy ${b}`);
      r.profile!.sumw.forEach((w, i) => close(w, want.bin_entries[i], `Σw of bin ${i}`));
      means.forEach((m, i) => close(m, want.means[i], `mean of bin ${i}`));
      errors2.forEach((e2, i) => close(Math.sqrt(e2), want.errors[i], `error of bin ${i}`));
      // ROOT's error option "s": the spread of the energies in each bin.
      p.bins('spread').errors2.forEach((e2, i) => close(Math.sqrt(e2), want.spreads[i], `spread of bin ${i}`));
      const s = p.statistics();
      assert.equal(s.entries, want.entries);
      close(s.meanX, want.mean_x, 'Mean x');
      close(s.meanY, want.mean_y, 'Mean y');
      close(s.stdDevY, want.std_dev_y, 'Std Dev y');
    }
  });

  it('says what is wrong with a missing tree or branch, a file that is not ROOT, and a truncated one', async () => {
    await withFile('uproot-HZZ.root', async (f) => {
      await assert.rejects(f.tree('nope'), /no tree "nope"/);
      await assert.rejects(f.read('events', ['Jet_Pz2'], 0, 10), /no branch "Jet_Pz2"/);
    });
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-root-'));
    try {
      writeFileSync(path.join(tmp, 'text.root'), 'this is not a ROOT file at all, just text long enough to look like one'.repeat(5));
      await assert.rejects(RootFile.open(path.join(tmp, 'text.root')), (err: Error) => err.name === 'RootError');
      // Shorter than ROOT's header: not ROOT, rather than "truncated".
      writeFileSync(path.join(tmp, 'short.root'), 'plain text\n');
      await assert.rejects(RootFile.open(path.join(tmp, 'short.root')), /^RootError: short\.root is not a ROOT file \(no ROOT header\)\.$/);
      const whole = readFileSync(path.join(DIR, 'uproot-HZZ.root'));
      writeFileSync(path.join(tmp, 'cut.root'), whole.subarray(0, 100_000));
      await assert.rejects(
        (async () => {
          const f = await RootFile.open(path.join(tmp, 'cut.root'));
          try {
            await f.read('events', ['Jet_Px', 'NJet'], 0, 2421);
          } finally {
            f.close();
          }
        })(),
        (err: Error) => err.name === 'RootError',
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('reads stored histograms as they are: the TH1F bins that a hand decoder finds, ROOT’s entries and moments', async () => {
    const expected = JSON.parse(readFileSync(path.join(DIR, 'histograms.json'), 'utf8')) as Record<string, number[]>;
    const f = await RootFile.open(path.join(DIR, 'uproot-histograms.root'));
    try {
      const histogram = async (name: string): Promise<StoredHistogram> => {
        const h = await f.object(name);
        if (h.kind === 'graph') throw new Error(`${name} read as a graph`);
        return h;
      };
      for (const name of ['one', 'two', 'three']) {
        const h = await histogram(name);
        assert.deepEqual([h.className, h.kind, h.x.bins, h.sumw.length], ['TH1F', '1d', 10, 12]);
        assert.deepEqual(h.sumw, expected[name]);
      }
      const one = await histogram('one');
      assert.deepEqual([one.title, one.entries, one.x.low, one.x.high], ['numero uno', 10000, -3, 3]);
      assert.ok(Math.abs(one.tsumwx / one.tsumw - 0.0081875) < 1e-6, `mean ${one.tsumwx / one.tsumw}`);
      await assert.rejects(f.object('four'), /There is no object "four"/);
    } finally {
      f.close();
    }
  });

  it('reads an RNTuple (ROOT 6.34) as a tree: std::vector fields jagged, entries and cuts as for a TTree', async () => {
    // scikit-hep-testdata's test_1jag_int_float_rntuple: entry i holds i % 10 integers counting down
    // from s = 100 − 10·⌊i/10⌋ and as many floats (s − j)/10 in float32 — the rule the values are
    // checked against, not the reader.
    const ints = (i: number): number[] => Array.from({ length: i % 10 }, (_, j) => 100 - 10 * Math.floor(i / 10) - j);
    const file = path.join(DIR, 'test_1jag_int_float_rntuple_v1-0-0-0.root');
    const d = (await runDataJob({ op: 'describe', file })) as FileDescription;
    assert.ok(d.format === 'root');
    if (d.format !== 'root') return;
    assert.deepEqual(d.trees.map((t) => [t.name, t.entries, t.branches.map((b) => [b.name, b.shape])]), [['ntuple', 100, [['one_v_integers', 'jagged'], ['two_v_floats', 'jagged']]]]);
    const rows = (await runDataJob({ op: 'rows', file, tree: 'ntuple', columns: ['one_v_integers', 'two_v_floats'], first: 0, count: 100 })) as RowsResult;
    // The table carries a value's first TABLE_CELL_ELEMENTS elements and its count (the histogram below reads them all).
    const cell = (v: number[]): unknown => (v.length > TABLE_CELL_ELEMENTS ? { head: v.slice(0, TABLE_CELL_ELEMENTS), length: v.length } : v);
    for (const [i, row] of rows.rows.entries()) {
      assert.deepEqual(row[0], cell(ints(i)));
      assert.deepEqual(row[1], cell(ints(i).map((v) => Math.fround(v / 10))));
    }
    const h = (await runDataJob({ op: 'histogram', file, tree: 'ntuple', expression: 'two_v_floats', elementCut: 'one_v_integers > 50', axis: { bins: 10, low: 0, high: 10 } })) as HistogramResult;
    const want = new Array<number>(12).fill(0);
    for (let i = 0; i < 100; i++) for (const v of ints(i)) if (v > 50) want[1 + Math.floor(Math.fround(v / 10))] += 1;
    assert.deepEqual(h.histogram.sumw, want);
  });
});
