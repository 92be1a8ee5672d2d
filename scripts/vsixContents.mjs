// What a .vsix of ours must hold and may hold, per target platform, checked on the archive itself
// (not on .vscodeignore, whose mistakes it is meant to catch): `npm run release` fails on any problem,
// and the package test runs the same check on hai.vsix.
import { execFileSync } from 'node:child_process';
import yauzl from 'yauzl';

/** vsce targets we release, as `${process.platform}-${process.arch}`. */
export const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

/**
 * The ONNX Runtime files each platform loads for CPU inference (the only provider we ask for). The
 * npm package also carries, for Windows, DirectML.dll (delay-loaded by onnxruntime.dll, only for the
 * DirectML provider) and dxcompiler.dll/dxil.dll (loaded on demand by the WebGPU provider), and for
 * macOS a second copy of the library under its full version (the binding links
 * @rpath/libonnxruntime.1.dylib): ~40 MB per package that no user of ours would load.
 */
export const NATIVE_FILES = {
  'linux-x64': ['onnxruntime_binding.node', 'libonnxruntime.so.1'],
  'linux-arm64': ['onnxruntime_binding.node', 'libonnxruntime.so.1'],
  'darwin-arm64': ['onnxruntime_binding.node', 'libonnxruntime.1.dylib'],
  'win32-x64': ['onnxruntime_binding.node', 'onnxruntime.dll'],
  'win32-arm64': ['onnxruntime_binding.node', 'onnxruntime.dll'],
};

/**
 * Size budget of each .vsix in bytes: its size when the budget was set (linux-x64 48.6 MiB, the others
 * 41–44 MiB) plus ~18 MiB for the code model to grow into, the whole staying under the 70 MB a
 * package may weigh (issue 18). A release over budget fails; a bigger model raises these on purpose.
 */
export const SIZE_BUDGET = {
  'linux-x64': 66 * 2 ** 20,
  'linux-arm64': 60 * 2 ** 20,
  'darwin-arm64': 62 * 2 ** 20,
  'win32-x64': 60 * 2 ** 20,
  'win32-arm64': 60 * 2 ** 20,
};

const nativeDir = (target) => {
  const [platform, arch] = target.split('-');
  return `extension/dist/node_modules/onnxruntime-node/bin/napi-v6/${platform}/${arch}/`;
};

/** Files every package needs, whatever its platform. */
const REQUIRED = [
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/package.nls.json',
  'extension/package.nls.zh-cn.json',
  'extension/l10n/bundle.l10n.zh-cn.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/ThirdPartyNotices.txt',
  'extension/media/icon.png',
  'extension/media/hai.svg',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/dataWorker.js',
  'extension/dist/tokenizerProbe.js',
  'extension/dist/imageDecoder.js',
  'extension/dist/hai-job.schema.json',
  'extension/dist/web-tree-sitter.wasm',
  'extension/dist/tree-sitter-python.wasm',
  'extension/dist/webviews/status.js',
  'extension/dist/webviews/modelCard.js',
  'extension/dist/webviews/metrics.js',
  'extension/dist/webviews/dataExplorer.js',
  'extension/dist/webviews/annotation.js',
  'extension/syntaxes/hai-log.tmLanguage.json',
  'extension/hub/catalog.json',
  'extension/snippets/snippet.schema.json',
  'extension/models/code-model/config.json',
  'extension/models/code-model/tokenizer.json',
  'extension/models/code-model/tokenizer_config.json',
  'extension/models/code-model/README.md',
  'extension/models/code-model/onnx/model_int8.onnx',
  'extension/models/detector/hai-det-tiny-v8.onnx',
  'extension/models/detector/README.md',
  'extension/dist/node_modules/onnxruntime-node/package.json',
  'extension/dist/node_modules/onnxruntime-node/dist/index.js',
  'extension/dist/node_modules/onnxruntime-node/dist/binding.js',
  'extension/dist/node_modules/onnxruntime-common/package.json',
  'extension/dist/node_modules/onnxruntime-common/dist/cjs/index.js',
];

/** Everything else a package may hold; anything matching none of these is a problem. */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.nls\.[a-z-]+\.json$/,
  /^extension\/l10n\/bundle\.l10n\.[a-z-]+\.json$/,
  /^extension\/media\/[\w.-]+\.(svg|png)$/,
  /^extension\/media\/walkthrough\/(zh-cn\/)?[\w.-]+\.(svg|png|md)$/,
  /^extension\/dist\/webviews\/\w+\.(js|css)$/,
  /^extension\/snippets\/(python|yaml)\/[\w-]+\.json$/,
  /^extension\/dist\/node_modules\/onnxruntime-node\/dist\/\w+\.js$/,
  /^extension\/dist\/node_modules\/onnxruntime-common\/dist\/cjs\/[\w-]+\.(js|json)$/,
];

