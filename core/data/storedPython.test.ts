// Copy as Python for histograms stored in a ROOT file: a TProfile read with uproot's TProfile methods
// and the error option it was saved with (a fit appended after it fits those means and errors), a TH1
// through hist. uproot is not in Debian 12, so the lines are checked, not run.
import * as assert from 'node:assert/strict';
import { fitHistogram } from './fit/histogramFit';
import { withFit } from './fit/fitPython';
import { storedHistogramOf } from './root/storedHistogram';
import { storedPython } from './storedPython';

const profileOf = (fErrorMode: number) =>
  storedHistogramOf('hprof', {
    _typename: 'TProfile',
    fTitle: 'Profile of pz versus px',
    fXaxis: { fNbins: 4, fXmin: -4, fXmax: 4 },
    fYaxis: { fNbins: 1, fXmin: 0, fXmax: 1 },
    // Bins 1–4 hold y = (1, 3), (2, 6), (4, 5), (7, 7): Σw·y, Σw·y², Σw.
    fArray: [0, 4, 8, 9, 14, 0],
    fSumw2: [0, 10, 40, 41, 98, 0],
    fBinEntries: [0, 2, 2, 2, 2, 0],
    fEntries: 8,
    fTsumw: 8,
    fTsumwx: 0,
    fTsumwx2: 8,
    fErrorMode,
  });

describe('Copy as Python of a stored histogram', () => {
  it("reads a TProfile's means and errors with uproot, as the error option it was saved with", () => {
    const script = storedPython('/data/hsimple.root', profileOf(1));
    for (const line of ['    p = f["hprof"]', '    mean = p.values()', '    error = p.errors(error_mode="s")', '    EDGES = p.axis().edges()', 'plt.title("Profile of pz versus px")']) {
      assert.ok(script.split('\n').includes(line), `${line}\n${script}`);
    }
    assert.ok(storedPython('/data/hsimple.root', profileOf(0)).includes('error = p.errors(error_mode="")'));
    assert.ok(!script.includes('to_hist'), "hist's Mean storages do not keep ROOT's error options");
  });

  it('appends a fit to those means and errors', () => {
    const h = profileOf(0);
    const fit = fitHistogram({ axis: { bins: 4, low: -4, high: 4 }, sumw: [...h.sumw], sumw2: [...h.sumw2] }, { model: 'pol1', method: 'chi2' });
    const script = withFit(storedPython('/data/hsimple.root', h), fit, 'profile');
    for (const line of ['counts = mean', 'errors = error', 'edges = EDGES']) assert.ok(script.split('\n').includes(line), `${line}\n${script}`);
    // The fit comes after the profile is read, and its curve before the plot is shown.
    assert.ok(script.indexOf('counts = mean') > script.indexOf('EDGES = p.axis().edges()'));
    assert.ok(script.indexOf('plt.show()') > script.indexOf('model(x, *m.values)'));
  });

  it('draws a stored TH1 with hist', () => {
    const h = storedHistogramOf('one', { _typename: 'TH1F', fXaxis: { fNbins: 2, fXmin: 0, fXmax: 2 }, fYaxis: { fNbins: 1, fXmin: 0, fXmax: 1 }, fArray: [0, 3, 4, 0], fEntries: 7, fTsumw: 7, fTsumwx: 5, fTsumwx2: 9 });
    const script = storedPython('/data/h.root', h);
    assert.ok(script.includes('    h = f["one"].to_hist()'));
    assert.ok(script.includes('h.plot()'));
  });
});
