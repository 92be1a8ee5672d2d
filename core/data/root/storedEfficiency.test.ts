// A stored TEfficiency as the explorer draws it: a point per bin with events at the bin's centre, the
// efficiency and its interval by the object's option and level (efficiencyIntervals.ts, checked
// against SciPy there), what it asks for and is not computed said; damaged objects refused.
import * as assert from 'node:assert/strict';
import { efficiencyInterval } from './efficiencyIntervals';
import { type JsEfficiency, storedEfficiencyOf } from './storedEfficiency';
import type { JsHistogram } from './storedHistogram';

function h1(name: string, contents: number[], axis: { low: number; high: number; edges?: number[] }, sumw2?: number[]): JsHistogram {
  const bins = contents.length - 2;
  return { _typename: 'TH1D', fTitle: name, fXaxis: { fNbins: bins, fXmin: axis.low, fXmax: axis.high, fTitle: 'p_{T}', ...(axis.edges ? { fXbins: axis.edges } : {}) }, fYaxis: { fNbins: 1, fXmin: 0, fXmax: 1 }, fArray: contents, ...(sumw2 ? { fSumw2: sumw2 } : {}), fEntries: 0, fTsumw: 0, fTsumwx: 0, fTsumwx2: 0 };
}

const efficiency = (over: Partial<JsEfficiency> = {}): JsEfficiency => ({
  _typename: 'TEfficiency',
  fTitle: 'Tagging;jet p_{T} [GeV];efficiency',
  fTotalHistogram: h1('total', [5, 20, 0, 10, 3], { low: 0, high: 30 }),
  fPassedHistogram: h1('passed', [1, 3, 0, 10, 0], { low: 0, high: 30 }),
  fStatisticOption: 0,
  fConfLevel: 0.682689492137086,
  fBeta_alpha: 1,
  fBeta_beta: 1,
  fWeight: 1,
  ...over,
});

