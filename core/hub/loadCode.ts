// The Python a user pastes to load a hub file: weights with torch.load, data files with the reader
// of their format (uproot for ROOT, awkward for parquet, h5py for HDF5, numpy for npz), archives
// unpacked first. Catalog text is untrusted (any hub can name a model or a file anything), so it
// enters the code only as a string literal or as a comment that cannot end its line.
import type { HubDataset, HubFile, HubModel } from './catalog';

/**
 * Characters written as they are: letters, marks, digits, punctuation, symbols and the plain space.
 * Everything else (line and paragraph separators, controls, bidi and zero-width format characters,
 * lone surrogates, unassigned code points) is escaped, so neither Python nor an editor sees a line
 * break or text that displays differently from what runs.
 */
const VISIBLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  if (SHORT[ch]) return SHORT[ch];
  const code = ch.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** A Python string literal that evaluates to exactly `s`, on one line, for any JavaScript string. */
export function pythonLiteral(s: string): string {
  let out = '"';
  // for…of walks code points; a lone surrogate comes out on its own and is escaped as one.
  for (const ch of s) out += ch === '\\' || ch === '"' ? `\\${ch}` : VISIBLE.test(ch) ? ch : escapeChar(ch);
  return out + '"';
}

/** Catalog text for a `#` comment: invisible and line-breaking characters show as escapes. */
export function pythonCommentText(s: string): string {
  let out = '';
  for (const ch of s) out += VISIBLE.test(ch) ? ch : escapeChar(ch);
  return out;
}

const py = pythonLiteral;
const text = pythonCommentText;

/**
 * Unpacks a tar with the "data" filter (no absolute paths, no `..`, no links out, no devices, no
 * setuid bits). Pythons older than the backport have no filter, so the code refuses and says how to
 * go on rather than unpacking unsafely.
 */
function untar(archive: string, folder: string): string[] {
  const advice =
    'This Python cannot unpack archives safely (tarfile has no filter="data"): use Python 3.12, or 3.8.17, 3.9.17, 3.10.12, 3.11.4 or later, or use Extract in the HAI hub view.';
  return [
    'if not hasattr(tarfile, "data_filter"):',
    `    raise RuntimeError(${py(advice)})`,
    `with tarfile.open(${py(archive)}) as tar:`,
    `    tar.extractall(${py(folder)}, filter="data")`,
  ];
}

export function modelLoadCode(model: HubModel, localPath: string): string {
  const network = model.configs?.find((c) => c.kind === 'network');
  const lines = [
    'import torch',
    '',
    // torch < 2.6 unpickles by default, which runs whatever code a hub's file carries.
    '# weights_only=True reads tensors and plain containers only: a file from a hub cannot run code here.',
    '# If loading fails on a class your checkpoint needs (and you trust its source), allow that class with',
    '# torch.serialization.add_safe_globals([TheClass]) first; weights_only=False would run any code in the file.',
    `state = torch.load(${py(localPath)}, map_location="cpu", weights_only=True)`,
  ];
  if (model.id === 'resnet') {
    lines.splice(1, 0, 'import torchvision');
    lines.push('model = torchvision.models.resnet18()', 'model.load_state_dict(state)', 'model.eval()');
  } else if (network) {
    lines.push(`# The weights of ${text(model.name)} for weaver's ${text(network.name)}: build the network with`, '# get_model(data_config) from that file, then:', '# model.load_state_dict(state)');
  } else {
    lines.push(`# ${text(model.name)}: a checkpoint saved with torch.save; see ${model.code ? text(model.code) : 'the model card'} for the network.`);
  }
  return lines.join('\n') + '\n';
}

const EXTENSION = { root: 'root', parquet: 'parquet', hdf5: 'h5', npz: 'npz' } as const;

/** `extracted`: HAI's Extract has unpacked this archive into its folder, so the code reads the files there. */
export function datasetLoadCode(dataset: HubDataset, file: HubFile, localPath: string, extracted = false): string {
  const imports: string[] = [];
  const body: string[] = [];
  let target = py(localPath);
  if (dataset.archive) {
    // The archive's own folder, where HAI's Extract (like `tar -xf` there) puts the files.
    const folder = localPath.replace(/[\\/][^\\/]*$/, '');
    imports.push('import glob');
    if (extracted) {
      body.push(`# ${text(file.name)} is extracted: every ${dataset.format} file extracted so far into ${text(folder)}.`);
    } else {
      imports.push(dataset.archive === 'zip' ? 'import zipfile' : 'import tarfile');
      body.push(
        `# ${text(file.name)} is an archive of ${dataset.format} files: unpack it once (or use Extract in the HAI hub view).`,
        // zipfile drops absolute paths and `..` from member names itself.
        ...(dataset.archive === 'zip' ? [`with zipfile.ZipFile(${py(localPath)}) as z:`, `    z.extractall(${py(folder)})`] : untar(localPath, folder)),
      );
    }
    body.push(`files = sorted(glob.glob(${py(`${folder}/**/*.${EXTENSION[dataset.format]}`)}, recursive=True))`);
    target = 'files[0]';
  }
  const branches = (dataset.features ?? []).slice(0, 4).concat(dataset.labels?.slice(0, 1) ?? []);
  switch (dataset.format) {
    case 'root':
      imports.push('import uproot');
      body.push(`tree = uproot.open(${target})["tree"]`, `arrays = tree.arrays([${branches.map(py).join(', ')}], library="ak")`);
      break;
    case 'parquet':
      imports.push('import awkward as ak');
      body.push(`arrays = ak.from_parquet(${target})`);
      break;
    case 'hdf5':
      imports.push('import h5py');
      body.push(`with h5py.File(${target}, "r") as f:`, '    print(list(f.keys()))');
      break;
    case 'npz':
      imports.push('import numpy as np');
      body.push(`data = np.load(${target})`, 'print(data.files)');
      break;
  }
  return [...imports, '', ...body].join('\n') + '\n';
}
