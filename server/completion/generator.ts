// Greedy generation over the ONNX decoder with a KV cache that is kept between requests: the new
// prompt is compared with the cached tokens, the cache is cut back to the common prefix, and only
// the tokens after it are prefilled.
import type { CodeTokenizer } from './codeTokenizer';
import { commonPrefixLength, type KvState } from './kvCache';
import { repeatedLineCut, repeatedTokensCut } from './repetition';
import { type SamplingOptions, sampleToken, seededRandom } from './sampling';
import type { OnnxDecoder } from './onnxDecoder';
import { cacheDistribution, mixLogits, type NgramTable } from '../context/ngramCache';

export interface GenerateOptions {
  readonly maxTokens: number;
  /** Generation stops after this many milliseconds, keeping what it has. */
  readonly timeBudgetMs: number;
  /** Generation stops before the first of these strings; the string is not part of the result. */
  readonly stopStrings: readonly string[];
  /** Another place to stop, such as the end of a block: the index to cut the text at, if reached. */
  readonly stopAt?: (text: string) => number | undefined;
  /**
   * Token healing: the prompt ends a few tokens early (tokenHealing.ts), and the generated tokens
   * must spell their text first, which the user has typed already and the result leaves out. A token
   * may cover all of what is left of it and go on, or only a part: "\n        " before `self` is
   * written "\n       " + " self" in training text, never as one token.
   */
  readonly heal?: {
    readonly text: string;
    readonly tokenTexts: readonly string[];
    /**
     * The healed text is the indentation of a new statement (the cursor after it): the generated
     * tokens may spell it but not indent deeper, neither in the token that completes it nor in the
     * one right after. Without this, backing up over "    " lets the model pick "        ".
     */
    readonly keepIndent?: boolean;
  };
  /**
   * How a suggestion may open (openLine.ts): until the visible text has something other than blanks,
   * only tokens after which `opening(visible text)` holds are chosen, and the model may not stop.
   */
  readonly opening?: (visible: string) => boolean;
  /**
   * The workspace cache (server/context/ngramCache.ts): its counts are mixed into the model's
   * distribution at each step, after `history` (the prefix's ids before the generated ones).
   */
  readonly cache?: { readonly tables: readonly NgramTable[]; readonly history: readonly number[] };
  /** Sampling instead of greedy choice, when given with a temperature above 0. */
  readonly sampling?: SamplingOptions;
  /** Checked between decode steps; true stops generation and discards the result. */
  readonly isCancelled: () => boolean;
  readonly now?: () => number;
}

export type StopReason = 'maxTokens' | 'specialToken' | 'stopString' | 'timeBudget' | 'cancelled';

export interface GenerateResult {
  readonly text: string;
  readonly tokens: readonly number[];
  /** Prompt tokens run through the model for this request (the rest came from the cache). */
  readonly prefilled: number;
  readonly reason: StopReason;
  readonly prefillMs: number;
  readonly decodeMs: number;
}

/** The id with the highest logit, among the ids `allowed` accepts when given. */
export function argmax(logits: Float32Array, allowed?: (id: number) => boolean): number {
  let best = -1;
  for (let i = 0; i < logits.length; i++) {
    if ((best < 0 || logits[i] > logits[best]) && (!allowed || allowed(i))) best = i;
  }
  return Math.max(best, 0);
}

/** Keeps one sequence's cache between requests (one per open document). */
export class SequenceCache {
  state: KvState | undefined;
}

