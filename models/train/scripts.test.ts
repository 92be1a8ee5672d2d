// scripts.py: the "scripts" evaluation split, the example galleries of documentation packages, which
// must never hold a file the corpus trains on (or one the split already holds).
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3'; // Debian's, with python3-numpy (corpus.py's MinHash)
const SCRIPTS = path.join(__dirname, 'scripts.py');
const CORPUS = path.join(__dirname, 'corpus.py');

/** A library file of 30 distinct lines, as the corpus holds them. */
const LIBRARY = Array.from({ length: 30 }, (_, i) => `def step_${i}(x):\n    return x * ${i} + ${i * 7}\n`).join('\n');
const FIT = 'import numpy as np\nfrom lmfit import Model\n\nx = np.linspace(0, 10, 101)\nmodel = Model(lambda x, a: a * x)\nresult = model.fit(2 * x, x=x, a=1)\nprint(result.fit_report())\n';
const PLOT = 'import matplotlib.pyplot as plt\nfrom skimage import data\n\nimage = data.camera()\nplt.imshow(image, cmap="gray")\nplt.show()\n';

interface Manifest {
  packages: { package: string; version: string; licence: string; copyright_licence: string; files: number }[];
  skipped: Record<string, number>;
  split: { files: number; bytes: number };
  sha256: string;
}

/** A documentation package as Debian builds one: its files under usr/share/doc/<name>/ and a DEP-5 copyright file. */
function buildDeb(dir: string, debs: string, files: Record<string, Buffer | string>, library: Record<string, string> = {}): void {
  const root = path.join(dir, 'pkg');
  mkdirSync(path.join(root, 'DEBIAN'), { recursive: true });
  writeFileSync(path.join(root, 'DEBIAN', 'control'), 'Package: python-demo-doc\nVersion: 1.0-1\nArchitecture: all\nMaintainer: HAI <hai@example.org>\nDescription: examples\n');
  const doc = path.join(root, 'usr', 'share', 'doc', 'python-demo-doc');
  for (const [rel, body] of Object.entries({ copyright: 'Files: *\nCopyright: 2024 HAI\nLicense: BSD-3-Clause\n', ...files })) {
    mkdirSync(path.dirname(path.join(doc, rel)), { recursive: true });
    writeFileSync(path.join(doc, rel), body);
  }
  for (const [rel, body] of Object.entries(library)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), body);
  }
  mkdirSync(debs, { recursive: true });
  execFileSync('dpkg-deb', ['--root-owner-group', '--build', root, path.join(debs, 'python-demo-doc_1.0-1_all.deb')], { stdio: 'ignore' });
}

