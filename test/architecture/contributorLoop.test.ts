// The contributor's loop: the unit tier without packaging, F5 in VS Code that runs the extension and
// attaches to its server, and a test run that leaves the tracked tree as it was (screenshots go to an
// ignored folder; docs/screenshots changes only when someone runs the update script on purpose).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';
import { SCREENSHOT_DIR } from '../e2e/workbench';

interface Step {
  readonly title: string;
  readonly cmd: string;
  readonly args: readonly string[];
}
interface Plan {
  readonly tiers: readonly string[];
  readonly steps: readonly Step[];
}
type PlanRun = (argv: readonly string[], installed: { readonly npmPackages: boolean }) => Plan;

async function planRun(): Promise<PlanRun> {
  const planModule: { planRun: PlanRun } = await import(path.join(ROOT, 'scripts', 'testPlan.mjs'));
  return planModule.planRun;
}

function isIgnored(file: string): boolean {
  return spawnSync('git', ['check-ignore', '-q', '--no-index', path.relative(ROOT, file)], { cwd: ROOT }).status === 0;
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('contributor loop', function () {
  this.timeout(30_000);

  it('`npm run test:unit` runs the unit tier alone, with no packaging and no Debian packages', async () => {
    const script: string = pkg.scripts['test:unit'];
    assert.ok(script, 'package.json has a test:unit script');
    const [cmd, file, ...args] = script.split(' ');
    assert.deepEqual([cmd, file], ['node', 'scripts/test.mjs']);
    const plan = (await planRun())(args, { npmPackages: true });
    assert.deepEqual(plan.tiers, ['unit']);
    assert.deepEqual(plan.steps, [], `no steps before the tests: ${JSON.stringify(plan.steps)}`);
  });

  it('`npm test` still installs and packages everything all three tiers need', async () => {
    assert.equal(pkg.scripts.test, 'node scripts/test.mjs');
    const plan = (await planRun())([], { npmPackages: false });
    assert.deepEqual(plan.tiers, ['unit', 'protocol', 'e2e']);
    const commands = plan.steps.map((s) => [path.basename(s.cmd), ...s.args].join(' '));
    assert.ok(commands.some((c) => /^npm(\.cmd)? ci\b/.test(c)), commands.join('\n'));
    assert.ok(commands.includes('tsx scripts/systemDeps.ts unit protocol e2e'), commands.join('\n'));
    assert.ok(commands.some((c) => /^npm(\.cmd)? run package$/.test(c)), commands.join('\n'));
    assert.ok(commands.includes('tsx scripts/codeServer.ts'), commands.join('\n'));
  });

  it('e2e screenshots go to a git-ignored folder, not into the tracked docs/screenshots', () => {
    assert.ok(!SCREENSHOT_DIR.startsWith(path.join(ROOT, 'docs')), SCREENSHOT_DIR);
    assert.ok(isIgnored(path.join(SCREENSHOT_DIR, 'overview.png')), `${SCREENSHOT_DIR} is not ignored by git`);
  });

  it('`npm run screenshots:update` copies the e2e screenshots into the README\'s folder on purpose', () => {
    assert.equal(pkg.scripts['screenshots:update'], 'node scripts/updateScreenshots.mjs');
    const base = mkdtempSync(path.join(os.tmpdir(), 'hai-shots-'));
    try {
      const from = path.join(base, 'from');
      const to = path.join(base, 'to');
      mkdirSync(from);
      mkdirSync(to);
      writeFileSync(path.join(from, 'overview.png'), 'new overview');
      writeFileSync(path.join(from, 'notes.txt'), 'not a screenshot');
      writeFileSync(path.join(to, 'overview.png'), 'old overview');
      writeFileSync(path.join(to, 'jobs.png'), 'old jobs');
      const out = execFileSync('node', ['scripts/updateScreenshots.mjs', '--from', from, '--to', to], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(readFileSync(path.join(to, 'overview.png'), 'utf8'), 'new overview');
      assert.equal(readFileSync(path.join(to, 'jobs.png'), 'utf8'), 'old jobs', 'a screenshot the run did not take is kept');
      assert.ok(!existsSync(path.join(to, 'notes.txt')));
      assert.match(out, /overview\.png/);
      assert.match(out, /jobs\.png/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('the update script says what to run first when there are no screenshots', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'hai-shots-'));
    try {
      const r = spawnSync('node', ['scripts/updateScreenshots.mjs', '--from', path.join(base, 'none'), '--to', base], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /node scripts\/test\.mjs e2e/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('.vscode/launch.json runs the extension and attaches to its language server', () => {
    const file = path.join(ROOT, '.vscode', 'launch.json');
    assert.ok(!isIgnored(file), '.vscode/launch.json must be tracked');
    const launch = JSON.parse(readFileSync(file, 'utf8'));
    const run = launch.configurations.find((c: any) => c.type === 'extensionHost' && c.request === 'launch');
    assert.ok(run, 'an extensionHost launch configuration');
    assert.ok(run.args.includes('--extensionDevelopmentPath=${workspaceFolder}'), JSON.stringify(run.args));
    const tasks = JSON.parse(readFileSync(path.join(ROOT, '.vscode', 'tasks.json'), 'utf8'));
    assert.ok(tasks.tasks.some((t: any) => t.label === run.preLaunchTask), `the task "${run.preLaunchTask}" exists`);
    // The port the language client gives the server in a development host (serverController.ts).
    const controller = readFileSync(path.join(ROOT, 'extension', 'serverController.ts'), 'utf8');
    const port = Number(/--inspect=(\d+)/.exec(controller)?.[1]);
    const attach = launch.configurations.find((c: any) => c.type === 'node' && c.request === 'attach');
    assert.ok(attach, 'a node attach configuration');
    assert.equal(attach.port, port);
    const both = launch.compounds?.find((c: any) => c.configurations.includes(run.name) && c.configurations.includes(attach.name));
    assert.ok(both, 'a compound that starts both');
  });
});
