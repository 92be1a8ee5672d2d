import * as assert from 'node:assert/strict';
import { specCompletions, specValueAt } from './specCompletion';

const labels = (text: string, line: number, ch: number) => specCompletions(text, line, ch).map((c) => c.label);

describe('job spec completion', () => {
  it('offers the top-level keys not written yet, with their descriptions', () => {
    const text = 'name: run\ncommand: [python, train.py]\n\n';
    const found = specCompletions(text, 2, 0);
    const keys = found.map((c) => c.label);
    assert.ok(keys.includes('resources') && keys.includes('backend') && keys.includes('setup'));
    assert.ok(!keys.includes('name') && !keys.includes('command'));
    assert.match(found.find((c) => c.label === 'backend')?.documentation ?? '', /slurmrestd/);
    assert.equal(found.find((c) => c.label === 'resources')?.insert, 'resources:\n  ');
    // Keys whose values completion offers show them at once: enums, paths, hub ids, an object's keys.
    const offered = found.filter((c) => c.valuesOffered).map((c) => c.label).sort();
    assert.deepEqual(offered, ['backend', 'hub', 'metrics', 'resources', 'script', 'slurm', 'workdir']);
  });

  it('offers the keys of the object the cursor is in', () => {
    const text = 'name: run\nresources:\n  gpus: 1\n  \nslurm:\n  partition: gpu\n  q';
    assert.deepEqual(labels(text, 3, 2).sort(), ['cpus', 'gpuType', 'memory', 'nodes', 'time']);
    assert.deepEqual(labels(text, 6, 3).sort(), ['account', 'constraint', 'gres', 'qos', 'reservation']);
  });

  it('offers the values of enum fields', () => {
    assert.deepEqual(labels('name: a\nbackend: ', 1, 9), ['local', 'slurm-cli', 'slurm-rest']);
    assert.deepEqual(labels('metrics:\n  log: w', 1, 8), ['weaver', 'none']);
    assert.deepEqual(labels('name: ', 0, 6), []);
    // Right after the colon, the value brings its space.
    assert.deepEqual(specCompletions('name: a\r\nbackend:', 1, 8).map((c) => c.insert), [' local', ' slurm-cli', ' slurm-rest']);
  });

  it('names the field whose value is being typed, and what is typed of it', () => {
    assert.deepEqual(specValueAt('name: a\nscript: scripts/tr', 1, 18), { path: ['script'], typed: 'scripts/tr', start: 8, quote: '', spaced: true });
    assert.deepEqual(specValueAt('metrics:\n  logdir: "ru', 1, 13), { path: ['metrics', 'logdir'], typed: 'ru', start: 11, quote: '"', spaced: true });
    assert.deepEqual(specValueAt('hub: # the paper\r\n  model:', 1, 8), { path: ['hub', 'model'], typed: '', start: 8, quote: '', spaced: false });
    // Not inside an object: a less-indented line that is not a bare "key:" comes first.
    assert.equal(specValueAt('name: a\n  script: x', 1, 11), undefined);
    assert.equal(specValueAt('script: x # comment', 0, 19), undefined);
  });
});
