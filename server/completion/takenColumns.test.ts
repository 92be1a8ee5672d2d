import * as assert from 'node:assert/strict';
import { takenAt } from './takenColumns';

describe('the columns the other elements of a call take', () => {
  it('reads the fields and keys the elements before hold whole', () => {
    assert.deepEqual([...takenAt('r = np.hypot(events.MET_px, ', 'events.')], ['MET_px']);
    assert.deepEqual([...takenAt('p = ak.zip({"px": events.Muon_Px, "py": events.Muon_Py, "pz": ', 'events.')], ['Muon_Px', 'Muon_Py']);
    assert.deepEqual([...takenAt('x = np.stack([df["a"], df[ \'b\' ] ,', 'df[')], ['a', 'b']);
    assert.deepEqual([...takenAt('plt.scatter(x=events.MET_px, y=', 'events.')], ['MET_px'], 'a keyword argument');
    assert.deepEqual([...takenAt('f(\n    events.X,  # the first\n    # then\n    events.Y,\n    ', 'events.')].sort(), ['X', 'Y'], 'over lines, with comments');
  });

  it('leaves what is no whole column of the chain', () => {
    assert.deepEqual([...takenAt('np.where(events.X > 0, ', 'events.')], [], 'an expression of it');
    assert.deepEqual([...takenAt('f(events.X.to_numpy(), ', 'events.')], []);
    assert.deepEqual([...takenAt('f(myevents.X, ', 'events.')], [], 'another name');
    assert.deepEqual([...takenAt('f(df["a"], ', 'events[')], [], 'another chain');
    assert.deepEqual([...takenAt('f(events.X', 'events.')], [], 'the element being written is not another');
    assert.deepEqual([...takenAt('y = ', 'events.')], [], 'no bracket');
  });

  it('takes nothing in a subscript or a call that pairs an array with itself', () => {
    assert.deepEqual([...takenAt('d = m[events.i, ', 'events.')], [], 'a diagonal');
    assert.deepEqual([...takenAt('pairs = ak.cartesian([events.Jet_Px, ', 'events.')], []);
    assert.deepEqual([...takenAt('pairs = ak.cartesian({"a": events.Jet_Px, "b": ', 'events.')], []);
    assert.deepEqual([...takenAt('xx, yy = np.meshgrid(events.X, ', 'events.')], []);
    assert.deepEqual([...takenAt('v = [events.X, ', 'events.')], ['X'], 'a list of its own is no subscript');
    assert.deepEqual([...takenAt('v = (events.X, ', 'events.')], ['X'], 'nor a tuple');
  });
});

describe('the column the left side of an operator takes', () => {
  it('reads a column that is the whole left side of an operator right before the chain', () => {
    assert.deepEqual([...takenAt('energy = events.E1 + ', 'events.')], ['E1']);
    assert.deepEqual([...takenAt('py = batch["py1"] - ', 'batch[')], ['py1']);
    assert.deepEqual([...takenAt('ok = (events.eta1 < ', 'events.')], ['eta1']);
    assert.deepEqual([...takenAt('return events.Q1 != ', 'events.')], ['Q1']);
    assert.deepEqual([...takenAt('m = f(x,\n    events.E1 + ', 'events.')], ['E1'], 'on a line inside brackets');
    assert.deepEqual([...takenAt('d = np.hypot(events.px1, events.py1 - ', 'events.')].sort(), ['px1', 'py1'], 'with the call\'s other argument');
  });

  it('takes nothing from a product, a side that is more than the column, or an operator further back', () => {
    assert.deepEqual([...takenAt('p2 = events.px1 * ', 'events.')], [], 'a square');
    assert.deepEqual([...takenAt('p2 = events.px1 ** ', 'events.')], []);
    assert.deepEqual([...takenAt('e = a * events.E1 + ', 'events.')], [], 'the left side is a * E1');
    assert.deepEqual([...takenAt('e = -events.E1 + ', 'events.')], []);
    assert.deepEqual([...takenAt('e = events.E1.sum() + ', 'events.')], []);
    assert.deepEqual([...takenAt('e = events.E1 +\nf(', 'events.')], [], 'the operator is not right before the chain');
    assert.deepEqual([...takenAt('e = myevents.E1 + ', 'events.')], []);
  });
});
