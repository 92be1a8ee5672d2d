// An overlay's comparison as its chip shows it: both p-values, or why there are none.
import * as assert from 'node:assert/strict';
import { comparisonText, probability } from './comparisonText';

describe('overlay comparison text', () => {
  const labels = { compareLine: 'χ² p = {0} · KS p = {1}', compareBinning: 'other bins: not compared', compareWeights: 'weighted: not compared', compareEmpty: 'empty: not compared', compareMeansLine: 'means χ² p = {0}', compareKinds: 'a profile and a histogram: not drawn together', compareProfileErrors: 'not compared: choose Errors of the mean' };
  it('shows both p-values, small ones as powers of ten', () => {
    assert.equal(comparisonText({ chi2: 30.1, ndf: 35, chi2Probability: 0.7043, ksDistance: 0.01, ksProbability: 0.91234 }, labels), 'χ² p = 0.7 · KS p = 0.91');
    assert.equal(probability(3.2e-9), '3×10^-9');
    assert.equal(probability(0.00012), '0.00012');
    assert.equal(probability(1), '1');
  });
  it('says why an overlay was not compared', () => {
    assert.equal(comparisonText({ reason: 'binning' }, labels), 'other bins: not compared');
    assert.equal(comparisonText({ reason: 'weights' }, labels), 'weighted: not compared');
    assert.equal(comparisonText({ reason: 'kinds' }, labels), 'a profile and a histogram: not drawn together');
    assert.equal(comparisonText({ reason: 'profileErrors' }, labels), 'not compared: choose Errors of the mean');
    assert.equal(comparisonText(undefined, labels), '');
  });
  it("shows two profiles' χ² p-value of their means", () => {
    assert.equal(comparisonText({ means: true, chi2: 14.67, ndf: 20, chi2Probability: 0.7956 }, labels), 'means χ² p = 0.8');
  });
});
