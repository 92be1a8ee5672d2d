// The data explorer's expression language: parsing (precedence, spellings, errors that point at a
// column), evaluation over flat and jagged columns, and the two kinds of cut — with examples and with
// property-based tests (fast-check) against plain per-entry JavaScript over the same lists.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { constant, flat, jaggedOf, listsOf } from './columns';
import { type Columns, evaluate } from './evaluate';
import { select } from './selection';
import { namesIn, parseExpression } from './syntax';
import { columnsOf, expressionError } from '../../testing/expressionData';

const data = columnsOf;

/** The value of an expression without columns. */
function value(text: string): number {
  const c = evaluate(parseExpression(text), data({}, 1));
  assert.equal(c.kind, 'const');
  return c.kind === 'const' ? c.value : NaN;
}

const errorOf = (text: string, columns: Columns = data({}, 1)) => expressionError(() => evaluate(parseExpression(text), columns));

// HZZ-like data: three events with 2, 0 and 3 jets, and one value per event.
const EVENTS = data(
  {
    Jet_Px: jaggedOf([[30, -10], [], [5, 25, 50]]),
    Jet_Py: jaggedOf([[40, 0], [], [12, 0, 0]]),
    Muon_Px: jaggedOf([[1], [2, 3], []]),
    NJet: flat(Float64Array.of(2, 0, 3)),
    MET_px: flat(Float64Array.of(1.5, NaN, -2)),
  },
  3,
);
const lists = (text: string): (number | null)[][] => listsOf(evaluate(parseExpression(text), EVENTS), 3);

describe('data expressions: parsing', () => {
  it('follows the usual precedence: ** right-associative and above unary minus, comparisons above logic', () => {
    assert.equal(value('1 + 2 * 3 ** 2'), 19);
    assert.equal(value('2 ** 3 ** 2'), 512);
    assert.equal(value('-2 ** 2'), -4);
    assert.equal(value('(1 + 2) * 3'), 9);
    assert.equal(value('7 % 4 - 10 / 4'), 0.5);
    assert.equal(value('1.5e2 + .5'), 150.5);
    assert.equal(value('not 1 > 2'), 1);
    assert.equal(value('1 < 2 and 3 > 4 or 2 == 2'), 1);
  });

  it("reads ROOT's and numpy's spellings of logic alike", () => {
    for (const [a, b] of [['1 && 0', '1 and 0'], ['1 || 0', '1 or 0'], ['!1', 'not 1'], ['(1 > 0) & (2 > 3)', '1 > 0 and 2 > 3'], ['(1 > 0) | (2 > 3)', '1 > 0 or 2 > 3'], ['~(1 > 0)', 'not 1 > 0']]) {
      assert.equal(value(a), value(b), `${a} is ${b}`);
    }
  });

  it('names the branches an expression reads, dotted and backquoted names included', () => {
    assert.deepEqual(namesIn(parseExpression('sqrt(Jet.Px**2 + `jet pt [GeV]`) + len(Jet.Px) + pi')), ['Jet.Px', 'jet pt [GeV]', 'pi']);
  });

  it('points at the column of each mistake', () => {
    const cases: [string, number, RegExp][] = [
      ['sqrt(Jet_Px**2 + )', 18, /cannot start a value/],
      ['(Jet_Px + 1', 12, /"\)" is missing/],
      ['Jet_Px @ 2', 8, /"@" cannot be used/],
      ['', 1, /empty/],
      ['Jet_Px +', 9, /ends too early/],
      ['1 < Jet_Px < 3', 12, /cannot be chained/],
      ['max(Jet_Px 2)', 12, /"," or "\)" is missing/],
      ['Jet_Px 2', 8, /"2" is not expected/],
      ['`unclosed', 1, /not closed/],
    ];
    for (const [text, column, message] of cases) {
      const err = errorOf(text, EVENTS);
      assert.match(err.message, message, text);
      assert.equal(err.column, column, `${text}: ${err.message}`);
    }
    assert.equal(errorOf('Jet_Px +').pointAt('Jet_Px +'), 'Jet_Px +\n        ^');
  });

  it('refuses nesting deep enough to exhaust the stack, and very long texts, with an error', () => {
    assert.match(errorOf('('.repeat(1000) + '1' + ')'.repeat(1000)).message, /nests deeper/);
    assert.match(errorOf('-'.repeat(5000) + '1').message, /nests deeper/);
    assert.match(errorOf('1+'.repeat(6000) + '1').message, /characters long/);
  });
});

