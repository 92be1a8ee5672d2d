import * as assert from 'node:assert/strict';
import { plotTitleOf } from './plotTitle';

describe('histogram titles', () => {
  it("spells the selection as ROOT's TTree::Draw titles it: cuts joined by &&, a weight times them", () => {
    assert.equal(plotTitleOf({ expression: 'Jet_Px', entryCut: '', elementCut: '' }), 'Jet_Px');
    assert.equal(plotTitleOf({ expression: 'Jet_Px', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20' }), 'Jet_Px {NJet >= 2 && Jet_Px > 20}');
    assert.equal(plotTitleOf({ expression: 'Jet_Px', yExpression: 'Jet_Py', entryCut: '', elementCut: '', weight: 'EventWeight' }), 'Jet_Py vs Jet_Px {EventWeight}');
    assert.equal(plotTitleOf({ expression: 'x', entryCut: 'n > 2', elementCut: '', weight: 'Muon_Px[0]' }), 'x {Muon_Px[0] * (n > 2)}');
    // A sum as the weight keeps its brackets: not w1 + (w2 × cut).
    assert.equal(plotTitleOf({ expression: 'x', entryCut: 'n > 2', elementCut: '', weight: 'w1 + w2' }), 'x {(w1 + w2) * (n > 2)}');
    assert.equal(plotTitleOf({ expression: 'x', entryCut: ' ', elementCut: '', weight: ' ' }), 'x');
  });
});
