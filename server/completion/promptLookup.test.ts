import * as assert from 'node:assert/strict';
import { draftLength, lookupDraft } from './promptLookup';

describe('prompt lookup (guessed tokens)', () => {
  it('guesses what followed the longest earlier copy of the sequence\'s end', () => {
    // "... 1 2 3 | 9 9 ... 7 3 | 5 5 5 ... 1 2 3": the three-token match wins over the later one-token one.
    const seq = [1, 2, 3, 9, 8, 7, 6, 5, 4, 0, 7, 3, 5, 5, 5, 1, 2, 3];
    assert.deepEqual(lookupDraft(seq, 10), [9, 8, 7, 6, 5, 4]);
  });

  it('takes the most recent of equally long matches', () => {
    const seq = [4, 5, 10, 11, 4, 5, 20, 21, 4, 5];
    assert.deepEqual(lookupDraft(seq, 2), [20, 21]);
  });

  it('guesses more tokens the longer the match', () => {
    assert.equal(draftLength(1, 10), 1);
    assert.equal(draftLength(2, 10), 3);
    assert.equal(draftLength(3, 10), 6);
    assert.equal(draftLength(9, 10), 6);
    assert.deepEqual(lookupDraft([7, 8, 9, 10, 11, 8], 10), [9], 'one matching token: one guess');
    assert.deepEqual(lookupDraft([6, 7, 8, 9, 10, 11, 7, 8], 10), [9, 10, 11], 'two: three');
  });

  it('never guesses more than asked', () => {
    const seq = [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3];
    assert.deepEqual(lookupDraft(seq, 2), [4, 5]);
    assert.deepEqual(lookupDraft(seq, 0), []);
  });

  it('continues a copy that meets the sequence\'s end from the copy itself (a run, a repeating pattern)', () => {
    assert.deepEqual(lookupDraft([1, 2, 3, 1, 2, 3], 10), [1, 2, 3, 1, 2, 3]);
    assert.deepEqual(lookupDraft([9, 0, 0, 0, 0], 10), [0, 0, 0, 0, 0, 0]);
    assert.deepEqual(lookupDraft([5, 1, 2, 1, 2, 1, 2], 4), [1, 2, 1, 2]);
  });

  it('guesses nothing where the last token never stood before', () => {
    assert.deepEqual(lookupDraft([1, 2, 3, 4], 5), []);
    assert.deepEqual(lookupDraft([1], 5), []);
    assert.deepEqual(lookupDraft([], 5), []);
  });
});
