// Writes ThirdPartyNotices.txt, which ships in the .vsix: the licence of every package whose code is in
// it — what the bundles hold (dist/bundled-inputs.json, from esbuild's metafiles), the native ONNX
// Runtime staged in dist/node_modules, the tree-sitter WebAssembly copied beside the bundles — read
// from the installed packages themselves (their `license` field and LICENSE/NOTICE files), never
// written by hand. The data licences of the models that ship are in their cards (models/*/README.md).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The package a bundled file belongs to: the last node_modules/<name> (or @scope/name) in its path. */
export function packageOf(file) {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const name = parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
  return { name, dir: path.join(ROOT, ...parts.slice(0, at + 1 + name.split('/').length)) };
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;

function notice(name, dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? (pkg.licenses ?? []).map((l) => l.type).join(' OR '));
  const files = readdirSync(dir).filter((f) => LICENCE_FILE.test(f)).sort();
  const texts = files.map((f) => readFileSync(path.join(dir, f), 'utf8').trim());
  const homepage = pkg.homepage ?? (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url) ?? '';
  return { name, version: pkg.version, licence: licence || 'UNKNOWN', homepage, texts };
}

export function collectNotices() {
  const inputs = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'bundled-inputs.json'), 'utf8'));
  const found = new Map();
  for (const file of inputs) {
    const p = packageOf(file);
    if (p && existsSync(path.join(p.dir, 'package.json'))) found.set(p.name, p.dir);
  }
  // Shipped beside the bundles rather than inside them.
  for (const name of ['onnxruntime-node', 'onnxruntime-common', 'web-tree-sitter', 'tree-sitter-python']) found.set(name, path.join(ROOT, 'node_modules', name));
  return [...found].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => notice(name, dir));
}

export function noticesText(notices) {
  const head = [
    'HAI for VS Code — third-party notices',
    '',
    'HAI for VS Code (MIT, see LICENSE) ships code of the packages below, each under its own licence,',
    'reproduced as the package carries it. The data licences of the models that ship are stated in',
    'their model cards (models/code-model/README.md, models/detector/README.md).',
    '',
    ...notices.map((n) => `  ${n.name} ${n.version} — ${n.licence}`),
    '',
  ];
  const bodies = notices.map((n) =>
    [
      '='.repeat(78),
      `${n.name} ${n.version} (${n.licence})${n.homepage ? `\n${n.homepage}` : ''}`,
      '-'.repeat(78),
      n.texts.length ? n.texts.join('\n\n') : `The package carries no licence file; its package.json declares: ${n.licence}.`,
      '',
    ].join('\n'),
  );
  return `${[...head, ...bodies].join('\n')}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const notices = collectNotices();
  writeFileSync(path.join(ROOT, 'ThirdPartyNotices.txt'), noticesText(notices));
  console.log(`ThirdPartyNotices.txt: ${notices.length} packages`);
}
