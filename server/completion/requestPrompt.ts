// The prompt a completion request runs: the token window before the cursor (its start kept from the
// last request, so that the KV cache keeps matching), the suffix for FIM, the workspace context chosen
// for the window, and the tokens token healing backs up over. A completion and a warm-up build it
// alike (completionEngine.ts), so that the warm-up's prefill is exactly what the completion finds in
// the cache.
import type { ContextBudget } from './contextBudget';
import { type DocumentState, type DocumentStates, encodePrefix } from './documentState';
import type { EngineSettings } from './engineSettings';
import { buildPrompt } from './fimTemplates';
import { fimOrderOf, type LoadedModel } from './modelLoader';
import { prefixText, suffixText, textAboveWindow, windowStart } from './promptWindow';
import { healPrefix } from './tokenHealing';
import { contextText } from '../context/contextPrompt';
import type { WorkspaceContext } from '../context/workspaceContext';

/** A request's prompt and what it was built from. */
export interface PromptAt {
  readonly doc: DocumentState;
  readonly prompt: readonly number[];
  /** The text that token healing backed up over (tokenHealing.ts), if any. */
  readonly heal: string | undefined;
  /** The prefix's last ids before what is generated (after healing's back-up): the workspace cache's history. */
  readonly history: readonly number[];
  readonly maxPositions: number;
}

/** What a prompt is built with besides the model and the text. */
export interface PromptInputs {
  readonly settings: EngineSettings;
  /** The documents' KV caches, token ids and chosen context. */
  readonly caches: DocumentStates;
  /** The user's project; none: the file alone. */
  readonly workspace: WorkspaceContext | undefined;
  /** The context's budget when `roomTokens` of the model's positions are left for it. */
  budgetFor(roomTokens: number): ContextBudget;
}

/** The prompt for a request at the end of `prefix` (`suffix` after the cursor) in `uri`; undefined where the window leaves the prefix no room. */
export function promptAt(model: LoadedModel, uri: string, prefix: string, suffix: string, inputs: PromptInputs): PromptAt | undefined {
  const { settings, workspace } = inputs;
  const { tokenizer, fim } = model;
  const maxPositions = model.config.maxPositions ?? Number.MAX_SAFE_INTEGER;
  // With nothing after the cursor there is no middle to fill: a left-to-right prompt lets the
  // cache match all but the last typed token, where FIM markers after the prefix would not.
  const template = fim && suffix.trim() !== '' ? fim : undefined;
  const suffixIds = template ? tokenizer.encode(suffixText(suffix, settings.suffixTokens)).slice(0, settings.suffixTokens) : [];
  // Three FIM markers, and the BOS token of tokenizers that put one first (DeepSeek, CodeLlama).
  const bos = tokenizer.bosId === undefined ? [] : [tokenizer.bosId];
  const available = maxPositions - settings.maxTokens - suffixIds.length - 3 - bos.length;
  // The context gets what the prefix leaves of the model's positions, up to its setting.
  const contextTokens = inputs.budgetFor(available - settings.prefixTokens).tokens;
  const budget = Math.min(settings.prefixTokens, available - contextTokens);
  if (budget <= 0) return undefined;
  const doc = inputs.caches.use(uri);
  const tokenized = prefixText(prefix, budget);
  const windowIds = encodePrefix(model, doc, tokenized);
  const previousStart = doc.windowStart;
  doc.windowStart = windowStart(windowIds.length, budget, doc.windowStart);
  const generation = workspace?.generation(uri) ?? 0;
  const stale = doc.contextIds === undefined || doc.contextIds.length > contextTokens;
  if (stale || doc.refreshContext || doc.windowStart !== previousStart || doc.contextGeneration !== generation) {
    if (contextTokens > 0 && workspace) {
      // The lines above the window: the model sees them only through the context.
      const head = doc.windowStart > 0 ? model.tokenizer.decode(windowIds.slice(0, doc.windowStart)) : '';
      doc.contextIds = contextIds(model, workspace, uri, prefix, textAboveWindow(prefix, tokenized, head), contextTokens);
    } else {
      doc.contextIds = [];
    }
    doc.refreshContext = false;
    doc.contextGeneration = generation;
  }
  // Token healing: back up over the end of the prefix (half an identifier, the indentation after a
  // line break) and let the model choose how that text continues.
  const { ids: prefixIds, heal } = healPrefix(windowIds.slice(doc.windowStart), prefix, tokenizer);
  const prompt = [...bos, ...buildPrompt(template, prefixIds, suffixIds, fimOrderOf(model, settings), doc.contextIds)];
  return { doc, prompt, heal, maxPositions, history: prefixIds.slice(-2) };
}

/** The workspace context's token ids for a request in `uri`, at most `budget` of them; `earlier`: the document above the window. */
function contextIds(model: LoadedModel, workspace: WorkspaceContext, uri: string, prefix: string, earlier: string, budget: number): number[] {
  const pieces = workspace.pieces(uri, prefix, earlier);
  if (pieces.length === 0) return [];
  const own = workspace.displayPath(uri) ?? 'untitled.py';
  const count = (text: string): number => model.tokenizer.encode(text).length;
  // A little slack: pieces counted one by one can come to a token more when written together.
  const ids = model.tokenizer.encode(contextText(pieces, own, budget - 8, count));
  return ids.length <= budget ? ids : [];
}
