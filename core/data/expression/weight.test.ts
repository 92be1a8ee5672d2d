// A weight for each fill (ROOT's Draw("x", "w*(cut)"), hist's fill(x, weight=w)): an entry's weight
// meets each of its elements, a jagged weight weighs element by element, the cuts keep weights with
// their values, and an entry the weight lacks is left out.
import * as assert from 'node:assert/strict';
import { Histogram1D } from '../histogram';
import { flat, jaggedOf } from './columns';
import { selectPair } from './selection';
import { parseExpression } from './syntax';
import { columnsOf, expressionError, selectText } from '../../testing/expressionData';

const data = columnsOf;

// Three events: jets 2, 0 and 3; muons 1, 2 and 0; an event weight each.
const EVENTS = data(
  {
    Jet_Px: jaggedOf([[30, -10], [], [5, 25, 50]]),
    Jet_W: jaggedOf([[0.5, 2], [], [1, 1, 3]]),
    Muon_Px: jaggedOf([[1], [2, 3], []]),
    NJet: flat(Float64Array.of(2, 0, 3)),
    MET_px: flat(Float64Array.of(1.5, NaN, -2)),
    EventWeight: flat(Float64Array.of(0.1, 0.2, 0.3)),
  },
  3,
);
const run = (expression: string, cuts: { entry?: string; element?: string; weight?: string }) => selectText(expression, cuts, EVENTS);


describe('data expressions: weights', () => {
  it("gives each element its entry's weight, and each element its own with a jagged weight", () => {
    const perEvent = run('Jet_Px', { weight: 'EventWeight' });
    assert.deepEqual([[...perEvent.values], [...perEvent.weights!]], [[30, -10, 5, 25, 50], [0.1, 0.1, 0.3, 0.3, 0.3]]);
    const perJet = run('Jet_Px', { weight: 'Jet_W * EventWeight' });
    assert.deepEqual([...perJet.weights!].map((w) => Number(w.toFixed(6))), [0.05, 0.2, 0.3, 0.3, 0.9]);
    // One value per entry, a constant weight, and no weight at all.
    assert.deepEqual([...run('MET_px', { weight: 'EventWeight' }).weights!], [0.1, 0.2, 0.3]);
    assert.deepEqual([...run('NJet', { weight: '2' }).weights!], [2, 2, 2]);
    assert.equal(run('NJet', {}).weights, undefined);
  });

  it('keeps each weight with its value through both cuts, and leaves out an entry the weight lacks', () => {
    const cut = run('Jet_Px', { entry: 'NJet >= 2', element: 'Jet_Px > 20', weight: 'Jet_W' });
    assert.deepEqual([[...cut.values], [...cut.weights!], [...cut.multiplicities!]], [[30, 25, 50], [0.5, 1, 3], [1, 2]]);
    // The first muon's Px as the weight: the event without muons is not filled.
    const byMuon = run('MET_px', { weight: 'Muon_Px[0]' });
    assert.deepEqual([[...byMuon.values], [...byMuon.weights!], byMuon.entriesKept], [[1.5, NaN], [1, 2], 2]);
  });

  it("does not count a fill of weight 0 (ROOT's Draw(\"x\", \"w*(cut)\") counts what passes the cut)", () => {
    const s = run('NJet', { weight: 'EventWeight * (NJet > 1)' });
    const h = new Histogram1D({ bins: 4, low: 0, high: 4 });
    h.fill(s.values, s.weights);
    assert.deepEqual([h.entries, [...h.sumw].map((w) => Number(w.toFixed(6)))], [2, [0, 0, 0, 0.1, 0.3, 0]]);
  });

  it('weighs the pairs of a 2-D histogram by the entry or the element', () => {
    const pairs = selectPair(parseExpression('Jet_Px'), parseExpression('NJet'), { weight: parseExpression('EventWeight') }, EVENTS);
    assert.deepEqual([[...pairs.x.values], [...pairs.y.values], [...pairs.x.weights!]], [[30, -10, 5, 25, 50], [2, 2, 3, 3, 3], [0.1, 0.1, 0.3, 0.3, 0.3]]);
    const byMuon = selectPair(parseExpression('MET_px'), parseExpression('NJet'), { weight: parseExpression('Muon_Px[1]') }, EVENTS);
    assert.deepEqual([[...byMuon.x.values], [...byMuon.y.values], [...byMuon.x.weights!]], [[NaN], [0], [3]]);
  });

  it('points at a weight that cannot weigh the expression, in its own field', () => {
    const perElement = expressionError(() => run('MET_px', { weight: 'Jet_W' }));
    assert.match(perElement.message, /^This weight has a value per element, but the expression has one value per entry/);
    assert.deepEqual([perElement.field, perElement.start, perElement.end], ['weight', 0, 5]);
    const lengths = expressionError(() => run('Jet_Px', { weight: 'Muon_Px' }));
    assert.match(lengths.message, /different numbers of elements in entry 0 \(1 and 2\)/);
    assert.equal(lengths.field, 'weight');
    assert.equal(expressionError(() => run('Jet_Px', { weight: 'EventWieght' })).field, 'weight');
  });
});