describe('data expressions: evaluation over branches', () => {
  it('computes per element over jagged branches and broadcasts one value per entry to its elements', () => {
    assert.deepEqual(lists('sqrt(Jet_Px**2 + Jet_Py**2)'), [[50, 10], [], [13, 25, 50]]);
    assert.deepEqual(lists('Jet_Px / NJet'), [[15, -5], [], [5 / 3, 25 / 3, 50 / 3]]);
    assert.deepEqual(lists('NJet * 2 + 1'), [[5], [1], [7]]);
    assert.deepEqual(lists('atan2(Jet_Py, Jet_Px) > 0'), [[1, 1], [], [1, 0, 0]]);
  });

  it('reduces each entry with len, sum, mean, min, max, any, all and their ROOT spellings', () => {
    assert.deepEqual(lists('len(Jet_Px)'), [[2], [0], [3]]);
    assert.deepEqual(lists('Length$(Jet_Px)'), lists('len(Jet_Px)'));
    assert.deepEqual(lists('sum(Jet_Px)'), [[20], [0], [80]]);
    assert.deepEqual(lists('Sum$(Jet_Px > 20)'), [[1], [0], [2]]);
    assert.deepEqual(lists('mean(Jet_Px)'), [[10], [NaN], [80 / 3]]);
    assert.deepEqual(lists('min(Jet_Px)'), [[-10], [NaN], [5]]);
    assert.deepEqual(lists('Max$(Jet_Px)'), [[30], [NaN], [50]]);
    assert.deepEqual(lists('any(Jet_Px > 40)'), [[0], [0], [1]]);
    assert.deepEqual(lists('all(Jet_Px > 0)'), [[0], [1], [1]]);
    assert.deepEqual(lists('max(NJet, 1)'), [[2], [1], [3]]);
  });

  it('treats NaN as failing every comparison but !=, and as false in logic', () => {
    assert.deepEqual(lists('MET_px > 0'), [[1], [0], [0]]);
    assert.deepEqual(lists('MET_px <= 0'), [[0], [0], [1]]);
    assert.deepEqual(lists('MET_px != MET_px'), [[0], [1], [0]]);
    assert.deepEqual(lists('isnan(MET_px) or MET_px > 1'), [[1], [1], [0]]);
  });

  it('explains what is wrong: unknown names with a suggestion, reductions of flat values, mismatched jagged branches, arity', () => {
    const unknown = errorOf('Jet_Pz * 2', EVENTS);
    assert.match(unknown.message, /no branch or column "Jet_Pz". Did you mean "Jet_Px"\?/);
    assert.deepEqual([unknown.start, unknown.end], [0, 6]);
    assert.match(errorOf('len(NJet)', EVENTS).message, /one value per entry/);
    const mismatch = errorOf('Jet_Px + Muon_Px', EVENTS);
    assert.match(mismatch.message, /different numbers of elements in entry 0 \(2 and 1\)/);
    assert.match(errorOf('atan2(Jet_Px)', EVENTS).message, /takes 2 arguments, not 1/);
    assert.match(errorOf('sqr(Jet_Px)', EVENTS).message, /no function "sqr". Did you mean "sqrt"\?/);
    assert.match(errorOf('len(Jet_Px, Jet_Py)', EVENTS).message, /takes 1 argument, not 2/);
  });
});

