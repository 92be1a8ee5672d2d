// Copies what the server loads at run time beside dist/server.js: the WebAssembly of tree-sitter and
// its Python grammar, and the native runtime the server keeps external (onnxruntime-node and
// onnxruntime-common) into dist/node_modules for ONE target platform, so that a platform-specific .vsix
// carries only the files that platform loads (linux-x64 alone is ~45 MB of the ~290 MB the npm
// package holds). Also stages the demo workspace, as committed, for the walkthrough.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { committedDemoFiles, NATIVE_FILES, TARGETS } from './vsixContents.mjs';

export { TARGETS };

export function stageNative(root, target) {
  if (!TARGETS.includes(target)) throw new Error(`Unknown target "${target}"; one of ${TARGETS.join(', ')}`);
  const [platform, arch] = target.split('-');
  const out = path.join(root, 'dist', 'node_modules');
  rmSync(out, { recursive: true, force: true });
  const from = (pkg) => path.join(root, 'node_modules', pkg);
  const copy = (pkg, rel, filter = () => true) => {
    const src = path.join(from(pkg), rel);
    if (!existsSync(src)) throw new Error(`${src} is missing: run npm install`);
    cpSync(src, path.join(out, pkg, rel), { recursive: true, filter: (f) => filter(f) });
  };
  const jsOnly = (f) => !/\.(map|d\.ts|ts)$/.test(f);
  copy('onnxruntime-node', 'package.json');
  copy('onnxruntime-node', 'dist', jsOnly);
  const binaries = path.join('bin', 'napi-v6', platform, arch);
  for (const file of NATIVE_FILES[target]) copy('onnxruntime-node', path.join(binaries, file));
  copy('onnxruntime-common', 'package.json');
  copy('onnxruntime-common', path.join('dist', 'cjs'), jsOnly);
  mkdirSync(out, { recursive: true });
  // The Python grammar and tree-sitter's runtime, as WebAssembly (the same on every platform).
  cpSync(from('web-tree-sitter/web-tree-sitter.wasm'), path.join(root, 'dist', 'web-tree-sitter.wasm'));
  cpSync(from('tree-sitter-python/tree-sitter-python.wasm'), path.join(root, 'dist', 'tree-sitter-python.wasm'));
  stageDemo(root);
  return NATIVE_FILES[target];
}

/**
 * The demo workspace as committed, into dist/demo: what `npm start` and the walkthrough's jobs write
 * into demo/ (runs, labels, checkpoints) never ships.
 */
function stageDemo(root) {
  const out = path.join(root, 'dist', 'demo');
  rmSync(out, { recursive: true, force: true });
  for (const file of committedDemoFiles(root)) cpSync(path.join(root, 'demo', file), path.join(out, file));
}

export function hostTarget() {
  return `${process.platform}-${process.arch}`;
}
