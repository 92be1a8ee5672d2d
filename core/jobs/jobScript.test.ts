import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jobScript } from './jobScript';

// The script is run by bash here: what the program receives is what the user wrote.
function runScript(script: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-script-'));
  try {
    const file = path.join(dir, 'job.sh');
    writeFileSync(file, script);
    return execFileSync('bash', [file], { encoding: 'utf8' });
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
});
