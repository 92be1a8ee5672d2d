// What the explorer gives out of a stored graph: the CSV read back with NumPy as a user would, the SVG
// with what the page draws (error bars, the line joined in the stored order or not, a marker per point
// drawn, log axes), and the Copy as Python script run against a stand-in for uproot's file and
// matplotlib (neither is installable here) to see that it reads ROOT's members and passes the errors
// as matplotlib takes them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GraphPayload } from '../protocol/dataExplorerMessages';
import { graphCsv } from './graphCsv';
import { graphPython } from './graphPython';
import { graphSvg } from './graphSvg';
import { storedEfficiencyOf } from './root/storedEfficiency';
import { storedHistogramOf } from './root/storedHistogram';
import { storedPython } from './storedPython';
import type { StoredGraph } from './root/storedGraph';
import type { JsHistogram } from './root/storedHistogram';

const efficiency: GraphPayload = {
  name: 'efficiency',
  className: 'TGraphAsymmErrors',
  title: 'Trigger "efficiency"',
  xTitle: 'p_{T} [GeV]',
  yTitle: 'efficiency',
  x: [5, 15, 25],
  y: [0, 0.5, 1],
  ex: { low: [5, 5, 5], high: [5, 5, 5] },
  ey: { low: [0, 0.035, 0.009], high: [0.009, 0.035, 0] },
};
const resolution: GraphPayload = { name: 'resolution', className: 'TGraphErrors', title: 'Energy resolution', xTitle: 'E [GeV]', yTitle: '#sigma/E', x: [10, 20], y: [0.033, 0.024], ex: { low: [0, 0], high: [0, 0] }, ey: { low: [0.002, 0.001], high: [0.002, 0.001] } };

/** A TEfficiency as the explorer reads it (storedEfficiency.ts), from bins of known events. */
function storedEfficiency(statistic: number, bits: number, total: number[], passed: number[], sumw2?: [number[], number[]]): StoredGraph {
  const h = (contents: number[], w2?: number[]): JsHistogram => ({ _typename: 'TH1D', fXaxis: { fNbins: contents.length - 2, fXmin: 0, fXmax: 10 * (contents.length - 2) }, fYaxis: { fNbins: 1, fXmin: 0, fXmax: 1 }, fArray: contents, ...(w2 ? { fSumw2: w2 } : {}), fEntries: 0, fTsumw: 0, fTsumwx: 0, fTsumwx2: 0 });
  // With kUseBinPrior, a prior of each bin's own (flow bins too).
  const binPriors = total.map((_, i) => ({ first: 0.5 + i, second: 3 - i / 4 }));
  return storedEfficiencyOf('eff', { _typename: 'TEfficiency', fTitle: 'Tagging;p_{T};efficiency', fTotalHistogram: h(total, sumw2?.[0]), fPassedHistogram: h(passed, sumw2?.[1]), fStatisticOption: statistic, fBits: bits, fConfLevel: 0.9, fBeta_alpha: 0.5, fBeta_beta: 2, fBeta_bin_params: binPriors });
}

