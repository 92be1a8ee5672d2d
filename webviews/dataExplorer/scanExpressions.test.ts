// The table's expressions as TTree::Scan takes them: separated by colons, each trimmed, empty ones
// dropped, a colon inside a backquoted name kept (a dataset named `time:us`), sixteen at most.
import * as assert from 'node:assert/strict';
import { scanExpressions } from './scanExpressions';

describe('the table’s expressions', () => {
  it('splits at colons outside backquotes', () => {
    assert.deepEqual(scanExpressions('sum(Jet_Px) : Jet_Px[0]:hypot(Jet_Px, Jet_Py)'), ['sum(Jet_Px)', 'Jet_Px[0]', 'hypot(Jet_Px, Jet_Py)']);
    assert.deepEqual(scanExpressions(' NJet ::  '), ['NJet']);
    assert.deepEqual(scanExpressions('`time:us` * 2 : NJet'), ['`time:us` * 2', 'NJet']);
    assert.deepEqual(scanExpressions(''), []);
    assert.equal(scanExpressions(Array.from({ length: 20 }, (_, i) => `x${i}`).join(':')).length, 16);
  });
});
