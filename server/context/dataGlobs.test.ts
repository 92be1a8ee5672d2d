import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { globFiles, isGlob, MAX_GLOB_FILES, spread } from './dataGlobs';
import { commonKeys, type DataFileKeys } from './dataKeys';

describe('Data keys: the files a pattern uproot expands names', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hai-dataglobs-'));
    fs.mkdirSync(path.join(dir, 'data', 'sub'), { recursive: true });
    for (const name of ['run_1.root', 'run_2.root', 'run_10.root', '.run_0.root', 'notes.txt', 'sub/run_3.root']) fs.writeFileSync(path.join(dir, 'data', name), '');
    fs.mkdirSync(path.join(dir, 'data', 'run_dir.root'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tells a pattern from a path by its file name', () => {
    assert.equal(isGlob('data/run_*.root'), true);
    assert.equal(isGlob('data/run_?.root'), true);
    assert.equal(isGlob('data/run_[12].root'), true);
    assert.equal(isGlob('data/run_1.root'), false);
    assert.equal(isGlob('runs*/x.root'), false, 'a pattern in a folder part is not expanded');
  });

  it('finds the files as Python\'s glob does, in the first folder that has any', async () => {
    const script = path.join(dir, 'analysis.py');
    const names = async (written: string) => (await globFiles(written, script, [dir])).map((f) => path.relative(dir, f));
    assert.deepEqual(await names('data/run_*.root'), ['data/run_1.root', 'data/run_10.root', 'data/run_2.root'], 'no hidden file, no folder, nothing below');
    assert.deepEqual(await names('data/run_?.root'), ['data/run_1.root', 'data/run_2.root']);
    assert.deepEqual(await names('data/run_[!1]*.root'), ['data/run_2.root']);
    assert.deepEqual(await names(path.join(dir, 'data', 'sub', '*.root')), ['data/sub/run_3.root'], 'an absolute pattern');
    assert.deepEqual(await names('data/*/run_3.root'), [], 'a pattern in a folder part');
    assert.deepEqual(await names('missing/*.root'), []);
    // Where minimatch reads a pattern otherwise than Python's fnmatch, or could backtrack for long.
    assert.deepEqual(await names('data/run_[^1]*.root'), [], 'minimatch negates `[^…]`, Python does not');
    assert.deepEqual(await names('data/[.]run_0.root'), [], 'minimatch lets `[.]` match a hidden file, Python does not');
    assert.deepEqual(await names('data/*u*_*.root'), [], 'three stars');
    assert.deepEqual(await names('data/r*_*.root'), ['data/run_1.root', 'data/run_10.root', 'data/run_2.root'], 'two stars');
  });

  it('samples a long list evenly, its first and last kept', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const picked = spread(items, MAX_GLOB_FILES);
    assert.equal(picked.length, MAX_GLOB_FILES);
    assert.equal(picked[0], 0);
    assert.equal(picked[picked.length - 1], 99);
    assert.deepEqual(spread([1, 2], MAX_GLOB_FILES), [1, 2]);
  });

  it('keeps the keys every file has, per node, and none where they share none', () => {
    const keys = (events: string[], top = ['events']): DataFileKeys => ({ format: 'root', nodes: new Map([['', top], ['events', events]]), trees: new Set(['events']) });
    const common = commonKeys([keys(['Jet_E', 'Jet_Px', 'NJet']), keys(['Jet_Px', 'NJet', 'Muon_Px']), keys(['NJet', 'Jet_Px'], ['events', 'hist'])])!;
    assert.deepEqual(common.nodes.get('events'), ['Jet_Px', 'NJet']);
    assert.deepEqual(common.nodes.get(''), ['events']);
    assert.ok(common.trees.has('events'));
    const disjoint = commonKeys([keys(['Jet_Px']), keys(['px1'])])!;
    assert.equal(disjoint.nodes.has('events'), false, 'no branch in common: no list');
    assert.equal(disjoint.trees.has('events'), false);
    assert.equal(commonKeys([keys(['a']), undefined]), undefined, 'a file whose keys are not known');
    assert.equal(commonKeys([keys(['a']), { format: 'npz', nodes: new Map([['', ['a']]]), trees: new Set() }]), undefined);
    assert.equal(commonKeys([]), undefined);
  });
});
