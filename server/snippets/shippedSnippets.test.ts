// The snippets shipped in snippets/: every file validates, and every one runs. Each Python snippet is
// expanded with its default placeholders, written to a file after its imports, and executed with
// Python 3 and PyTorch (Debian's python3-torch, which `npm test` installs): forward on the declared
// test input, the declared output shapes, finite gradients for every parameter after a backward
// pass — or the snippet's own test script. The weaver data config is parsed and checked for what
// weaver requires. Nothing ships untested: a snippet without a passing check fails here.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Snippet } from '../../core/snippets/snippet';
import { expandDefaults } from '../../core/snippets/snippetSyntax';
import { loadSnippets } from './snippetCatalog';

const DIR = path.join(__dirname, '..', '..', 'snippets');
const PYTHON = '/usr/bin/python3'; // Debian's: a pyenv python3 earlier on PATH cannot see python3-torch

/** The blocks the snippets issue asks for, by id. */
const REQUIRED = [
  'se-block', 'cbam', 'spatial-attention', 'transformer-block', 'particle-attention', 'class-attention',
  'csp-bottleneck', 'c3', 'spp', 'sppf', 'fpn', 'pan', 'edgeconv', 'particle-flow-network', 'pcnn-block',
  'resnet-basic', 'resnet-bottleneck', 'unet-down', 'unet-up', 'training-loop', 'weaver-data-config', 'weaver-network',
];

function sourceOf(s: Snippet): string {
  const code = expandDefaults(s.body.join('\n'));
  return s.language === 'python' ? `${s.imports.map((i) => `import ${i}`).join('\n')}\n\n\n${code}\n` : `${code}\n`;
}

function what(s: Snippet): string {
  const t = s.test;
  if ('construct' in t) return `${t.construct} on ${t.inputs.length} input(s) gives ${JSON.stringify(t.outputShapes)}, gradients finite`;
  if ('script' in t) return 'its test script passes';
  return `parses with ${Object.keys(t.yaml.inputGroups).length} input groups and ${t.yaml.labels} labels`;
}

describe('shipped snippets', function () {
  this.timeout(180_000);
  const catalog = loadSnippets(DIR);

  it('all validate against snippets/snippet.schema.json and parse as snippet syntax', () => {
    assert.deepEqual(catalog.errors, []);
  });

  it('include every block the issue names', () => {
    const ids = catalog.snippets.map((s) => s.id);
    assert.deepEqual(REQUIRED.filter((id) => !ids.includes(id)), []);
  });

  describe('executed with Python 3 and PyTorch', () => {
    const results = new Map<string, { ok: boolean; detail: string }>();
    let dir: string;
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'hai-snippets-'));
      const items = catalog.snippets.map((s) => {
        const file = path.join(dir, `${s.id.replace(/-/g, '_')}.${s.language === 'python' ? 'py' : 'yaml'}`);
        writeFileSync(file, sourceOf(s));
        return { id: s.id, language: s.language, file, test: s.test };
      });
      const out = await new Promise<string>((resolve, reject) => {
        const proc = spawn(PYTHON, [path.join(DIR, 'check_snippets.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        proc.on('error', reject);
        proc.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`check_snippets.py exited with ${code}: ${stderr}`))));
        proc.stdin.end(JSON.stringify(items));
      });
      for (const line of out.split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as { id: string; ok: boolean; detail: string };
        results.set(r.id, r);
      }
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const s of catalog.snippets) {
      it(`${s.id}: ${what(s)}`, () => {
        const r = results.get(s.id);
        assert.ok(r, `${s.id} was checked`);
        assert.ok(r.ok, r.detail);
      });
    }
  });
});
