// What an explorer page shows of a profile, and when another error option is shown from the sums
// kept instead of reading the files again: only when that option is all that changed, and the last
// fill read every file.
import * as assert from 'node:assert/strict';
import { Histogram1D } from '../../core/data/histogram';
import { Profile } from '../../core/data/profile';
import type { DatasetResult } from '../../core/data/dataset';
import type { PlotRequest } from '../../core/protocol/dataExplorerMessages';
import { compared, type Drawn, drawnCsv, drawnStored, onlyErrorsChanged, shownHistogram, storedUpdate } from './drawnHistogram';
import type { StoredHistogram } from '../../core/data/root/rootFile';

function drawnProfile(request: PlotRequest, failed: DatasetResult['failed'] = []): Drawn {
  const axis = { bins: 2, low: 0, high: 2 };
  const p = new Profile(axis);
  // Bin 1: y = 1, 2, 3, 6; bin 2: y = 4 alone.
  p.fill(Float64Array.from([0.1, 0.2, 0.3, 0.4, 1.5]), Float64Array.from([1, 2, 3, 6, 4]));
  const h = new Histogram1D(axis);
  const result: DatasetResult = { files: 1, filesDone: 1, bytes: 10, bytesDone: 10, entriesRead: 5, entriesKept: 5, histogram: h.toData(), profile: p.toData(), failed, parts: 1 };
  return { request, axis, result };
}

const request: PlotRequest = { table: 'events', expression: 'Muon_Pz', yExpression: 'Muon_E', entryCut: '', elementCut: '', weight: '', bins: 2, low: 0, high: 2, profile: true };

describe('the profile an explorer page draws', () => {
  it('shows the error option the request asks for, and overlays it with that option', () => {
    assert.deepEqual(shownHistogram(drawnProfile(request)).sumw2, [0, 3.5 / 4, 0, 0]);
    const spread = drawnProfile({ ...request, profileErrors: 'spread' });
    assert.deepEqual(shownHistogram(spread).sumw2, [0, 3.5, 0, 0]);
    assert.deepEqual(shownHistogram(spread).sumw, [0, 3, 4, 0]);
    assert.deepEqual(compared(spread).profile, { binEntries: [0, 4, 1, 0], errors: 'spread' });
  });

  it('is shown again from its sums when only the error option changed', () => {
    const drawn = drawnProfile(request);
    assert.ok(onlyErrorsChanged(drawn, { ...request, profileErrors: 'spread' }));
    assert.ok(onlyErrorsChanged(drawnProfile({ ...request, profileErrors: 'integer' }), request), 'back to the default');
    // The same request again reads again (a file may have changed), as does any other change.
    assert.ok(!onlyErrorsChanged(drawn, request));
    assert.ok(!onlyErrorsChanged(drawn, { ...request, profileErrors: 'mean' }), 'absent is the errors of the means');
    for (const change of [{ elementCut: 'Muon_Charge > 0' }, { bins: 4 }, { weight: 'EventWeight' }, { table: 'other' }, { profile: undefined }, { high: undefined }]) {
      assert.ok(!onlyErrorsChanged(drawn, { ...request, ...change, profileErrors: 'spread' }), JSON.stringify(change));
    }
    // A dataset whose last fill left a file out reads again, to try that file.
    assert.ok(!onlyErrorsChanged(drawnProfile(request, [{ file: 'b.root', message: 'damaged' }]), { ...request, profileErrors: 'spread' }));
    // A histogram has no error option.
    const histogram = { ...drawnProfile(request), result: { ...drawnProfile(request).result, profile: undefined } };
    assert.ok(!onlyErrorsChanged(histogram, { ...request, profileErrors: 'spread' }));
  });

  it("saves the cut flow with the bins in its CSV, after what was drawn", () => {
    const drawn = drawnProfile(request);
    const withFlow: Drawn = { ...drawn, result: { ...drawn.result, cutflow: [{ cut: 'NMuon >= 1', passed: 4 }, { cut: 'Muon_E > 0', passed: 3 }] } };
    assert.deepEqual(drawnCsv(withFlow, undefined).trimEnd().split('\n').slice(-3), ['#,all entries,5', '#,"NMuon >= 1",4', '#,"Muon_E > 0",3']);
    assert.doesNotMatch(drawnCsv(drawn, undefined), /cut flow/);
  });
});

describe('the stored histogram an explorer page draws', () => {
  it("shows a stored histogram filled with SetBinContent (no moment sums) with ROOT's Mean and Std Dev from its bin centres", () => {
    // TH1D("h", "", 3, [0, 1, 2, 4]) with SetBinContent(1, 2), (2, 1), (3, 1): ROOT counts 3 entries and keeps fTsumw = 0.
    const base: StoredHistogram = { name: 'h', className: 'TH1D', title: '', kind: '1d', x: { bins: 3, low: 0, high: 4, title: '', edges: [0, 1, 2, 4] }, sumw: [0, 2, 1, 1, 0], sumw2: [0, 2, 1, 1, 0], entries: 3, tsumw: 0, tsumwx: 0, tsumwx2: 0, tsumwy: 0, tsumwy2: 0 };
    const s = storedUpdate(drawnStored('h', base), base, 0).statistics;
    // Centres 0.5, 1.5, 3 with weights 2, 1, 1: mean 5.5 / 4; variance 11.75 / 4 − mean².
    assert.equal(s.mean, 5.5 / 4);
    assert.ok(Math.abs(s.stdDev - Math.sqrt(11.75 / 4 - (5.5 / 4) ** 2)) < 1e-12, `${s.stdDev}`);
    // Filled with Fill, ROOT's own sums are shown as they are.
    const filled = { ...base, tsumw: 4, tsumwx: 4, tsumwx2: 6 };
    assert.deepEqual([storedUpdate(drawnStored('h', filled), filled, 0).statistics.mean], [1]);
    // A TH2 too: its cells' centres.
    const h2: StoredHistogram = { ...base, className: 'TH2D', kind: '2d', x: { bins: 2, low: 0, high: 2, title: '' }, y: { bins: 1, low: 10, high: 20, title: '' }, sumw: [0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0], sumw2: [0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0], entries: 2 };
    const s2 = storedUpdate(drawnStored('h2', h2), h2, 0).statistics2d!;
    assert.deepEqual([s2.meanX, s2.meanY], [(0.5 + 3 * 1.5) / 4, 15]);
  });
});
