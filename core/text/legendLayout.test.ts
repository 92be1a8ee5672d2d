import * as assert from 'node:assert/strict';
import { layoutLegend, LEGEND_SWATCH } from './legendLayout';

describe('a legend laid out above a chart', () => {
  // A monospaced measure: 7 px a character.
  const measure = (s: string): number => [...s].length * 7;

  it('puts as many entries in a row as fit, each after the one before, and starts a row where the next would not fit', () => {
    const entries = ['Jet_Px', 'Jet_Px {NJet >= 2}', 'Jet_Px (b.root)', 'x'].map((label, i) => ({ label, colour: `#00000${i}` }));
    const { placed, rows } = layoutLegend(entries, 300, measure);
    assert.equal(rows, 2);
    assert.deepEqual(placed.map((p) => p.row), [0, 0, 1, 1]);
    assert.equal(placed[0].x, 0);
    // The second starts after the first's swatch, gap, label and spacing.
    assert.equal(placed[1].x, LEGEND_SWATCH + 6 + 6 * 7 + 16);
    for (const p of placed) assert.ok(p.x + LEGEND_SWATCH + 6 + measure(p.label) <= 300, JSON.stringify(p));
    assert.deepEqual(placed.map((p) => p.colour), ['#000000', '#000001', '#000002', '#000003']);
  });

  it('shortens a label longer than a row in its middle, and draws no legend for one entry', () => {
    const long = `sqrt(${'Muon_E[0] + '.repeat(20)}Muon_E[1])`;
    const { placed, rows } = layoutLegend([{ label: 'a', colour: '#f00' }, { label: long, colour: '#0f0' }], 200, measure);
    assert.equal(rows, 2);
    assert.match(placed[1].label, /^sqrt\(Muon_E.* … .*Muon_E\[1\]\)$/);
    assert.ok(LEGEND_SWATCH + 6 + measure(placed[1].label) <= 200);
    assert.deepEqual(layoutLegend([{ label: 'alone', colour: '#f00' }], 200, measure), { placed: [], rows: 0 });
  });
});
