// Loading a code model folder for the engine: its files (modelFiles.ts), shape, tokenizer, ONNX
// session and FIM template, then one short generation that measures its speed on this machine
// (speedProbe.ts) before the model is used. The engine keeps the result and turns it into its state.
import * as os from 'node:os';
import type { CacheEncoder } from '../context/ngramCache';
import { CodeTokenizer } from './codeTokenizer';
import type { EngineSettings } from './engineSettings';
import { detectFim, type FimChoice, type FimOrder, type FimTemplate } from './fimTemplates';
import { type DecoderConfig, readDecoderConfig } from './modelConfig';
import { ModelLoadError } from './modelErrors';
import { type DtypeChoice, findModelFiles, type ModelFiles } from './modelFiles';
import { OnnxDecoder } from './onnxDecoder';
import { measureSpeed } from './speedProbe';
import { probeTokenizer } from './tokenizerSafety';

export interface LoadedModel {
  readonly decoder: OnnxDecoder;
  readonly tokenizer: CodeTokenizer;
  readonly config: DecoderConfig;
  readonly fim: FimTemplate | undefined;
  /** The tokenizer allows encoding finished lines once and only the current line per keystroke. */
  readonly splitsAtLineEnds: boolean;
}

export interface ModelLoad {
  readonly model: LoadedModel;
  readonly files: ModelFiles;
  readonly threads: number;
  /** Milliseconds from finding the files to a session ready to run. */
  readonly loadMs: number;
  /** Milliseconds per generated token on this machine, to one decimal. */
  readonly msPerToken: number;
  /** Milliseconds per prompt token in a warm-up chunk on this machine, not rounded (it sizes the context budget). */
  readonly prefillMsPerToken: number;
}

/** Loads the model folder `dir`; throws a ModelLoadError (with a next step) when it cannot be used. */
export async function loadModelFolder(dir: string, options: { readonly dtype: DtypeChoice; readonly threads: number; readonly fim: FimChoice }): Promise<ModelLoad> {
  const started = performance.now();
  const files = findModelFiles(dir, options.dtype);
  const config = readDecoderConfig(files.config);
  // The tokenizer's patterns are tried in a worker while ONNX Runtime builds the session (~0.4 s of
  // ~1.5 s here); nothing encodes with them, nor is the speed measured, before the probe is done.
  const probe = probeTokenizer(files.tokenizer, files.tokenizerConfig).then(
    () => undefined,
    (err: unknown) => err,
  );
  const threads = options.threads > 0 ? options.threads : Math.max(1, os.availableParallelism() - 1);
  let decoder: OnnxDecoder;
  try {
    decoder = await OnnxDecoder.load(files.onnx, config, threads);
  } catch (err) {
    throw (await probe) ?? err;
  }
  let tokenizer: CodeTokenizer;
  try {
    const refused = await probe;
    if (refused) throw refused;
    tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
  } catch (err) {
    await decoder.dispose();
    throw err;
  }
  const fim = detectFim(tokenizer, options.fim);
  const loadMs = Math.round(performance.now() - started);
  // Before the model is in use: a model that cannot run a step is a failed load, not a loaded one.
  const speed = await measureSpeed(decoder, config.maxPositions).catch(async (err: unknown) => {
    await decoder.dispose();
    throw new ModelLoadError(
      'model',
      `The model loaded but could not generate a token: ${err instanceof Error ? err.message : String(err)}.`,
      'Check that it is a decoder exported in the Optimum layout with its KV-cache inputs, or pick another model.',
      { cause: err },
    );
  });
  const model = { decoder, tokenizer, config, fim, splitsAtLineEnds: tokenizer.splitsAtLineEnds() };
  return { model, files, threads, loadMs, msPerToken: Math.round(speed.msPerToken * 10) / 10, prefillMsPerToken: speed.prefillMsPerToken };
}

/** The model's tokenizer as the workspace cache counts with it (keyed by the ONNX file: another model, other counts). */
export function cacheEncoderOf(load: ModelLoad): CacheEncoder {
  const { tokenizer, decoder } = load.model;
  const blank = tokenizer.tokenTexts(decoder.vocabSize).map((t) => /^[ \t]+$/.test(t));
  return { key: load.files.onnx, vocab: decoder.vocabSize, encode: (text) => tokenizer.encode(text), isBlank: (id) => blank[id] === true };
}

/** The FIM order in effect for a loaded model: the setting, or with "auto" the model's own, else PSM. */
export function fimOrderOf(model: LoadedModel, settings: Pick<EngineSettings, 'fimOrder'>): FimOrder {
  return settings.fimOrder === 'auto' ? (model.config.fimOrder ?? 'psm') : settings.fimOrder;
}

/** "fim:<family>:<order>" or "left-to-right", for hai/status. */
export function promptLabel(model: LoadedModel, settings: Pick<EngineSettings, 'fimOrder'>): string {
  return model.fim ? `fim:${model.fim.family}:${fimOrderOf(model, settings)}` : 'left-to-right';
}
