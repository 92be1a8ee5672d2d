// The CSV of a histogram's bins, read back with NumPy as a user would (np.genfromtxt), must give the
// worker's contents, edges and errors, the under- and overflow rows included.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Histogram1D, Histogram2D } from './histogram';
import { cutflowCsv, histogram2dCsv, histogramCsv, profileCsv } from './histogramCsv';
import { Profile } from './profile';

describe('histogram CSV', () => {
  it('lists every bin with its edges, content and error, and reads back in NumPy', () => {
    const h = new Histogram1D({ bins: 4, low: 0, high: 2 });
    h.fill(Float64Array.from([-1, 0, 0.1, 0.5, 0.5, 1.99, 2, 7]), Float64Array.from([1, 2, 1, 1, 3, 1, 1, 1]));
    const csv = histogramCsv(h.toData(), 'x {y > 1\n"z"}');
    const lines = csv.trimEnd().split('\n');
    assert.equal(lines.at(-1), '# "x {y > 1\\n\\"z\\"}": 4 bins in [0, 2)');
    assert.equal(lines.length, 2 + 4 + 2);
    const script = 'import io, sys, numpy as np\nrows = np.genfromtxt(io.StringIO(sys.stdin.read()), delimiter=",", names=True, dtype=None, encoding="utf8", comments="#")\nprint([[str(r["bin"]), float(r["low"]), float(r["high"]), float(r["content"]), round(float(r["error"]), 9)] for r in rows])';
    const printed = execFileSync('/usr/bin/python3', ['-c', script], { input: csv, encoding: 'utf8' });
    assert.equal(
      printed.trim(),
      "[['underflow', -inf, 0.0, 1.0, 1.0], ['1', 0.0, 0.5, 3.0, 2.236067977], ['2', 0.5, 1.0, 4.0, 3.16227766], ['3', 1.0, 1.5, 0.0, 0.0], ['4', 1.5, 2.0, 1.0, 1.0], ['overflow', 2.0, inf, 2.0, 1.414213562]]",
    );
  });

  it("adds a fit's function, χ² and parameters as comment lines, which NumPy skips", () => {
    const h = new Histogram1D({ bins: 4, low: 0, high: 2 });
    h.fill(Float64Array.from([0.1, 0.5, 0.5, 1.99]));
    const fit = { model: 'gaus + pol0', method: 'chi2' as const, low: 0, high: 2, names: ['Constant', 'Mean', 'Sigma', 'p3'], values: [2.5, 0.75, 0.4, 0.125], errors: [1.5, 0.25, 0.2, NaN], chi2: 0.5, ndf: 0, probability: NaN };
    const csv = histogramCsv(h.toData(), 'x', undefined, fit);
    assert.deepEqual(csv.trimEnd().split('\n').slice(-5), ['# fit gaus + pol0 by least squares in [0, 2]: chi2 / ndf = 0.5 / 0, prob = NaN', '# Constant = 2.5 +- 1.5', '# Mean = 0.75 +- 0.25', '# Sigma = 0.4 +- 0.2', '# p3 = 0.125 +- NaN']);
    const printed = execFileSync('/usr/bin/python3', ['-c', 'import io, sys, numpy as np\nprint(len(np.genfromtxt(io.StringIO(sys.stdin.read()), delimiter=",", names=True, dtype=None, encoding="utf8", comments="#")))'], { input: csv, encoding: 'utf8' });
    assert.equal(printed.trim(), String(4 + 2));
  });

  it("ends with the entry cut's cut flow as comment lines (weighted: with the sums of weights), which NumPy skips", () => {
    const h = new Histogram1D({ bins: 4, low: 0, high: 2 });
    h.fill(Float64Array.from([0.1, 0.5, 0.5, 1.99]));
    const steps = [
      { cut: 'NJet >= 2', passed: 3296, sumw: 23.5 },
      { cut: 'name == "a, b"', passed: 1604, sumw: 11.25 },
    ];
    const csv = histogramCsv(h.toData(), 'x') + cutflowCsv(steps, 9684, 67.75);
    assert.deepEqual(csv.trimEnd().split('\n').slice(-4), [
      '# cut flow: condition, entries passing it and every condition before it, sum of their weights',
      '#,all entries,9684,67.75',
      '#,"NJet >= 2",3296,23.5',
      '#,"name == ""a, b""",1604,11.25',
    ]);
    // Unweighted: no sums; without a cut flow: nothing.
    assert.deepEqual(cutflowCsv(steps.map(({ cut, passed }) => ({ cut, passed })), 9684).trimEnd().split('\n').slice(1), ['#,all entries,9684', '#,"NJet >= 2",3296', '#,"name == ""a, b""",1604']);
    // Python's csv module reads each row back whole, the quoted comma and quotes included.
    const rows = execFileSync('/usr/bin/python3', ['-c', 'import csv, sys\nprint([r for r in csv.reader(sys.stdin) if r and r[0] == "#"])'], { input: csv, encoding: 'utf8' });
    assert.equal(rows.trim(), `[['#', 'all entries', '9684', '67.75'], ['#', 'NJet >= 2', '3296', '23.5'], ['#', 'name == "a, b"', '1604', '11.25']]`);
    assert.equal(cutflowCsv(undefined, 9684), '');
    const printed = execFileSync('/usr/bin/python3', ['-c', 'import io, sys, numpy as np\nprint(len(np.genfromtxt(io.StringIO(sys.stdin.read()), delimiter=",", names=True, dtype=None, encoding="utf8", comments="#")))'], { input: csv, encoding: 'utf8' });
    assert.equal(printed.trim(), String(4 + 2));
  });

  it('lists a 2-D histogram cell by cell inside both ranges, then what fell outside', () => {
    const h = new Histogram2D({ bins: 2, low: 0, high: 2 }, { bins: 2, low: 0, high: 1 });
    h.fill(Float64Array.from([0.5, 1.5, 1.5, 5, -1]), Float64Array.from([0.25, 0.75, 0.75, 0.5, 0.5]));
    const lines = histogram2dCsv(h.toData(), 'y vs x').trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 6), ['x_bin,y_bin,x_low,x_high,y_low,y_high,content,error', '1,1,0,1,0,0.5,1,1', '2,1,1,2,0,0.5,0,0', '1,2,0,1,0.5,1,0,0', `2,2,1,2,0.5,1,2,${Math.SQRT2}`, `outside,outside,,,,,2,${Math.SQRT2}`]);
    assert.equal(lines.at(-1), '# "y vs x": 2 × 2 bins in [0, 2) × [0, 1)');
  });

  it("adds a 2-D fit's function, range in x and y, χ², parameters and contour after the cells", () => {
    const h = new Histogram2D({ bins: 2, low: 0, high: 2 }, { bins: 2, low: 0, high: 1 });
    const fit = { model: 'xygaus', method: 'chi2' as const, low: 0, high: 2, lowY: 0.25, highY: 1, names: ['Constant', 'MeanX'], values: [3, 1], errors: [0.5, 0.25], chi2: 1.5, ndf: 2, probability: 0.47, contour: { x: 'Constant', y: 'MeanX', points: { x: [2, 3, 4], y: [1, 1.5, 1] }, missing: 21 } };
    const lines = histogram2dCsv(h.toData(), 'y vs x', fit).trimEnd().split('\n');
    assert.deepEqual(lines.slice(-4), ['# fit xygaus by least squares in [0, 2] × [0.25, 1]: chi2 / ndf = 1.5 / 2, prob = 0.47', '# Constant = 3 +- 0.5', '# MeanX = 1 +- 0.25', '# 68 % contour of Constant and MeanX: 2 1; 3 1.5; 4 1']);
  });

  it("lists a profile's bins with each mean, the error of that mean and the bin's entries, read back in NumPy", () => {
    const p = new Profile({ bins: 2, low: 0, high: 2 });
    p.fill(Float64Array.from([0.5, 0.5, 0.5, 0.5, 1.5, 3]), Float64Array.from([1, 2, 3, 6, -4, 9]));
    const { means, errors2 } = p.bins();
    const csv = profileCsv({ axis: p.axis, sumw: means, sumw2: errors2 }, [...p.sumw], 'y vs x');
    const script = 'import io, sys, numpy as np\nrows = np.genfromtxt(io.StringIO(sys.stdin.read()), delimiter=",", names=True, dtype=None, encoding="utf8", comments="#")\nprint([[str(r["bin"]), float(r["mean"]), round(float(r["error"]), 9), float(r["entries"])] for r in rows])';
    const printed = execFileSync('/usr/bin/python3', ['-c', script], { input: csv, encoding: 'utf8' });
    // Bin 1: y = 1, 2, 3, 6, mean 3, error √(3.5 / 4); bin 2 one fill (no error); the overflow one fill at 9.
    assert.equal(printed.trim(), `[['underflow', 0.0, 0.0, 0.0], ['1', 3.0, ${Number(Math.sqrt(3.5 / 4).toFixed(9))}, 4.0], ['2', -4.0, 0.0, 1.0], ['overflow', 9.0, 0.0, 1.0]]`);
    assert.equal(csv.trimEnd().split('\n').at(-1), '# error: the error of the mean (ROOT\'s default)');
    // With another error option, its errors and a line that says which they are; NumPy still reads the rows.
    const spread = p.bins('spread');
    const spreadCsv = profileCsv({ axis: p.axis, sumw: spread.means, sumw2: spread.errors2 }, [...p.sumw], 'y vs x', undefined, undefined, 'spread');
    assert.deepEqual(spreadCsv.trimEnd().split('\n').slice(-2), ['# "y vs x": 2 bins in [0, 2)', '# error: the spread of y (ROOT\'s option "s")']);
    assert.ok(execFileSync('/usr/bin/python3', ['-c', script], { input: spreadCsv, encoding: 'utf8' }).includes(`['1', 3.0, ${Number(Math.sqrt(3.5).toFixed(9))}, 4.0]`));
  });
});
