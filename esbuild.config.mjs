// Bundles the targets: the extension (Node, CommonJS, `vscode` provided by the editor), the
// language server (Node, CommonJS, onnxruntime-node kept external because it ships native
// binaries), the data worker (Node, CommonJS) and the webviews (browser, ESM). `--production` minifies, `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hostTarget, stageNative } from './scripts/stageNative.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// The platform whose native ONNX Runtime goes into dist/node_modules: --target=linux-x64 etc.
const target = process.argv.find((a) => a.startsWith('--target='))?.slice('--target='.length) ?? hostTarget();
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  // Error classes name themselves after their class (core/errors.ts), and the HAI output channel
  // shows that name: minified names would read "Bt (checksum): …".
  keepNames: true,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  define: { __HAI_VERSION__: JSON.stringify(version) },
};

/** @type {import('esbuild').BuildOptions[]} */
export const targets = [
  {
    ...common,
    entryPoints: { extension: 'extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // onnxruntime-node (the annotation editor's detector) ships native binaries: staged in dist/node_modules.
    external: ['vscode', 'onnxruntime-node'],
    // Marks when the bundle starts loading, so that activation can report load + activate time.
    banner: { js: '"use strict";\nvar __haiLoadStart = performance.now();' },
  },
  {
    ...common,
    entryPoints: { server: 'server/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['onnxruntime-node'],
    // web-tree-sitter's ESM build finds its files through import.meta.url, which a CommonJS bundle
    // lacks; its CommonJS build uses __dirname instead.
    alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  },
  {
    ...common,
    // A downloaded tokenizer's patterns are tried in a worker thread before the server uses them (server/completion/tokenizerSafety.ts).
    entryPoints: { tokenizerProbe: 'server/completion/tokenizerProbe.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    // The data explorer's readers run in worker_threads started from this file (core/data/workers).
    entryPoints: { dataWorker: 'core/data/workers/dataWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // jsroot reads ZSTD with @oneidentity/zstd-js (5 MB) under Node and with its own decoder in
    // browsers; the same API, so the bundle takes its own (npm-stubs/README.md).
    alias: { '@oneidentity/zstd-js': './node_modules/jsroot/modules/base/zstd.mjs' },
    // h5wasm's Node build (Emscripten, the WebAssembly inlined) makes its require from
    // import.meta.url, which a CommonJS bundle lacks: it gets this file's own URL.
    define: { 'import.meta.url': '__haiModuleUrl' },
    banner: { js: 'var __haiModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  },
  {
    ...common,
    // The annotation editor decodes images in this process (core/annotation/image/imageDecoderProcess.ts):
    // a decoder that aborts on a damaged file takes only it down.
    entryPoints: { imageDecoder: 'core/annotation/image/imageDecoderProcess.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // HDF5 frames (hdf5Frames.ts) read through h5wasm's Node build: as the data worker, it gets this
    // file's own URL for import.meta.url, which a CommonJS bundle lacks.
    define: { ...common.define, 'import.meta.url': '__haiModuleUrl' },
    banner: { js: 'var __haiModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  },
  {
    ...common,
    entryPoints: { status: 'webviews/status/main.ts', modelCard: 'webviews/modelCard/main.ts', metrics: 'webviews/metrics/main.ts', dataExplorer: 'webviews/dataExplorer/main.ts', annotation: 'webviews/annotation/main.ts' },
    outdir: 'dist/webviews',
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
  },
];

stageNative(fileURLToPath(new URL('.', import.meta.url)), target);
// The job spec schema, for YAML editors (contributes.yamlValidation) and our own diagnostics.
mkdirSync(new URL('./dist/', import.meta.url), { recursive: true });
copyFileSync(new URL('./core/jobs/jobSpec.schema.json', import.meta.url), new URL('./dist/hai-job.schema.json', import.meta.url));

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching extension/, server/, webviews/ and core/ for changes');
} else {
  const results = await Promise.all(targets.map((t) => esbuild.build({ ...t, metafile: true })));
  // What each bundle holds from node_modules, for the third-party notices (scripts/thirdPartyNotices.mjs).
  const inputs = results.flatMap((r) => Object.keys(r.metafile.inputs));
  writeFileSync(new URL('./dist/bundled-inputs.json', import.meta.url), `${JSON.stringify([...new Set(inputs)].sort(), null, 1)}\n`);
}