describe('scripts.py: example scripts as an evaluation split no model trains on', function () {
  this.timeout(60_000);
  let dir: string;
  let list: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-scripts-'));
    list = path.join(dir, 'scripts.txt');
    writeFileSync(list, '# test list\nscripts 0 python-demo-doc 1.0-1 BSD-3-Clause\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeCorpus(): void {
    const corpus = path.join(dir, 'work', 'corpus');
    mkdirSync(corpus, { recursive: true });
    const line = (text: string) => `${JSON.stringify({ group: 'numeric', weight: 2, package: 'python3-demo', path: 'demo/steps.py', text })}\n`;
    writeFileSync(path.join(corpus, 'train.jsonl'), line(LIBRARY));
    writeFileSync(path.join(corpus, 'heldout.jsonl'), '');
    writeFileSync(path.join(corpus, 'unseen.jsonl'), '');
  }

  it('keeps the scripts, gzipped ones too, and drops copies and near copies of the corpus and of each other, and damaged files', async () => {
    writeCorpus();
    const nearCopy = LIBRARY.replace('return x * 29 + 203', 'return x * 29 + 204');
    buildDeb(dir, path.join(dir, 'work', 'debs'), {
      'examples/fit.py': FIT,
      'examples/fit_again.py': FIT,
      'examples/steps.py': LIBRARY,
      'examples/steps_edited.py': nearCopy,
      'examples/latin1.py': Buffer.from('# caf\xe9\nx = 1\n', 'latin1'),
      'examples/notes.txt': 'not Python\n',
      'examples/damaged.py.gz': Buffer.concat([gzipSync(FIT).subarray(0, 12), Buffer.alloc(40, 0xff)]),
      'html/_downloads/0123abcd/plot_camera.py.gz': gzipSync(PLOT),
    });
    const { stdout } = await run(PYTHON, [SCRIPTS, '--work', path.join(dir, 'work'), '--packages', list]);
    assert.match(stdout, /"files": 2/);
    const split = path.join(dir, 'work', 'corpus', 'scripts.jsonl');
    const docs = readFileSync(split, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { group: string; package: string; path: string; text: string });
    assert.deepEqual(docs.map((d) => [d.package, d.path, d.text]), [
      ['python-demo-doc', 'examples/fit.py', FIT],
      ['python-demo-doc', 'gallery/plot_camera.py', PLOT],
    ]);
    assert.ok(docs.every((d) => d.group === 'scripts'));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'work', 'corpus', 'scripts.json'), 'utf8')) as Manifest;
    assert.deepEqual(manifest.skipped, { unreadable: 1, too_large: 0, not_utf8: 1, unusable: 0, duplicate: 1, near_duplicate: 0, copy_of_corpus: 2 });
    assert.deepEqual(manifest.packages.map((p) => [p.package, p.version, p.licence, p.copyright_licence, p.files]), [['python-demo-doc', '1.0-1', 'BSD-3-Clause', 'BSD-3-Clause', 2]]);
    assert.equal(manifest.split.files, 2);
    const { createHash } = await import('node:crypto');
    assert.equal(manifest.sha256, createHash('sha256').update(readFileSync(split)).digest('hex'));
  });

  it('gives corpus.py a "scripts" package\'s example scripts to train on, gzipped ones too, and not its library files', async () => {
    writeFileSync(list, '# test list\nscripts 3 python-demo-doc 1.0-1 BSD-3-Clause\n');
    buildDeb(dir, path.join(dir, 'work', 'debs'), {
      'examples/fit.py': FIT,
      'examples/latin1.py': Buffer.from('# caf\xe9\nx = 1\n', 'latin1'),
      'html/_downloads/0123abcd/plot_camera.py.gz': gzipSync(PLOT),
    }, { 'usr/lib/python3/dist-packages/demo/steps.py': LIBRARY });
    const corpus = path.join(dir, 'work', 'corpus');
    // A scripts split checked against an earlier corpus.
    mkdirSync(corpus, { recursive: true });
    writeFileSync(path.join(corpus, 'scripts.json'), '{}');
    writeFileSync(path.join(corpus, 'scripts.jsonl'), '');
    await run(PYTHON, [CORPUS, '--work', path.join(dir, 'work'), '--packages', list]);
    assert.ok(!existsSync(path.join(corpus, 'scripts.json')) && !existsSync(path.join(corpus, 'scripts.jsonl')), 'the split goes with the corpus it was checked against');
    const docs = ['train', 'heldout', 'unseen'].flatMap((split) =>
      readFileSync(path.join(corpus, `${split}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => ({ split, ...(JSON.parse(l) as { group: string; weight: number; path: string; text: string }) })));
    assert.deepEqual(docs.map((d) => [d.path, d.text, d.group, d.weight]).sort(), [
      ['examples/fit.py', FIT, 'scripts', 3],
      ['gallery/plot_camera.py', PLOT, 'scripts', 3],
    ]);
    assert.ok(docs.every((d) => d.split !== 'unseen'), 'trained on (or held out by file), never the unseen split');
    const manifest = JSON.parse(readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as { skipped: Record<string, number> };
    assert.equal(manifest.skipped.not_utf8, 1);
  });

  it('says to run corpus.py first when the work folder has no corpus', async () => {
    buildDeb(dir, path.join(dir, 'work', 'debs'), { 'examples/fit.py': FIT });
    await assert.rejects(run(PYTHON, [SCRIPTS, '--work', path.join(dir, 'work'), '--packages', list]), (e: Error & { stderr: string }) => {
      assert.match(e.stderr, /train\.jsonl is missing: run corpus\.py on this work folder first/);
      return true;
    });
  });
});
