import * as assert from 'node:assert/strict';
import { english } from '../text/message';
import { InvalidSpecError, jobScript } from './jobScript';
import { MAX_SPEC_CHARS, nestsTooDeeply, parseJobSpec, resolveWorkdir, validateJobSpec } from './jobSpec';
import { inChinese } from '../testing/inChinese';

function problems(text: string): { message: string; line: number }[] {
  const r = parseJobSpec(text);
  assert.equal(r.ok, false, 'expected problems');
  return r.ok ? [] : r.problems.map((p) => ({ message: p.message, line: p.line }));
}

describe('job specs', () => {
  it('names every wrong field, a type beside a range, in words that are translated', () => {
    const r = parseJobSpec('name: a\ncommand: [true]\nresources:\n  gpus: two\n  cpus: -2\n');
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => [p.line, p.message]), [
      [3, 'resources.gpus: must be a whole number'],
      [4, 'resources.cpus: must be at least 1'],
    ]);
    assert.deepEqual(r.problems.map((p) => inChinese(p.text!)), ['resources.gpus：必须是整数', 'resources.cpus：不能小于 1']);
    // In the order of the text (the schema finds the unknown top-level field first).
    const later = parseJobSpec('name: a\ncommand: [true]\nresources:\n  cpus: -2\noutputz: [x]\n');
    assert.ok(!later.ok);
    assert.deepEqual(later.problems.map((p) => p.line), [3, 4]);
  });

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
    assert.deepEqual(problems('name: a').map((p) => p.message), ['the spec needs a "command" to run, or a "script"']);
    assert.ok(problems('name: a\ncommand: [x]\nscript: run.sh').some((p) => /not both/.test(p.message)));
  });

  it('reports an alias bomb as "too many aliases" on the line of its first alias, without throwing', () => {
    // Nine anchors, each a list of nine aliases of the one before: 9^9 strings if expanded.
    const bomb = ['name: bomb', 'command: [true]', 'x0: &a0 ["lol"]'];
    for (let i = 1; i <= 9; i++) bomb.push(`x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    const found = problems(bomb.join('\n'));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /too many aliases/);
    assert.equal(found[0].line, 3);
  });

  it('never throws, whatever the text: hostile documents become problems', function () {
    // Big inputs on purpose; this is not a speed test (bench/ measures speed).
    this.timeout(60_000);
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const junk = Array.from({ length: 20 }, () => String.fromCharCode(...Array.from({ length: 2000 }, () => Math.floor(random() * 0xffff))));
    const hostile = [
      '['.repeat(100_000) + ']'.repeat(100_000),
      '{a: '.repeat(50_000) + '1' + '}'.repeat(50_000),
      Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
      '- '.repeat(100_000) + 'x',
      `name: a\ncommand: [true]\nd: &x [${'a'.repeat(10)}]\n` + Array.from({ length: 60 }, (_, i) => `y${i}: *x`).join('\n'),
      '&a [*a]',
      '*undefined_alias',
      '!!binary AAAA\n---\n---\n',
      '%YAML 9.9\n---\nname: a',
      '\u0000\u0001\u0002\ufffe\ud800',
      'name: a\ncommand: [true]\n' + 'x'.repeat(MAX_SPEC_CHARS),
      // Deep nesting that hides its closing brackets in quotes and comments, or nests without brackets.
      '[ "]" '.repeat(20_000),
      "{a: ']' ".repeat(20_000),
      '[ # ]\n'.repeat(20_000),
      '- &a '.repeat(20_000) + 'x',
      '- !t '.repeat(20_000) + 'x',
      '? '.repeat(20_000) + 'x',
      Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i % 400)}-`).join('\n'),
      ...junk,
    ];
    // Deep flow nesting whose closing brackets are text yaml reads as part of a scalar: the guard
    // must see these itself, because yaml's own way out (a caught stack overflow) is what once
    // ended the process with a fatal V8 error on the second such parse.
    const hidden = [
      'command: ' + "['a''b]', ".repeat(5000), // '' is a quote inside '…', not its end
      'command: ' + '["a\\"b]", '.repeat(5000), // \" is a quote inside "…"
      'command: ' + "[[]']', ".repeat(5000), // a quoted scalar right after a closing bracket
      "description: b '\ncommand: " + "['x] ', ".repeat(5000), // a lone quote in a plain scalar
      "description: |\n  it ' s\n  ]]]]\ncommand: " + "['x] ', ".repeat(5000), // quotes and brackets in a block scalar
      'command: ' + '[ # ]] \'\n'.repeat(5000), // brackets and a quote in comments
    ];
    for (const text of hidden) assert.equal(nestsTooDeeply(text), true, text.slice(0, 40));
    // Twice each, in one process: a second deep parse once ended the process with a fatal V8 error.
    for (const text of [...hostile, ...hidden, ...hostile, ...hidden]) {
      const r = parseJobSpec(text);
      assert.equal(r.ok, false, text.slice(0, 80));
      if (!r.ok) assert.ok(r.problems.length > 0 && r.problems.every((p) => typeof p.message === 'string' && p.message.length > 0 && p.line >= 0));
    }
    for (const text of hidden) assert.match(problems(text)[0].message, /nested too deeply: a job spec needs a few levels/);
    assert.match(problems('name: a\ncommand: [true]\n#' + 'x'.repeat(MAX_SPEC_CHARS))[0].message, /characters long/);
  });

  it('reads brackets, quotes and hashes inside values as text, not as nesting', () => {
    const r = parseJobSpec(['name: brackets', `command: ["python3", "-c", "print([[[[1]]]]) # {{{{", 'it''s [[[']`, `description: it's [{[{ # not a comment's "quote"`].join('\n'));
    assert.ok(r.ok, JSON.stringify(r));
    // Brackets in a block scalar and in comments are text, however many there are.
    const block = parseJobSpec(['name: block', 'command: [run]', 'description: |', `  ${'['.repeat(500)} it's "`, `  ${']'.repeat(500)}`, `# ${'{'.repeat(500)}`].join('\n'));
    assert.ok(block.ok, JSON.stringify(block));
  });

  it('checks a spec value (a stored or built one) with the same rules as a file', () => {
    assert.equal(validateJobSpec({ name: 'ok', command: ['true'] }).ok, true);
    for (const bad of [null, 'name: x', { name: 'a;rm -rf ~', command: ['true'] }, { name: 'a', command: 'x\ny' }, { name: 'a', command: ['true'], slurm: { partition: '--wrap=id' } }, { name: 'a', command: ['true'], python: 'relative/python' }]) {
      const r = validateJobSpec(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
      if (!r.ok) assert.ok(r.problems.length > 0);
    }
  });

  it('reports YAML syntax errors with their line', () => {
    const found = problems('name: a\ncommand: [x\nbackend: local');
    assert.ok(found.length > 0);
    assert.ok(found[0].line >= 1, JSON.stringify(found));
  });

  it('gives each problem as a message to translate, its English as before and the field as written', () => {
    const r = parseJobSpec('name: a\ncommand: [true]\nresources:\n  time: two hours');
    assert.ok(!r.ok);
    const [p] = r.problems;
    assert.equal(p.message, 'resources.time: use a Slurm time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS');
    assert.ok(p.text);
    assert.equal(english(p.text), p.message);
    assert.equal(inChinese(p.text), 'resources.time：请使用 Slurm 时间格式：分钟数、MM:SS、HH:MM:SS、D-HH、D-HH:MM 或 D-HH:MM:SS');
    // The same problems, when a stored spec reaches the job script, make one error with the same words.
    let err: unknown;
    try {
      jobScript({ spec: { name: 'a', command: ['true'], resources: { time: 'two hours' } }, workdir: '/' });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof InvalidSpecError && err.text);
    assert.equal(err.message, `The job spec a is not valid: ${p.message}. Fix the spec (*.hai-job.yaml) and submit it again.`);
    assert.equal(english(err.text), err.message);
  });

  it('says that a field written without its value needs one, and what an empty spec needs', () => {
    assert.deepEqual(problems('name: a\nscript:\nresources:\n  gpuType:\n'), [
      { message: 'script: needs a value', line: 1 },
      { message: 'resources.gpuType: needs a value', line: 3 },
    ]);
    assert.deepEqual(problems('').map((p) => p.message), ['the spec is empty: write its name and a command or a script (completion offers the fields)']);
    // A value of the wrong type is still said as such.
    assert.ok(problems('name: a\ncommand: [x]\nresources:\n  gpus: two\n').some((p) => p.message === 'resources.gpus: must be a whole number'));
  });
});
