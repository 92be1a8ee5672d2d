// The editor's labels and their edits: undo puts every shape back where it was (a deleted shape at
// its old place, not at the end), redo after undo gives the same list, property-based over random
// sequences of adds, moves and deletes; suggestions are never among the labels saved; what the page
// does not see (a shape's group and its format's extra, a mask's pixels) survives an edit.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Entry, type LabelEdit, LabelState, fromWire, roomFor, toWire } from './labelState';

const box = (id: string, x: number): Entry => ({ id, shape: { kind: 'box', label: 'jet', x, y: 0, width: 5, height: 5 } });

describe('label state and its edits', () => {
  it('keeps the strongest suggestions that fit under the shape limit, in their order', () => {
    // More shapes than the host takes ids at once could be removed on the page but not in the file.
    const found = [0.2, 0.9, 0.5, 0.7].map((score, i) => ({ score, i }));
    assert.deepEqual(roomFor(found, 18, 20).map((f) => f.i), [1, 3]);
    assert.deepEqual(roomFor(found, 0, 20).map((f) => f.i), [0, 1, 2, 3]);
    assert.deepEqual(roomFor(found, 25, 20), []);
  });

  it('moves and deletes 20,000 shapes in one edit quickly, and undoes them in place', () => {
    // Each changed shape once cost a pass over the whole list: 40 s for one move of 20,000 shapes.
    const n = 20000;
    const state = new LabelState(Array.from({ length: n }, (_, i) => box(`s${i}`, i)));
    const t = performance.now();
    const move = state.replace(state.entries.map((e) => ({ ...e, shape: { ...e.shape, y: 5 } })), 'Move')!;
    state.apply(move);
    const del = state.remove(state.entries.map((e) => e.id).filter((_, i) => i % 2 === 0), 'Delete')!;
    state.apply(del);
    assert.equal(state.entries.length, n / 2);
    state.revert(del);
    assert.ok(performance.now() - t < 3000, `took ${performance.now() - t} ms`);
    assert.deepEqual(state.entries.map((e) => e.id), Array.from({ length: n }, (_, i) => `s${i}`));
    assert.ok(state.entries.every((e) => e.shape.kind === 'box' && e.shape.y === 5));
  });

  it('undoes a delete by putting the shapes back at their places', () => {
    const state = new LabelState([box('a', 1), box('b', 2), box('c', 3), box('d', 4)]);
    const edit = state.remove(['b', 'd'], 'Delete')!;
    state.apply(edit);
    assert.deepEqual(state.entries.map((e) => e.id), ['a', 'c']);
    state.revert(edit);
    assert.deepEqual(state.entries.map((e) => e.id), ['a', 'b', 'c', 'd']);
  });

  it('undoes and redoes any sequence of edits, in VS Code’s order, exactly', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), x: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), x: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const state = new LabelState([box('s0', 0), box('s1', 1)]);
        const snapshots: string[] = [JSON.stringify(state.entries)];
        const edits: LabelEdit[] = [];
        let next = 2;
        for (const o of ops) {
          const ids = state.entries.map((e) => e.id);
          let edit: LabelEdit | undefined;
          if (o.kind === 'add') edit = state.add([box(`s${next++}`, o.x)], 'Add');
          else if (ids.length && o.kind === 'move') edit = state.replace([box(ids[o.pick % ids.length], o.x)], 'Move');
          else if (ids.length && o.kind === 'delete') edit = state.remove(ids.filter((_, i) => (i + o.pick) % 3 < o.count), 'Delete');
          if (!edit) continue;
          state.apply(edit);
          edits.push(edit);
          snapshots.push(JSON.stringify(state.entries));
        }
        for (let i = edits.length - 1; i >= 0; i--) {
          state.revert(edits[i]);
          assert.equal(JSON.stringify(state.entries), snapshots[i]);
        }
        edits.forEach((edit, i) => {
          state.apply(edit);
          assert.equal(JSON.stringify(state.entries), snapshots[i + 1]);
        });
      }),
    );
  });

  it('refuses an id already taken and skips a replace that changes nothing', () => {
    const state = new LabelState([box('a', 1)]);
    assert.equal(state.add([box('a', 9)], 'Add'), undefined);
    assert.equal(state.replace([box('a', 1)], 'Move'), undefined);
    assert.equal(state.replace([box('zz', 1)], 'Move'), undefined);
    assert.equal(state.remove(['zz'], 'Delete'), undefined);
  });

  it('keeps suggestions out of the saved labels until accepted; rejecting removes only suggestions', () => {
    const state = new LabelState([box('a', 1), { ...box('s', 2), suggestion: { score: 0.9, source: 'spots' } }, { ...box('t', 3), suggestion: { score: 0.4, source: 'spots' } }]);
    assert.equal(state.labels.length, 1);
    state.apply(state.accept(['s', 'a'], 'Accept')!);
    assert.equal(state.labels.length, 2);
    const reject = state.reject(['a', 's', 't'], 'Reject')!;
    assert.deepEqual(reject.changes.map((c) => c.id), ['t']);
    state.apply(reject);
    assert.deepEqual(state.entries.map((e) => e.id), ['a', 's']);
  });

  it('keeps a shape’s group and format extra through a move, and a mask’s pixels through a class change', () => {
    const previous: Entry = { id: 'p', shape: { kind: 'polygon', label: 'jet', group: 3, extra: { labelme: { flags: { occluded: true } } }, points: [[0, 0], [4, 0], [0, 4]] } };
    const wire = toWire(previous);
    assert.deepEqual(wire, { id: 'p', kind: 'polygon', label: 'jet', points: [0, 0, 4, 0, 0, 4] });
    const movedEntry = fromWire({ ...wire, points: [1, 1, 5, 1, 1, 5] }, previous);
    assert.deepEqual(movedEntry.shape, { kind: 'polygon', label: 'jet', group: 3, extra: { labelme: { flags: { occluded: true } } }, points: [[1, 1], [5, 1], [1, 5]] });
    const mask: Entry = { id: 'm', shape: { kind: 'mask', label: 'blob', mask: { x: 2, y: 3, width: 2, height: 2, data: new Uint8Array([1, 1, 1, 1]) } } };
    const shown = toWire(mask);
    assert.equal(shown.locked, true);
    // The 2 × 2 pixels' outline: their four outer corners, in whichever order the tracer starts.
    const corners = [];
    for (let i = 0; i < shown.points!.length; i += 2) corners.push(`${shown.points![i]},${shown.points![i + 1]}`);
    assert.deepEqual(corners.sort(), ['2,3', '2,5', '4,3', '4,5']);
    const relabelled = fromWire({ ...shown, label: 'spot', points: [0, 0, 9, 9, 0, 9] }, mask);
    assert.deepEqual(relabelled.shape, { ...mask.shape, label: 'spot' });
  });
});
