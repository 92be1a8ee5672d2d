// The documents' states kept by the completion engine: the least recently used is dropped first.
import * as assert from 'node:assert/strict';
import { DocumentStates } from './documentState';

describe("the completion engine's document states", () => {
  it('keeps the most recently used documents, dropping the least recently used past its size', () => {
    const states = new DocumentStates(2);
    const a = states.use('file:///a.py');
    states.use('file:///b.py');
    // Using a again makes b the least recently used: a third document drops b, not a.
    assert.equal(states.use('file:///a.py'), a);
    states.use('file:///c.py');
    assert.equal(states.peek('file:///a.py'), a);
    assert.equal(states.peek('file:///b.py'), undefined);
    assert.equal([...states.all()].length, 2);
    // Peeking does not make a document recently used: d drops a, used before c.
    states.peek('file:///a.py');
    states.use('file:///d.py');
    assert.equal(states.peek('file:///a.py'), undefined);
    states.delete('file:///c.py');
    assert.deepEqual([...states.all()].length, 1);
    states.clear();
    assert.equal(states.peek('file:///d.py'), undefined);
  });
});
