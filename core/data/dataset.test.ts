// A dataset histogrammed in parts on real workers: the four compressions of uproot-HZZ.root as one
// dataset give four times the reference contents and multiplicity; splitting files into ranges of
// entries gives exactly the same histogram; a damaged file, or one lacking a branch the file whose
// structure is shown has, is left out and named; a wrong expression or a cancel stops everything.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DatasetProgress, histogramDataset } from './dataset';
import { Profile } from './profile';
import type { FileDescription } from './workers/dataJobs';
import { english } from '../text/message';
import { DataWorkerPool } from './workers/workerPool';

const ROOT_DIR = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data', 'root');
const reference = JSON.parse(readFileSync(path.join(ROOT_DIR, 'reference.json'), 'utf8')) as {
  binning: { bins: number; low: number; high: number };
  hist_Jet_Px: number[];
  both_cuts: { entries: number; entries_kept: number; multiplicity: number[] };
  profile_Muon_E_Muon_Pz: { bin_entries: number[]; means: number[] };
};
const FILES = ['uproot-HZZ.root', 'uproot-HZZ-lz4.root', 'uproot-HZZ-zstd.root', 'uproot-HZZ-lzma.root'].map((name) => {
  const file = path.join(ROOT_DIR, name);
  return { file, bytes: statSync(file).size };
});

