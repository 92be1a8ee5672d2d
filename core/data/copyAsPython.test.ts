// Copy as Python: for NumPy files the script is run with Debian's Python and NumPy and must print the
// very counts the data worker computed (same binning, expression, cut, flattening); for ROOT files the
// uproot + awkward + hist script is checked line by line (those libraries are not installed here),
// its expression translation by the same translator the NumPy runs exercise.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyAsPython } from './copyAsPython';
import { copyAsPython2D } from './copyAsPython2d';
import { pythonExpression } from './pythonExpression';
import { fitHistogram } from './fit/histogramFit';
import { withFit } from './fit/fitPython';
import { histogramDataset } from './dataset';
import { parseExpression } from './expression/syntax';
import { runDataJob, type HistogramResult } from './workers/dataJobs';
import { assertSameCutflow, lineFinder } from '../testing/pythonScripts';

const NPY = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data', 'npy');
const PYTHON = '/usr/bin/python3';

describe('Copy as Python', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-py-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const cases: { expression: string; entryCut?: string; elementCut?: string; weight?: string; axis: { bins: number; low: number; high: number } }[] = [
    { expression: 'jet_pt', axis: { bins: 20, low: 0, high: 200 } },
    { expression: 'jet_pt', entryCut: 'jet_pt > 50 and not (jet_pt >= 150)', axis: { bins: 10, low: 0, high: 300 } },
    { expression: 'part_deta * 2 + 1', elementCut: 'part_deta > 0', axis: { bins: 16, low: 0, high: 4 } },
    { expression: 'sqrt(abs(part_deta)) - 0.5', entryCut: 'sum(part_deta) > 0', axis: { bins: 12, low: -0.6, high: 0.9 } },
    { expression: 'round(part_deta * 10) % 3 + max(part_deta, 0) ** 2', entryCut: 'any(part_deta > 0.5) or len(part_deta) > 100', elementCut: 'part_deta < 0.9 and part_deta > -0.9', axis: { bins: 9, low: -3, high: 3 } },
    { expression: 'mean(part_deta) + atan2(min(part_deta), 1) * pi', axis: { bins: 25, low: -2, high: 1 } },
    // One value per entry meets each element of its entry (a reduction, here), as in the explorer.
    { expression: 'part_deta - mean(part_deta)', entryCut: 'max(part_deta) > 0', axis: { bins: 10, low: -2, high: 2 } },
    // Elements by their index: each row's first, its last against its second, each against its first.
    { expression: 'part_deta[0]', axis: { bins: 10, low: -1, high: 1 } },
    { expression: 'part_deta[-1] * 2', entryCut: 'part_deta[1] > 0', axis: { bins: 8, low: -2, high: 2 } },
    { expression: 'part_deta - part_deta[0]', elementCut: 'part_deta > part_deta[2]', axis: { bins: 12, low: -2, high: 2 } },
    { expression: 'fortran_f8[5] + fortran_f8[-8]', axis: { bins: 10, low: -20, high: 80 } },
    // Rows shorter than the index: nothing is filled, and the script says so as well.
    { expression: 'part_deta[8]', axis: { bins: 4, low: -1, high: 1 } },
    // Weighted: by a value per entry (met by each element), and by one per element, through both cuts.
    { expression: 'part_deta', weight: 'abs(part_deta[0]) + 1', entryCut: 'max(part_deta) > 0', axis: { bins: 10, low: -1, high: 1 } },
    { expression: 'part_deta * 2', weight: 'part_deta ** 2', elementCut: 'part_deta > -0.5', axis: { bins: 8, low: -2, high: 2 } },
    // A condition as the weight (ROOT's w*(cut)): 1 or 0, the 0s not filled at all.
    { expression: 'part_deta', weight: 'part_deta > 0', axis: { bins: 8, low: -1, high: 1 } },
    // Computed indices: one per row (argmax), one per element (some below 0 or past the row's end:
    // masked), through reductions that skip the masked ones, both cuts and a weight.
    { expression: 'part_deta[argmax(part_deta)] - part_deta[LocMin$(part_deta)]', axis: { bins: 10, low: 0, high: 2 } },
    { expression: 'part_deta[round(abs(part_deta) * 12) - 2]', elementCut: 'part_deta[round(abs(part_deta) * 12) - 2] > -0.2', axis: { bins: 10, low: -1, high: 1 } },
    { expression: 'sum(part_deta[round(abs(part_deta) * 12) - 2]) + len(part_deta[round(abs(part_deta) * 12) - 2])', entryCut: 'part_deta[argmin(part_deta) + 3] > 0', axis: { bins: 12, low: -2, high: 10 } },
    { expression: 'mean(part_deta[trunc(part_deta * 10)]) + max(part_deta[part_deta * 10])', entryCut: 'not all(part_deta[part_deta * 10] > 0)', axis: { bins: 10, low: -1, high: 2 } },
    { expression: 'part_deta', weight: 'abs(part_deta[round(abs(part_deta) * 12) - 2])', axis: { bins: 8, low: -1, high: 1 } },
    // Each row's first three elements, by their place.
    { expression: 'part_deta * local_index(part_deta)', elementCut: 'local_index(part_deta) < 3', axis: { bins: 8, low: -2, high: 2 } },
    // A constant, once per entry (ROOT's Draw("1", "w*(cut)"): a yield), with and without columns read.
    { expression: '1', weight: 'part_deta[0] + 1', entryCut: 'part_deta[1] > 0', axis: { bins: 3, low: 0, high: 3 } },
    { expression: '2 * pi', entryCut: 'jet_pt > 50', axis: { bins: 4, low: 0, high: 8 } },
    // Cut flows: counted over every row read, those without the element the expression indexes too;
    // a condition that indexes (literally, or by a computed index) fails the rows without its element.
    { expression: 'part_deta[8]', entryCut: 'sum(part_deta) > 0 and max(part_deta) < 0.95', axis: { bins: 4, low: -1, high: 1 } },
    { expression: 'part_deta', entryCut: 'max(part_deta) > 0.4 and (part_deta[1] > 0) and part_deta[argmin(part_deta) + 3] > -0.5 and part_deta[8] > 0 and 1', elementCut: 'part_deta > -0.5', axis: { bins: 4, low: -1, high: 1 } },
    // Weighted cut flows: a weight per entry summed at each step (one missing in some rows: skipped);
    // a weight per element has no sum per entry, so none.
    { expression: 'part_deta', weight: 'abs(part_deta[0]) + 1', entryCut: 'max(part_deta) > 0.4 and sum(part_deta) > -1', axis: { bins: 4, low: -1, high: 1 } },
    { expression: 'part_deta', weight: 'part_deta[argmin(part_deta) + 3] + 2', entryCut: 'max(part_deta) > 0.4 and part_deta[1] > 0', axis: { bins: 4, low: -1, high: 1 } },
    { expression: 'part_deta', weight: 'part_deta ** 2', entryCut: 'max(part_deta) > 0.4 and sum(part_deta) > -1', axis: { bins: 4, low: -1, high: 1 } },
  ];
  for (const c of cases) {
    it(`prints the worker's counts for ${c.expression}${[c.entryCut, c.elementCut].some(Boolean) ? ` {${[c.entryCut, c.elementCut].filter(Boolean).join(' && ')}}` : ''}${c.weight ? ` weighted by ${c.weight}` : ''} (NumPy, run)`, async () => {
      const file = path.join(NPY, 'jets.npz');
      const ours = (await runDataJob({ op: 'histogram', file, expression: c.expression, entryCut: c.entryCut, elementCut: c.elementCut, weight: c.weight, axis: c.axis })) as HistogramResult;
      const script = copyAsPython({ file, format: 'npz', expression: c.expression, entryCut: c.entryCut, elementCut: c.elementCut, weight: c.weight, axis: c.axis, weightedCutflow: ours.cutflowSumw !== undefined }, ['jet_pt', 'part_deta', 'fortran_f8']);
      const scriptFile = path.join(tmp, 'plot.py');
      writeFileSync(scriptFile, script);
      const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
      const [, entries, underflow, overflow] = /entries (\d+), underflow ([\d.e+-]+), overflow ([\d.e+-]+)/.exec(printed[0]) ?? [];
      // Sums of weights: the same up to the order they were added in.
      const near = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-9 * Math.max(1, Math.abs(b[i])));
      assert.ok(near(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1)), `${printed[1]}\n${ours.histogram.sumw.slice(1, -1)}\n${script}`);
      assert.ok(near([Number(underflow), Number(overflow)], [ours.histogram.sumw[0], ours.histogram.sumw[c.axis.bins + 1]]), printed[0]);
      assert.equal(Number(entries), ours.histogram.entries - ours.histogram.nan);
      assertSameCutflow(printed, ours.cutflow, ours.entriesRead, script, ours.cutflowSumw);
    });
  }

  it('counts the cut flow of the cases above that have one: some rows pass each step and some fail', async () => {
    const file = path.join(NPY, 'jets.npz');
    const results = await Promise.all(
      cases.filter((c) => / and /.test(c.entryCut ?? '')).map(async (c) => (await runDataJob({ op: 'histogram', file, expression: c.expression, entryCut: c.entryCut, weight: c.weight, axis: c.axis })) as HistogramResult),
    );
    const flows = results.map((r) => r.cutflow!);
    assert.equal(flows.length, 6);
    // Weighted per entry: sums of weights, the steps' falling; per element: none.
    assert.ok(results[3].cutflowSumw! > results[3].cutflow![0].sumw! && results[3].cutflow![0].sumw! > results[3].cutflow![1].sumw! && results[3].cutflow![1].sumw! > 0, JSON.stringify(results[3]));
    assert.deepEqual([results[5].cutflowSumw, results[5].cutflow![0].sumw], [undefined, undefined]);
    // The first step passes some rows, not all; the index past the rows' end fails every one.
    results.forEach((r) => assert.ok(r.cutflow![0].passed > 0 && r.cutflow![0].passed < r.entriesRead, JSON.stringify(r.cutflow)));
    // The expression's index lacks in every row, the cut flow counts them all the same.
    assert.ok(results[1].cutflow![1].passed > 0 && results[1].entriesKept === 0, JSON.stringify(results[1].cutflow));
    assert.deepEqual(flows[2].map((s) => s.cut), ['max(part_deta) > 0.4', '(part_deta[1] > 0)', 'part_deta[argmin(part_deta) + 3] > -0.5', 'part_deta[8] > 0', '1']);
    assert.ok(flows[2][2].passed < flows[2][1].passed && flows[2][2].passed > 0, JSON.stringify(flows[2]));
    assert.equal(flows[2][3].passed, 0);
  });

  it('fits a weighted histogram in its script with the errors the explorer used, √Σw², to the same χ² (NumPy + iminuit, run)', async () => {
    const file = path.join(NPY, 'jets.npz');
    const spec = { expression: 'part_deta', weight: 'abs(part_deta[0]) + 0.5', axis: { bins: 10, low: -1, high: 1 } };
    const ours = (await runDataJob({ op: 'histogram', file, ...spec })) as HistogramResult;
    const fit = fitHistogram(ours.histogram, { model: 'pol1', method: 'chi2' });
    const scriptFile = path.join(tmp, 'weighted-fit.py');
    writeFileSync(scriptFile, withFit(copyAsPython({ file, format: 'npz', ...spec }, ['jet_pt', 'part_deta', 'fortran_f8']), fit, 'numpyWeighted'));
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' });
    const [, chi2, ndf] = /chi2 \/ ndf = (\S+) \/ (\d+)/.exec(printed) ?? [];
    assert.ok(Math.abs(Number(chi2) - fit.chi2) <= 1e-4 * Math.max(1, fit.chi2), `χ² ${chi2} by MINUIT, ${fit.chi2} here`);
    assert.equal(Number(ndf), fit.ndf);
    // √n would have been wrong here: the weights are not 1.
    assert.ok(ours.histogram.sumw2.some((w2, i) => Math.abs(w2 - ours.histogram.sumw[i]) > 1e-6));
  });

  it('prints the worker’s counts where an array has rows of no values: min and max are NaN there, as in the explorer (NumPy, run)', async () => {
    const file = path.join(tmp, 'empty_rows.npz');
    execFileSync(PYTHON, ['-c', `import numpy as np; np.savez(${JSON.stringify(file)}, a=np.zeros((5, 0)), b=np.arange(5.0))`]);
    for (const c of [
      { expression: 'b', entryCut: 'not (max(a) > 0) and isnan(min(a))' },
      { expression: 'b + len(a) + sum(a)', entryCut: 'all(a > 0) and not any(a > 0)' },
      { expression: 'min(a)', entryCut: '' },
    ]) {
      const axis = { bins: 5, low: 0, high: 5 };
      const ours = (await runDataJob({ op: 'histogram', file, ...c, axis })) as HistogramResult;
      const script = copyAsPython({ file, format: 'npz', ...c, axis }, ['a', 'b']);
      const scriptFile = path.join(tmp, 'empty_rows.py');
      writeFileSync(scriptFile, script);
      const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
      assert.deepEqual(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1), script);
      assert.equal(Number(/^entries (\d+)/.exec(printed[0])![1]), ours.histogram.entries - ours.histogram.nan);
      assertSameCutflow(printed, ours.cutflow, ours.entriesRead, script);
    }
  });

  it('prints the worker’s counts for a 0-d array, one entry (NumPy, run)', async () => {
    const file = path.join(NPY, 'scalar_f8.npy');
    const axis = { bins: 4, low: -10, high: 10 };
    const ours = (await runDataJob({ op: 'histogram', file, expression: 'scalar_f8 * 2', axis })) as HistogramResult;
    const scriptFile = path.join(tmp, 'scalar.py');
    writeFileSync(scriptFile, copyAsPython({ file, format: 'npy', expression: 'scalar_f8 * 2', axis }, ['scalar_f8']));
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
    const [, entries, underflow, overflow] = /entries (\d+), underflow (\d+), overflow (\d+)/.exec(printed[0]) ?? [];
    assert.deepEqual([Number(entries), Number(underflow), Number(overflow)], [ours.histogram.entries, ours.histogram.sumw[0], ours.histogram.sumw[axis.bins + 1]]);
    assert.deepEqual(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1));
    assert.equal(ours.histogram.entries, 1);
  });

  it('bins values on decimal edges as the explorer does, ROOT’s way (0.3 of [0, 1) by 10 bins is in [0.3, 0.4)): 1-D and 2-D (NumPy, run)', async () => {
    // Tenths, hundredths and an η-like axis: np.histogram's linspace edges put some of these in the bin below.
    const file = path.join(tmp, 'edges.npz');
    execFileSync(PYTHON, ['-c', `import numpy as np; k = np.arange(1000.0); np.savez(${JSON.stringify(file)}, a=k / 100 - 2.5, b=k / 1000)`]);
    for (const [expression, axis] of [['a', { bins: 50, low: -2.5, high: 2.5 }], ['b', { bins: 10, low: 0, high: 1 }], ['a', { bins: 100, low: -2.5, high: 7.5 }]] as const) {
      const ours = (await runDataJob({ op: 'histogram', file, expression, axis })) as HistogramResult;
      const scriptFile = path.join(tmp, 'edges.py');
      writeFileSync(scriptFile, copyAsPython({ file, format: 'npz', expression, axis }, ['a', 'b']));
      const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
      assert.deepEqual(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1), `${expression} in ${JSON.stringify(axis)}`);
    }
    const x = { bins: 10, low: 0, high: 1 };
    const y = { bins: 50, low: -2.5, high: 2.5 };
    const ours = (await runDataJob({ op: 'histogram', file, expression: 'b', yExpression: 'a', axis: x, yAxis: y })) as HistogramResult;
    const scriptFile = path.join(tmp, 'edges2d.py');
    writeFileSync(scriptFile, copyAsPython2D({ file, format: 'npz', expression: 'b', yExpression: 'a', axis: x, yAxis: y }, ['a', 'b']));
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
    const nx = x.bins + 2;
    // Rows are y bins, x fastest, as the explorer lists them.
    const cells = Array.from({ length: y.bins }, (_, iy) => Array.from({ length: x.bins }, (_, ix) => ours.histogram2d!.sumw[(iy + 1) * nx + ix + 1]));
    assert.deepEqual(JSON.parse(printed[1]), cells);
  });

  it("fills hist at the centre of ROOT's bin of each value: root_bins, run with an axis's edges (awkward scripts cannot run here)", () => {
    const script = copyAsPython({ file: '/d/HZZ.root', format: 'root', tree: 'events', expression: 'NJet', axis: { bins: 100, low: 0, high: 100 } }, ['NJet']).split('\n');
    const start = script.indexOf('def root_bins(axis, x):');
    const helper = script.slice(start, script.indexOf('    return x', start) + 1).join('\n');
    const check = [
      'import numpy as np',
      helper,
      'class Axis:',
      '    def __init__(self, bins, low, high):',
      '        self.edges = np.linspace(low, high, bins + 1)',
      '        self.bins = bins',
      '    def __len__(self):',
      '        return self.bins',
      'print(root_bins(Axis(100, 0, 100), [29.0, 57.0, -1.0, 100.0, 99.999]).tolist())',
      'print(root_bins(Axis(10, 0, 1), [0.3, 0.7]).tolist())',
    ].join('\n');
    const printed = execFileSync(PYTHON, ['-c', check], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l) as number[]);
    assert.deepEqual(printed[0], [29.5, 57.5, -1, 100, 99.5]);
    assert.deepEqual(printed[1].map((v) => Math.round(v * 1000) / 1000), [0.35, 0.75]);
  });

  it('prints the dataset histogram’s counts for two archives, read one at a time (NumPy, run)', async () => {
    const files = ['jets.npz', 'jets_compressed.npz'].map((n) => path.join(NPY, n));
    const spec = { expression: 'part_deta * 3', entryCut: 'len(part_deta) > 0 and part_deta[0] < 0.5', elementCut: 'part_deta > -0.5', axis: { bins: 15, low: -2, high: 4 } };
    const ours = await histogramDataset({ files: files.map((file) => ({ file, bytes: statSync(file).size })), ...spec }, (job) => runDataJob(job) as never);
    const script = copyAsPython({ file: files[0], files, format: 'npz', ...spec }, ['jet_pt', 'part_deta', 'fortran_f8']);
    assert.match(script, /^for path in FILES:$/m);
    const scriptFile = path.join(tmp, 'dataset.py');
    writeFileSync(scriptFile, script);
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
    const [, entries, underflow, overflow] = /entries (\d+), underflow (\d+), overflow (\d+)/.exec(printed[0]) ?? [];
    assert.deepEqual(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1), script);
    assert.deepEqual([Number(entries), Number(underflow), Number(overflow)], [ours.histogram.entries - ours.histogram.nan, ours.histogram.sumw[0], ours.histogram.sumw[16]]);
    assertSameCutflow(printed, ours.cutflow, ours.entriesRead, script);
    assert.equal(ours.cutflow?.length, 2);
  });

  it("writes the entry cut's cut flow, counted before entries without an indexed element are left out, printed before the plot (ROOT)", () => {
    const script = copyAsPython({ file: '/data/HZZ.root', format: 'root', tree: 'events', expression: 'Jet_Px[0]', entryCut: 'NJet >= 1 and MET_px > 0 and Muon_Px[1] > 0', axis: { bins: 4, low: -1, high: 1 } }, ['Jet_Px', 'NJet', 'MET_px', 'Muon_Px']);
    const at = lineFinder(script);
    at('    "Muon_Px[1] > 0",');
    // Counted on what was read: all entries, then the condition that indexes on those with two muons.
    assert.ok(at('n = len(arrays["Jet_Px"])') < at('has = (ak.num(arrays["Jet_Px"], axis=1) >= 1) & (ak.num(arrays["Muon_Px"], axis=1) >= 2)'));
    at('step = per_entry((arrays["MET_px"] > 0), n, False)');
    // A parquet null (None) is filled before NumPy takes the values: False in a condition, NaN in a weight.
    at('        x = ak.to_numpy(ak.fill_none(x, fill))');
    assert.ok(at('at = at[ak.to_numpy(has)]') < at('step[at] = per_entry((sub["Muon_Px"][:, 1] > 0), len(at), False)'));
    assert.ok(at('step = np.zeros(n, dtype=bool)') < at('step[at] = per_entry((sub["Muon_Px"][:, 1] > 0), len(at), False)'));
    assert.ok(at('cutflow_passed[2] += int(np.sum(passing))') < at('for cut, passed in zip(CUTS, cutflow_passed):'));
    assert.ok(at('for cut, passed in zip(CUTS, cutflow_passed):') < at('h.plot1d()'));
    // A parquet dataset: counted in each file's pass of the loop, printed once at the end.
    const dataset = copyAsPython({ file: '/d/a.parquet', files: ['/d/a.parquet', '/d/b.parquet'], format: 'parquet', expression: 'pt', entryCut: 'pt > 20 and eta < 2', axis: { bins: 4, low: 0, high: 100 } }, ['pt', 'eta']).split('\n');
    assert.ok(dataset.indexOf('cutflow_read, cutflow_passed = 0, [0] * len(CUTS)') < dataset.indexOf('for path in FILES:'));
    assert.ok(dataset.includes('    cutflow_passed[1] += int(np.sum(passing))'));
    assert.ok(dataset.includes('for cut, passed in zip(CUTS, cutflow_passed):'));
    // One condition: no cut flow, as in the explorer.
    assert.doesNotMatch(copyAsPython({ file: '/d/a.parquet', format: 'parquet', expression: 'pt', entryCut: 'pt > 20 or eta < 2', axis: { bins: 4, low: 0, high: 100 } }, ['pt', 'eta']), /CUTS/);
  });

  it('writes a ROOT dataset as uproot.iterate over the files, one histogram filled step by step', () => {
    const script = copyAsPython({ file: '/data/a.root', files: ['/data/a.root', '/data/b.root'], format: 'root', tree: 'events', expression: 'Jet_Px', elementCut: 'Jet_Px > 20', axis: { bins: 20, low: -100, high: 100 } }, ['Jet_Px']);
    for (const line of ['FILES = [', '    "/data/b.root",', 'for arrays in uproot.iterate({f: "events" for f in FILES}, ["Jet_Px"], step_size="100 MB"):', '    values = arrays["Jet_Px"]', '    h.fill(root_bins(h.axes[0], ak.to_numpy(filled[ok])))']) {
      assert.ok(script.split('\n').includes(line), `${line}\n--- in ---\n${script}`);
    }
  });

  it('writes awkward (pyarrow) + hist for parquet: the columns it needs, both cuts, file by file for a dataset', () => {
    const one = copyAsPython({ file: '/data/jets.parquet', format: 'parquet', expression: 'part_deta', entryCut: 'jet_nparticles >= 3', elementCut: 'part_deta > 0', axis: { bins: 16, low: -1.6, high: 1.6 } }, ['part_deta', 'jet_nparticles']);
    for (const line of ['arrays = ak.from_parquet("/data/jets.parquet", columns=["part_deta","jet_nparticles"])', 'entry_cut = (arrays["jet_nparticles"] >= 3)', 'element_cut = (arrays["part_deta"] > 0)']) {
      assert.ok(one.split('\n').includes(line), `${line}\n--- in ---\n${one}`);
    }
    assert.doesNotMatch(one, /uproot/);
    const many = copyAsPython({ file: '/data/a.parquet', files: ['/data/a.parquet', '/data/b.parquet'], format: 'parquet', expression: 'jet_pt', axis: { bins: 10, low: 0, high: 500 } }, ['jet_pt']);
    assert.ok(many.split('\n').includes('    arrays = ak.from_parquet(path, columns=["jet_pt"])'), many);
  });

  it('writes h5py + NumPy for an HDF5 group, and its script prints the worker’s counts (run)', async () => {
    const file = path.resolve(NPY, '..', 'hdf5', 'jets.h5');
    const spec = { file, format: 'hdf5' as const, tree: '/particles', expression: 'deta * 2', entryCut: 'n >= 3', elementCut: 'deta > 0', axis: { bins: 12, low: -1, high: 3 } };
    const script = copyAsPython(spec, ['n', 'deta', 'names']);
    assert.ok(script.split('\n').includes('    data = {name: np.asarray(f["/particles"][name], dtype=np.float64) for name in ["deta","n"]}'), script);
    const ours = (await runDataJob({ op: 'histogram', file, tree: '/particles', expression: spec.expression, entryCut: spec.entryCut, elementCut: spec.elementCut, axis: spec.axis })) as HistogramResult;
    const scriptFile = path.join(tmp, 'hdf5.py');
    writeFileSync(scriptFile, script);
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1), script);
  });

  it('writes uproot + awkward + hist for a ROOT tree: the branches it needs, the cut, ROOT binning', () => {
    const script = copyAsPython({ file: '/data/HZZ.root', format: 'root', tree: 'events', expression: 'sqrt(Jet_Px**2 + Jet_Py**2)', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20', axis: { bins: 50, low: 0, high: 250 } }, ['Jet_Px', 'Jet_Py', 'NJet']);
    for (const line of [
      'import uproot',
      'with uproot.open("/data/HZZ.root") as f:',
      '    arrays = f["events"].arrays(["Jet_Px","Jet_Py","NJet"])',
      'values = np.sqrt(((arrays["Jet_Px"] ** 2) + (arrays["Jet_Py"] ** 2)))',
      'element_cut = (arrays["Jet_Px"] > 20)',
      'entry_cut = (arrays["NJet"] >= 2)',
      'values = values[entry_cut]',
      'element_cut = element_cut[entry_cut]',
      'values = values[element_cut]',
      'filled = ak.flatten(values, axis=None)',
      'h = hist.Hist.new.Reg(50, 0, 250, name="x", label="sqrt(Jet_Px**2 + Jet_Py**2)").Double()',
    ]) {
      assert.ok(script.split('\n').includes(line), `${line}\n--- in ---\n${script}`);
    }
  });

  it('writes an index as awkward does, after leaving out the entries without the element (ROOT)', () => {
    const script = copyAsPython({ file: '/data/HZZ.root', format: 'root', tree: 'events', expression: 'sqrt((Muon_E[0] + Muon_E[1])**2 - (Muon_Px[0] + Muon_Px[1])**2)', entryCut: 'Jet_Px[-1] > 20', axis: { bins: 60, low: 60, high: 120 } }, ['Muon_E', 'Muon_Px', 'Jet_Px']);
    const at = lineFinder(script);
    const filter = at('has = (ak.num(arrays["Muon_E"], axis=1) >= 2) & (ak.num(arrays["Muon_Px"], axis=1) >= 2) & (ak.num(arrays["Jet_Px"], axis=1) >= 1)');
    assert.deepEqual(script.split('\n').slice(filter + 1, filter + 3), ['for name in ["Muon_E","Muon_Px","Jet_Px"]:', '    arrays[name] = arrays[name][has]']);
    assert.ok(filter < at('values = np.sqrt((((arrays["Muon_E"][:, 0] + arrays["Muon_E"][:, 1]) ** 2) - ((arrays["Muon_Px"][:, 0] + arrays["Muon_Px"][:, 1]) ** 2)))'));
    at('entry_cut = (arrays["Jet_Px"][:, -1] > 20)');
    // An index inside another's argument is checked once the first is.
    const nested = copyAsPython({ file: '/data/HZZ.root', format: 'root', tree: 'events', expression: '(Jet_Px - Jet_Px[0])[1]', axis: { bins: 10, low: 0, high: 1 } }, ['Jet_Px']).split('\n');
    const checks = nested.filter((l) => l.startsWith('has = '));
    assert.deepEqual(checks, ['has = (ak.num(arrays["Jet_Px"], axis=1) >= 1)', 'has = (ak.num((arrays["Jet_Px"] - arrays["Jet_Px"][:, 0]), axis=1) >= 2)']);
  });

  it('writes a computed index with its take() helper, None filled as NaN (values) or False (cuts), ak.count for len (ROOT)', () => {
    const script = copyAsPython(
      { file: '/data/nano.root', format: 'root', tree: 'Events', expression: 'Muon_pt / Jet_pt[Muon_jetIdx]', entryCut: 'len(Jet_pt[Muon_jetIdx]) >= 1', elementCut: 'Jet_pt[Muon_jetIdx] > 20', weight: 'Jet_pt[argmax(Jet_pt)]', axis: { bins: 20, low: 0, high: 2 } },
      ['Muon_pt', 'Jet_pt', 'Muon_jetIdx'],
    );
    const at = lineFinder(script);
    // The helper, defined after the imports and before its use.
    assert.ok(at('import uproot') < at('def take(x, k):'));
    at('    k = ak.mask(k, ak.fill_none((k >= 0) & (k < count), False))');
    at('    return ak.firsts(x[ak.singletons(k)]) if k.ndim == 1 else x[k]');
    assert.ok(at('def take(x, k):') < at('values = ak.fill_none((arrays["Muon_pt"] / take(arrays["Jet_pt"], arrays["Muon_jetIdx"])), np.nan)'));
    at('weights = ak.values_astype(ak.fill_none(take(arrays["Jet_pt"], ak.argmax(ak.nan_to_none(arrays["Jet_pt"]), axis=1)), np.nan), np.float64)');
    at('entry_cut = ak.fill_none((ak.count(take(arrays["Jet_pt"], arrays["Muon_jetIdx"]), axis=1) >= 1), False)');
    at('element_cut = ak.fill_none((take(arrays["Jet_pt"], arrays["Muon_jetIdx"]) > 20), False)');
    // Each element's place, as awkward numbers it.
    const first4 = copyAsPython({ file: '/data/nano.root', format: 'root', tree: 'Events', expression: 'Jet_pt', elementCut: 'local_index(Jet_pt) < 4', axis: { bins: 2, low: 0, high: 1 } }, ['Jet_pt']).split('\n');
    assert.ok(first4.includes('element_cut = (ak.local_index(arrays["Jet_pt"], axis=1) < 4)'), first4.join('\n'));
    // A constant is filled once per entry (ROOT's Draw("1", "w*(cut)")): the script counts the entries by a branch it reads.
    const yields = copyAsPython({ file: '/data/nano.root', format: 'root', tree: 'Events', expression: '1', axis: { bins: 2, low: 0, high: 2 } }, ['Muon_pt', 'Jet_pt']).split('\n');
    assert.ok(yields.includes('    arrays = f["Events"].arrays(["Muon_pt"])'), yields.join('\n'));
    assert.ok(yields.includes('values = ak.Array(np.full(len(arrays["Muon_pt"]), 1, dtype=np.float64))'), yields.join('\n'));
    // Without a computed index, no helper and no filling.
    assert.ok(!copyAsPython({ file: '/data/nano.root', format: 'root', tree: 'Events', expression: 'Jet_pt[0]', axis: { bins: 2, low: 0, high: 1 } }, ['Jet_pt']).includes('take'));
  });

  it('weighs the fills with hist’s Weight storage, the weights cut and flattened with the values (ROOT)', () => {
    const script = copyAsPython({ file: '/data/HZZ.root', format: 'root', tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20', weight: 'EventWeight', axis: { bins: 20, low: -100, high: 100 } }, ['Jet_Px', 'NJet', 'EventWeight']);
    const lines = script.split('\n');
    for (const line of [
      '    arrays = f["events"].arrays(["Jet_Px","NJet","EventWeight"])',
      'weights = ak.values_astype(arrays["EventWeight"], np.float64)',
      'values, weights = ak.broadcast_arrays(values, weights)',
      'values = values[entry_cut]',
      'weights = weights[entry_cut]',
      'weights = weights[element_cut]',
      'w = ak.flatten(weights, axis=None)',
      'h = hist.Hist.new.Reg(20, -100, 100, name="x", label="Jet_Px").Weight()',
      'h.fill(root_bins(h.axes[0], ak.to_numpy(filled[ok])), weight=ak.to_numpy(w[ok]))',
      'plt.title("Jet_Px {EventWeight * (NJet >= 2 && Jet_Px > 20)}")',
    ]) {
      assert.ok(lines.includes(line), `${line}\n--- in ---\n${script}`);
    }
  });

  it('translates ROOT reductions and conditions to awkward as the evaluator computes them', () => {
    const col = (n: string) => `a["${n}"]`;
    const ak = (text: string, condition = false) => pythonExpression(parseExpression(text), 'awkward', col, condition);
    assert.equal(ak('Length$(Jet_Px) >= 2'), '(ak.num(a["Jet_Px"], axis=1) >= 2)');
    assert.equal(ak('Max$(Jet_Px)'), 'ak.fill_none(ak.max(a["Jet_Px"], axis=1), np.nan)');
    assert.equal(ak('any(Jet_Px)'), 'ak.any(((a["Jet_Px"] != 0) & ~np.isnan(a["Jet_Px"])), axis=1)');
    assert.equal(ak('MET_px', true), '((a["MET_px"] != 0) & ~np.isnan(a["MET_px"]))');
    assert.equal(ak('not NJet > 1 or x % 2 == 1'), '((~(a["NJet"] > 1)) | (np.fmod(a["x"], 2) == 1))');
  });
});
