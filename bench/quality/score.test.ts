// Scoring of suggestions: what is compared per case kind, means with standard errors, comment rate.
import * as assert from 'node:assert/strict';
import type { EvalCase } from './cases';
import { compared, moreLines, pairedDifference, percentile, scoreKinds, standardError } from './score';

const c = (kind: EvalCase['kind'], target: string): EvalCase => ({ kind, file: 'a.py', prefix: '', suffix: '', target });

describe('scoring suggestions', () => {
  it('compares the first line of a line completion and the whole span of a fill-in-the-middle one', () => {
    assert.equal(compared('next-line', 'x = 1  \ny = 2'), 'x = 1');
    assert.equal(compared('line-rest', '1)\n'), '1)');
    assert.equal(compared('fim', 'a\nb '), 'a\nb');
  });

  it('gives each kind its exact match, edit similarity, standard errors and comment rate', () => {
    const cases = [c('next-line', 'x = 1'), c('next-line', 'y = 2'), c('next-line', 'z = 3'), c('fim', 'abc')];
    const scores = scoreKinds(cases, ['x = 1\nmore', '# a comment', 'z = 4', 'abc']);
    assert.equal(scores['next-line'].cases, 3);
    assert.equal(scores['next-line'].exactMatch, 0.3333);
    assert.equal(scores['next-line'].exactMatchSE, 0.3333); // sd of (1,0,0) is 0.577; / sqrt(3)
    assert.equal(scores['next-line'].commentRate, 0.3333);
    assert.ok(scores['next-line'].editSimilarity > 0.5 && scores['next-line'].editSimilarity < 0.7);
    assert.deepEqual([scores.fim.cases, scores.fim.exactMatch, scores.fim.commentRate], [1, 1, 0]);
    assert.equal(scores['line-rest'].cases, 0);
  });

  it('counts the lines a suggestion shows after its first, and those the file has at the same place', () => {
    const block: EvalCase = { kind: 'next-line', file: 'a.py', prefix: 'if ok:\n    ', suffix: '\n    y = 2\n\n    z = 3\nw = 4\n', target: 'x = 1' };
    assert.deepEqual(moreLines(block, 'x = 0\n    y = 2  \n\n    z = 0'), { shown: 2, right: 1 });
    assert.deepEqual(moreLines(block, 'x = 1'), { shown: 0, right: 0 });
    const scores = scoreKinds([block, block], ['x = 1\n    y = 2\n\n    z = 3', 'x = 1']);
    assert.deepEqual([scores['next-line'].moreLines, scores['next-line'].moreLinesRight], [1, 1]);
  });

  it('computes standard errors and percentiles as the figures in the card say', () => {
    assert.equal(standardError([1]), 0);
    assert.ok(Math.abs(standardError([0, 1, 0, 1]) - 0.2887) < 1e-4);
    assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
    assert.equal(percentile([5, 1, 3, 2, 4], 95), 5);
    assert.equal(percentile([], 50), 0);
  });

  it('gives the per-case difference of two systems on the same cases, with its (paired) standard error', () => {
    const cases = [c('fim', 'a'), c('fim', 'b'), c('fim', 'c'), c('fim', 'dd'), c('next-line', 'x')];
    const d = pairedDifference(cases, ['a', 'x', 'c', 'd', 'x'], ['a', 'b', 'c', 'dd', 'y']);
    // fim: exact match 0 -> 1 on two of four cases, edit similarity +1 and +0.5 there.
    assert.deepEqual(d.fim, { exactMatch: 0.5, exactMatchSE: 0.2887, editSimilarity: 0.375, editSimilaritySE: 0.2394 });
    assert.deepEqual([d['next-line'].exactMatch, d['next-line'].editSimilarity], [-1, -1]);
    assert.deepEqual(d['line-rest'], { exactMatch: 0, exactMatchSE: 0, editSimilarity: 0, editSimilaritySE: 0 });
  });
});