describe('stored graph exports', () => {
  it('writes one CSV row per point with its errors, which NumPy reads back, and the graph named after them', () => {
    const read = (csv: string): string =>
      execFileSync('/usr/bin/python3', ['-c', 'import io, sys, numpy as np\nrows = np.genfromtxt(io.StringIO(sys.stdin.read()), delimiter=",", names=True, comments="#")\nprint(rows.dtype.names, rows.tolist())'], { input: csv, encoding: 'utf8' }).trim();
    assert.equal(read(graphCsv(efficiency)), "('x', 'y', 'error_x_low', 'error_x_high', 'error_y_low', 'error_y_high') [(5.0, 0.0, 5.0, 5.0, 0.0, 0.009), (15.0, 0.5, 5.0, 5.0, 0.035, 0.035), (25.0, 1.0, 5.0, 5.0, 0.009, 0.0)]");
    // A TGraphErrors' errors are one column each.
    assert.equal(read(graphCsv(resolution)), "('x', 'y', 'error_x', 'error_y') [(10.0, 0.033, 0.0, 0.002), (20.0, 0.024, 0.0, 0.001)]");
    assert.equal(graphCsv(efficiency).trimEnd().split('\n').at(-1), '# TGraphAsymmErrors "efficiency": "Trigger \\"efficiency\\""; x: "p_{T} [GeV]"; y: "efficiency"; 3 points');
    assert.equal(graphCsv({ ...resolution, className: 'TGraph', ex: undefined, ey: undefined }).split('\n')[0], 'x,y');
  });

  it('draws the SVG as the page: a marker per point, its error bars, the line in the stored order when joined, escaped text', () => {
    const options = { title: 'efficiency: Trigger "efficiency"', xLabel: 'p_{T} [GeV]', yLabel: 'efficiency', stats: [['Points', '3']] as [string, string][], line: true };
    const svg = graphSvg(efficiency, options);
    assert.equal((svg.match(/<circle /g) ?? []).length, 3);
    assert.match(svg, /<path class="line" d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+"/);
    // Three horizontal bars; vertical ones for the two points with a y error (each has one side).
    const bars = /<path class="errors" d="([^"]+)"/.exec(svg)![1];
    assert.deepEqual([(bars.match(/H/g) ?? []).length, (bars.match(/V/g) ?? []).length], [3, 3]);
    assert.match(svg, /Trigger &#34;efficiency&#34;/);
    assert.doesNotMatch(graphSvg(efficiency, { ...options, line: false }), /class="line"/);
    // Log y: the point at 0 is left out, and the line breaks there.
    const log = graphSvg(efficiency, { ...options, log: true });
    assert.equal((log.match(/<circle /g) ?? []).length, 2);
    assert.match(log, /<path class="line" d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+"/);
  });

  it('copies a script that reads the graph\'s members with uproot and draws them with their errors', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-graph-python-'));
    try {
      // Stand-ins: uproot.open gives an object whose member() returns the stored arrays; pyplot prints what it is asked to draw.
      writeFileSync(path.join(dir, 'uproot.py'), ['import json, os', 'DATA = json.loads(os.environ["GRAPH"])', 'class G:', '    def member(self, name): return DATA[name]', 'class F:', '    def __enter__(self): return self', '    def __exit__(self, *a): return False', '    def __getitem__(self, name): assert name == DATA["name"]; return G()', 'def open(path): return F()', ''].join('\n'));
      mkdirs(path.join(dir, 'matplotlib'));
      writeFileSync(path.join(dir, 'matplotlib', '__init__.py'), '');
      writeFileSync(path.join(dir, 'matplotlib', 'pyplot.py'), ['def errorbar(x, y, xerr=None, yerr=None, fmt="", markersize=0): print("errorbar", x, y, xerr, yerr, fmt)', 'def _show(name):', '    return lambda *a, **k: print(name, *a)', 'for _n in ["xscale", "yscale", "title", "xlabel", "ylabel", "show"]: globals()[_n] = _show(_n)', ''].join('\n'));
      const run = (g: GraphPayload, members: Record<string, number[]>, view: { line: boolean; logX: boolean; logY: boolean }): string =>
        execFileSync('/usr/bin/python3', ['-c', graphPython('/data/graphs.root', g, view)], { cwd: dir, env: { ...process.env, PYTHONPATH: dir, GRAPH: JSON.stringify({ name: g.name, ...members }) }, encoding: 'utf8' });
      const asym = run(efficiency, { fX: efficiency.x as number[], fY: efficiency.y as number[], fEXlow: [5, 5, 5], fEXhigh: [5, 5, 5], fEYlow: [0, 0.035, 0.009], fEYhigh: [0.009, 0.035, 0] }, { line: true, logX: false, logY: true });
      assert.match(asym, /^3 points$/m);
      assert.match(asym, /^errorbar \[5, 15, 25\] \[0, 0\.5, 1\] \[\[5, 5, 5\], \[5, 5, 5\]\] \[\[0, 0\.035, 0\.009\], \[0\.009, 0\.035, 0\]\] o-$/m);
      assert.match(asym, /^yscale log$/m);
      assert.doesNotMatch(asym, /xscale/);
      assert.match(asym, /^title Trigger "efficiency"$/m);
      const sym = run(resolution, { fX: [10, 20], fY: [0.033, 0.024], fEX: [0, 0], fEY: [0.002, 0.001] }, { line: false, logX: false, logY: false });
      assert.match(sym, /^errorbar \[10, 20\] \[0\.033, 0\.024\] \[0, 0\] \[0\.002, 0\.001\] o$/m);
      // ROOT's TLatex as the page shows it.
      assert.match(sym, /^ylabel σ\/E$/m);
      const plain = run({ ...resolution, className: 'TGraph', ex: undefined, ey: undefined }, { fX: [1], fY: [2] }, { line: true, logX: false, logY: false });
      assert.match(plain, /^errorbar \[1\] \[2\] None None o-$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('copied Python of hostile names', () => {
  it('keeps a key name or file name with a newline inside its comment and its string', () => {
    const name = 'g"\nimport os; os.system("echo pwned")\n#';
    const file = '/data/a\nimport os.root';
    const scripts = [
      graphPython(file, { ...resolution, name }, { line: true, logX: false, logY: false }),
      graphPython(file, { ...storedEfficiency(0, 0, [0, 20, 0], [0, 3, 0]), name }, { line: true, logX: false, logY: false }),
      storedPython(file, { ...storedHistogramOf('h', { _typename: 'TH1F', fXaxis: { fNbins: 1, fXmin: 0, fXmax: 1 }, fYaxis: { fNbins: 1, fXmin: 0, fXmax: 1 }, fArray: [0, 1, 0], fEntries: 1, fTsumw: 1, fTsumwx: 0.5, fTsumwx2: 0.25 }), name }),
    ];
    for (const script of scripts) assert.doesNotMatch(script, /^import os/m, script);
  });
});

describe('stored efficiency exports', function () {
  // Eleven scripts, each importing SciPy.
  this.timeout(60_000);
  it("writes each point's passed and total events in the CSV, and how its interval was found", () => {
    const csv = graphCsv(storedEfficiency(4, 0, [0, 20, 0, 10, 0], [0, 3, 0, 10, 0])).trimEnd().split('\n');
    assert.equal(csv[0], 'x,y,error_x_low,error_x_high,error_y_low,error_y_high,passed,total');
    assert.match(csv[1], /^5,0\.15,5,5,[\d.e-]+,[\d.e-]+,3,20$/);
    assert.equal(csv.at(-1), '# interval: clopperPearson at 0.9 (the object asks for Feldman-Cousins, not computed here)');
  });

  it('copies a script whose SciPy intervals are those drawn, for every statistic option, weighted or not', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-efficiency-python-'));
    try {
      // Stand-ins for uproot's file and histograms (uproot is not installable here) and for pyplot, which prints what it is asked to draw; NumPy and SciPy are the real ones.
      writeFileSync(path.join(dir, 'uproot.py'), ['import json, os', 'import numpy as np', 'DATA = json.loads(os.environ["EFFICIENCY"])', 'class Axis:', '    def __init__(self, n): self.n = n', '    def edges(self): return np.linspace(0, 10 * self.n, self.n + 1)', 'class H:', '    def __init__(self, c, w2): self.c, self.w2 = np.array(c[1:-1], float), np.array(w2[1:-1], float)', '    def values(self): return self.c', '    def variances(self): return self.w2', '    def axis(self): return Axis(len(self.c))', 'class E:', '    def member(self, name): return H(*DATA[name])', 'class F:', '    def __enter__(self): return self', '    def __exit__(self, *a): return False', '    def __getitem__(self, name): return E()', 'def open(path): return F()', ''].join('\n'));
      mkdirs(path.join(dir, 'matplotlib'));
      writeFileSync(path.join(dir, 'matplotlib', '__init__.py'), '');
      writeFileSync(path.join(dir, 'matplotlib', 'pyplot.py'), ['import json', 'import numpy as np', 'def errorbar(x, y, xerr=None, yerr=None, fmt="", markersize=0): print(json.dumps({"x": np.asarray(x, float).tolist(), "y": np.asarray(y, float).tolist(), "low": np.asarray(yerr[0], float).tolist(), "high": np.asarray(yerr[1], float).tolist()}))', 'def _any(*a, **k): pass', 'for _n in ["xscale", "yscale", "title", "xlabel", "ylabel", "show"]: globals()[_n] = _any', ''].join('\n'));
      const total = [0, 20, 0, 10, 7, 0];
      const passed = [0, 3, 0, 10, 0, 0];
      const w2: [number[], number[]] = [[0, 9, 0, 4, 3, 0], [0, 2, 0, 4, 0, 0]];
      const cases: [number, number, boolean][] = [0, 1, 2, 3, 5, 6, 7, 8].flatMap((option): [number, number, boolean][] => [[option, 0, false]]);
      cases.push([7, 1 << 15, false], [0, 1 << 18, true], [7, 1 << 18, true], [7, (1 << 14) | (1 << 17), false]);
      for (const [option, bits, weighted] of cases) {
        const g = storedEfficiency(option, bits, total, passed, weighted ? w2 : undefined);
        const script = graphPython('/data/graphs.root', g, { line: false, logX: false, logY: false });
        const printed = execFileSync('/usr/bin/python3', ['-W', 'ignore', '-c', script], { cwd: dir, env: { ...process.env, PYTHONPATH: dir, EFFICIENCY: JSON.stringify({ fTotalHistogram: [total, weighted ? w2[0] : total], fPassedHistogram: [passed, weighted ? w2[1] : passed] }) }, encoding: 'utf8' });
        const drawn = JSON.parse(printed.split('\n').find((l) => l.startsWith('{'))!) as { x: number[]; y: number[]; low: number[]; high: number[] };
        const what = `option ${option}, bits ${bits}`;
        assert.deepEqual(drawn.x, g.x, what);
        drawn.y.forEach((v, i) => assert.ok(Math.abs(v - g.y[i]) < 1e-12, `${what}: y ${v} vs ${g.y[i]}`));
        drawn.low.forEach((v, i) => assert.ok(Math.abs(v - g.ey!.low[i]) < 1e-9, `${what}: low ${v} vs ${g.ey!.low[i]}`));
        drawn.high.forEach((v, i) => assert.ok(Math.abs(v - g.ey!.high[i]) < 1e-9, `${what}: high ${v} vs ${g.ey!.high[i]}`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function mkdirs(dir: string): void {
  execFileSync('mkdir', ['-p', dir]);
}
