import * as assert from 'node:assert/strict';
import { english } from '../text/message';
import { inChinese } from '../testing/inChinese';
import { fieldFacts, schemaDescriptions, schemaNodeAt } from './specSchema';

const said = (path: (string | number)[]) => {
  const f = fieldFacts(path);
  assert.ok(f, `no facts for ${path.join('.')}`);
  return { name: f.name, description: f.description, facts: f.facts.map(english) };
};

describe('job spec schema facts (hover)', () => {
  it('says what a field takes, its range and what it is when left out', () => {
    assert.deepEqual(said(['resources', 'gpus']), { name: 'resources.gpus', description: 'Accelerators per node.', facts: ['Takes a whole number from 0 to 64', 'Default: 0'] });
    assert.deepEqual(said(['backend']).facts, ['One of: local, slurm-cli, slurm-rest', 'Default: local']);
    assert.deepEqual(said(['metrics', 'log']).facts, ['One of: weaver, none', 'Default: weaver']);
    assert.deepEqual(said(['resources']).facts, ['Takes a group of fields: gpus, gpuType, cpus, memory, time, nodes']);
  });

  it('describes a list item by its list, and an env entry by env', () => {
    const item = said(['command', 2]);
    assert.equal(item.name, 'command[2]');
    assert.match(item.description ?? '', /^What to run/);
    assert.deepEqual(said(['command']).facts, ['Takes text, or a list']);
    assert.match(said(['outputs', 0]).description ?? '', /^Files the job produces/);
    assert.deepEqual(said(['env', 'OMP_NUM_THREADS']).facts, ['Takes text, a number or true/false']);
  });

  it('knows nothing of fields the schema does not allow', () => {
    assert.equal(fieldFacts(['resources', 'gpu']), undefined);
    assert.equal(fieldFacts(['hub', 'model', 'x']), undefined);
    assert.equal(fieldFacts([]), undefined);
    assert.equal(schemaNodeAt(['outputz']), undefined);
    // Not the schema object's own properties either.
    assert.equal(fieldFacts(['constructor']), undefined);
    assert.equal(fieldFacts(['resources', 'toString']), undefined);
  });

  it('has a description for every field a spec can have, each translated', () => {
    const descriptions = schemaDescriptions();
    assert.ok(descriptions.length >= 30, `only ${descriptions.length}`);
    const fields = (node = schemaNodeAt([])!, at: string[] = []): string[][] =>
      Object.entries(node.properties ?? {}).flatMap(([k, n]) => (k === '$schema' ? [] : [[...at, k], ...fields(n, [...at, k])]));
    for (const f of fields()) assert.ok(fieldFacts(f)?.description, `${f.join('.')} has no description`);
    assert.equal(inChinese({ template: 'Accelerators per node.', args: [] }), '每个节点的加速卡数。');
    assert.equal(inChinese(fieldFacts(['resources', 'cpus'])!.facts[0]), '取值：1 到 1024 的整数');
  });
});
