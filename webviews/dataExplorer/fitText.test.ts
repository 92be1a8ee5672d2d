// The fit's lines in the statistics box: values rounded as their errors say (two significant digits
// of the error, the value to the same place), as a physicist would write them in a table.
import * as assert from 'node:assert/strict';
import type { FitPayload } from '../../core/protocol/dataExplorerMessages';
import { fitLines, fitStatus, valueWithError, valueWithInterval } from './fitText';

describe('fit statistics', () => {
  it('rounds each value to its error', () => {
    assert.equal(valueWithError(91.20431, 0.07093), '91.204 ± 0.071');
    assert.equal(valueWithError(195.0871, 5.5213), '195.1 ± 5.5');
    assert.equal(valueWithError(-0.032902, 0.10431), '-0.03 ± 0.10');
    assert.equal(valueWithError(1960.4, 73.04), '1960 ± 73');
    assert.equal(valueWithError(91.23, 9.96), '91 ± 10');
    assert.equal(valueWithError(0.5, 0.0996), '0.50 ± 0.10');
    assert.equal(valueWithError(123456.7, 2345.6), '123500 ± 2300');
    assert.equal(valueWithError(-0.00097265, 0.0030312), '-0.0010 ± 0.0030');
    assert.equal(valueWithError(3.5e-18, 1.2e-19), '3.500e-18 ± 1.2e-19');
    // Without an error (a parameter MINUIT could not vary) the value alone.
    assert.equal(valueWithError(2.5, 0), '2.5');
    assert.equal(valueWithError(2.5, NaN), '2.5');
  });

  it('says which parameters were fixed or stopped at a limit, in place of their errors', () => {
    const lines = fitLines(
      { model: 'gaus', method: 'chi2', low: 0, high: 1, names: ['Constant', 'Mean', 'Sigma'], values: [12.345, 0, 2], errors: [1.1443, NaN, NaN], chi2: 75.7, ndf: 56, probability: 0.04, converged: true, points: 58, held: [], fixed: ['Mean'], atLimit: ['Sigma'], curve: { x: [], y: [] } },
      { fitFixed: 'fixed', fitAtLimit: 'at limit' },
    );
    assert.deepEqual(lines.slice(2), [
      ['Constant', '12.3 ± 1.1'],
      ['Mean', '0 (fixed)'],
      ['Sigma', '2 (at limit)'],
    ]);
  });

  it("shows a parameter at the edge where the likelihood's function reaches 0 with MINOS's side, or without an error, and says why", () => {
    const fit: FitPayload = { model: 'gaus + pol0', method: 'likelihood', low: 0, high: 10, names: ['Constant', 'Mean', 'Sigma', 'p3'], values: [47.0039, 4.99657, 0.519431, 3.1e-15], errors: [2.4, 0.022, 0.02, 0.27], chi2: 32.3, ndf: 96, probability: 1, converged: true, points: 100, held: [], fixed: [], atLimit: [], atEdge: ['p3'], curve: { x: [], y: [] } };
    const labels = { fitDone: '{0} fitted to {1} bins.', fitAtEdge: 'at the edge', fitAtEdgeHint: 'At the edge: {0}; tick MINOS.', fitAtEdgeMinos: 'At the edge: {0}; MINOS shown.', fitNoCrossing: 'No crossing for {0}.' };
    // Without MINOS: HESSE's ±0.27 would say nothing (MINOS finds +0.0079), so none is shown.
    assert.deepEqual(fitLines(fit, labels).slice(2), [
      ['Constant', '47.0 ± 2.4'],
      ['Mean', '4.997 ± 0.022'],
      ['Sigma', '0.519 ± 0.020'],
      ['p3', '3.1e-15 (at the edge)'],
    ]);
    assert.equal(fitStatus(fit, labels), 'gaus + pol0 fitted to 100 bins. At the edge: p3; tick MINOS.');
    // With MINOS: the side it has, and no "no crossing" for it.
    const minos = { ...fit, minos: { lower: [-2.28, -0.021, -0.0145, NaN], upper: [2.37, 0.021, 0.0152, 0.00789] } };
    assert.deepEqual(fitLines(minos, labels).at(-1), ['p3', '0.0000 +0.0079']);
    assert.equal(fitStatus(minos, labels), 'gaus + pol0 fitted to 100 bins. At the edge: p3; MINOS shown.');
  });

  it('lists χ² / ndf, its probability and each parameter', () => {
    const lines = fitLines(
      { model: 'gaus', method: 'chi2', low: 0, high: 1, names: ['Constant', 'Mean', 'Sigma'], values: [12.345, 0.1675, 1.0448], errors: [1.1443, 0.0857, 0.0611], chi2: 75.70312, ndf: 55, probability: 0.0338412, converged: true, points: 58, held: [], fixed: [], atLimit: [], curve: { x: [], y: [] } },
      { statChi2: 'χ² / ndf', statProb: 'Prob' },
    );
    assert.deepEqual(lines, [
      ['χ² / ndf', '75.7 / 55'],
      ['Prob', '0.0338'],
      ['Constant', '12.3 ± 1.1'],
      ['Mean', '0.168 ± 0.086'],
      ['Sigma', '1.045 ± 0.061'],
    ]);
  });

  it('says whether a fit converged, and when it did not, whether its parameters were told apart at all', () => {
    const base: FitPayload = { model: '[a]*[b] + [c]*x', method: 'chi2', low: 0, high: 1, names: ['a', 'b', 'c'], values: [1, 1, 2], errors: [0.1, 0.1, 0.2], chi2: 40, ndf: 37, probability: 0.3, converged: true, points: 40, held: [], fixed: [], atLimit: [], curve: { x: [], y: [] } };
    const labels = { fitDone: '{0} fitted to {1} bins.', fitNotConverged: '{0}: not converged.', fitUndetermined: '{0}: not told apart.', fitNotFinite: '{0}: cannot be computed.' };
    assert.equal(fitStatus(base, labels), '[a]*[b] + [c]*x fitted to 40 bins.');
    assert.equal(fitStatus({ ...base, integral: true }, { ...labels, fitDoneIntegral: '{0} fitted to its means over {1} bins.' }), '[a]*[b] + [c]*x fitted to its means over 40 bins.');
    assert.equal(fitStatus({ ...base, converged: false }, labels), '[a]*[b] + [c]*x: not converged.');
    assert.equal(fitStatus({ ...base, converged: false, errors: [NaN, NaN, NaN] }, labels), '[a]*[b] + [c]*x: not told apart.');
    // A parameter without an error because it is fixed does not count.
    assert.equal(fitStatus({ ...base, converged: false, errors: [0.1, NaN, 0.2], fixed: ['b'] }, labels), '[a]*[b] + [c]*x: not converged.');
    assert.equal(fitStatus({ ...base, converged: false, errors: [NaN, NaN, NaN], fixed: ['b'] }, labels), '[a]*[b] + [c]*x: not told apart.');
    // log([0]*x) over negative x: no χ² at all where it started.
    assert.equal(fitStatus({ ...base, model: 'log([0]*x)', converged: false, chi2: Infinity, errors: [NaN] }, labels), 'log([0]*x): cannot be computed.');
  });

  it("shows MINOS's interval rounded as its smaller side says, and HESSE's error where MINOS found no crossing", () => {
    assert.equal(valueWithInterval(0.92584, -0.35167, 0.32751), '0.93 +0.33 −0.35');
    assert.equal(valueWithInterval(3.1285, -1.612, 36.553), '3.1 +36.6 −1.6');
    assert.equal(valueWithInterval(91.20431, -0.0712, 0.0695), '91.204 +0.070 −0.071');
    const fit: FitPayload = {
      model: 'expo',
      method: 'likelihood',
      low: 0,
      high: 10,
      names: ['Constant', 'Slope'],
      values: [0.92584, -0.16186],
      errors: [0.3394, 0.0739],
      chi2: 23.6,
      ndf: 18,
      probability: 0.17,
      converged: true,
      points: 20,
      held: [],
      fixed: [],
      atLimit: [],
      curve: { x: [], y: [] },
      minos: { lower: [-0.35167, NaN], upper: [0.32751, 0.07267] },
    };
    assert.deepEqual(fitLines(fit, {}).slice(2), [
      ['Constant', '0.93 +0.33 −0.35'],
      ['Slope', '-0.162 ± 0.074'],
    ]);
    assert.equal(fitStatus(fit, { fitDone: '{0} fitted to {1} bins.', fitNoCrossing: 'No crossing for {0}.' }), 'expo fitted to 20 bins. No crossing for Slope.');
    // MINOS walked into a lower minimum: the fit shown was redone from it, both χ² said.
    const labels = { fitDone: '{0} fitted to {1} bins.', fitMinosRefit: 'Lower minimum: {1}, not {0}.', fitMinosGaveUp: 'Lower minimum: {1}, not {0}; no MINOS.' };
    const refit = { ...fit, minos: { lower: [-0.35167, -0.07], upper: [0.32751, 0.07267] }, minosRefit: { chi2: 782.3959543 } };
    assert.equal(fitStatus(refit, labels), 'expo fitted to 20 bins. Lower minimum: 23.6, not 782.4.');
    assert.equal(fitStatus({ ...refit, minos: undefined }, labels), 'expo fitted to 20 bins. Lower minimum: 23.6, not 782.4; no MINOS.');
    // A lower point no fit could confirm; crossings MINOS's time did not reach, said apart from those without one.
    assert.equal(fitStatus({ ...fit, minos: undefined, minosUnconfirmed: true }, { ...labels, fitMinosUnconfirmed: 'Not confirmed.' }), 'expo fitted to 20 bins. Not confirmed.');
    const late = { ...fit, minos: { lower: [NaN, NaN], upper: [0.3, NaN] }, minosUnreached: ['Slope'] };
    assert.equal(fitStatus(late, { ...labels, fitNoCrossing: 'No crossing for {0}.', fitMinosUnreached: 'Out of time for {0}.' }), 'expo fitted to 20 bins. No crossing for Constant. Out of time for Slope.');
  });
});
