// The bound on what one read of a ROOT tree gathers. A jagged branch's elements are known only once
// its baskets are unpacked, and typed arrays live outside a worker's heap limit: a file of highly
// compressed baskets could grow one read to gigabytes. These tests lower the bound on the HZZ file
// (2421 entries, 2773 Jet_Px elements; test/fixtures/data/root/reference.json) and on the RNTuple.
import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { histogramDataset } from '../dataset';
import { type DataJob, type HistogramResult, runDataJob } from '../workers/dataJobs';
import { msg } from '../../text/message';
import { ReadTooLargeError, RootFile } from './rootFile';

const DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root');
const HZZ = path.join(DIR, 'uproot-HZZ.root');
const reference = JSON.parse(readFileSync(path.join(DIR, 'reference.json'), 'utf8')) as { Jet_Px_elements: number; binning: { bins: number; low: number; high: number }; hist_Jet_Px: number[] };

describe('ROOT reads: bounded values', function () {
  this.timeout(60_000);

  it('stops a read whose jagged values pass the bound, saying which entries and what to do; reads them all at the bound', async () => {
    const f = await RootFile.open(HZZ);
    try {
      const elements = reference.Jet_Px_elements;
      await assert.rejects(f.read('events', ['Jet_Px'], 0, 2421, undefined, elements - 1), (err: Error) => {
        assert.equal(err.name, 'ReadTooLarge');
        assert.match(err.message, new RegExp(`Entries 0 to 2420 of the tree events in uproot-HZZ.root hold more than ${elements - 1} values.*Histogram a shorter entry range`));
        return true;
      });
      const px = (await f.read('events', ['Jet_Px'], 0, 2421, undefined, elements)).get('Jet_Px')!;
      assert.equal(px.kind === 'jagged' && px.values.length, elements);
      // Flat branches count one value an entry against the same bound.
      await assert.rejects(f.read('events', ['NJet', 'Jet_Px'], 0, 2421, undefined, 2421 + elements - 1), { name: 'ReadTooLarge' });
      const both = await f.read('events', ['NJet', 'Jet_Px'], 0, 2421, undefined, 2421 + elements);
      assert.equal(both.get('NJet')!.kind, 'flat');
      // The file stays usable after a stopped read.
      const again = (await f.read('events', ['Jet_Px'], 1000, 7)).get('Jet_Px')!;
      assert.equal(again.kind, 'jagged');
    } finally {
      f.close();
    }
  });

  it("stops an RNTuple's read too (its loop has no flag to stop it)", async () => {
    const f = await RootFile.open(path.join(DIR, 'test_1jag_int_float_rntuple_v1-0-0-0.root'));
    try {
      // Entry i holds i % 10 floats: 450 in all.
      await assert.rejects(f.read('ntuple', ['two_v_floats'], 0, 100, undefined, 449), { name: 'ReadTooLarge' });
      const all = (await f.read('ntuple', ['two_v_floats'], 0, 100, undefined, 450)).get('two_v_floats')!;
      assert.equal(all.kind === 'jagged' && all.values.length, 450);
    } finally {
      f.close();
    }
  });

  it('halves a range of entries whose read passes the bound (an RNTuple is cut by entries alone), down to ranges that fit', async () => {
    // The worker's refusal as RootFile.read gives it for ranges of more than 300 entries; the rest is read for real.
    const counts: number[] = [];
    const run = <T>(j: DataJob): Promise<T> => {
      if (j.op === 'histogram' && j.count !== undefined) {
        counts.push(j.count);
        if (j.count > 300) return Promise.reject(new ReadTooLargeError(msg('more than one read takes')));
      }
      return runDataJob(j) as Promise<T>;
    };
    const files = [{ file: HZZ, bytes: statSync(HZZ).size }];
    const r = await histogramDataset({ files, tree: 'events', expression: 'Jet_Px', axis: reference.binning }, run, { wholeFileBytes: 0, partBytes: 20_000 });
    assert.deepEqual(r.failed, []);
    assert.deepEqual(r.histogram.sumw, reference.hist_Jet_Px);
    assert.ok(counts.some((c) => c > 300) && counts.some((c) => c <= 300), counts.join(' '));
    assert.equal(r.entriesRead, 2421);
    assert.equal(r.filesDone, 1);
  });

  it('sends a whole file whose jagged values pass a part back to be split, and the dataset then gets the same histogram', async () => {
    const job: DataJob = { op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Px', axis: reference.binning, wholeFileValues: 2500 };
    // 2421 entries pass the check made before reading; the 2773 elements do not.
    await assert.rejects(runDataJob(job), { name: 'PartTooLarge', message: /uproot-HZZ.root holds more than the 2500 values one part reads/ });
    const r = await histogramDataset({ files: [{ file: HZZ, bytes: statSync(HZZ).size }], tree: 'events', expression: 'Jet_Px', axis: reference.binning }, <T>(j: DataJob) => runDataJob(j) as Promise<T>, { partBytes: 2500 * 8 });
    assert.ok(r.parts > 1, `${r.parts} parts`);
    assert.deepEqual(r.failed, []);
    assert.deepEqual(r.histogram.sumw, reference.hist_Jet_Px);
    const whole = (await runDataJob({ ...job, wholeFileValues: undefined })) as HistogramResult;
    assert.deepEqual(whole.histogram.sumw, reference.hist_Jet_Px);
  });
});
