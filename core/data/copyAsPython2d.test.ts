// Copy as Python for 2-D histograms: the NumPy and h5py scripts are run with Debian's Python and must
// print the very cells the data worker filled (pairs broadcast, both cuts, ROOT's bins on both axes);
// the uproot/awkward script is checked line by line (those libraries are not installed here).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyAsPython2D, type PlotSpec2D } from './copyAsPython2d';
import type { Histogram2DData } from './histogram';
import { Profile } from './profile';
import type { ProfileErrors } from '../protocol/dataExplorerMessages';
import { fitHistogram } from './fit/histogramFit';
import { withFit } from './fit/fitPython';
import { withFit2D } from './fit/fitPython2d';
import { fitHistogram2D } from './fit/histogramFit2d';
import { type HistogramResult, runDataJob } from './workers/dataJobs';
import { assertSameCutflow, lineFinder } from '../testing/pythonScripts';

const DATA = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data');
const PYTHON = '/usr/bin/python3';

/** The cells inside both ranges, as rows of y bins (x fastest), the layout the scripts print. */
function innerCells(h: Histogram2DData): number[][] {
  const nx = h.x.bins + 2;
  return Array.from({ length: h.y.bins }, (_, iy) => Array.from({ length: h.x.bins }, (_, ix) => h.sumw[(iy + 1) * nx + ix + 1]));
}

