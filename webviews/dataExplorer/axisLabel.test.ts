import * as assert from 'node:assert/strict';
import { fitLabel } from './axisLabel';

describe('axis labels', () => {
  // A monospaced measure: 7 px a character.
  const measure = (s: string): number => [...s].length * 7;
  const mass = 'sqrt((Muon_E[0] + Muon_E[1])**2 - (Muon_Px[0] + Muon_Px[1])**2 - (Muon_Py[0] + Muon_Py[1])**2 - (Muon_Pz[0] + Muon_Pz[1])**2)';

  it('keeps a label that fits whole', () => {
    assert.equal(fitLabel('Jet_Px[0]', 600, measure), 'Jet_Px[0]');
  });

  it('keeps both ends of a long expression around an ellipsis, as long as the plot is wide', () => {
    const label = fitLabel(mass, 560, measure);
    assert.ok(measure(label) <= 560 && measure(label) > 540, `${label}: ${measure(label)} px`);
    assert.match(label, /^sqrt\(\(Muon_E\[0\] \+ Muon_E\[1\]\)\*\*2 .* … .* \+ Muon_Pz\[1\]\)\*\*2\)$/);
    assert.equal(fitLabel(mass, 10, measure), '…');
  });
});