describe('datasets: one histogram over many files, in parts', function () {
  this.timeout(120_000);
  let pool: DataWorkerPool;
  let tmp: string;
  const run = <T>(job: Parameters<DataWorkerPool['run']>[0], signal?: AbortSignal) => pool.run<T>(job, signal);
  before(() => {
    pool = new DataWorkerPool({ script: path.join(__dirname, 'workers', 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 2, timeoutMs: 60_000 });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-dataset-'));
  });
  after(async () => {
    await pool.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('fills four files (zlib, LZ4, ZSTD, LZMA) as one: four times each file’s contents, progress up to every file', async () => {
    const seen: DatasetProgress[] = [];
    const r = await histogramDataset({ files: FILES, tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20', axis: reference.binning }, run, { onProgress: (p) => seen.push(p) });
    assert.equal(r.histogram.entries, 4 * reference.both_cuts.entries);
    assert.equal(r.entriesRead, 4 * 2421);
    assert.equal(r.entriesKept, 4 * reference.both_cuts.entries_kept);
    assert.deepEqual(r.multiplicity!.sumw.slice(1, -1), reference.both_cuts.multiplicity.map((c) => 4 * c));
    assert.deepEqual([r.files, r.filesDone, r.bytesDone, r.failed.length, r.parts], [4, 4, r.bytes, 0, 4]);
    assert.equal(seen.length, 4);
    assert.ok(seen.every((p, i) => i === 0 || (p.bytesDone >= seen[i - 1].bytesDone && p.histogram!.entries >= seen[i - 1].histogram!.entries)));
  });

  it('splits large files into ranges of entries and gets exactly the same histogram', async () => {
    const request = { files: FILES.slice(0, 2), tree: 'events', expression: 'Jet_Px', axis: reference.binning };
    const whole = await histogramDataset(request, run);
    // Every file "large", parts of about 2,000 entries' worth of Jet_Px and NJet.
    const split = await histogramDataset(request, run, { wholeFileBytes: 0, partBytes: 1 });
    assert.ok(split.parts >= 4, `${split.parts} parts`);
    assert.deepEqual(split.histogram.sumw, whole.histogram.sumw);
    assert.deepEqual(whole.histogram.sumw, reference.hist_Jet_Px.map((c) => 2 * c));
    assert.equal(split.entriesRead, 2 * 2421);
    assert.equal(split.filesDone, 2);
  });

  it("adds the cut flow of an entry cut of several conditions over files and ranges, the last step as many as are kept", async () => {
    const request = { files: FILES.slice(0, 2), tree: 'events', expression: 'NJet', entryCut: 'NJet >= 2 and MET_px > 0', axis: { bins: 10, low: 0, high: 10 } };
    const whole = await histogramDataset(request, run);
    // Ranges of a few hundred entries each (NJet and MET_px: 8 bytes an entry as float64).
    const split = await histogramDataset(request, run, { wholeFileBytes: 0, partBytes: 8_000 });
    assert.ok(split.parts >= 6, `${split.parts} parts`);
    assert.deepEqual(split.cutflow, whole.cutflow);
    assert.deepEqual(whole.cutflow!.map((s) => s.cut), ['NJet >= 2', 'MET_px > 0']);
    assert.equal(whole.cutflow![1].passed, whole.entriesKept);
    const first = await histogramDataset({ ...request, entryCut: 'NJet >= 2' }, run);
    assert.equal(whole.cutflow![0].passed, first.entriesKept);
    assert.equal(first.cutflow, undefined, 'one condition: no cut flow');
  });

  it("merges a profile's parts (files and ranges of entries) into the profile NumPy finds, with ROOT's 100 bins on x by default", async () => {
    const request = { files: FILES.slice(0, 2), tree: 'events', expression: 'Muon_Pz', yExpression: 'Muon_E', profile: true, axis: { bins: 20, low: -200, high: 200 } };
    // Every file "large", parts of a few hundred entries.
    const split = await histogramDataset(request, run, { wholeFileBytes: 0, partBytes: 20_000 });
    assert.ok(split.parts >= 4 && split.parts <= 40, `${split.parts} parts`);
    assert.equal(split.histogram2d, undefined);
    const want = reference.profile_Muon_E_Muon_Pz;
    const { means } = Profile.fromData(split.profile!).bins();
    // Two copies of the file: twice the entries per bin, the same means.
    split.profile!.sumw.forEach((w, i) => assert.equal(w, 2 * want.bin_entries[i], `bin ${i}`));
    means.forEach((m, i) => assert.ok(Math.abs(m - want.means[i]) <= 1e-9 * Math.abs(want.means[i]) + 1e-9, `bin ${i}: ${m}, NumPy ${want.means[i]}`));
    const automatic = await histogramDataset({ ...request, axis: undefined }, run);
    assert.equal(automatic.profile!.axis.bins, 100);
  });

  it('takes the binning from the first values when none is given, as ROOT takes it from the first entries', async () => {
    const r = await histogramDataset({ files: FILES.slice(0, 2), tree: 'events', expression: 'Jet_Px' }, run);
    const one = await histogramDataset({ files: FILES.slice(0, 1), tree: 'events', expression: 'Jet_Px' }, run);
    assert.deepEqual(r.histogram.axis, one.histogram.axis);
    assert.equal(r.histogram.axis.bins, 100);
  });

  it('leaves out a damaged file and names it; the others are counted', async () => {
    const damaged = path.join(tmp, 'damaged.root');
    writeFileSync(damaged, readFileSync(FILES[0].file).subarray(0, 5000));
    const copy = path.join(tmp, 'copy.root');
    copyFileSync(FILES[0].file, copy);
    const r = await histogramDataset({ files: [{ file: damaged, bytes: 5000 }, { file: copy, bytes: FILES[0].bytes }], tree: 'events', expression: 'Jet_Px', axis: reference.binning }, run);
    assert.deepEqual(r.histogram.sumw, reference.hist_Jet_Px);
    assert.deepEqual(r.failed.map((f) => f.file), [damaged]);
    assert.equal(r.filesDone, 2);
    // A single file's own error, not "no file could be read": what the explorer shows for one file.
    await assert.rejects(histogramDataset({ files: [{ file: damaged, bytes: 5000 }], tree: 'events', expression: 'Jet_Px' }, run), (err: Error) => err.name === 'RootError' || err.name === 'ReaderCrash');
  });

  it('leaves out a file that lacks a branch the structure has (uproot-Zmumu.root between two HZZ copies), named; a name the structure lacks fails at once, whichever file says so', async () => {
    const zmumu = path.join(ROOT_DIR, 'uproot-Zmumu.root');
    const files = [FILES[0], { file: zmumu, bytes: statSync(zmumu).size }, FILES[2]];
    // The structure shown: the columns of the HZZ file's tree, as the page has them.
    const branches = async (file: string): Promise<string[]> => {
      const d = await run<FileDescription>({ op: 'describe', file });
      return d.format === 'root' ? d.trees[0].branches.map((b) => b.name) : [];
    };
    const hzzNames = await branches(FILES[0].file);
    const request = { files, tree: 'events', structureNames: hzzNames, expression: 'Jet_Px', axis: reference.binning };
    const r = await histogramDataset(request, run);
    assert.deepEqual(r.histogram.sumw, reference.hist_Jet_Px.map((c) => 2 * c));
    assert.deepEqual([r.entriesRead, r.filesDone, r.files], [2 * 2421, 3, 3]);
    assert.deepEqual(r.failed.map((f) => [f.file, english(f.message), f.lacksName]), [[zmumu, 'There is no branch or column "Jet_Px".', true]]);
    // Its 2,304 entries keep their numbers in the chain: entries 2000 to 4999 are the first file's last
    // 421 and the third's first 275, as drawing those two ranges of the files alone gives.
    const ranged = await histogramDataset({ ...request, range: { first: 2000, count: 3000 } }, run);
    const first = await histogramDataset({ ...request, files: [FILES[0]], range: { first: 2000, count: 421 } }, run);
    const third = await histogramDataset({ ...request, files: [FILES[2]], range: { first: 0, count: 275 } }, run);
    assert.equal(ranged.entriesRead, 421 + 275);
    assert.deepEqual(ranged.histogram.sumw, first.histogram.sumw.map((c, b) => c + third.histogram.sumw[b]));
    assert.deepEqual(ranged.failed.map((f) => f.file), [zmumu]);
    // A misspelt branch, and a branch only Zmumu has, are mistakes in the request: said by the first job,
    // with "Did you mean" — also where the range leaves the structure's own file out (entries from Zmumu's on).
    for (const range of [undefined, { first: 2421 }]) {
      for (const expression of ['Jet_Pxx', 'E1']) {
        const ops: string[] = [];
        const counting = <T>(job: Parameters<DataWorkerPool['run']>[0], signal?: AbortSignal) => {
          ops.push(job.op);
          return pool.run<T>(job, signal);
        };
        await assert.rejects(histogramDataset({ ...request, expression, axis: undefined, range }, counting), (err: Error) => err.name === 'ExpressionError' && err.message.includes(`"${expression}"`));
        // The first part read fails, or (E1 from Zmumu's entries on) the first that lacks it, the part after Zmumu's.
        assert.equal(ops.filter((o) => o === 'histogram').length, expression === 'E1' && range ? 2 : 1, `${expression} from ${range?.first ?? 0}: ${ops.join(' ')}`);
      }
    }
    // The other way round: Zmumu's E1 with Zmumu's structure shown, the HZZ copies left out.
    const e1 = await histogramDataset({ ...request, structureNames: await branches(zmumu), expression: 'E1', axis: { bins: 10, low: 0, high: 200 } }, run);
    assert.deepEqual([e1.entriesRead, e1.failed.map((f) => f.file)], [2304, [FILES[0].file, FILES[2].file]]);
  });

  it('stops at once on a wrong expression, and on cancel', async () => {
    await assert.rejects(histogramDataset({ files: FILES, tree: 'events', expression: 'Jet_Pxx' }, run), (err: Error) => err.name === 'ExpressionError' && /Did you mean "Jet_Px"/.test(err.message));
    const controller = new AbortController();
    const running = histogramDataset({ files: FILES, tree: 'events', expression: 'Jet_Px', axis: reference.binning }, run, { signal: controller.signal });
    controller.abort();
    await assert.rejects(running, (err: Error) => err.name === 'AbortError');
  });

  it('reads a small file whole, and splits one that holds more than a part (a compressed .npz of 100 KB, 24 MB of values)', async () => {
    // np.savez_compressed of 3 M float64 (their index modulo 10) and of 1 000: small on disk alike.
    const big = path.join(tmp, 'big.npz');
    const small = path.join(tmp, 'small.npz');
    execFileSync('/usr/bin/python3', ['-c', 'import sys, numpy as np; np.savez_compressed(sys.argv[1], x=np.arange(3_000_000) % 10 * 1.0); np.savez_compressed(sys.argv[2], x=np.arange(1000) % 10 * 1.0)', big, small]);
    const ops: string[] = [];
    const counting = <T>(job: Parameters<DataWorkerPool['run']>[0], signal?: AbortSignal) => {
      ops.push(`${job.op} ${'file' in job ? path.basename(job.file) : ''}`);
      return pool.run<T>(job, signal);
    };
    const files = [small, big].map((file) => ({ file, bytes: statSync(file).size }));
    assert.ok(files.every((f) => f.bytes < 200_000));
    const r = await histogramDataset({ files, expression: 'x', axis: { bins: 10, low: 0, high: 10 } }, counting);
    assert.deepEqual(r.histogram.sumw.slice(1, -1), Array.from({ length: 10 }, () => 300_100));
    // The small file in one job; the big one tried whole, refused by the worker, described, and read in 3 parts of 1 M entries.
    assert.deepEqual(ops.filter((o) => o.endsWith('small.npz')), ['histogram small.npz']);
    assert.deepEqual(ops.filter((o) => o.endsWith('big.npz')).slice(0, 2), ['histogram big.npz', 'describe big.npz']);
    assert.equal(r.parts, 1 + 3);
  });
});
