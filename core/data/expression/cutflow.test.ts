// The cut flow of an entry cut of several conditions (RDataFrame's Report()): each step's entries, the
// conditions quoted as typed, an entry without a value failing its condition; parts added step by step;
// and through the data worker on uproot-HZZ.root, each step's count the same as drawing with the cut
// up to that step.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { flat, jaggedOf } from './columns';
import { addCutflows, conditionsOf, cutflow, sumOfEntryWeights } from './cutflow';
import { parseExpression } from './syntax';
import { columnsOf } from '../../testing/expressionData';
import { type HistogramResult, runDataJob } from '../workers/dataJobs';

// Four events: jets 2, 0, 3, 1.
const EVENTS = columnsOf({ Jet_Px: jaggedOf([[30, -10], [], [5, 25, 50], [60]]), NJet: flat(Float64Array.of(2, 0, 3, 1)), MET: flat(Float64Array.of(10, 50, NaN, 70)) }, 4);
const flowOf = (text: string) => cutflow(parseExpression(text), text, EVENTS);

describe('cut flows', () => {
  it('counts the entries passing each condition and all before it, each quoted as typed', () => {
    assert.deepEqual(flowOf('NJet >= 1  and MET > 5 && any(Jet_Px > 40)'), [
      { cut: 'NJet >= 1', passed: 3 },
      // The third event's MET is NaN: it fails, as NaN fails every comparison.
      { cut: 'MET > 5', passed: 2 },
      { cut: 'any(Jet_Px > 40)', passed: 1 },
    ]);
    // Brackets around a group of conditions do not matter; a condition in brackets is quoted with them.
    assert.deepEqual(conditionsOf(parseExpression('(NJet >= 1 and MET > 5) and (NJet < 3)')).length, 3);
    assert.deepEqual(flowOf('NJet >= 1 and (MET > 5 or NJet > 2)')!.map((s) => s.cut), ['NJet >= 1', '(MET > 5 or NJet > 2)']);
  });

  it('fails an entry that has no value for a condition, and gives none for a cut of one condition', () => {
    // The second event has no jets: Jet_Px[0] has no value there.
    assert.deepEqual(flowOf('MET > 0 and Jet_Px[0] > 0')!.map((s) => s.passed), [3, 2]);
    assert.equal(flowOf('NJet >= 1 or MET > 5'), undefined);
    assert.equal(flowOf('NJet >= 1'), undefined);
    // A cut of very many conditions is drawn without one.
    assert.equal(flowOf(Array.from({ length: 65 }, (_, i) => `NJet != ${i + 10}`).join(' and ')), undefined);
    assert.equal(flowOf(Array.from({ length: 64 }, (_, i) => `NJet != ${i + 10}`).join(' and '))!.length, 64);
  });

  it('adds the parts of a dataset step by step', () => {
    const a = [{ cut: 'x > 1', passed: 5 }, { cut: 'y > 1', passed: 2 }];
    assert.deepEqual(addCutflows(addCutflows(undefined, a), a), [{ cut: 'x > 1', passed: 10 }, { cut: 'y > 1', passed: 4 }]);
    const w = [{ cut: 'x > 1', passed: 5, sumw: 2.5 }, { cut: 'y > 1', passed: 2, sumw: 0.5 }];
    assert.deepEqual(addCutflows(w, w), [{ cut: 'x > 1', passed: 10, sumw: 5 }, { cut: 'y > 1', passed: 4, sumw: 1 }]);
    // A part without sums: none, rather than a partial sum that looks whole.
    assert.deepEqual(addCutflows(w, a), [{ cut: 'x > 1', passed: 10 }, { cut: 'y > 1', passed: 4 }]);
  });

  it('sums an event weight at each step, a NaN weight skipped; a weight per element has no sum per entry', () => {
    const weight = flat(Float64Array.of(0.5, 2, NaN, 4));
    const text = 'NJet >= 1 and MET > 5';
    assert.deepEqual(cutflow(parseExpression(text), text, EVENTS, weight), [
      { cut: 'NJet >= 1', passed: 3, sumw: 0.5 + 4 },
      { cut: 'MET > 5', passed: 2, sumw: 0.5 + 4 },
    ]);
    assert.equal(sumOfEntryWeights(weight, 4), 6.5);
    const perElement = jaggedOf([[1, 1], [], [1, 1, 1], [1]]);
    assert.deepEqual(cutflow(parseExpression(text), text, EVENTS, perElement), [{ cut: 'NJet >= 1', passed: 3 }, { cut: 'MET > 5', passed: 2 }]);
    assert.equal(sumOfEntryWeights(perElement, 4), undefined);
  });

  it('through the data worker: each step as many entries as the cut up to it keeps (uproot-HZZ.root)', async function () {
    this.timeout(30_000);
    const file = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root', 'uproot-HZZ.root');
    const draw = async (entryCut: string) => (await runDataJob({ op: 'histogram', file, tree: 'events', expression: 'NJet', entryCut, axis: { bins: 10, low: 0, high: 10 } })) as HistogramResult;
    const steps = ['NJet >= 1', 'MET_px > 0', 'Jet_Px[0] > 20'];
    const r = await draw(steps.join(' and '));
    assert.deepEqual(r.cutflow!.map((s) => s.cut), steps);
    for (let i = 0; i < steps.length; i++) assert.equal(r.cutflow![i].passed, (await draw(steps.slice(0, i + 1).join(' and '))).entriesKept, steps[i]);
    assert.ok(r.cutflow![0].passed > r.cutflow![2].passed && r.cutflow![2].passed > 0);
    // Weighted by EventWeight: each step's sum is the sum of weights drawn with the cut up to it (a yield: Draw("1", "EventWeight*(cut)")).
    const yieldOf = async (entryCut: string) => {
      const h = ((await runDataJob({ op: 'histogram', file, tree: 'events', expression: '1', entryCut, weight: 'EventWeight', axis: { bins: 1, low: 0, high: 2 } })) as HistogramResult).histogram;
      return h.sumw.reduce((a, b) => a + b, 0);
    };
    const weighted = (await runDataJob({ op: 'histogram', file, tree: 'events', expression: 'NJet', entryCut: steps.join(' and '), weight: 'EventWeight', axis: { bins: 10, low: 0, high: 10 } })) as HistogramResult;
    for (let i = 0; i < steps.length; i++) {
      const want = await yieldOf(steps.slice(0, i + 1).join(' and '));
      assert.ok(Math.abs(weighted.cutflow![i].sumw! - want) <= 1e-9 * want, `${steps[i]}: ${weighted.cutflow![i].sumw} vs ${want}`);
    }
    assert.ok(weighted.cutflowSumw! > weighted.cutflow![0].sumw!);
  });
});
