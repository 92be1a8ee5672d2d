import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { english } from '../text/message';
import { inChinese } from '../testing/inChinese';
import { parseJobSpec } from './jobSpec';
import { type HubIds, meant, specWarnings } from './specWarnings';

const HUB: HubIds = { models: new Set(['particle-transformer', 'particlenet']), datasets: new Set(['jetclass', 'toplandscape']) };

describe('job spec warnings (what the schema cannot see)', () => {
  let dir: string;
  let spec: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-specwarn-'));
    mkdirSync(path.join(dir, 'scripts'));
    writeFileSync(path.join(dir, 'scripts', 'train.sh'), 'echo hi\n');
    writeFileSync(path.join(dir, 'notes.txt'), '');
    spec = path.join(dir, 'job.hai-job.yaml');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const warnings = async (text: string, hub: HubIds = HUB) => {
    const parsed = parseJobSpec(text);
    assert.ok(parsed.ok, 'the spec is valid');
    return (await specWarnings(text, parsed.spec, spec, { hub, paths: true })).map((w) => ({ text: english(w.text), on: text.slice(w.start, w.end), ...(w.replacement ? { fix: w.replacement } : {}) }));
  };

  it('says nothing of a spec whose script, folder and hub ids are there', async () => {
    assert.deepEqual(await warnings('name: a\nworkdir: scripts\nscript: train.sh\nhub: {model: particlenet, dataset: jetclass}\n'), []);
    assert.deepEqual(await warnings('name: a\ncommand: [python3, train.py]\n'), []);
  });

  it('points at a script or working directory that is not there, with the path it looked for', async () => {
    assert.deepEqual(await warnings('name: a\nscript: train.sh\n'), [
      { text: `There is no ${path.join(dir, 'train.sh')}: the job would fail at once. A script is relative to the working directory (${dir}).`, on: 'train.sh' },
    ]);
    assert.deepEqual(await warnings('name: a\nworkdir: ../nowhere-at-all\ncommand: [echo]\n'), [
      { text: `The folder ${path.resolve(dir, '../nowhere-at-all')} does not exist: the job would not start.`, on: '../nowhere-at-all' },
    ]);
    assert.deepEqual((await warnings('name: a\nworkdir: notes.txt\ncommand: [echo]\n')).map((w) => w.on), ['notes.txt']);
    assert.deepEqual((await warnings('name: a\nscript: scripts\n')).map((w) => w.text), [`${path.join(dir, 'scripts')} is a folder, not a script.`]);
  });

  it('leaves paths alone for slurmrestd, whose files may be on the cluster only, and in an untrusted workspace', async () => {
    assert.deepEqual(await warnings('name: a\nbackend: slurm-rest\nworkdir: /cluster/only\nscript: x.sh\n'), []);
    const text = 'name: a\nscript: x.sh\n';
    const parsed = parseJobSpec(text);
    assert.ok(parsed.ok);
    assert.deepEqual(await specWarnings(text, parsed.spec, spec, { hub: HUB, paths: false }), []);
  });

  it('points into a flow mapping and a CRLF spec', async () => {
    assert.deepEqual((await warnings('name: a\r\ncommand: [echo]\r\nhub: {model: particlenet, dataset: qg}\r\n')).map((w) => w.on), ['qg']);
  });

  it('names a hub id the hub does not know, with those it does, in the user’s language', async () => {
    const text = 'name: a\ncommand: [echo]\nhub:\n  model: part\n  dataset: JetClass\n';
    const found = await warnings(text);
    assert.deepEqual(found, [
      { text: 'The hub has no model "part". Its models: particle-transformer, particlenet.', on: 'part' },
      { text: 'The hub has no dataset "JetClass". Did you mean "jetclass"?', on: 'JetClass', fix: 'jetclass' },
    ]);
    const parsed = parseJobSpec(text);
    assert.ok(parsed.ok);
    const [first] = await specWarnings(text, parsed.spec, spec, { hub: HUB, paths: true });
    assert.equal(inChinese(first.text), '模型中心没有模型“part”。现有模型：particle-transformer, particlenet。');
    // Before the catalog has loaded, no id is called unknown.
    assert.deepEqual(await specWarnings(text, parsed.spec, spec, { paths: true }), []);
  });

  it('offers the id a misspelt one most likely means, and lists the ids when none is near', async () => {
    assert.deepEqual(await warnings('name: a\ncommand: [echo]\nhub: {model: particle-transfomer, dataset: jetclass}\n'), [
      { text: 'The hub has no model "particle-transfomer". Did you mean "particle-transformer"?', on: 'particle-transfomer', fix: 'particle-transformer' },
    ]);
    assert.equal(meant('ParticleNet', ['particlenet', 'pfn']), 'particlenet');
    assert.equal(meant('resnet50', ['particlenet', 'pfn']), undefined);
    // A code model of the hub is known (no warning), never suggested for a job.
    assert.deepEqual(await specWarnings('name: a\ncommand: [echo]\nhub: {model: tiny-starcoder-py, dataset: jetclass}\n', { name: 'a', command: ['echo'], hub: { model: 'tiny-starcoder-py', dataset: 'jetclass' } }, spec, { hub: { ...HUB, otherModels: new Set(['tiny-starcoder-py']) }, paths: false }), []);
    const many: HubIds = { models: new Set(Array.from({ length: 14 }, (_, i) => `model-${String(i).padStart(2, '0')}`)), datasets: HUB.datasets };
    const [listing] = await warnings('name: a\ncommand: [echo]\nhub: {model: zzz, dataset: jetclass}\n', many);
    assert.match(listing.text, /^The hub has no model "zzz"\. Its models: model-00, model-01, .*, model-11 and 2 more\.$/);
  });
});