describe('Copy as Python (2-D)', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-py2d-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const cases: { name: string; spec: PlotSpec2D; known: string[] }[] = [
    {
      name: 'npz: a 2-d array against a per-entry sum (broadcast), an entry and an element cut',
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: 'sum(part_deta) * 2', entryCut: 'len(part_deta) > 0', elementCut: 'part_deta > -0.5', axis: { bins: 8, low: -1, high: 1 }, yAxis: { bins: 6, low: -6, high: 6 } },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
    },
    {
      name: 'HDF5: a (400, 16) dataset against the per-entry count (broadcast)',
      spec: { file: path.join(DATA, 'hdf5', 'jets.h5'), format: 'hdf5', tree: '/particles', expression: 'deta', yExpression: 'n', entryCut: 'n >= 3 and deta[2] > -0.5', elementCut: 'deta != 0', axis: { bins: 10, low: -1.5, high: 1.5 }, yAxis: { bins: 17, low: -0.5, high: 16.5 } },
      known: ['n', 'deta', 'names'],
    },
    {
      name: 'npz: weighted by a condition (1 or 0, as ROOT\'s w*(cut)), the 0s not filled',
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: 'sum(part_deta)', weight: 'part_deta > 0', axis: { bins: 8, low: -1, high: 1 }, yAxis: { bins: 6, low: -3, high: 3 } },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
    },
    {
      name: 'npz: weighted by a value per entry, through both cuts',
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: 'mean(part_deta)', entryCut: 'part_deta[0] > -0.9 and sum(part_deta) < 1', elementCut: 'part_deta > -0.5', weight: 'abs(part_deta[1]) + 0.5', axis: { bins: 8, low: -1, high: 1 }, yAxis: { bins: 6, low: -1, high: 1 } },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
    },
    {
      name: "npz: each row's first element against the others above its third (indexed, broadcast)",
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta[0]', yExpression: 'part_deta', entryCut: 'part_deta[-1] > -0.8', elementCut: 'part_deta > part_deta[2]', axis: { bins: 8, low: -1, high: 1 }, yAxis: { bins: 6, low: -1, high: 1 } },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
    },
    {
      name: 'npz: each element against the one its value names (computed index, some masked), weighted by the row\'s largest',
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: 'part_deta[round(abs(part_deta) * 12) - 2]', elementCut: 'part_deta[round(abs(part_deta) * 12) - 2] != 0', weight: 'part_deta[argmax(part_deta)] + 1', axis: { bins: 8, low: -1, high: 1 }, yAxis: { bins: 6, low: -1, high: 1 } },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
    },
    {
      // A constant on either axis: one value per entry meets each element, as the explorer fills it.
      name: 'npz: each element against a constant y (2·pi)',
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: '2 * pi', axis: { bins: 4, low: -1, high: 1 }, yAxis: { bins: 4, low: 0, high: 8 } },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
    },
    {
      name: 'npz: a constant x (1) against each element',
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: '1', yExpression: 'part_deta', axis: { bins: 4, low: 0, high: 2 }, yAxis: { bins: 4, low: -1, high: 1 } },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
    },
  ];
  for (const c of cases) {
    it(`prints the worker's cells: ${c.name} (run)`, async () => {
      const s = c.spec;
      const ours = (await runDataJob({ op: 'histogram', file: s.file, tree: s.tree, expression: s.expression, yExpression: s.yExpression, entryCut: s.entryCut, elementCut: s.elementCut, weight: s.weight, axis: s.axis, yAxis: s.yAxis })) as HistogramResult;
      const script = copyAsPython2D({ ...s, weightedCutflow: ours.cutflowSumw !== undefined }, c.known);
      const scriptFile = path.join(tmp, 'plot2d.py');
      writeFileSync(scriptFile, script);
      const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
      const h = ours.histogram2d!;
      // Sums of weights: the same up to the order they were added in (counts exactly).
      const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
      const cells = JSON.parse(printed[1]) as number[][];
      assert.ok(innerCells(h).every((row, i) => row.every((v, j) => near(cells[i][j], v))), `${printed[1]}\n${script}`);
      const stats = /entries (\d+), outside ([\d.e+-]+)/.exec(printed[0])!;
      const inside = innerCells(h).flat().reduce((a, b) => a + b, 0);
      const all = h.sumw.reduce((a, b) => a + b, 0);
      assert.equal(Number(stats[1]), h.entries - h.nan);
      assert.ok(near(Number(stats[2]), all - inside), `${stats[2]} outside, ${all - inside} here`);
      assert.ok(inside > 0, 'the case fills cells');
      assertSameCutflow(printed, ours.cutflow, ours.entriesRead, script, ours.cutflowSumw);
      assert.equal(ours.cutflow?.length, / and /.test(s.entryCut ?? '') ? 2 : undefined);
    });
  }

  it('writes uproot + awkward for a ROOT tree: both expressions broadcast, both cuts, one loop over the files', () => {
    const script = copyAsPython2D({ file: '/data/HZZ.root', format: 'root', tree: 'events', expression: 'Jet_Px', yExpression: 'MET_px', elementCut: 'Jet_Px > 20', axis: { bins: 40, low: -100, high: 100 }, yAxis: { bins: 40, low: -50, high: 50 } }, ['Jet_Px', 'MET_px']);
    for (const line of ['for arrays in uproot.iterate({f: "events" for f in FILES}, ["Jet_Px","MET_px"], step_size="100 MB"):', '    x, y = ak.broadcast_arrays(x, y)', '    x = x[element_cut]', '    y = y[element_cut]', 'plt.pcolormesh(np.linspace(XLOW, XHIGH, XBINS + 1), np.linspace(YLOW, YHIGH, YBINS + 1), counts.T)']) {
      assert.ok(script.split('\n').includes(line), `${line}\n--- in ---\n${script}`);
    }
  });

  // Each case with some of ROOT's error options, the default first.
  const profiles: { name: string; spec: PlotSpec2D; known: string[]; errors: ProfileErrors[] }[] = [
    {
      // 40 bins for 160 values: some bins hold one fill, without spread.
      name: 'npz: the mean of each row\'s sum in bins of its elements, both cuts',
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: 'sum(part_deta) * 2', entryCut: 'len(part_deta) > 0 and sum(part_deta) < 1', elementCut: 'part_deta > -0.5', axis: { bins: 40, low: -1, high: 1 }, profile: true },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
      errors: ['mean', 'integer'],
    },
    {
      name: 'HDF5: the mean count of particles in bins of their deta, weighted per entry',
      spec: { file: path.join(DATA, 'hdf5', 'jets.h5'), format: 'hdf5', tree: '/particles', expression: 'deta', yExpression: 'n', elementCut: 'deta != 0', weight: 'n / 4', axis: { bins: 10, low: -1.5, high: 1.5 }, profile: true },
      known: ['n', 'deta', 'names'],
      errors: ['mean', 'spread', 'weights'],
    },
    {
      // TProfile's ylow, yup: the pairs whose y is outside [-1, 1.5] are not filled; one side open below.
      name: 'npz: each element against its row\'s sum within y limits',
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: 'sum(part_deta)', axis: { bins: 10, low: -1, high: 1 }, profile: true, yLimits: { low: -1, high: 1.5 } },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
      errors: ['mean', 'spread'],
    },
    {
      name: 'npz: the same above a lower y limit only',
      spec: { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: 'sum(part_deta)', axis: { bins: 10, low: -1, high: 1 }, profile: true, yLimits: { low: 0, high: Infinity } },
      known: ['jet_pt', 'part_deta', 'fortran_f8'],
      errors: ['mean'],
    },
  ];
  for (const c of profiles) {
    it(`prints the worker's profile, each bin's mean and error (${c.errors.join(', ')}): ${c.name} (run)`, async () => {
      for (const errors of c.errors) await profileRun(c.spec, c.known, errors);
    });
  }
  async function profileRun(spec: PlotSpec2D, known: string[], errors: ProfileErrors): Promise<void> {
    const s = { ...spec, profileErrors: errors };
    const ours = (await runDataJob({ op: 'histogram', file: s.file, tree: s.tree, expression: s.expression, yExpression: s.yExpression, entryCut: s.entryCut, elementCut: s.elementCut, weight: s.weight, axis: s.axis, profile: true, yLimits: s.yLimits })) as HistogramResult;
    if (s.yLimits) {
      // The limits leave pairs out: fewer entries than without them.
      const all = (await runDataJob({ op: 'histogram', file: s.file, tree: s.tree, expression: s.expression, yExpression: s.yExpression, axis: s.axis, profile: true })) as HistogramResult;
      assert.ok(Profile.fromData(ours.profile!).entries < Profile.fromData(all.profile!).entries, 'the limits leave some pairs out');
    }
    const script = copyAsPython2D(s, known);
    const scriptFile = path.join(tmp, 'profile.py');
    writeFileSync(scriptFile, script);
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
    const p = Profile.fromData(ours.profile!);
    const { means, errors2 } = p.bins(errors);
    const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    const list = (label: string): number[] => JSON.parse(printed.find((l) => l.startsWith(`${label} [`))!.slice(label.length + 1)) as number[];
    const inRange = (a: readonly number[]): number[] => a.slice(1, -1);
    for (const [label, want] of [['mean', inRange(means)], ['error', inRange(errors2).map(Math.sqrt)], ['entries per bin', inRange(ours.profile!.sumw)]] as const) {
      const got = list(label);
      assert.equal(got.length, want.length, label);
      assert.ok(got.every((v, i) => near(v, want[i])), `${errors} ${label}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}\n${script}`);
    }
    assert.ok(errors2.some((e) => e > 0), 'the case has bins with a spread');
    if (errors === 'integer') assert.ok(errors2.some((e, i) => e > 0 && p.bins().errors2[i] === 0), 'the case has a filled bin without spread, whose error the option gives');
    const stats = /entries (\d+), outside ([\d.e+-]+)/.exec(printed[printed.findIndex((l) => l.startsWith('entries '))])!;
    assert.equal(Number(stats[1]), p.entries - p.nan);
    assert.ok(near(Number(stats[2]), p.statistics().outside));
    assertSameCutflow(printed, ours.cutflow, ours.entriesRead, script);
    assert.equal(ours.cutflow?.length, / and /.test(s.entryCut ?? '') ? 2 : undefined);
  }

  it("fits a profile in its script to the means with their errors, as the explorer did, to the same χ² (NumPy + iminuit, run)", async () => {
    const spec: PlotSpec2D = { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: 'sum(part_deta)', axis: { bins: 10, low: -1, high: 1 }, profile: true };
    const ours = (await runDataJob({ op: 'histogram', file: spec.file, expression: spec.expression, yExpression: spec.yExpression, axis: spec.axis, profile: true })) as HistogramResult;
    const { means, errors2 } = Profile.fromData(ours.profile!).bins();
    const fit = fitHistogram({ axis: spec.axis, sumw: means, sumw2: errors2 }, { model: 'pol1', method: 'chi2' });
    const scriptFile = path.join(tmp, 'profile-fit.py');
    writeFileSync(scriptFile, withFit(copyAsPython2D(spec, ['jet_pt', 'part_deta', 'fortran_f8']), fit, 'profile'));
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' });
    const [, chi2, ndf] = /chi2 \/ ndf = (\S+) \/ (\d+)/.exec(printed) ?? [];
    assert.ok(Math.abs(Number(chi2) - fit.chi2) <= 1e-4 * Math.max(1, fit.chi2), `χ² ${chi2} by MINUIT, ${fit.chi2} here\n${printed}`);
    assert.equal(Number(ndf), fit.ndf);
    // The means' own errors, not √n: a fit over counts would have had other errors.
    assert.ok(errors2.some((e2, i) => e2 > 0 && Math.abs(e2 - Math.abs(means[i])) > 1e-6));
  });

  it('fits a weighted 2-D histogram in its script, each cell\'s error √Σw², as the explorer did, to the same χ² (NumPy + iminuit, run)', async () => {
    const spec: PlotSpec2D = { file: path.join(DATA, 'npy', 'jets.npz'), format: 'npz', expression: 'part_deta', yExpression: 'mean(part_deta)', weight: 'abs(part_deta[1]) + 0.5', axis: { bins: 16, low: -1, high: 1 }, yAxis: { bins: 12, low: -1, high: 1 } };
    const ours = (await runDataJob({ op: 'histogram', file: spec.file, expression: spec.expression, yExpression: spec.yExpression, weight: spec.weight, axis: spec.axis, yAxis: spec.yAxis })) as HistogramResult;
    const fit = fitHistogram2D(ours.histogram2d!, { model: 'bigaus', method: 'chi2' });
    assert.ok(fit.converged);
    const scriptFile = path.join(tmp, 'fit2d.py');
    writeFileSync(scriptFile, withFit2D(copyAsPython2D(spec, ['jet_pt', 'part_deta', 'fortran_f8']), fit, 'numpyWeighted'));
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' });
    const [, chi2, ndf] = /chi2 \/ ndf = (\S+) \/ (\d+)/.exec(printed) ?? [];
    assert.ok(Math.abs(Number(chi2) - fit.chi2) <= 1e-4 * Math.max(1, fit.chi2), `χ² ${chi2} by MINUIT, ${fit.chi2} here\n${printed}`);
    assert.equal(Number(ndf), fit.ndf);
    // Weights: the cells' errors are not √n (a fit over counts would have had another χ²).
    const h = ours.histogram2d!;
    assert.ok(h.sumw.some((w, i) => w > 0 && Math.abs(h.sumw2[i] - w) > 1e-6));
  });

  it("writes a profile's sums and its points with error bars for a ROOT tree (awkward)", () => {
    const script = copyAsPython2D({ file: '/data/HZZ.root', format: 'root', tree: 'events', expression: 'Muon_Pz', yExpression: 'Muon_E', axis: { bins: 20, low: -200, high: 200 }, profile: true }, ['Muon_Pz', 'Muon_E']);
    const lines = script.split('\n');
    for (const line of ['# Reproduces the HAI profile with uproot and awkward: ROOT\'s bins on x', 'EDGES = np.linspace(XLOW, XHIGH, XBINS + 1)', '    for sums, v in ((sumw, w), (sumw2, w * w), (sumwy, w * y), (sumwy2, w * y * y)):', '        sums += np.bincount(b, weights=v[inside], minlength=XBINS)', 'plt.errorbar(centres[filled], mean[filled], xerr=(XHIGH - XLOW) / XBINS / 2, yerr=error[filled], fmt="o", markersize=3)', 'plt.title("Muon_E vs Muon_Pz")']) {
      assert.ok(lines.includes(line), `${line}\n--- in ---\n${script}`);
    }
    assert.ok(!script.includes('YBINS'), 'a profile has no y binning');
  });

  it("prints a weighted cut flow before drawing a profile without taking the name of its sums per bin (awkward)", () => {
    const script = copyAsPython2D({ file: '/data/HZZ.root', format: 'root', tree: 'events', expression: 'Muon_Pz', yExpression: 'Muon_E', entryCut: 'NMuon >= 2 and MET_px > 0', weight: 'EventWeight', weightedCutflow: true, axis: { bins: 20, low: -200, high: 200 }, profile: true }, ['Muon_Pz', 'Muon_E', 'NMuon', 'MET_px', 'EventWeight']);
    const at = lineFinder(script);
    assert.ok(at('for cut, passed, cut_sumw in zip(CUTS, cutflow_passed, cutflow_sumw):') < at('filled = sumw != 0'));
    // Nothing binds sumw but the profile's own sums.
    assert.deepEqual(script.split('\n').filter((l) => /^\s*for [^:]*\bsumw\b[^:]* in /.test(l) || /^\s*sumw\s*=[^=]/.test(l)), []);
    at('    entry_weight = per_entry(arrays["EventWeight"], n, np.nan)');
  });
});
