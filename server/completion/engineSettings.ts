// Turns the client's `hai.completion` configuration section into engine settings, with every value
// checked by the typed settings table in core/protocol.
import * as os from 'node:os';
import { coerceSetting, type SettingKey } from '../../core/protocol/settings';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from './completionEngine';

export function engineSettingsFrom(section: unknown): EngineSettings {
  const raw = typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : {};
  const get = <K extends SettingKey>(key: K) => coerceSetting(key, raw[key.slice('hai.completion.'.length)]);
  return {
    ...DEFAULT_ENGINE_SETTINGS,
    enabled: get('hai.completion.enabled'),
    modelPath: get('hai.completion.modelPath'),
    dtype: get('hai.completion.dtype'),
    fim: get('hai.completion.fim'),
    fimOrder: get('hai.completion.fimOrder'),
    maxTokens: get('hai.completion.maxTokens'),
    sampling: {
      temperature: get('hai.completion.temperature'),
      topK: get('hai.completion.topK'),
      topP: get('hai.completion.topP'),
      seed: get('hai.completion.seed'),
    },
    threads: boundThreads(get('hai.completion.threads')),
    multiline: get('hai.completion.multiline'),
    docstrings: get('hai.completion.docstrings'),
    context: get('hai.completion.workspaceContext'),
    contextTokens: get('hai.completion.contextTokens'),
    workspaceCache: get('hai.completion.workspaceCache'),
  };
}

/**
 * At most one inference thread per core: ONNX Runtime spends seconds creating hundreds of threads
 * (512 took 23 s to load the model, 20,000 hung it) and more threads than cores only contend. 0 keeps
 * its meaning, all cores but one.
 */
export function boundThreads(threads: number, cores = os.availableParallelism()): number {
  return threads <= 0 ? 0 : Math.max(1, Math.min(Math.floor(threads), cores));
}
