// One load of the completion model for the engine: the Python grammar the engine reads code with,
// then the model folder (modelLoader.ts); what hai/status shows of it, loaded or why not, with a
// next step for the user. Kept out of completionEngine.ts, which decides when to load.
import * as path from 'node:path';
import type { CompletionModelState } from '../../core/protocol/serverStatus';
import { english, type Message, messageOf, msg } from '../../core/text/message';
import type { EngineSettings } from './engineSettings';
import { ModelLoadError } from './modelErrors';
import { cacheEncoderOf, loadModelFolder, type ModelLoad, promptLabel } from './modelLoader';
import type { CacheEncoder } from '../context/ngramCache';
import { PythonSyntax } from './pythonSyntax';

/**
 * A load's outcome: the model with its cache encoder and the state it shows, or the error state (its
 * message logged); the grammar whenever it loaded, kept for the next load.
 */
export type ModelLoadOutcome =
  | { readonly load: ModelLoad; readonly encoder: CacheEncoder; readonly syntax: PythonSyntax; readonly state: CompletionModelState }
  | { readonly load?: undefined; readonly syntax?: PythonSyntax; readonly state: CompletionModelState };

/** The model folder the settings name: the user's, else the one shipped with the extension; '' when completion is off. */
export function modelFolder(settings: Pick<EngineSettings, 'enabled' | 'modelPath'>, builtIn: string): string {
  return settings.enabled ? settings.modelPath.trim() || builtIn : '';
}

/** Whether a folder may be loaded: a relative path would load whatever the server's working folder holds. */
export function relativeFolderError(dir: string, log: (message: string) => void): ModelLoadOutcome | undefined {
  if (path.isAbsolute(dir)) return undefined;
  // The extension resolves it against a stated base (extension/settings.ts) before sending it.
  return failed(path.basename(dir), msg('hai.completion.modelPath "{0}" is not an absolute path. Set the model folder\'s absolute path.', dir), log);
}

/** Loads the model folder `dir` (absolute) with the grammar (`syntax`, loaded here the first time). */
export async function loadCompletionModel(dir: string, settings: EngineSettings, syntax: PythonSyntax | undefined, log: (message: string) => void): Promise<ModelLoadOutcome> {
  const name = path.basename(dir);
  let grammar = syntax;
  try {
    grammar ??= await PythonSyntax.load().catch((err: unknown) => {
      throw new ModelLoadError('model', msg('The Python grammar could not be loaded: {0}.', String(err)), msg('Reinstall the HAI extension.'), { cause: err });
    });
    const load = await loadModelFolder(dir, settings);
    let encoder: CacheEncoder;
    try {
      encoder = cacheEncoderOf(load);
    } catch (err) {
      await load.model.decoder.dispose();
      throw err;
    }
    const { model, files, threads, loadMs, msPerToken, prefillMsPerToken } = load;
    const state: CompletionModelState = {
      state: 'loaded',
      name,
      path: files.onnx,
      dtype: files.dtype,
      bytes: files.bytes,
      loadMs,
      msPerToken,
      prefillMsPerToken: Math.round(prefillMsPerToken * 100) / 100,
      speedChecks: 1,
      prompt: promptLabel(model, settings),
      threads,
    };
    return { load, encoder, syntax: grammar, state };
  } catch (err) {
    return { ...failed(name, err instanceof ModelLoadError ? msg('{0} {1}', messageOf(err), err.hintText ?? err.hint) : msg('Unexpected error: {0}', String(err)), log), syntax: grammar };
  }
}

function failed(name: string, text: Message, log: (message: string) => void): { readonly state: CompletionModelState } {
  const message = english(text);
  log(`The completion model ${name} could not be loaded: ${message}`);
  return { state: { state: 'error', name, message, text } };
}
