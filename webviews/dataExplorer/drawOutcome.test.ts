// The explorer page after a Draw that fails: the plot left on the page is captioned as the previous
// one, by its own title, until a plot answers a Draw again; errors of a fit or a save mark nothing.
// And the words of a file or dataset that cannot be opened.
import * as assert from 'node:assert/strict';
import { DrawOutcome, openFailure, staleCaption } from './drawOutcome';

describe('the explorer page after a Draw that failed', () => {
  const labels = {
    stalePlot: 'Not redrawn: the last Draw failed. This is the previous plot: {0}',
    openFailedFile: 'This file could not be opened',
    openFailedDataset: 'This dataset could not be opened',
    openFailedHint: 'The explorer reads ROOT, HDF5, Parquet, NumPy (.npy, .npz), PyTorch and safetensors files on this machine.',
    retry: 'Retry',
  };
  /** What the page shows over its plot, `title` being the plot's (undefined: no plot). */
  const caption = (o: DrawOutcome, title = 'Jet_Px'): string => staleCaption(o, title, labels);

  it('captions the histogram left by a Draw whose entry cut is misspelt, by its own title, until the next Draw succeeds', () => {
    const o = new DrawOutcome();
    // Jet_Px drawn without a cut: the form's own plot, no caption.
    o.asked();
    o.plotted(true);
    assert.equal(caption(o), '');
    // The entry cut typed with a misspelt branch, Draw: the page asks, the host says busy, then the error.
    o.asked();
    o.asked();
    assert.equal(o.failed(), true);
    assert.equal(caption(o), 'Not redrawn: the last Draw failed. This is the previous plot: Jet_Px');
    // Still so while the next Draw is read; gone when its plot arrives (a part read so far included).
    o.asked();
    assert.equal(caption(o), 'Not redrawn: the last Draw failed. This is the previous plot: Jet_Px');
    o.plotted(false);
    assert.equal(caption(o, 'Jet_Px {NJet >= 2}'), '');
    o.plotted(true);
    assert.equal(caption(o, 'Jet_Px {NJet >= 2}'), '');
  });

  it('marks the plot left by a number of bins out of range, which the page refuses before asking', () => {
    const o = new DrawOutcome();
    o.asked();
    o.plotted(true);
    o.asked();
    assert.equal(o.failed(), true);
    assert.equal(caption(o, 'Jet_Py vs Jet_Px'), 'Not redrawn: the last Draw failed. This is the previous plot: Jet_Py vs Jet_Px');
  });

  it('marks nothing for the error of a fit, a save, or after a Draw cancelled', () => {
    const o = new DrawOutcome();
    o.asked();
    o.plotted(true);
    assert.equal(o.failed(), false);
    assert.equal(caption(o), '');
    o.asked();
    o.dropped();
    assert.equal(o.failed(), false);
    assert.equal(caption(o), '');
  });

  it('captions no plot where there is none (a plot read only in part is removed by the page)', () => {
    const o = new DrawOutcome();
    o.asked();
    o.plotted(false);
    assert.equal(o.failed(), true);
    assert.equal(staleCaption(o, undefined, labels), '');
  });

  it('says a file or a dataset could not be opened, its error, what to do, and offers Retry', () => {
    const message = 'This is not a readable .npz archive: the zip directory at its end is missing, so the file is cut short or is not a zip archive. Copy or save it again.';
    assert.deepEqual(openFailure(message, false, labels), { heading: 'This file could not be opened', message, hint: labels.openFailedHint, retry: 'Retry' });
    assert.equal(openFailure('None of the first 3 files could be read.', true, labels).heading, 'This dataset could not be opened');
  });
});
