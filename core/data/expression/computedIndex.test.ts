// A computed index (`Jet_E[argmax(Jet_Pt)]` per entry, `Jet_pt[Muon_jetIdx]` per element of another
// branch), as NanoAOD analyses write it: examples, the missing elements through arithmetic,
// reductions, both cuts, weights and pairs, and property-based tests (fast-check) against plain
// per-entry JavaScript.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { flat, jaggedOf, listsOf } from './columns';
import { type Columns, evaluate } from './evaluate';
import { select, selectPair } from './selection';
import { ExpressionError, namesIn, parseExpression } from './syntax';
import { columnsOf, expressionError, selectText } from '../../testing/expressionData';

const data = columnsOf;

// Three events: jets 2, 0 and 3; muons 2, 1 and 3, each with the index of its jet (-1: none).
const EVENTS = data(
  {
    Jet_Pt: jaggedOf([[30, 10], [], [5, 25, 50]]),
    Muon_Pt: jaggedOf([[2, 3], [4], [5, 6, 7]]),
    Muon_jetIdx: jaggedOf([[1, -1], [0], [2, 0, 7]]),
    NJet: flat(Float64Array.of(2, 0, 3)),
    Half: flat(Float64Array.of(0.5, NaN, 1.9)),
  },
  3,
);
const lists = (text: string): (number | null)[][] => listsOf(evaluate(parseExpression(text), EVENTS), 3);
const run = (expression: string, cuts: { entry?: string; element?: string; weight?: string } = {}) => selectText(expression, cuts, EVENTS);


