import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writePackages } from './workspace';

describe('quality workspace: held-out packages written to disk as projects', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-quality-ws-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const files = [
    { path: 'python3-demo/demo/fit/model.py', text: 'from . import base\n' },
    { path: 'python3-demo/demo/__init__.py', text: '"""The demo package."""\n' },
    { path: 'python3-demo/six.py', text: 'x = 1\n' },
    { path: 'python3-demo/usr/share/doc/python3-demo/examples/plot.py', text: 'import demo\n' },
  ];

  it('gives a library every package folder its __init__.py back (the corpus drops the empty ones), keeping the ones it has', () => {
    const ws = writePackages(files, dir, () => true);
    const at = (rel: string) => path.join(dir, 'python3-demo', ...rel.split('/'));
    assert.equal(readFileSync(at('demo/fit/__init__.py'), 'utf8'), '');
    assert.equal(readFileSync(at('demo/__init__.py'), 'utf8'), '"""The demo package."""\n');
    assert.equal(existsSync(at('__init__.py')), false, 'the import root is no package');
    assert.equal(existsSync(at('usr/share/doc/python3-demo/examples/__init__.py')), false, "a package's examples stay scripts");
    assert.deepEqual(ws.folders, [path.join(dir, 'python3-demo')]);
  });

  it('writes galleries of scripts as they are', () => {
    writePackages(files, dir, () => false);
    assert.equal(existsSync(path.join(dir, 'python3-demo', 'demo', 'fit', '__init__.py')), false);
  });
});