/** Never in a package, whatever the rules above say. */
const FORBIDDEN = [
  [/\.map$/, 'a source map'],
  [/\.(ts|tsx|mts|cts)$/, 'TypeScript source or declarations'],
  [/(^|\/)(test|tests|fixtures|__pycache__|\.git|\.cache|\.hai)\//, 'tests, fixtures or caches'],
  [/(^|\/)\.(env|npmrc)$/, 'configuration that may hold secrets'],
];

/**
 * Problems of one package, as sentences; [] when it is right.
 * `entries`: the archive's file names; `vsixManifest`: the text of extension.vsixmanifest;
 * `demoFiles`: the demo workspace's files as committed (relative to demo/), which ship under
 * extension/dist/demo/ for the walkthrough; `bytes`: the .vsix size.
 */
export function vsixProblems({ target, entries, vsixManifest, demoFiles, bytes }) {
  const problems = [];
  if (!TARGETS.includes(target)) return [`unknown target "${target}"; one of ${TARGETS.join(', ')}`];
  const names = new Set(entries);
  const native = NATIVE_FILES[target].map((f) => nativeDir(target) + f);
  const declared = new Set(requiredFiles(target, demoFiles));
  for (const file of declared) {
    if (!names.has(file)) problems.push(`${file} is missing`);
  }
  for (const name of entries) {
    const forbidden = FORBIDDEN.find(([re]) => re.test(name));
    if (forbidden) {
      problems.push(`${name} is ${forbidden[1]} and must not ship`);
      continue;
    }
    if (name.includes('/onnxruntime-node/bin/') && !native.includes(name)) {
      problems.push(`${name} is a native file ${target} does not load`);
      continue;
    }
    if (!declared.has(name) && !ALLOWED.some((re) => re.test(name))) problems.push(`${name} is not meant to ship`);
  }
  const platform = /TargetPlatform="([^"]+)"/.exec(vsixManifest)?.[1];
  if (platform !== target) problems.push(`extension.vsixmanifest says TargetPlatform="${platform ?? ''}", not ${target}`);
  if (bytes > SIZE_BUDGET[target]) {
    problems.push(`${mib(bytes)} is over the ${target} budget of ${mib(SIZE_BUDGET[target])}`);
  }
  return problems;
}

/** The files a package for `target` must hold. */
export function requiredFiles(target, demoFiles) {
  const native = NATIVE_FILES[target].map((f) => nativeDir(target) + f);
  return [...REQUIRED, ...native, ...demoFiles.map((f) => `extension/dist/demo/${f}`)];
}

/**
 * What the publishing tools want of the manifest beyond what `vsce package` checks itself: Open VSX
 * shows no licence (and warns) without `license`, and both marketplaces show the icon as PNG only.
 */
export function manifestProblems(manifest) {
  const problems = [];
  for (const key of ['name', 'publisher', 'version', 'displayName', 'description', 'license', 'icon']) {
    if (!manifest[key]) problems.push(`package.json has no "${key}"`);
  }
  if (manifest.icon && !manifest.icon.endsWith('.png')) problems.push('the icon must be a PNG for the marketplaces');
  if (!/^\d+\.\d+\.\d+$/.test(manifest.version ?? '')) problems.push(`version "${manifest.version}" is not major.minor.patch`);
  if (!manifest.engines?.vscode) problems.push('package.json has no engines.vscode');
  return problems;
}

export function mib(bytes) {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** The demo workspace as committed (what the walkthrough copies for the user). */
export function committedDemoFiles(root) {
  let out;
  try {
    out = execFileSync('git', ['ls-files', '-z', '--', 'demo'], { cwd: root, encoding: 'utf8' });
  } catch (err) {
    throw new Error(`Packaging ships the demo as committed and needs a git checkout: ${err.message}`);
  }
  return out
    .split('\0')
    .filter((f) => f && !f.endsWith('/.gitignore'))
    .map((f) => f.slice('demo/'.length));
}

/** The archive's file names and the text of its extension.vsixmanifest. */
export function readVsix(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error(`cannot open ${file}`));
      const entries = [];
      let vsixManifest = '';
      zip.on('entry', (entry) => {
        entries.push(entry.fileName);
        if (entry.fileName !== 'extension.vsixmanifest') return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('cannot read extension.vsixmanifest'));
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            vsixManifest = Buffer.concat(chunks).toString('utf8');
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve({ entries, vsixManifest }));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
