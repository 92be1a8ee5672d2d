// The release check (scripts/vsixContents.mjs) on file lists: it must pass a right package and name
// every kind of wrong one, or `npm run release` would let a broken or bloated package through.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';

interface Check {
  readonly target: string;
  readonly entries: readonly string[];
  readonly vsixManifest: string;
  readonly demoFiles: readonly string[];
  readonly bytes: number;
}
interface VsixContents {
  TARGETS: readonly string[];
  SIZE_BUDGET: Record<string, number>;
  vsixProblems(check: Check): string[];
  requiredFiles(target: string, demoFiles: readonly string[]): string[];
  manifestProblems(manifest: Record<string, unknown>): string[];
  committedDemoFiles(root: string): string[];
}

const load = async (): Promise<VsixContents> => import(path.join(ROOT, 'scripts', 'vsixContents.mjs'));
const DEMO = ['train.py', 'data/uproot-HZZ.root'];
const manifestFor = (target: string): string =>
  `<PackageManifest><Metadata><Identity Id="hai" Publisher="ihep" TargetPlatform="${target}"/></Metadata></PackageManifest>`;

async function goodPackage(target: string): Promise<Check> {
  const c = await load();
  const entries = [
    ...c.requiredFiles(target, DEMO),
    '[Content_Types].xml',
    'extension/dist/webviews/metrics.css',
    'extension/snippets/python/attention.json',
  ];
  return { target, entries, vsixManifest: manifestFor(target), demoFiles: DEMO, bytes: 40 * 2 ** 20 };
}

describe('release contents check', () => {
  it('passes a package that holds what it needs, for every target', async () => {
    const c = await load();
    for (const target of c.TARGETS) assert.deepEqual(c.vsixProblems(await goodPackage(target)), [], target);
  });

  it('names a missing bundle, model or demo file', async () => {
    const c = await load();
    const good = await goodPackage('linux-x64');
    const entries = good.entries.filter(
      (e) => e !== 'extension/dist/server.js' && e !== 'extension/models/code-model/onnx/model_int8.onnx' && e !== 'extension/dist/demo/train.py',
    );
    assert.deepEqual(c.vsixProblems({ ...good, entries }), [
      'extension/dist/server.js is missing',
      'extension/models/code-model/onnx/model_int8.onnx is missing',
      'extension/dist/demo/train.py is missing',
    ]);
  });

  it('refuses source maps, sources, tests and files nobody declared', async () => {
    const c = await load();
    const good = await goodPackage('linux-x64');
    const extra = [
      'extension/dist/extension.js.map',
      'extension/core/protocol/commands.ts',
      'extension/test/fixtures/a.root',
      'extension/.npmrc',
      'extension/demo/runs/jet_tagger.pt',
    ];
    const problems = c.vsixProblems({ ...good, entries: [...good.entries, ...extra] });
    assert.equal(problems.length, extra.length, problems.join('\n'));
    for (const [i, name] of extra.entries()) assert.ok(problems[i].startsWith(name), problems[i]);
  });

  it('refuses another platform’s ONNX Runtime and the DirectML files no CPU session loads', async () => {
    const c = await load();
    const linux = await goodPackage('linux-x64');
    const darwinLib = 'extension/dist/node_modules/onnxruntime-node/bin/napi-v6/darwin/arm64/libonnxruntime.1.dylib';
    assert.deepEqual(c.vsixProblems({ ...linux, entries: [...linux.entries, darwinLib] }), [
      `${darwinLib} is a native file linux-x64 does not load`,
    ]);
    const win = await goodPackage('win32-x64');
    const directMl = 'extension/dist/node_modules/onnxruntime-node/bin/napi-v6/win32/x64/DirectML.dll';
    assert.deepEqual(c.vsixProblems({ ...win, entries: [...win.entries, directMl] }), [
      `${directMl} is a native file win32-x64 does not load`,
    ]);
  });

  it('refuses a package labelled for another platform, and one over its size budget', async () => {
    const c = await load();
    const good = await goodPackage('linux-arm64');
    assert.deepEqual(c.vsixProblems({ ...good, vsixManifest: manifestFor('linux-x64') }), [
      'extension.vsixmanifest says TargetPlatform="linux-x64", not linux-arm64',
    ]);
    const over = c.vsixProblems({ ...good, bytes: c.SIZE_BUDGET['linux-arm64'] + 1 });
    assert.equal(over.length, 1);
    assert.match(over[0], /is over the linux-arm64 budget of \d+\.\d MiB/);
  });

  it('asks the manifest for what the marketplaces show: licence, PNG icon, a plain version', async () => {
    const c = await load();
    const pkg = { name: 'hai', publisher: 'ihep', version: '0.1.0', displayName: 'HAI', description: 'd', license: 'MIT', icon: 'media/icon.png', engines: { vscode: '^1.91.0' } };
    assert.deepEqual(c.manifestProblems(pkg), []);
    assert.deepEqual(c.manifestProblems({ ...pkg, license: undefined, icon: 'media/icon.svg', version: '0.1' }), [
      'package.json has no "license"',
      'the icon must be a PNG for the marketplaces',
      'version "0.1" is not major.minor.patch',
    ]);
  });

  it('ships the demo as committed: the demo’s tracked files, not what runs wrote into it', async () => {
    const c = await load();
    const files = c.committedDemoFiles(ROOT);
    for (const f of ['train.py', 'train.hai-job.yaml', 'data/uproot-HZZ.root', 'frames/data.yaml']) assert.ok(files.includes(f), f);
    assert.ok(!files.some((f) => f.endsWith('.gitignore') || f.startsWith('.hai/') || f.endsWith('.pt')), files.join(', '));
  });
});
