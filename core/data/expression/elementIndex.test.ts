// An element by its index (`Jet_Px[0]`, `Muon_E[1]`, `Jet_Px[-1]`), as ROOT's TTree::Draw takes it:
// an entry without that element has no value, and is left out of whatever is computed from it, of
// the histogram and of the cuts — with examples and property-based tests (fast-check) against plain
// per-entry JavaScript.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { flat, jaggedOf, listsOf } from './columns';
import { type Columns, evaluate } from './evaluate';
import { select, selectPair } from './selection';
import { namesIn, parseExpression } from './syntax';
import { columnsOf, expressionError } from '../../testing/expressionData';

const data = columnsOf;

// Three events: jets 2, 0 and 3; muons 1, 2 and 0.
const EVENTS = data(
  {
    Jet_Px: jaggedOf([[30, -10], [], [5, 25, 50]]),
    Muon_Px: jaggedOf([[1], [2, 3], []]),
    NJet: flat(Float64Array.of(2, 0, 3)),
    MET_px: flat(Float64Array.of(1.5, NaN, -2)),
  },
  3,
);
const lists = (text: string): (number | null)[][] => listsOf(evaluate(parseExpression(text), EVENTS), 3);


describe('data expressions: an element by its index', () => {
  it('takes element k of each entry, counted from the end when negative; an entry without it has none', () => {
    assert.deepEqual(lists('Jet_Px[0]'), [[30], [], [5]]);
    assert.deepEqual(lists('Jet_Px[1]'), [[-10], [], [25]]);
    assert.deepEqual(lists('Jet_Px[2]'), [[], [], [50]]);
    assert.deepEqual(lists('Jet_Px[-1]'), [[-10], [], [50]]);
    assert.deepEqual(lists('Jet_Px[-3]'), [[], [], [5]]);
    assert.deepEqual(lists('Jet_Px[7]'), [[], [], []]);
    // Of anything jagged, and binding tighter than any operator.
    assert.deepEqual(lists('(Jet_Px * 2)[1]'), [[-20], [], [50]]);
    assert.deepEqual(lists('-Jet_Px[0] ** 2'), [[-900], [], [-25]]);
    assert.deepEqual(namesIn(parseExpression('Jet_Px[0] + Muon_Px[-1]')), ['Jet_Px', 'Muon_Px']);
  });

  it('leaves an entry out of everything computed from an element it lacks', () => {
    // Two elements: the dimuon or dijet quantities of events that have both.
    assert.deepEqual(lists('Muon_Px[0] + Muon_Px[1]'), [[], [5], []]);
    assert.deepEqual(lists('Jet_Px[0] + Muon_Px[0]'), [[31], [], []]);
    // With one value per entry, and with a jagged partner (each jet against the leading one).
    assert.deepEqual(lists('Jet_Px[0] - NJet'), [[28], [], [2]]);
    assert.deepEqual(lists('Jet_Px - Jet_Px[0]'), [[0, -40], [], [0, 20, 45]]);
    assert.deepEqual(lists('Jet_Px * Muon_Px[0]'), [[30, -10], [], []]);
    // Reduced: only where the entry has the element.
    assert.deepEqual(lists('sum(Jet_Px - Muon_Px[1])'), [[], [0], []]);
    // Jagged branches of different lengths still meet only where their counts agree.
    assert.match(expressionError(() => lists('Jet_Px + Muon_Px + Jet_Px[0]')).message, /different numbers of elements in entry 0 \(2 and 1\)/);
  });

  it('explains what cannot be indexed, and how an index is written', () => {
    const flatIndex = expressionError(() => lists('NJet[0]'));
    assert.match(flatIndex.message, /^Only a jagged value \(several elements per entry\) has elements to index; this has one value per entry\.$/);
    assert.deepEqual([flatIndex.start, flatIndex.end], [0, 4]);
    // An element is one value per entry: it cannot be indexed again, nor reduced.
    assert.deepEqual([expressionError(() => lists('Jet_Px[0][1]')).start, expressionError(() => lists('Jet_Px[0][1]')).end], [0, 9]);
    assert.match(expressionError(() => lists('len(Jet_Px[0])')).message, /len\(\) reduces the elements of each entry, but this has one value per entry/);
    // A number alone in the brackets is a literal index (a computed one is computedIndex.test.ts's).
    for (const [text, start] of [['Jet_Px[1.5]', 6], ['Jet_Px[-0.5]', 6], ['(Jet_Px)[2.]', 8]] as const) {
      const err = expressionError(() => parseExpression(text));
      assert.match(err.message, /^An index is a whole number in brackets: Jet_Px\[0\] is the first element of each entry, Jet_Px\[-1\] the last\.$/, text);
      assert.equal(err.start, start, text);
    }
    assert.match(expressionError(() => parseExpression('Jet_Px]')).message, /"\]" is not expected here/);
  });

  it('histograms only the entries that have the element, and cuts on it as ROOT does', () => {
    const run = (expression: string, entry?: string, element?: string) => select(parseExpression(expression), { entry: entry ? parseExpression(entry) : undefined, element: element ? parseExpression(element) : undefined }, EVENTS);
    const leading = run('Jet_Px[0]');
    assert.deepEqual([...leading.values], [30, 5]);
    assert.equal(leading.entriesKept, 2);
    assert.equal(leading.multiplicities, undefined);
    // An entry cut on an element: entries without it fail.
    const cut = run('Jet_Px', 'Jet_Px[0] > 20');
    assert.deepEqual([[...cut.values], [...cut.multiplicities!], cut.entriesKept], [[30, -10], [2], 1]);
    assert.deepEqual([...run('MET_px', 'Muon_Px[1] > 0').values], [NaN]);
    // An element cut against an element: jets above the leading one's half, in events that have one.
    const half = run('Jet_Px', undefined, 'Jet_Px > Jet_Px[0] / 2');
    assert.deepEqual([[...half.values], [...half.multiplicities!], half.entriesKept], [[30, 5, 25, 50], [1, 3], 2]);
    // Counts of an element cut are compared only in the entries kept: not in one the entry cut lacks.
    const two = data({ a: jaggedOf([[1, 2], [3]]), b: jaggedOf([[5, 6], []]) }, 2);
    const kept = select(parseExpression('a'), { entry: parseExpression('b[0] > 0'), element: parseExpression('b > 5') }, two);
    assert.deepEqual([[...kept.values], kept.entriesKept], [[2], 1]);
    // An element cut is still one value per element: an element alone belongs in the entry cut.
    assert.match(expressionError(() => run('Jet_Px', undefined, 'Jet_Px[0] > 20')).message, /move it to the entry cut/);
  });

  it('pairs x and y of a 2-D histogram only in entries that have both', () => {
    const pair = (x: string, y: string, entry?: string) => selectPair(parseExpression(x), parseExpression(y), { entry: entry ? parseExpression(entry) : undefined }, EVENTS);
    const leading = pair('Jet_Px[0]', 'Muon_Px[0]');
    assert.deepEqual([[...leading.x.values], [...leading.y.values]], [[30], [1]]);
    // Each jet against the event's first muon: the event with muons and no jets is kept, with none.
    const jets = pair('Jet_Px', 'Muon_Px[0]');
    assert.deepEqual([[...jets.x.values], [...jets.y.values], [...jets.x.multiplicities!]], [[30, -10], [1, 1], [2, 0]]);
    // A constant against an element: a pair only where the element is.
    const constant = pair('1', 'Jet_Px[0]');
    assert.deepEqual([[...constant.x.values], [...constant.y.values]], [[1, 1], [30, 5]]);
    const second = pair('MET_px', 'Jet_Px[1]', 'NJet > 0');
    assert.deepEqual([[...second.x.values], [...second.y.values]], [[1.5, -2], [-10, 25]]);
  });
});

