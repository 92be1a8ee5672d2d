// A file of a model's weights, whichever format holds them: the explorer reads both alike.
import type { TensorFormat } from '../dataFormats';
import { type CheckpointFile, openCheckpoint } from './checkpointFile';
import { openSafetensors } from './safetensorsFile';

export function openTensorFile(format: TensorFormat, file: string): Promise<CheckpointFile> {
  return format === 'safetensors' ? openSafetensors(file) : openCheckpoint(file);
}
