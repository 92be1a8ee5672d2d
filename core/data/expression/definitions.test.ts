// Definitions (ROOT's SetAlias, RDataFrame's Define) on uproot-HZZ.root and a NumPy archive: a name
// defined once gives, in the expression, the cuts, the weight and the table, exactly what the
// expression written out gives; a cut flow step is labelled with the name; Copy as Python writes the
// definitions out and, run, prints the worker's numbers; every mistake points into the definitions'
// text at its place (or at the field that uses a name wrongly).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyAsPython } from '../copyAsPython';
import { type DataJob, type HistogramResult, runDataJob } from '../workers/dataJobs';
import { rows } from '../workers/rowsJob';
import { parseDefinitions } from './definitions';
import { ExpressionError } from './syntax';

const DATA = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data');
const HZZ = path.join(DATA, 'root', 'uproot-HZZ.root');
const PYTHON = '/usr/bin/python3';

const histogram = async (job: Omit<Extract<DataJob, { op: 'histogram' }>, 'op' | 'file' | 'tree'>, file = HZZ): Promise<HistogramResult> =>
  (await runDataJob({ op: 'histogram', file, tree: file === HZZ ? 'events' : undefined, ...job })) as HistogramResult;

/** The ExpressionError a job fails with. */
async function refusal(work: Promise<unknown>): Promise<ExpressionError> {
  try {
    await work;
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  return assert.fail('no ExpressionError');
}

describe('definitions (SetAlias, Define)', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-defs-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const definitions = ['# transverse momenta', 'pt = hypot(Jet_Px, Jet_Py)', '', '  lead_pt = pt[0]', 'ht = sum(pt)', 'presel = NJet >= 2 and MET_px > 0'].join('\n');

  it('fills the histogram the expressions written out fill: in the expression, the cuts and the weight', async () => {
    const axis = { bins: 20, low: 0, high: 200 };
    const defined = await histogram({ expression: 'lead_pt', entryCut: 'presel and ht > 60', elementCut: '', weight: 'ht / 100', axis, definitions });
    const written = await histogram({ expression: 'hypot(Jet_Px, Jet_Py)[0]', entryCut: 'NJet >= 2 and MET_px > 0 and sum(hypot(Jet_Px, Jet_Py)) > 60', weight: 'sum(hypot(Jet_Px, Jet_Py)) / 100', axis });
    assert.deepEqual(defined.histogram, written.histogram);
    assert.ok(defined.histogram.entries > 100, `${defined.histogram.entries} entries`);
    // Jagged: a definition keeps its elements, and an element cut may use one.
    const jets = await histogram({ expression: 'pt', elementCut: 'pt > 30', axis, definitions });
    assert.deepEqual(jets.histogram, (await histogram({ expression: 'hypot(Jet_Px, Jet_Py)', elementCut: 'hypot(Jet_Px, Jet_Py) > 30', axis })).histogram);
  });

  it('labels a cut flow step with the name, and counts it as the conditions it stands for together', async () => {
    const defined = await histogram({ expression: 'MET_px', entryCut: 'presel and ht > 60', axis: { bins: 10, low: -100, high: 100 }, definitions });
    const written = await histogram({ expression: 'MET_px', entryCut: '(NJet >= 2 and MET_px > 0) and sum(hypot(Jet_Px, Jet_Py)) > 60', axis: { bins: 10, low: -100, high: 100 } });
    assert.deepEqual(defined.cutflow?.map((s) => s.cut), ['presel', 'ht > 60']);
    // Written out, the brackets do not make one step: NJet >= 2 is a step of its own there.
    assert.deepEqual(defined.cutflow?.map((s) => s.passed), written.cutflow?.slice(1).map((s) => s.passed));
  });

  it('lists in the table (TTree::Scan) the entries a defined cut selects', async () => {
    const defined = await rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet'], first: 0, count: 1000, entryCut: 'ht > 150', definitions });
    const written = await rows({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet'], first: 0, count: 1000, entryCut: 'sum(hypot(Jet_Px, Jet_Py)) > 150' });
    assert.deepEqual(defined.entries, written.entries);
    assert.ok(defined.entries.length > 10);
  });

  it('points each mistake into the definitions’ text, at its place', async () => {
    const at = (err: ExpressionError, text: string): string => text.slice(err.start, err.end);
    const axis = { bins: 4, low: 0, high: 100 };
    // A branch misspelt inside a definition: in the definitions, at the branch.
    const typo = 'pt = hypot(Jet_Px, Jet_Py)\nht = sum(pt) + Jet_Pzz[0]';
    let err = await refusal(histogram({ expression: 'ht', axis, definitions: typo }));
    assert.deepEqual([err.field, at(err, typo)], ['definitions', 'Jet_Pzz']);
    assert.match(err.message, /Did you mean "Jet_Pz"/);
    // A syntax mistake on the third line, and a line that is not a definition.
    for (const [text, field, wrong] of [
      ['pt = hypot(Jet_Px, Jet_Py)\n\nht = sum(pt) +', 'definitions', ''],
      ['pt = hypot(Jet_Px, Jet_Py)\nht sum(pt)', 'definitions', 'ht sum(pt)'],
      ['pt == 3', 'definitions', 'pt == 3'],
    ] as const) {
      err = await refusal(histogram({ expression: 'pt', axis, definitions: text }));
      assert.equal(err.field, field, text);
      assert.equal(at(err, text), wrong, text);
    }
    // One used before it is defined, one defined twice, a constant's name, a branch's name.
    for (const [text, wrong, message] of [
      ['ht = sum(pt)\npt = hypot(Jet_Px, Jet_Py)', 'pt', /"pt" is defined below this line/],
      ['pt = Jet_Px\npt = Jet_Py', 'pt', /defined twice/],
      ['pi = 3', 'pi', /meaning of its own/],
      ['NJet = len(Jet_Px)', 'NJet', /is a column of this file/],
    ] as const) {
      err = await refusal(histogram({ expression: 'Jet_Px', axis, definitions: text }));
      assert.equal(err.field, 'definitions', text);
      assert.equal(text.slice(err.start, err.end).trim(), wrong, text);
      assert.match(err.message, message);
    }
    // A name used wrongly where it is used: the field that uses it (a per-entry value indexed).
    err = await refusal(histogram({ expression: 'ht[0]', axis, definitions }));
    assert.equal(err.field, 'expression');
    // A misspelt defined name is offered the defined one.
    err = await refusal(histogram({ expression: 'lead_ptt', axis, definitions }));
    assert.match(err.message, /Did you mean "lead_pt"/);
    assert.throws(() => parseDefinitions(Array.from({ length: 201 }, (_, i) => `x${i} = ${i}`).join('\n')), /At most 200 definitions/);
    err = await refusal(histogram({ expression: 'x', axis, definitions: 'x = x * 2' }));
    assert.match(err.message, /"x" uses itself/);
    // Each using the one above twice: 2^n operations written out. Refused at the line that passes the
    // limit, at once, rather than walked for ever (the extension host plans a dataset's reads with it).
    const doubling = ['d0 = Jet_Px', ...Array.from({ length: 60 }, (_, i) => `d${i + 1} = d${i} + d${i}`)].join('\n');
    const started = performance.now();
    err = await refusal(histogram({ expression: 'd60', axis, definitions: doubling }));
    assert.ok(performance.now() - started < 5000);
    assert.equal(err.field, 'definitions');
    assert.equal(doubling.slice(err.start, err.end), 'd13');
    assert.match(err.message, /With its definitions written out, this is 32,765 operations/);
    // A field that uses a large definition many times is refused too, in its own field.
    const large = ['d0 = Jet_Px', ...Array.from({ length: 12 }, (_, i) => `d${i + 1} = d${i} + d${i}`)].join('\n');
    err = await refusal(histogram({ expression: 'd12 + d12 + d12 + d12 + d12 + d12', axis, definitions: large }));
    assert.equal(err.field, 'expression');
  });

  it('Copy as Python writes the definitions out: the NumPy script, run, prints the worker’s numbers', async () => {
    const file = path.join(DATA, 'npy', 'jets.npz');
    const defs = 'spread = max(part_deta) - min(part_deta)\nwide = spread > 0.5';
    const spec = { expression: 'spread', entryCut: 'wide and sum(part_deta) > -2', weight: 'spread + 1', axis: { bins: 6, low: 0, high: 1.2 }, definitions: defs };
    const ours = await histogram(spec, file);
    const script = copyAsPython({ file, format: 'npz', ...spec, weightedCutflow: ours.cutflowSumw !== undefined }, ['jet_pt', 'part_deta', 'fortran_f8']);
    assert.match(script, /# HAI's definitions, written out below where they are used:\n# {3}spread = max\(part_deta\) - min\(part_deta\)\n# {3}wide = spread > 0\.5\n/);
    const scriptFile = path.join(tmp, 'plot.py');
    writeFileSync(scriptFile, script);
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
    const near = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-9 * Math.max(1, Math.abs(b[i])));
    assert.ok(near(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1)), `${printed[1]}\n${ours.histogram.sumw.slice(1, -1)}\n${script}`);
    assert.ok(ours.histogram.entries > 0);
    // The cut flow's first step is the definition's name, as the page shows it.
    assert.ok(printed.some((l) => /^wide\s*:/.test(l.trim())), printed.join('\n'));
  });
});
