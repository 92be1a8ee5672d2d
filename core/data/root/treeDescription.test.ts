// The check of a tree's basket lists (badBaskets), on tree objects as jsroot reads them: each
// branch's baskets at increasing entries within the tree's, no two baskets sharing bytes of the file.
import * as assert from 'node:assert/strict';
import { badBaskets, type JsBranch, type JsTree } from './treeDescription';

const branch = (name: string, seeks: number[], firsts: number[], bytes = 100, sub: JsBranch[] = []): JsBranch => ({
  _typename: 'TBranch',
  fName: name,
  fTitle: name,
  fEntries: 0,
  fTotBytes: 0,
  fZipBytes: 0,
  fWriteBasket: seeks.length,
  // ROOT keeps room for more baskets than are written, and the entry the next one would start at.
  fBasketSeek: [...seeks, 0, 0],
  fBasketBytes: [...seeks.map(() => bytes), 0, 0],
  fBasketEntry: [...firsts, 30, 0],
  fBranches: { arr: sub },
});
const tree = (entries: number, ...branches: JsBranch[]): JsTree => ({ fName: 't', fTitle: '', fEntries: entries, fTotBytes: 0, fZipBytes: 0, fBranches: { arr: branches } });

describe('checking a tree\'s basket lists', () => {
  it('passes baskets at increasing entries, each at its own bytes, nested branches too', () => {
    assert.equal(badBaskets(tree(30, branch('a', [1000, 1100, 1200], [0, 10, 20]), branch('p', [], [], 100, [branch('p.x', [2000], [0])]))), undefined);
    assert.equal(badBaskets(tree(0, branch('empty', [], []))), undefined);
  });

  it('refuses one basket listed twice, or two baskets of different branches sharing bytes', () => {
    assert.match(badBaskets(tree(30, branch('a', [1000, 1000, 1200], [0, 10, 20])))?.reason ?? '', /a basket at byte 1000 overlaps one of a/);
    assert.deepEqual(badBaskets(tree(30, branch('a', [1000], [0]), branch('b', [1050], [0]))), { branch: 'b', reason: 'a basket at byte 1050 overlaps one of a' });
  });

  it('refuses baskets whose entries do not increase, or lie past the tree\'s', () => {
    assert.match(badBaskets(tree(30, branch('a', [1000, 1100, 1200], [0, 10, 10])))?.reason ?? '', /basket 2 starts at entry 10, not after basket 1 at 10/);
    assert.match(badBaskets(tree(30, branch('a', [1000, 1100], [0, 40])))?.reason ?? '', /basket 1 starts at entry 40 of 30/);
    const ends = branch('a', [1000], [0]);
    ends.fBasketEntry = [0, 1e9];
    assert.match(badBaskets(tree(30, ends))?.reason ?? '', /its baskets end at entry 1000000000, of 30/);
  });

  it('refuses more baskets than the lists hold, and baskets at no place in the file', () => {
    const many = branch('a', [1000], [0]);
    many.fWriteBasket = 5;
    assert.match(badBaskets(tree(30, many))?.reason ?? '', /5 baskets in lists of 3/);
    assert.match(badBaskets(tree(30, branch('a', [0], [0])))?.reason ?? '', /basket 0 is at byte 0/);
  });
});