describe('data expressions: cuts', () => {
  const run = (expr: string, cuts: { entry?: string; element?: string } = {}) =>
    select(parseExpression(expr), { entry: cuts.entry === undefined ? undefined : parseExpression(cuts.entry), element: cuts.element === undefined ? undefined : parseExpression(cuts.element) }, EVENTS);
  const fieldOf = expressionError;

  it('drops whole entries with an entry cut', () => {
    const s = run('Jet_Px', { entry: 'NJet >= 2' });
    assert.deepEqual([...s.values], [30, -10, 5, 25, 50]);
    assert.deepEqual([...s.multiplicities!], [2, 3]);
    assert.equal(s.entriesKept, 2);
  });

  it('masks elements with an element cut, and counts what each entry kept', () => {
    const s = run('Jet_Px', { element: 'Jet_Px > 20' });
    assert.deepEqual([...s.values], [30, 25, 50]);
    assert.deepEqual([...s.multiplicities!], [1, 0, 2]);
    assert.equal(s.entriesKept, 3);
  });

  it('applies both kinds together: entries dropped first, then elements masked in the entries kept', () => {
    const s = run('Jet_Px', { entry: 'NJet >= 2', element: 'Jet_Px > 20' });
    assert.deepEqual([...s.values], [30, 25, 50]);
    assert.deepEqual([...s.multiplicities!], [1, 2]);
    assert.equal(s.entriesKept, 2);
    // An entry condition inside an element cut masks elements instead: the entry stays, with none.
    assert.deepEqual([...run('Jet_Px', { element: 'Jet_Px > 20 and NJet >= 3' }).multiplicities!], [0, 0, 2]);
  });

  it('fills one value per entry for a flat expression, NaN entries dropped by a cut that reads them', () => {
    assert.deepEqual([...run('MET_px').values], [1.5, NaN, -2]);
    assert.deepEqual([...run('MET_px', { entry: 'MET_px > -5' }).values], [1.5, -2]);
    assert.deepEqual([...run('NJet', { entry: '1' }).values], [2, 0, 3]);
    assert.deepEqual([...run('NJet', { entry: '0' }).values], []);
  });

  it('refuses a cut in the wrong field, and a cut whose lengths differ, pointing at the field and the column', () => {
    const jaggedEntry = fieldOf(() => run('Jet_Px', { entry: 'Jet_Px > 20' }));
    assert.match(jaggedEntry.message, /move it to the element cut .* any\(Jet_Px > 20\)/);
    assert.deepEqual([jaggedEntry.field, jaggedEntry.start, jaggedEntry.end], ['entryCut', 0, 11]);
    const flatElement = fieldOf(() => run('Jet_Px', { element: 'NJet >= 2' }));
    assert.match(flatElement.message, /move it to the entry cut/);
    assert.equal(flatElement.field, 'elementCut');
    assert.match(fieldOf(() => run('NJet', { element: 'Jet_Px > 20' })).message, /this expression has one value per entry/);
    const lengths = fieldOf(() => run('Jet_Px', { element: 'Muon_Px > 0' }));
    assert.match(lengths.message, /different numbers of elements in entry 0 \(1 and 2\)/);
    assert.equal(lengths.field, 'elementCut');
    const unknown = fieldOf(() => run('Jet_Px', { entry: 'NJet > 1 and Jet_Pz > 0' }));
    assert.deepEqual([unknown.field, unknown.start], ['entryCut', 13]);
    assert.equal(fieldOf(() => run('sqr(Jet_Px)')).field, 'expression');
  });
});

