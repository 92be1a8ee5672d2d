import * as assert from 'node:assert/strict';
import { estimatedWidth, fitLabel, wrapText } from './textFit';

describe('text that fits a chart', () => {
  // A monospaced measure: 7 px a character.
  const measure = (s: string): number => [...s].length * 7;
  const mass = 'sqrt((Muon_E[0] + Muon_E[1])**2 - (Muon_Px[0] + Muon_Px[1])**2 - (Muon_Py[0] + Muon_Py[1])**2 - (Muon_Pz[0] + Muon_Pz[1])**2)';

  it('keeps a label that fits whole, and both ends of a long one around an ellipsis', () => {
    assert.equal(fitLabel('Jet_Px[0]', 600, measure), 'Jet_Px[0]');
    const label = fitLabel(mass, 560, measure);
    assert.ok(measure(label) <= 560 && measure(label) > 540, `${label}: ${measure(label)} px`);
    assert.match(label, /^sqrt\(\(Muon_E\[0\] \+ Muon_E\[1\]\)\*\*2 .* … .* \+ Muon_Pz\[1\]\)\*\*2\)$/);
    assert.equal(fitLabel(mass, 10, measure), '…');
  });

  it('wraps a title at spaces into lines that fit, all of it while it takes three lines at most', () => {
    const title = `${mass} {NMuon >= 2 && MET_px > 20}`;
    const lines = wrapText(title, 420, measure);
    assert.ok(lines.length === 3 && lines.every((l) => measure(l) <= 420), JSON.stringify(lines));
    assert.equal(lines.join(' '), title);
    assert.deepEqual(wrapText('Jet_Px {NJet >= 2}', 420, measure), ['Jet_Px {NJet >= 2}']);
    // Narrower: the third line keeps the end of the rest.
    const narrow = wrapText(title, 200, measure);
    assert.equal(narrow.length, 3);
    assert.ok(narrow.every((l) => measure(l) <= 200));
    assert.match(narrow[2], / … .*MET_px > 20\}$/);
    // A word wider than a line is broken where it must be.
    assert.deepEqual(wrapText('a'.repeat(25), 70, measure, 5), ['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
  });

  it('wraps a title of 8 000 characters without a space in a few hundred measures', () => {
    let calls = 0;
    const counted = (s: string): number => {
      calls++;
      return measure(s);
    };
    const lines = wrapText('x'.repeat(8000), 700, counted);
    assert.deepEqual(lines.map((l) => l.length), [100, 100, 100]);
    assert.ok(lines[2].includes(' … '), lines[2]);
    assert.ok(calls < 200, `${calls} measures`);
  });

  it('estimates Helvetica from the font size', () => {
    assert.equal(estimatedWidth(10)('abcd'), 22);
    assert.equal(estimatedWidth(10, true)('abcd'), 24);
  });
});
