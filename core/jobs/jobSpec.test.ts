import * as assert from 'node:assert/strict';
import { parseJobSpec, resolveWorkdir } from './jobSpec';

function problems(text: string): { message: string; line: number }[] {
  const r = parseJobSpec(text);
  assert.equal(r.ok, false, 'expected problems');
  return r.ok ? [] : r.problems.map((p) => ({ message: p.message, line: p.line }));
}

describe('job specs', () => {
  it('reads a full spec', () => {
    const r = parseJobSpec(
      [
        'name: part-jetclass',
        'backend: slurm-cli',
        'workdir: ../particle_transformer',
        'command: [weaver, --gpus, "0"]',
        'env: { OMP_NUM_THREADS: 4, NAME: "a b" }',
        'setup: ["module load cuda/12.1", "conda activate weaver"]',
        'resources: { gpus: 2, gpuType: a100, cpus: 8, memory: 32G, time: "2-00:00:00", nodes: 1 }',
        'slurm: { partition: gpu, account: hep, qos: normal }',
        'outputs: ["training/**"]',
        'metrics: { log: weaver, jsonl: metrics.jsonl }',
      ].join('\n'),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.spec.command, ['weaver', '--gpus', '0']);
    assert.equal(r.spec.resources?.gpus, 2);
    assert.equal(resolveWorkdir(r.spec, '/home/u/jobs/a.hai-job.yaml'), '/home/u/particle_transformer');
  });

  it('points at the line of each mistake', () => {
    const found = problems(['name: ok', 'command: python train.py', 'resources:', '  gpus: -1', '  time: "two hours"', 'colour: blue'].join('\n'));
    assert.deepEqual(
      found.map((p) => p.line).sort(),
      [3, 4, 5],
      JSON.stringify(found),
    );
    assert.ok(found.some((p) => /unknown field "colour"/.test(p.message)));
    assert.ok(found.some((p) => /Slurm time/.test(p.message)));
  });

  it('refuses names and values that could escape into a shell or sbatch', () => {
    for (const name of ['a;rm -rf ~', "it's", 'two\nlines', '-flag', '']) {
      const found = problems(`name: ${JSON.stringify(name)}\ncommand: [true]`);
      assert.ok(found.some((p) => /name/.test(p.message)), `${name}: ${JSON.stringify(found)}`);
    }
    assert.ok(problems('name: a\ncommand: [true]\nslurm: { partition: "gpu --wrap=id" }').some((p) => /partition/.test(p.message)));
    assert.ok(problems('name: a\ncommand: "python x.py\\nrm -rf /"').length > 0);
    assert.ok(problems('name: a\ncommand: [true]\nenv: { "BAD-NAME": 1 }').some((p) => /environment variable/.test(p.message)));
    assert.ok(problems('name: a\ncommand: [true]\nsetup: ["ok", "two\\nlines"]').length > 0);
  });

  it('wants exactly one of command and script', () => {
    assert.ok(problems('name: a').some((p) => /command|script/.test(p.message)));
    assert.ok(problems('name: a\ncommand: [x]\nscript: run.sh').some((p) => /not both/.test(p.message)));
  });

  it('reports YAML syntax errors with their line', () => {
    const found = problems('name: a\ncommand: [x\nbackend: local');
    assert.ok(found.length > 0);
    assert.ok(found[0].line >= 1, JSON.stringify(found));
  });
});