export async function generate(
  decoder: OnnxDecoder,
  tokenizer: CodeTokenizer,
  cache: SequenceCache,
  promptIds: readonly number[],
  options: GenerateOptions,
): Promise<GenerateResult> {
  const now = options.now ?? performance.now.bind(performance);
  const started = now();
  const cached = cache.state ?? decoder.emptyState();
  // At least the last prompt token is always fed, to get fresh logits for the first new token.
  const keep = Math.min(commonPrefixLength(cached.tokens, promptIds), promptIds.length - 1);
  let step = await decoder.forward(decoder.truncate(cached, keep), promptIds.slice(keep));
  cache.state = step.state;
  const prefillDone = now();
  const tokens: number[] = [];
  let text = '';
  let reason: StopReason = 'maxTokens';
  const heal = options.heal;
  // The part of the healed text that the tokens so far have not spelled yet.
  let pending = heal?.text ?? '';
  const startsWithBlank = (t: string | undefined): boolean => t !== undefined && (t[0] === ' ' || t[0] === '\t');
  const healing = (id: number): boolean => {
    const t = heal?.tokenTexts[id];
    if (t === undefined || t.length === 0) return false;
    if (t.startsWith(pending)) return !(heal?.keepIndent && startsWithBlank(t.slice(pending.length)));
    return pending.startsWith(t);
  };
  // Set when a token ended exactly where the kept indentation ends: the next one may not add to it.
  let indentEnds = false;
  const afterIndent = (id: number): boolean => !startsWithBlank(heal?.tokenTexts[id]);
  const opening = options.opening;
  const texts = opening ? (heal?.tokenTexts ?? tokenizer.tokenTexts(decoder.vocabSize)) : undefined;
  // While the visible text is blank: the ids whose text (what is left of it after the healed part)
  // opens the suggestion as `opening` allows.
  const opens = (id: number): boolean => {
    const t = texts![id];
    if (!t) return false; // special tokens and padding ids have no text
    return opening!(text + (t.startsWith(pending) ? t.slice(pending.length) : ''));
  };
  const sampling = options.sampling && options.sampling.temperature > 0 ? options.sampling : undefined;
  const random = sampling ? seededRandom(sampling.seed) : undefined;
  const history = options.cache ? options.cache.history.slice(-2) : [];
  const logitsOf = (logits: Float32Array): Float32Array => {
    const dist = options.cache ? cacheDistribution(options.cache.tables, history) : undefined;
    return dist ? mixLogits(logits, dist) : logits;
  };
  for (;;) {
    if (options.isCancelled()) {
      reason = 'cancelled';
      break;
    }
    const rule: ((id: number) => boolean) | undefined = pending ? healing : indentEnds ? afterIndent : undefined;
    const allowed = opening && text.trim() === '' ? (id: number): boolean => (!rule || rule(id)) && opens(id) : rule;
    indentEnds = false;
    const logits = logitsOf(step.lastLogits);
    const next: number = sampling && random ? sampleToken(logits, sampling, random, allowed) : argmax(logits, allowed);
    if (tokenizer.isSpecial(next)) {
      reason = 'specialToken';
      break;
    }
    tokens.push(next);
    history.push(next);
    if (history.length > 2) history.shift();
    if (pending) {
      const t: string = heal!.tokenTexts[next];
      indentEnds = heal!.keepIndent === true && t === pending;
      pending = t.startsWith(pending) ? '' : pending.slice(t.length);
      if (pending) {
        // Still spelling what the user typed (nothing to show yet), within the same budgets.
        if (tokens.length >= options.maxTokens) break;
        if (now() - started > options.timeBudgetMs) {
          reason = 'timeBudget';
          break;
        }
        step = await decoder.forward(step.state, [next]);
        cache.state = step.state;
        continue;
      }
    }
    // What the user would see: the healed text is typed already.
    text = tokenizer.decode(tokens).slice(heal?.text.length ?? 0);
    const repeat = repeatedTokensCut(tokens);
    const stopAt = minDefined(
      minDefined(firstStop(text, options.stopStrings), options.stopAt?.(text)),
      minDefined(repeatedLineCut(text), repeat === undefined ? undefined : Math.max(0, tokenizer.decode(tokens.slice(0, repeat)).length - (heal?.text.length ?? 0))),
    );
    if (stopAt !== undefined) {
      text = text.slice(0, stopAt);
      reason = 'stopString';
      break;
    }
    if (tokens.length >= options.maxTokens) break;
    if (now() - started > options.timeBudgetMs) {
      reason = 'timeBudget';
      break;
    }
    step = await decoder.forward(step.state, [next]);
    cache.state = step.state;
  }
  return {
    text: reason === 'cancelled' ? '' : text,
    tokens,
    prefilled: promptIds.length - keep,
    reason,
    prefillMs: prefillDone - started,
    decodeMs: now() - prefillDone,
  };
}

export function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function firstStop(text: string, stops: readonly string[]): number | undefined {
  let first: number | undefined;
  for (const s of stops) {
    const i = s ? text.indexOf(s) : -1;
    if (i >= 0 && (first === undefined || i < first)) first = i;
  }
  return first;
}
