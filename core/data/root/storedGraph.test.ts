// Stored graphs as the explorer draws them, from the objects jsroot streams: the points in their order,
// the errors below and above, the titles where ROOT keeps them; a damaged graph refused with what is wrong.
import * as assert from 'node:assert/strict';
import { storedGraphOf } from './storedGraph';

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
});