describe('data expressions: a computed index', () => {
  it('takes the element each muon names, none where the index is -1 or past the end', () => {
    assert.deepEqual(lists('Jet_Pt[Muon_jetIdx]'), [[10, null], [null], [50, 5, null]]);
    // Computed from the data and kept per element: the ratio of each muon to its jet.
    assert.deepEqual(lists('Muon_Pt / Jet_Pt[Muon_jetIdx]'), [[0.2, null], [null], [0.1, 1.2, null]]);
    assert.deepEqual(namesIn(parseExpression('Jet_Pt[Muon_jetIdx]')), ['Jet_Pt', 'Muon_jetIdx']);
  });

  it('takes one element per entry by an index per entry: the last jet, the leading one, halves cut toward zero', () => {
    assert.deepEqual(lists('Jet_Pt[NJet - 1]'), lists('Jet_Pt[-1]'));
    assert.deepEqual(lists('Jet_Pt[argmax(Jet_Pt)]'), [[30], [], [50]]);
    assert.deepEqual(lists('argmax(Jet_Pt)'), [[0], [], [2]]);
    assert.deepEqual(lists('LocMin$(Jet_Pt)'), [[1], [], [0]]);
    // 1 jet of 2 → element 0 (0.5 cut to 0); NaN names none; 1.9 → element 1.
    assert.deepEqual(lists('Jet_Pt[Half]'), [[30], [], [25]]);
    assert.deepEqual(lists('Jet_Pt[NJet / 2]'), [[10], [], [25]]);
    // A literal below 0 counts from the end; a computed one names none.
    assert.deepEqual(lists('Jet_Pt[0 - 1]'), [[], [], []]);
  });

  it('skips missing elements in reductions, as awkward skips None', () => {
    assert.deepEqual(lists('len(Jet_Pt[Muon_jetIdx])'), [[1], [0], [2]]);
    assert.deepEqual(lists('sum(Jet_Pt[Muon_jetIdx])'), [[10], [0], [55]]);
    assert.deepEqual(lists('mean(Jet_Pt[Muon_jetIdx])'), [[10], [NaN], [27.5]]);
    assert.deepEqual(lists('max(Jet_Pt[Muon_jetIdx])'), [[10], [NaN], [50]]);
    assert.deepEqual(lists('any(Jet_Pt[Muon_jetIdx] > 20)'), [[0], [0], [1]]);
    assert.deepEqual(lists('all(Jet_Pt[Muon_jetIdx] > 8)'), [[1], [1], [0]]);
    assert.deepEqual(lists('argmin(Jet_Pt[Muon_jetIdx])'), [[0], [], [1]]);
    // A literal index of a missing element: the entry has none.
    assert.deepEqual(lists('Jet_Pt[Muon_jetIdx][1]'), [[], [], [5]]);
  });

  it('numbers each entry\'s elements (local_index): the leading two jets by an element cut', () => {
    assert.deepEqual(lists('local_index(Jet_Pt)'), [[0, 1], [], [0, 1, 2]]);
    const leading = run('Jet_Pt', { element: 'local_index(Jet_Pt) < 2' });
    assert.deepEqual([[...leading.values], [...leading.multiplicities!]], [[30, 10, 5, 25], [2, 0, 2]]);
    // Places, not values: a muon without a jet still has its place.
    assert.deepEqual(lists('local_index(Jet_Pt[Muon_jetIdx])'), [[0, 1], [0], [0, 1, 2]]);
    assert.match(expressionError(() => lists('local_index(NJet)')).message, /local_index\(\) numbers the elements of each entry, but this has one value per entry/);
  });

  it('fills, cuts, weighs and pairs only the elements that have a value', () => {
    const matched = run('Jet_Pt[Muon_jetIdx]');
    assert.deepEqual([[...matched.values], [...matched.multiplicities!], matched.entriesKept], [[10, 50, 5], [1, 0, 2], 3]);
    // An element cut that a muon has no value for fails for that muon.
    const cut = run('Muon_Pt', { element: 'Jet_Pt[Muon_jetIdx] > 8' });
    assert.deepEqual([[...cut.values], [...cut.multiplicities!]], [[2, 5], [1, 0, 1]]);
    const weighed = run('Muon_Pt', { weight: 'Jet_Pt[Muon_jetIdx]' });
    assert.deepEqual([[...weighed.values], [...weighed.weights!]], [[2, 5, 6], [10, 50, 5]]);
    // An event weight met by the matched muons only, through an element cut.
    const both = run('Jet_Pt[Muon_jetIdx]', { weight: 'NJet', element: 'Muon_Pt > 2' });
    assert.deepEqual([[...both.values], [...both.weights!]], [[50, 5], [3, 3]]);
    const pair = selectPair(parseExpression('Muon_Pt'), parseExpression('Jet_Pt[Muon_jetIdx]'), {}, EVENTS);
    assert.deepEqual([[...pair.x.values], [...pair.y.values]], [[2, 5, 6], [10, 50, 5]]);
    // One value per entry against each matched jet; an entry cut on the leading jet.
    const flatPair = selectPair(parseExpression('Jet_Pt[Muon_jetIdx]'), parseExpression('NJet'), { entry: parseExpression('Jet_Pt[argmax(Jet_Pt)] > 40') }, EVENTS);
    assert.deepEqual([[...flatPair.x.values], [...flatPair.y.values]], [[50, 5], [3, 3]]);
  });

  it('explains what cannot be indexed, and a bracket left empty or open', () => {
    const flatIndexed = expressionError(() => lists('NJet[Muon_jetIdx]'));
    assert.match(flatIndexed.message, /^Only a jagged value \(several elements per entry\) has elements to index/);
    assert.deepEqual([flatIndexed.start, flatIndexed.end], [0, 4]);
    assert.match(expressionError(() => parseExpression('Jet_Pt[]')).message, /^An index is missing in these brackets: Jet_Px\[0\] is the first element of each entry, Jet_pt\[Muon_jetIdx\] the jet of each muon\.$/);
    const open = expressionError(() => parseExpression('Jet_Pt[Muon_jetIdx'));
    assert.match(open.message, /^A "\]" is missing here\.$/);
    assert.equal(open.start, 18);
    assert.match(expressionError(() => parseExpression('Jet_Pt[1.5]')).message, /^An index is a whole number in brackets/);
    assert.match(expressionError(() => lists('argmax(NJet)')).message, /argmax\(\) reduces the elements of each entry, but this has one value per entry/);
    assert.match(expressionError(() => lists('Jet_Pt[O]')).message, /^There is no branch or column "O"\./);
    // Muons and jets still meet only where their counts agree.
    assert.match(expressionError(() => lists('Jet_Pt[Muon_jetIdx] + Jet_Pt')).message, /different numbers of elements in entry 1 \(1 and 0\)/);
  });
});

