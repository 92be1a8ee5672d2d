// Stored graphs as the explorer draws them, from the objects jsroot streams: the points in their order,
// the errors below and above, the titles where ROOT keeps them; a damaged graph refused with what is wrong.
import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { structureOf } from '../structure';
import { type FileDescription, runDataJob } from '../workers/dataJobs';
import { RootFile } from './rootFile';
import { storedGraphOf } from './storedGraph';

const DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root');

/** graphs.json: the values make_graphs.py wrote into graphs.root, as doubles. */
interface Written {
  readonly class: string;
  readonly title: string;
  readonly x: number[];
  readonly y: number[];
  readonly ex?: number[];
  readonly ey?: number[];
  readonly exl?: number[];
  readonly exh?: number[];
  readonly eyl?: number[];
  readonly eyh?: number[];
  readonly x_title?: string;
  readonly y_title?: string;
  readonly conf_level?: number;
}

describe('stored graphs', () => {
  it('takes a TGraph\'s points, and its axis titles from "title;x;y"', () => {
    const g = storedGraphOf('roc', { _typename: 'TGraph', fTitle: 'ROC;signal efficiency;background rejection', fNpoints: 3, fX: [0.9, 0.5, 0.1], fY: [2, 10, 1000], fHistogram: null });
    assert.deepEqual(g, { kind: 'graph', name: 'roc', className: 'TGraph', title: 'ROC', xTitle: 'signal efficiency', yTitle: 'background rejection', x: [0.9, 0.5, 0.1], y: [2, 10, 1000] });
  });

  it('takes the errors of a TGraphErrors (equal) and a TGraphAsymmErrors (below and above)', () => {
    const sym = storedGraphOf('r', { _typename: 'TGraphErrors', fNpoints: 2, fX: [1, 2], fY: [3, 4], fEX: [0, 0], fEY: [0.5, 0.25] });
    assert.deepEqual([sym.ey?.low, sym.ey?.high, sym.ex?.low], [[0.5, 0.25], [0.5, 0.25], [0, 0]]);
    const asym = storedGraphOf('e', { _typename: 'TGraphAsymmErrors', fNpoints: 1, fX: [40], fY: [0.5], fEXlow: [5], fEXhigh: [5], fEYlow: [0.04], fEYhigh: [0.03] });
    assert.deepEqual([asym.ex, asym.ey], [{ low: [5], high: [5] }, { low: [0.04], high: [0.03] }]);
  });

  it('keeps only the points a graph holds (ROOT may keep more room), and no arrays for none', () => {
    assert.deepEqual(storedGraphOf('g', { _typename: 'TGraph', fNpoints: 2, fX: [1, 2, 0, 0], fY: [3, 4, 0, 0] }).x, [1, 2]);
    assert.deepEqual(storedGraphOf('g', { _typename: 'TGraph', fNpoints: 0 }).x, []);
  });

  it('takes the axis titles of the frame histogram ROOT kept, and a TCutG\'s variables', () => {
    const g = storedGraphOf('g', { _typename: 'TGraph', fTitle: 'Efficiency;a;b', fNpoints: 0, fHistogram: { fXaxis: { fTitle: 'p_{T} [GeV]' }, fYaxis: { fTitle: '' } } });
    assert.deepEqual([g.title, g.xTitle, g.yTitle], ['Efficiency', 'p_{T} [GeV]', 'b']);
    const cut = storedGraphOf('cut', { _typename: 'TCutG', fTitle: 'Graph', fNpoints: 0, fVarX: 'Jet_Px', fVarY: 'Jet_Py' });
    assert.deepEqual([cut.xTitle, cut.yTitle], ['Jet_Px', 'Jet_Py']);
  });

  it('refuses a graph whose counts do not hold, and says what is wrong', () => {
    assert.throws(() => storedGraphOf('g', { _typename: 'TGraph', fNpoints: 3, fX: [1, 2], fY: [1, 2, 3] }), /"g" says it has 3 points but its fX holds 2: it is damaged/);
    assert.throws(() => storedGraphOf('g', { _typename: 'TGraphErrors', fNpoints: 1, fX: [1], fY: [1] }), /its fEX holds 0/);
    assert.throws(() => storedGraphOf('g', { _typename: 'TGraph', fNpoints: -1 }), /says it has -1 points/);
    assert.throws(() => storedGraphOf('g', { _typename: 'TGraph', fNpoints: 1e9 }), /more points than the explorer draws/);
    assert.throws(() => storedGraphOf('g', { _typename: 'TGraph2D', fNpoints: 1 }), /"g" is a TGraph2D: only histograms, profiles and graphs are drawn/);
  });

  it('reads every graph of a ROOT file through jsroot: the values written, the titles split as ROOT draws them', async () => {
    const written = JSON.parse(readFileSync(path.join(DIR, 'graphs.json'), 'utf8')) as Record<string, Written>;
    const f = await RootFile.open(path.join(DIR, 'graphs.root'));
    try {
      for (const [name, w] of Object.entries(written)) {
        if (w.class === 'TEfficiency') continue;
        const g = await f.object(name);
        if (g.kind !== 'graph') throw new Error(`${name} read as a histogram`);
        assert.equal(g.className, w.class);
        assert.equal([g.title, g.xTitle, g.yTitle].filter(Boolean).join(';'), w.title);
        assert.deepEqual([g.x, g.y], [w.x, w.y]);
        assert.deepEqual(g.ex && [g.ex.low, g.ex.high], w.ex ? [w.ex, w.ex] : w.exl && [w.exl, w.exh]);
        assert.deepEqual(g.ey && [g.ey.low, g.ey.high], w.ey ? [w.ey, w.ey] : w.eyl && [w.eyl, w.eyh]);
      }
      const resolution = await f.object('resolution');
      assert.deepEqual(resolution.kind === 'graph' && [resolution.title, resolution.xTitle, resolution.yTitle], ['Energy resolution', 'E [GeV]', '#sigma_{E}/E']);
    } finally {
      f.close();
    }
  });

  it('lists the graphs of a ROOT file as drawable objects, with their classes', async () => {
    const file = path.join(DIR, 'graphs.root');
    const s = structureOf((await runDataJob({ op: 'describe', file })) as FileDescription, 'graphs.root', statSync(file).size);
    assert.deepEqual(
      s.objects.map((o) => [o.name, o.className, o.drawable]),
      [
        ['roc', 'TGraph', true],
        ['resolution', 'TGraphErrors', true],
        ['efficiency', 'TGraphAsymmErrors', true],
        ['empty', 'TGraph', true],
        ['errorsx', 'TGraphErrors', true],
        ['eff_pt', 'TEfficiency', true],
        ['eff_wilson', 'TEfficiency', true],
        ['eff_bayes', 'TEfficiency', true],
      ],
    );
  });

  it('reads each TEfficiency with its histograms and draws the intervals make_graphs.py computed without this code', async () => {
    const written = JSON.parse(readFileSync(path.join(DIR, 'graphs.json'), 'utf8')) as Record<string, Written>;
    const f = await RootFile.open(path.join(DIR, 'graphs.root'));
    try {
      for (const [name, statistic] of [['eff_pt', 'clopperPearson'], ['eff_wilson', 'wilson'], ['eff_bayes', 'bayesian']] as const) {
        const w = written[name];
        const g = await f.object(name);
        if (g.kind !== 'graph') throw new Error(`${name} read as a histogram`);
        assert.deepEqual([g.className, g.title, g.xTitle, g.yTitle, g.efficiency?.statistic, g.efficiency?.level], ['TEfficiency', w.title, w.x_title, w.y_title, statistic, w.conf_level]);
        assert.deepEqual([g.x, g.ex?.low, g.ex?.high], [w.x, w.exl, w.exh]);
        // The script's own Beta quantiles (bisection on its own incomplete Beta) and normal quantile: 1e-11 of each error.
        const near = (got: readonly number[], want: readonly number[], what: string): void => want.forEach((v, i) => assert.ok(Math.abs(got[i] - v) <= 1e-11 * Math.max(v, 1e-3), `${name} ${what}[${i}]: ${got[i]} vs ${v}`));
        near(g.y, w.y, 'y');
        near(g.ey!.low, w.eyl!, 'eyl');
        near(g.ey!.high, w.eyh!, 'eyh');
      }
    } finally {
      f.close();
    }
  });
});
