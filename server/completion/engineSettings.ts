// Turns the client's `hai.completion` configuration section into engine settings, with every value
// checked by the typed settings table in core/protocol.
import * as os from 'node:os';
import { coerceSetting, type SettingKey } from '../../core/protocol/settings';
import type { ContextSources } from '../context/workspaceContext';
import type { FimChoice, FimOrder } from './fimTemplates';
import type { DtypeChoice } from './modelFiles';
import type { SamplingOptions } from './sampling';

export interface EngineSettings {
  readonly enabled: boolean;
  /** Folder of the model; empty means none until a default model ships. */
  readonly modelPath: string;
  readonly dtype: DtypeChoice;
  readonly fim: FimChoice;
  /** auto: the model's config.json `fim_order`, else PSM. */
  readonly fimOrder: 'auto' | FimOrder;
  readonly maxTokens: number;
  /** Sampling; temperature 0 is greedy. */
  readonly sampling: SamplingOptions;
  /** 0 means all cores but one, so that the editor stays responsive. */
  readonly threads: number;
  readonly multiline: boolean;
  /** Complete inside docstrings too. */
  readonly docstrings: boolean;
  readonly timeBudgetMs: number;
  readonly prefixTokens: number;
  readonly suffixTokens: number;
  /** What of the workspace goes into the prompt (server/context/), and how many tokens it may take. */
  readonly context: ContextSources;
  /** 0: sized to this machine's prefill speed (contextBudget.ts). */
  readonly contextTokens: number;
  /** Mix token counts of the workspace into the model's choice (server/context/ngramCache.ts). */
  readonly workspaceCache: boolean;
  /** Offer the line that followed the line above the cursor where the project has it too (server/context/repeatedLines.ts). */
  readonly repeatedLines: boolean;
  /** Feed guesses of the next tokens, from the text before them, with each step (promptLookup.ts): nearly the same suggestions, sooner. */
  readonly promptLookup: boolean;
  /** After a module of the project and a dot, keep the suggestion to the names that module defines (memberNames.ts). */
  readonly projectNames: boolean;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  enabled: true,
  modelPath: '',
  dtype: 'auto',
  fim: 'auto',
  fimOrder: 'auto',
  maxTokens: 64,
  sampling: { temperature: 0, topK: 40, topP: 0.95, seed: 0 },
  threads: 0,
  multiline: true,
  docstrings: false,
  timeBudgetMs: 1500,
  prefixTokens: 384,
  suffixTokens: 64,
  // The repository-level evaluation (bench/codeQuality.ts, issue 15) found similar chunks the setting
  // that helps: imported definitions and the workspace cache did not, beyond noise, and cost time.
  // How many tokens they get depends on how fast this machine prefills (contextBudget.ts).
  context: 'similar',
  contextTokens: 0,
  workspaceCache: false,
  repeatedLines: true,
  promptLookup: true,
  projectNames: true,
};

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
    repeatedLines: get('hai.completion.repeatedLines'),
    promptLookup: get('hai.completion.promptLookup'),
    projectNames: get('hai.completion.projectNames'),
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