describe('data expressions: a computed index (fast-check)', () => {
  const number = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN), fc.integer({ min: -5, max: 5 }));
  const index = fc.oneof(fc.integer({ min: -2, max: 7 }), fc.constant(NaN), fc.double({ min: -1, max: 7, noNaN: true }));
  /** Entries with 0–6 elements of x, 0–5 indices k, and one index j per entry. */
  const dataset = fc
    .array(fc.tuple(fc.array(number, { maxLength: 6 }), fc.array(index, { maxLength: 5 }), index), { minLength: 1, maxLength: 30 })
    .map((rows) => ({ x: rows.map((r) => r[0]), k: rows.map((r) => r[1]), j: rows.map((r) => r[2]) }));
  const columnsFor = (d: { x: number[][]; k: number[][]; j: number[] }): Columns => data({ x: jaggedOf(d.x), k: jaggedOf(d.k), j: flat(Float64Array.from(d.j)) }, d.j.length);
  /** Element i of l as ROOT's TTree::Draw takes a computed index: cut toward zero, none outside. */
  const at = (l: number[], i: number): number | null => {
    const t = Math.trunc(i);
    return t >= 0 && t < l.length ? l[t] : null;
  };

  it('x[k] is, for each index, the element it names or none, and its sum skips the missing ones', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const want = d.x.map((l, e) => d.k[e].map((i) => at(l, i)));
        assert.deepEqual(listsOf(evaluate(parseExpression('x[k] * 2'), columnsFor(d)), d.j.length), want.map((l) => l.map((v) => (v === null ? null : v * 2))));
        const sums = listsOf(evaluate(parseExpression('sum(x[k])'), columnsFor(d)), d.j.length).map((l) => l[0]);
        assert.deepEqual(sums, want.map((l) => l.reduce<number>((a, v) => (v === null ? a : a + v), 0)));
        const s = select(parseExpression('x[k]'), { element: parseExpression('k > 1') }, columnsFor(d));
        const filled = want.map((l, e) => l.filter((v, m) => v !== null && d.k[e][m] > 1));
        assert.deepEqual([...s.values], filled.flat());
        assert.deepEqual([...s.multiplicities!], filled.map((l) => l.length));
      }),
    );
  });

  it('any string of the language\'s pieces is drawn, or refused with an ExpressionError: never another error', () => {
    const piece = fc.constantFrom('x', 'k', 'j', 'y', '[', ']', '(', ')', ',', '0', '-1', '2.5', '+', '-', '*', '/', '**', '>', 'and', 'not', 'argmax(', 'local_index(', 'sum(', 'len(', 'x[k]', 'x[j]', 'x[0]');
    fc.assert(
      fc.property(dataset, fc.array(piece, { minLength: 1, maxLength: 14 }), fc.array(piece, { maxLength: 6 }), (d, pieces, cut) => {
        try {
          selectText(pieces.join(' '), cut.length > 0 ? { element: cut.join(' ') } : {}, columnsFor(d));
        } catch (err) {
          if (!(err instanceof ExpressionError)) throw err;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('x[j] and x[argmax(x)] give one element per entry where it exists', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const byEntry = select(parseExpression('x[j]'), {}, columnsFor(d));
        assert.deepEqual([...byEntry.values], d.x.flatMap((l, e) => (at(l, d.j[e]) === null ? [] : [at(l, d.j[e])])));
        const best = select(parseExpression('x[argmax(x)]'), {}, columnsFor(d));
        const numbers = d.x.map((l) => l.filter((v) => !Number.isNaN(v)));
        assert.deepEqual([...best.values], numbers.filter((l) => l.length > 0).map((l) => Math.max(...l)));
      }),
    );
  });
});