describe('data expressions: properties (fast-check)', () => {
  const number = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN), fc.integer({ min: -5, max: 5 }));
  /** Entries with 0–6 elements each, and one value per entry. */
  const dataset = fc.array(fc.array(number, { maxLength: 6 }), { minLength: 1, maxLength: 30 }).chain((ls) => fc.tuple(fc.constant(ls), fc.array(number, { minLength: ls.length, maxLength: ls.length })));
  const columnsOf = (ls: number[][], y: number[]): Columns => data({ x: jaggedOf(ls), y: flat(Float64Array.from(y)) }, ls.length);
  const pass = (v: number): boolean => v !== 0 && !Number.isNaN(v);

  it('a per-element cut keeps exactly the elements that pass it, entry by entry', () => {
    fc.assert(
      fc.property(dataset, fc.double({ min: -1e6, max: 1e6, noNaN: true }), ([ls, y], t) => {
        const s = select(parseExpression('x'), { element: parseExpression(`x > ${t}`) }, columnsOf(ls, y));
        assert.deepEqual([...s.values], ls.flat().filter((v) => v > t));
        assert.deepEqual([...s.multiplicities!], ls.map((l) => l.filter((v) => v > t).length));
      }),
    );
  });

  it('a per-event cut keeps or drops whole entries, whatever their elements', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 0, max: 6 }), ([ls, y], k) => {
        const s = select(parseExpression('x * 2'), { entry: parseExpression(`len(x) >= ${k} and y == y`) }, columnsOf(ls, y));
        const kept = ls.filter((l, i) => l.length >= k && !Number.isNaN(y[i]));
        assert.deepEqual([...s.values], kept.flat().map((v) => v * 2));
        assert.equal(s.entriesKept, kept.length);
      }),
    );
  });

  it('reductions agree with plain JavaScript over each entry, empty entries and NaN included', () => {
    fc.assert(
      fc.property(dataset, ([ls, y]) => {
        const d = columnsOf(ls, y);
        const reduced = (f: string): number[] => listsOf(evaluate(parseExpression(`${f}(x)`), d), ls.length).map((l) => l[0] as number);
        const withNaN = (l: number[], f: (...v: number[]) => number): number => (l.length === 0 || l.some(Number.isNaN) ? NaN : f(...l));
        assert.deepEqual(reduced('len'), ls.map((l) => l.length));
        assert.deepEqual(reduced('sum'), ls.map((l) => l.reduce((a, b) => a + b, 0)));
        assert.deepEqual(reduced('max'), ls.map((l) => withNaN(l, Math.max)));
        assert.deepEqual(reduced('min'), ls.map((l) => withNaN(l, Math.min)));
        assert.deepEqual(reduced('any'), ls.map((l) => (l.some(pass) ? 1 : 0)));
        assert.deepEqual(reduced('all'), ls.map((l) => (l.every(pass) ? 1 : 0)));
      }),
    );
  });

  it('one value per entry meets every element of its entry, on either side', () => {
    fc.assert(
      fc.property(dataset, ([ls, y]) => {
        const d = columnsOf(ls, y);
        assert.deepEqual(listsOf(evaluate(parseExpression('x - y'), d), ls.length), ls.map((l, i) => l.map((v) => v - y[i])));
        assert.deepEqual(listsOf(evaluate(parseExpression('y - x'), d), ls.length), ls.map((l, i) => l.map((v) => y[i] - v)));
      }),
    );
  });

  // Random trees of numbers and operators, printed fully parenthesised with random spellings and
  // spaces, parse back to a tree that computes what JavaScript computes for the same tree.
  type Tree = number | { op: string; a: Tree; b?: Tree };
  const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: 0, max: 9 }),
      fc.record({ op: fc.constantFrom('+', '-', '*', '/', '<', '>=', '==', 'and', 'or', '**'), a: tie('t'), b: tie('t') }),
      fc.record({ op: fc.constantFrom('neg', 'not'), a: tie('t') }),
    ),
  })).t;
  const js = (t: Tree): number => {
    if (typeof t === 'number') return t;
    const a = js(t.a);
    if (t.op === 'neg') return -a;
    if (t.op === 'not') return pass(a) ? 0 : 1;
    const b = js(t.b!);
    const ops: Record<string, number> = { '+': a + b, '-': a - b, '*': a * b, '/': a / b, '<': +(a < b), '>=': +(a >= b), '==': +(a === b), and: +(pass(a) && pass(b)), or: +(pass(a) || pass(b)), '**': a ** b };
    return ops[t.op];
  };
  const print = (t: Tree, spell: boolean[], i = { n: 0 }): string => {
    const pick = (x: string, y: string): string => (spell[i.n++ % spell.length] ? x : y);
    if (typeof t === 'number') return String(t);
    if (t.op === 'neg') return `(-${pick(' ', '')}${print(t.a, spell, i)})`;
    if (t.op === 'not') return `(${pick('not ', '!')}${print(t.a, spell, i)})`;
    const op = t.op === 'and' ? pick('and', '&&') : t.op === 'or' ? pick('or', '||') : t.op;
    return `(${print(t.a, spell, i)}${pick(' ', '')} ${op} ${pick('', '  ')}${print(t.b!, spell, i)})`;
  };

  it('parses any printed tree back to what JavaScript computes for it', () => {
    fc.assert(
      fc.property(tree, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (t, spell) => {
        const got = value(print(t, spell));
        const want = js(t);
        assert.ok(Object.is(got, want) || got === want, `${print(t, spell)} = ${got}, JavaScript says ${want}`);
      }),
    );
  });
});

// Keeps the constant helper's import honest: a literal is one value for every entry.
describe('data expressions: literals', () => {
  it('are one value for all entries until they meet a column', () => {
    assert.deepEqual(evaluate(parseExpression('2 * pi'), EVENTS), constant(2 * Math.PI));
    assert.deepEqual(listsOf(evaluate(parseExpression('NJet + 0 * pi'), EVENTS), 3), [[2], [0], [3]]);
  });
});
