import * as assert from 'node:assert/strict';
import type { OverlayPayload } from './dataExplorerMessages';
import { overlayColour, shownOverlays } from './overlayColours';

describe('the overlays shown over a plot', () => {
  const histogram = { axis: { bins: 1, low: 0, high: 1 }, sumw: [0, 1, 0], sumw2: [0, 1, 0] };
  const board: OverlayPayload[] = [
    { label: 'Jet_Px (a.root)', histogram },
    { label: 'Muon_E vs Muon_Pz', histogram, profile: { binEntries: [0, 1, 0], errors: 'mean' } },
    { label: 'Jet_Px (b.root)', histogram },
  ];

  it('are those of its kind, each in the colour of its place on the board', () => {
    assert.deepEqual(shownOverlays(board, { profile: false, twoD: false }).map((o) => [o.label, o.colour]), [
      ['Jet_Px (a.root)', overlayColour(1)],
      ['Jet_Px (b.root)', overlayColour(3)],
    ]);
    assert.deepEqual(shownOverlays(board, { profile: true, twoD: false }).map((o) => [o.label, o.colour]), [['Muon_E vs Muon_Pz', overlayColour(2)]]);
    assert.deepEqual(shownOverlays(board, { profile: false, twoD: true }), []);
  });

  it('have colours apart from the drawn plot and from each other, over a full board', () => {
    const colours = Array.from({ length: 9 }, (_, i) => overlayColour(i));
    assert.equal(new Set(colours).size, 9);
    assert.match(colours.join(' '), /^(#[0-9a-f]{6} ?)+$/);
  });
});
