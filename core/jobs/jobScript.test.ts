import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jobScript } from './jobScript';
import type { JobSpec } from './jobSpec';

// The script is run by bash here: what the program receives is what the user wrote.
function runScript(script: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-script-'));
  try {
    const file = path.join(dir, 'job.sh');
    writeFileSync(file, script);
    return execFileSync('bash', [file], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('job scripts', () => {
  const hostile = [`it's`, '"double"', '; echo INJECTED', '$(echo INJECTED)', '`echo INJECTED`', 'two\nlines', '$HOME', '*', ''];

  it('passes every argument of a list command to the program unchanged', () => {
    const out = runScript(jobScript({ spec: { name: 'q', command: ['printf', '<%s>\\n', ...hostile] }, workdir: os.tmpdir() }));
    const printed = out.split('\n').slice(1).join('\n');
    assert.equal(printed, hostile.map((h) => `<${h}>`).join('\n') + '\n');
  });

  it('exports environment values unchanged and enters the working directory', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hai dir 'x' "));
    try {
      const out = runScript(jobScript({ spec: { name: 'e', command: ['bash', '-c', 'printf "%s|%s|%s" "$A" "$B" "$PWD"'], env: { A: hostile.join(' '), B: 3 } }, workdir: dir }));
      assert.equal(out.slice(out.indexOf('\n') + 1), `${hostile.join(' ')}|3|${dir}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops when a setup line fails, before the command runs', () => {
    let failed = false;
    try {
      runScript(jobScript({ spec: { name: 's', setup: ['false'], command: ['echo', 'RAN'] }, workdir: os.tmpdir() }));
    } catch (err) {
      failed = true;
      assert.ok(!String((err as { stdout?: string }).stdout).includes('RAN'));
    }
    assert.ok(failed);
  });

  it('refuses a string command or setup line with a line break', () => {
    assert.throws(() => jobScript({ spec: { name: 'x', command: 'echo a\necho b' }, workdir: '/' }), /one line/);
    assert.throws(() => jobScript({ spec: { name: 'x', command: ['true'], setup: ['a\nb'] }, workdir: '/' }), /one line/);
  });

  it('runs a script with its arguments', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-s-'));
    try {
      writeFileSync(path.join(dir, 'run.sh'), 'echo "args: $*"\n');
      const out = runScript(jobScript({ spec: { name: 'r', script: 'run.sh', args: ['--x', 'a b'] }, workdir: dir }));
      assert.equal(out.split('\n')[1], 'args: --x a b');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a spec the schema refuses, whoever built it, before anything can run', () => {
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'hai-inject-')), 'ran');
    // A stored record's spec is JSON that anyone can edit: this name would run a command in the start line.
    const tampered = [
      { name: `x$(touch ${marker})`, command: ['true'] },
      { name: 'x', command: ['true'], env: { 'A=1; touch x; B': '1' } },
      { name: 'x', command: ['true'], slurm: { partition: 'gpu --wrap=id' } },
      { name: 'x', command: ['true'], colour: 'blue' },
      { name: 'x' },
      { name: 'x', command: ['true'], python: 'venv/bin/python' },
    ] as unknown as JobSpec[];
    for (const spec of tampered) {
      let script: string | undefined;
      try {
        script = jobScript({ spec, workdir: os.tmpdir() });
      } catch (err) {
        assert.match(String(err), /^Error: The job spec .*is not valid: .+\. Fix the spec \(\*\.hai-job\.yaml\) and submit it again\./);
        continue;
      }
      if (script) runScript(script);
      assert.fail(`no error for ${JSON.stringify(spec)}; the script ran${existsSync(marker) ? ' and the injected command too' : ''}`);
    }
    assert.equal(existsSync(marker), false);
    rmSync(path.dirname(marker), { recursive: true, force: true });
  });

  describe('with the workspace’s Python interpreter', () => {
    let venv: string;
    before(() => {
      // A real virtual environment: its bin/python is a symlink to the base interpreter, and only
      // when run through that link does Python find pyvenv.cfg and set sys.prefix to the environment.
      venv = mkdtempSync(path.join(os.tmpdir(), 'hai venv '));
      execFileSync('/usr/bin/python3', ['-m', 'venv', '--without-pip', venv]);
    });
    after(() => rmSync(venv, { recursive: true, force: true }));
    const probe = 'import os, sys; print(sys.prefix, os.environ["HAI_PYTHON"], sep="|")';
    // The login shell's PATH may hold another python3 first (pyenv here): the job must not use it.
    const env = { ...process.env, PATH: `/usr/local/bin:/usr/bin:/bin` };

    it('runs python and python3 of a list command, a string command, setup lines and a script with it', () => {
      const python = path.join(venv, 'bin', 'python');
      const expected = `${venv}|${python}`;
      const list = runScript(jobScript({ spec: { name: 'p', python, command: ['python3', '-c', probe] }, workdir: venv }), env);
      assert.equal(list.trim().split('\n').pop(), expected);
      const text = runScript(jobScript({ spec: { name: 'p', python, command: `python -c '${probe}'` }, workdir: venv }), env);
      assert.equal(text.trim().split('\n').pop(), expected);
      const setup = runScript(jobScript({ spec: { name: 'p', python, setup: [`python3 -c '${probe}' > setup.txt`], command: ['cat', 'setup.txt'] }, workdir: venv }), env);
      assert.equal(setup.trim().split('\n').pop(), expected);
      writeFileSync(path.join(venv, 'run.sh'), `python -c '${probe}'\n`);
      const script = runScript(jobScript({ spec: { name: 'p', python, script: 'run.sh' }, workdir: venv }), env);
      assert.equal(script.trim().split('\n').pop(), expected);
      // Programs of the environment come first on PATH, as after `source bin/activate`.
      const which = runScript(jobScript({ spec: { name: 'p', python, command: ['bash', '-c', 'echo "${PATH%%:*}"'] }, workdir: venv }), env);
      assert.equal(which.trim().split('\n').pop(), path.join(venv, 'bin'));
      assert.match(list.split('\n')[0], new RegExp(`Python ${python.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    });

    it('stops with a clear message when the interpreter is not there', () => {
      try {
        runScript(jobScript({ spec: { name: 'p', python: path.join(venv, 'gone', 'python'), command: ['python3', '-c', 'print(1)'] }, workdir: venv }), env);
        assert.fail('the job ran');
      } catch (err) {
        const e = err as { status?: number; stderr?: string };
        assert.equal(e.status, 127);
        assert.match(String(e.stderr), /the Python interpreter .*gone\/python is not there or not executable/);
      }
    });
  });
});
