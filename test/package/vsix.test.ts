// Checks the packaged hai.vsix: what a user installs must hold the bundles and the manifest with its
// translations, and no sources, tests, source maps or node_modules (except native modules that the
// bundles keep external, of which there are none yet).
import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import yauzl from 'yauzl';
import { VSIX_PATH } from '../../scripts/paths';

function listZip(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Native modules that esbuild leaves external and that must therefore ship as node_modules. */
const EXTERNAL_MODULES = ['onnxruntime-node', 'onnxruntime-common'];

describe('hai.vsix', () => {
  let files: string[];

  before(async () => {
    files = await listZip(VSIX_PATH);
  });

  it('holds the bundles, the manifest, both UI languages and the icon', () => {
    for (const required of [
      'extension/package.json',
      'extension/package.nls.json',
      'extension/package.nls.zh-cn.json',
      'extension/l10n/bundle.l10n.zh-cn.json',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/webviews/status.js',
      'extension/media/hai.svg',
      'extension/readme.md',
    ]) {
      assert.ok(files.includes(required), `${required} is in the .vsix`);
    }
  });

  it('holds no sources, tests, source maps, demo, cache or stray node_modules', () => {
    const offending = files.filter((f) => {
      if (/\.(ts|map)$/.test(f) || /\.test\./.test(f)) return true;
      if (/^extension\/(core|server|extension|webviews|test|scripts|bench|demo|docs|\.cache|\.tsbuild)\//.test(f)) return true;
      const nm = /^extension\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
      return nm !== null && !EXTERNAL_MODULES.includes(nm[1]);
    });
    assert.deepEqual(offending, []);
  });

  it('lists only files of the expected kinds', () => {
    const unexpected = files.filter(
      (f) =>
        !/^(\[Content_Types\]\.xml|extension\.vsixmanifest)$/.test(f) &&
        !/^extension\/(package(\.nls(\.[a-z-]+)?)?\.json|readme\.md|changelog\.md|LICENSE.*)$/i.test(f) &&
        !/^extension\/dist\/(extension|server)\.js$/.test(f) &&
        !/^extension\/dist\/webviews\/[A-Za-z]+\.js$/.test(f) &&
        !/^extension\/l10n\/bundle\.l10n\.[a-z-]+\.json$/.test(f) &&
        !/^extension\/media\/[\w.-]+\.(svg|png)$/.test(f),
    );
    assert.deepEqual(unexpected, []);
    console.log(`      hai.vsix: ${files.length} files, ${(statSync(VSIX_PATH).size / 1024).toFixed(1)} KiB`);
  });
});