describe('stored efficiencies', () => {
  it('draws a point per bin with events, Clopper–Pearson at 68.3 % by default, the flow bins and empty bins left out', () => {
    const g = storedEfficiencyOf('eff', efficiency());
    assert.deepEqual([g.className, g.title, g.xTitle, g.yTitle], ['TEfficiency', 'Tagging', 'jet p_{T} [GeV]', 'efficiency']);
    assert.deepEqual(g.x, [5, 25]);
    assert.deepEqual(g.ex, { low: [5, 5], high: [5, 5] });
    const cp = efficiencyInterval(3, 20, { statistic: 'clopperPearson', level: 0.682689492137086, alpha: 1, beta: 1, posteriorMode: false });
    assert.deepEqual([g.y[0], g.ey!.low[0], g.ey!.high[0]], [0.15, 0.15 - cp.low, cp.high - 0.15]);
    // 10 of 10: the upper error is 0.
    assert.deepEqual([g.y[1], g.ey!.high[1]], [1, 0]);
    assert.deepEqual(g.efficiency, { statistic: 'clopperPearson', level: 0.682689492137086, weighted: false, passed: [3, 10], total: [20, 10] });
  });

  it('follows the stored option and level, and says when it asks for what is not computed here', () => {
    const wilson = storedEfficiencyOf('eff', efficiency({ fStatisticOption: 2, fConfLevel: 0.95 }));
    const w = efficiencyInterval(3, 20, { statistic: 'wilson', level: 0.95, alpha: 1, beta: 1, posteriorMode: false });
    assert.deepEqual([wilson.efficiency?.statistic, wilson.ey!.low[0], wilson.ey!.high[0]], ['wilson', 0.15 - w.low, w.high - 0.15]);
    const fc = storedEfficiencyOf('eff', efficiency({ fStatisticOption: 4 }));
    assert.deepEqual([fc.efficiency?.statistic, fc.efficiency?.asked], ['clopperPearson', 'feldmanCousins']);
    // Bayesian with Beta(0.5, 0.5): the posterior mean, or its mode with kPosteriorMode.
    const mean = storedEfficiencyOf('eff', efficiency({ fStatisticOption: 7, fBeta_alpha: 0.5, fBeta_beta: 0.5 }));
    assert.deepEqual([mean.y[0], mean.efficiency?.prior], [3.5 / 21, [0.5, 0.5]]);
    const mode = storedEfficiencyOf('eff', efficiency({ fStatisticOption: 6, fBits: 1 << 15 }));
    assert.deepEqual([mode.y[0], mode.efficiency?.posteriorMode], [3 / 20, true]);
  });

  it("draws no bar on the side where a posterior's mode lies outside its interval", () => {
    // 0 of 10 with a uniform prior, its mode 0: the central interval starts above it.
    const g = storedEfficiencyOf('eff', efficiency({ fStatisticOption: 6, fBits: 1 << 15, fTotalHistogram: h1('t', [0, 10, 0, 0, 0], { low: 0, high: 30 }), fPassedHistogram: h1('p', [0, 0, 0, 0, 0], { low: 0, high: 30 }) }));
    assert.deepEqual([g.y[0], g.ey!.low[0]], [0, 0]);
    assert.ok(g.ey!.high[0] > 0);
  });

  it('takes variable bins, and the weights when filled with them', () => {
    const edges = [0, 5, 10, 30];
    const g = storedEfficiencyOf('eff', efficiency({ fTotalHistogram: h1('t', [0, 20, 0, 10, 0], { low: 0, high: 30, edges }), fPassedHistogram: h1('p', [0, 3, 0, 10, 0], { low: 0, high: 30, edges }) }));
    assert.deepEqual([g.x, g.ex], [[2.5, 20], { low: [2.5, 10], high: [2.5, 10] }]);
    // Weights of 0.5: Σw = 10 of Σw² = 5 total; the normal approximation of the weights' variance.
    const weighted = storedEfficiencyOf('eff', efficiency({ fBits: 1 << 18, fTotalHistogram: h1('t', [0, 10, 0, 0, 0], { low: 0, high: 30 }, [0, 5, 0, 0, 0]), fPassedHistogram: h1('p', [0, 2, 0, 0, 0], { low: 0, high: 30 }, [0, 1, 0, 0, 0]) }));
    // ROOT gives a weighted efficiency's frequentist option the normal approximation, and the page says so.
    assert.deepEqual([weighted.efficiency?.weighted, weighted.efficiency?.statistic, weighted.efficiency?.asked], [true, 'normal', 'weighted']);
    const sigma = Math.sqrt((1 * (1 - 2 * 0.2) + 5 * 0.04) / 100);
    assert.ok(Math.abs(weighted.ey!.low[0] - sigma) < 1e-12, `${weighted.ey!.low[0]} vs ${sigma}`);
  });

  it('refuses a 2-D efficiency with what to do, and damaged ones with what is wrong', () => {
    assert.throws(() => storedEfficiencyOf('e2', efficiency({ fTotalHistogram: { ...h1('t', [0, 1, 0], { low: 0, high: 1 }), _typename: 'TH2D' } })), /"e2" is a TEfficiency of TH2D histograms: only 1-D efficiencies are drawn. Read its passed and total histograms with uproot/);
    assert.throws(() => storedEfficiencyOf('e', efficiency({ fPassedHistogram: null })), /"e" is a TEfficiency without its histograms: it is damaged/);
    assert.throws(() => storedEfficiencyOf('e', efficiency({ fPassedHistogram: h1('p', [0, 30, 0, 0, 0], { low: 0, high: 30 }) })), /"e" has 30 passed of 20 in bin 1: more than all/);
    assert.throws(() => storedEfficiencyOf('e', efficiency({ fPassedHistogram: h1('p', [0, 3, 0, 0], { low: 0, high: 30 }) })), /do not hold the 3 bins of its axis/);
    // Text or nonsense where ROOT writes numbers (a forged streamer description): refused, never carried into the copied Python.
    for (const [field, value] of [['fBeta_alpha', '1\nimport os'], ['fBeta_beta', -1], ['fConfLevel', '0.68'], ['fConfLevel', 1], ['fStatisticOption', 'constructor'], ['fStatisticOption', 9], ['fBits', 0.5]] as const) {
      assert.throws(() => storedEfficiencyOf('e', efficiency({ [field]: value })), new RegExp(`"e" is a TEfficiency whose ${field} is not what ROOT writes: it is damaged`), `${field} = ${JSON.stringify(value)}`);
    }
    assert.throws(() => storedEfficiencyOf('e', efficiency({ fBits: 1 << 17, fBeta_bin_params: [{ first: 1, second: 'x' }] })), /fBeta_bin_params is not what ROOT writes/);
  });
});