describe('data expressions: an element by its index (fast-check)', () => {
  const number = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN), fc.integer({ min: -5, max: 5 }));
  /** Entries with 0–6 elements of x and of z each, and one value y per entry. */
  const dataset = fc
    .array(fc.tuple(fc.array(number, { maxLength: 6 }), fc.array(number, { maxLength: 6 }), number), { minLength: 1, maxLength: 30 })
    .map((rows) => ({ x: rows.map((r) => r[0]), z: rows.map((r) => r[1]), y: rows.map((r) => r[2]) }));
  const columnsOf = (d: { x: number[][]; z: number[][]; y: number[] }): Columns => data({ x: jaggedOf(d.x), z: jaggedOf(d.z), y: flat(Float64Array.from(d.y)) }, d.y.length);
  const index = fc.integer({ min: -7, max: 7 });

  it('fills x[k] * y for each entry that has element k, as Array.prototype.at reads it', () => {
    fc.assert(
      fc.property(dataset, index, (d, k) => {
        const s = select(parseExpression(`x[${k}] * y`), {}, columnsOf(d));
        const has = d.x.map((l) => (k >= 0 ? k < l.length : -k <= l.length));
        assert.deepEqual([...s.values], d.x.flatMap((l, i) => (has[i] ? [(l.at(k) as number) * d.y[i]] : [])));
        assert.equal(s.entriesKept, has.filter(Boolean).length);
      }),
    );
  });

  it('keeps the elements of x above z[j] in entries where z has element j, and only those entries', () => {
    fc.assert(
      fc.property(dataset, index, (d, j) => {
        const s = select(parseExpression('x'), { element: parseExpression(`x > z[${j}]`) }, columnsOf(d));
        const kept = d.x.flatMap((l, i) => {
          const t = d.z[i].at(j);
          return t === undefined ? [] : [l.filter((v) => v > t)];
        });
        assert.deepEqual([...s.values], kept.flat());
        assert.deepEqual([...s.multiplicities!], kept.map((l) => l.length));
      }),
    );
  });
});
