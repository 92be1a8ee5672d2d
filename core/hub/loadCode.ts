// The Python a user pastes to load a hub file: weights with torch.load, data files with the reader
// of their format (uproot for ROOT, awkward for parquet, h5py for HDF5, numpy for npz), archives
// unpacked first.
import type { HubDataset, HubFile, HubModel } from './catalog';

const py = (s: string): string => JSON.stringify(s); // a Python string literal (JSON escapes are valid Python)

export function modelLoadCode(model: HubModel, localPath: string): string {
  const network = model.configs?.find((c) => c.kind === 'network');
  const lines = ['import torch', '', `state = torch.load(${py(localPath)}, map_location="cpu")`];
  if (model.id === 'resnet') {
    lines.splice(1, 0, 'import torchvision');
    lines.push('model = torchvision.models.resnet18()', 'model.load_state_dict(state)', 'model.eval()');
  } else if (network) {
    lines.push(`# The weights of ${model.name} for weaver's ${network.name}: build the network with`, '# get_model(data_config) from that file, then:', '# model.load_state_dict(state)');
  } else {
    lines.push(`# ${model.name}: a checkpoint saved with torch.save; see ${model.code ?? 'the model card'} for the network.`);
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
      body.push(`# ${file.name} is extracted: every ${dataset.format} file extracted so far into ${folder}.`);
    } else {
      imports.push(dataset.archive === 'zip' ? 'import zipfile' : 'import tarfile');
      body.push(
        `# ${file.name} is an archive of ${dataset.format} files: unpack it once (or use Extract in the HAI hub view).`,
        dataset.archive === 'zip' ? `zipfile.ZipFile(${py(localPath)}).extractall(${py(folder)})` : `tarfile.open(${py(localPath)}).extractall(${py(folder)})`,
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
