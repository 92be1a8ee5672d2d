// The data file formats HAI knows, recognised by file name, for the Data view and the explorer.

export type DataFormat = 'root' | 'hdf5' | 'parquet' | 'npy' | 'npz' | 'torch' | 'safetensors';

const BY_EXTENSION: Readonly<Record<string, DataFormat>> = {
  '.root': 'root',
  '.h5': 'hdf5',
  '.hdf5': 'hdf5',
  '.parquet': 'parquet',
  '.npy': 'npy',
  '.npz': 'npz',
  // torch.save's checkpoints, by the names PyTorch's and Lightning's users give them.
  '.pt': 'torch',
  '.pth': 'torch',
  '.ckpt': 'torch',
  // Hugging Face's weights (save_pretrained, safetensors.save_file).
  '.safetensors': 'safetensors',
};

/**
 * torch.save files that Hugging Face's libraries name `.bin`: transformers' and diffusers' weights
 * (`pytorch_model.bin`, its shards `pytorch_model-00001-of-00002.bin`, `diffusion_pytorch_model.bin`),
 * PEFT's adapters and the Trainer's arguments. Only these names: `.bin` is also raw detector data.
 */
const TORCH_BIN = /^(.*pytorch_model.*|adapter_model|training_args)\.bin$/i;

/**
 * The same files as globs, for `hai.data.include` and the editor's file patterns (VS Code globs take
 * no nested braces); package.json's copies are checked against these by dataFormats.test.ts.
 */
export const DATA_FILE_GLOBS: readonly string[] = [...Object.keys(BY_EXTENSION).map((ext) => `*${ext}`), '*pytorch_model*.bin', 'adapter_model.bin', 'training_args.bin'];

/** The extensions (`.h5`, without other names) of files of the given formats. */
export function extensionsOf(formats: readonly DataFormat[]): string[] {
  return Object.entries(BY_EXTENSION)
    .filter(([, format]) => formats.includes(format))
    .map(([ext]) => ext);
}

/** The format of a file from its name, or undefined when HAI cannot read it. Case-insensitive. */
export function dataFormatOf(fileName: string): DataFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  if (dot < 0 || dot < slash) return undefined;
  if (TORCH_BIN.test(fileName.slice(slash + 1))) return 'torch';
  return BY_EXTENSION[fileName.slice(dot).toLowerCase()];
}

export const DATA_FORMAT_LABELS: Readonly<Record<DataFormat, string>> = {
  root: 'ROOT',
  hdf5: 'HDF5',
  parquet: 'Parquet',
  npy: 'NumPy npy',
  npz: 'NumPy npz',
  torch: 'PyTorch',
  safetensors: 'safetensors',
};

/** The formats the explorer opens: all the Data view lists. */
export const EXPLORER_FORMATS: ReadonlySet<DataFormat> = new Set(['root', 'hdf5', 'parquet', 'npy', 'npz', 'torch', 'safetensors']);

/** Files of a model's weights: tensors by name (in parts, for a checkpoint), and values beside them. */
export type TensorFormat = 'torch' | 'safetensors';
export function isTensorFormat(format: string | undefined): format is TensorFormat {
  return format === 'torch' || format === 'safetensors';
}
