import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReplacedText, selectedPlace } from './selectedItem';

describe('the suggest widget’s selected item in place', () => {
  it('reads a document with a range replaced, in any slices', () => {
    const base = 'met = np.hypot(events.MET_px, events.MET_p)\nprint(met)\n';
    const from = base.indexOf('MET_p)');
    const text = new ReplacedText(base, from, from + 'MET_p'.length, 'MET_py');
    const whole = 'met = np.hypot(events.MET_px, events.MET_py)\nprint(met)\n';
    assert.equal(text.length, whole.length);
    assert.equal(text.slice(0, text.length), whole);
    fc.assert(
      fc.property(fc.integer({ min: -3, max: whole.length + 3 }), fc.integer({ min: -3, max: whole.length + 3 }), (a, b) => {
        assert.equal(text.slice(a, b), whole.slice(Math.max(0, a), Math.max(Math.max(0, a), Math.min(b, whole.length))));
      }),
    );
  });

  it('places an item on the cursor\'s line around the cursor, and no other', () => {
    const range = (s: number, e: number, line = 3) => ({ start: { line, character: s }, end: { line, character: e } });
    assert.deepEqual(selectedPlace(100, 40, range(37, 40), 3, 'MET_py'), { from: 97, to: 100 });
    assert.deepEqual(selectedPlace(100, 40, range(37, 42), 3, 'MET_py'), { from: 97, to: 102 }, 'a range that goes on after the cursor');
    assert.equal(selectedPlace(100, 40, range(37, 40, 2), 3, 'MET_py'), undefined, 'another line');
    assert.equal(selectedPlace(100, 40, range(41, 44), 3, 'MET_py'), undefined, 'after the cursor');
    assert.equal(selectedPlace(100, 40, range(37, 39), 3, 'MET_py'), undefined, 'before it');
    assert.equal(selectedPlace(100, 40, range(37, 40), 3, 'a\nb'), undefined);
    assert.equal(selectedPlace(100, 40, range(37, 40), 3, ''), undefined);
  });
});
