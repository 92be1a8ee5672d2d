// Finds the files of a code model exported in the Hugging Face Optimum / transformers.js layout:
// config.json, tokenizer.json (+ tokenizer_config.json) and one ONNX decoder chosen by dtype.
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ModelLoadError } from './modelErrors';
import { msg } from '../../core/text/message';

export type ModelDtype = 'fp32' | 'fp16' | 'int8' | 'q4';
export type DtypeChoice = ModelDtype | 'auto';

/** Where each dtype's decoder lives in the layouts that transformers.js and Optimum write. */
const ONNX_CANDIDATES: Readonly<Record<ModelDtype, readonly string[]>> = {
  fp32: ['onnx/model.onnx', 'onnx/decoder_model_merged.onnx', 'decoder_model_merged.onnx', 'model.onnx'],
  fp16: ['onnx/model_fp16.onnx', 'onnx/decoder_model_merged_fp16.onnx', 'decoder_model_merged_fp16.onnx'],
  int8: [
    'onnx/model_int8.onnx',
    'onnx/model_quantized.onnx',
    'onnx/decoder_model_merged_int8.onnx',
    'onnx/decoder_model_merged_quantized.onnx',
    'decoder_model_merged_quantized.onnx',
    'model_quantized.onnx',
  ],
  q4: ['onnx/model_q4.onnx', 'onnx/model_q4f16.onnx', 'onnx/decoder_model_merged_q4.onnx'],
};

/** On a CPU, int8 is fastest; fp16 is slowest (no native fp16 arithmetic), so it comes last. */
const AUTO_ORDER: readonly ModelDtype[] = ['int8', 'fp32', 'q4', 'fp16'];

export interface ModelFiles {
  readonly dir: string;
  readonly config: string;
  readonly tokenizer: string;
  readonly tokenizerConfig: string | undefined;
  readonly onnx: string;
  readonly dtype: ModelDtype;
  /** Size of the ONNX file plus its external-data file, if any, in bytes. */
  readonly bytes: number;
}

export function findModelFiles(dir: string, choice: DtypeChoice): ModelFiles {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new ModelLoadError('model', msg('The model folder {0} does not exist.', abs), msg('Set hai.completion.modelPath to a folder with config.json, tokenizer.json and onnx/.'));
  }
  const need = (name: string): string => {
    const file = path.join(abs, name);
    if (!existsSync(file)) {
      throw new ModelLoadError('model', msg('The model folder {0} has no {1}.', abs, name), msg('Export the model in the Hugging Face Optimum layout (config.json, tokenizer.json, onnx/model.onnx).'));
    }
    return file;
  };
  const config = need('config.json');
  const tokenizer = need('tokenizer.json');
  const tokenizerConfigPath = path.join(abs, 'tokenizer_config.json');
  const order = choice === 'auto' ? AUTO_ORDER : [choice];
  for (const dtype of order) {
    for (const rel of ONNX_CANDIDATES[dtype]) {
      const onnx = path.join(abs, rel);
      if (existsSync(onnx)) {
        const external = `${onnx}_data`;
        const bytes = statSync(onnx).size + (existsSync(external) ? statSync(external).size : 0);
        return { dir: abs, config, tokenizer, tokenizerConfig: existsSync(tokenizerConfigPath) ? tokenizerConfigPath : undefined, onnx, dtype, bytes };
      }
    }
  }
  const looked = order.flatMap((d) => ONNX_CANDIDATES[d]).join(', ');
  throw new ModelLoadError(
    'model',
    msg('The model folder {0} has no ONNX decoder for dtype "{1}" (looked for {2}).', abs, choice, looked),
    choice === 'auto' ? msg('Export the decoder to onnx/model.onnx.') : msg('Choose another hai.completion.dtype, or "auto".'),
  );
}
