// Checks the packaged hai.vsix: what a user installs must hold the bundles, the manifest with its
// translations and ONNX Runtime for this one platform, and no sources, tests, source maps or other
// node_modules.
import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import yauzl from 'yauzl';
import * as path from 'node:path';
import { ROOT, VSIX_PATH } from '../../scripts/paths';

/** One entry's text. */
function readZipText(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} is not in ${file}`)));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const HOST = `${process.platform}/${process.arch}`;

/** The release's own check of a package (scripts/vsixContents.mjs). */
interface VsixContents {
  vsixProblems(c: object): string[];
  readVsix(file: string): Promise<{ entries: string[]; vsixManifest: string }>;
  committedDemoFiles(root: string): string[];
}

describe('hai.vsix', () => {
  let check: VsixContents;
  let files: string[];
  let vsixManifest: string;

  before(async () => {
    check = await import(path.join(ROOT, 'scripts', 'vsixContents.mjs'));
    ({ entries: files, vsixManifest } = await check.readVsix(VSIX_PATH));
  });

  it('holds the bundles, the manifest, both UI languages and the icon', () => {
    for (const required of [
      'extension/package.json',
      'extension/package.nls.json',
      'extension/package.nls.zh-cn.json',
      'extension/l10n/bundle.l10n.zh-cn.json',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/dataWorker.js',
      'extension/dist/imageDecoder.js',
      'extension/dist/tokenizerProbe.js',
      'extension/ThirdPartyNotices.txt',
      'extension/dist/webviews/status.js',
      'extension/dist/webviews/annotation.js',
      // The annotation editor's detector for pre-labelling, with its card.
      'extension/models/detector/hai-det-tiny-v8.onnx',
      'extension/models/detector/README.md',
      'extension/dist/web-tree-sitter.wasm',
      'extension/dist/tree-sitter-python.wasm',
      'extension/media/hai.svg',
      // The marketplace icon (package.json `icon`), rendered from media/icon.svg.
      'extension/media/icon.png',
      'extension/readme.md',
      'extension/dist/node_modules/onnxruntime-node/package.json',
      'extension/dist/node_modules/onnxruntime-node/dist/index.js',
      `extension/dist/node_modules/onnxruntime-node/bin/napi-v6/${HOST}/onnxruntime_binding.node`,
      'extension/dist/node_modules/onnxruntime-common/package.json',
      'extension/dist/node_modules/onnxruntime-common/dist/cjs/index.js',
      // The default code model, in the layout the engine loads for any model, with its card.
      'extension/models/code-model/config.json',
      'extension/models/code-model/tokenizer.json',
      'extension/models/code-model/tokenizer_config.json',
      'extension/models/code-model/onnx/model_int8.onnx',
      'extension/models/code-model/README.md',
      'extension/snippets/snippet.schema.json',
      'extension/hub/catalog.json',
      'extension/dist/webviews/modelCard.js',
      'extension/dist/webviews/dataExplorer.js',
      'extension/dist/webviews/dataExplorer.css',
      'extension/snippets/python/particle-attention.json',
      'extension/snippets/yaml/weaver-data-config.json',
    ]) {
      assert.ok(files.includes(required), `${required} is in the .vsix`);
    }
  });

  it('passes the release check for this platform: what it needs, nothing else, within its size budget', () => {
    // The same check `npm run release` runs on each platform's package.
    const bytes = statSync(VSIX_PATH).size;
    const target = `${process.platform}-${process.arch}`;
    assert.deepEqual(check.vsixProblems({ target, entries: files, vsixManifest, demoFiles: check.committedDemoFiles(ROOT), bytes }), []);
    // The negative cases of the check itself are unit tests (test/architecture/vsixContents.test.ts).
    assert.ok(files.some((f) => f.startsWith('extension/dist/demo/')), 'the demo ships for the walkthrough');
    console.log(`      hai.vsix: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
  });

  it('carries the licence of what it ships, read from the packages: ONNX Runtime, the grammar, the decoders, the charts', async () => {
    const notices = await readZipText(VSIX_PATH, 'extension/ThirdPartyNotices.txt');
    for (const line of [/^ {2}onnxruntime-node [\d.]+ — MIT$/m, /^ {2}tree-sitter-python [\d.]+ — MIT$/m, /^ {2}uplot [\d.]+ — MIT$/m, /^ {2}geotiff [\d.]+ — MIT$/m, /^ {2}@vscode-elements\/elements [\d.]+ — MIT$/m, /^ {2}h5wasm [\d.]+ — /m]) {
      assert.match(notices, line);
    }
    // The licence texts themselves, as the packages carry them.
    assert.match(notices, /Copyright \(c\) Microsoft Corporation/);
    assert.match(notices, /models\/code-model\/README\.md, models\/detector\/README\.md/);
  });
});
