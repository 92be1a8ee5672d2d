// Greedy generation over the ONNX decoder with a KV cache that is kept between requests: the new
// prompt is compared with the cached tokens, the cache is cut back to the common prefix, and only
// the tokens after it are prefilled. With `draftTokens`, each step also feeds guesses of the tokens
// after the chosen one (promptLookup.ts), and the logits of the guesses the model agrees with stand
// in for steps of their own.
import type { CodeTokenizer } from './codeTokenizer';
import { commonPrefixLength, type KvState } from './kvCache';
import { repeatedLineCut, repeatedTokensCut } from './repetition';
import { logProbability, UnsureLines } from './unsureLines';
import { type SamplingOptions, sampleToken, seededRandom } from './sampling';
import type { ForwardResult, OnnxDecoder } from './onnxDecoder';
import { lookupDraft } from './promptLookup';
import { blankPart } from './tokenHealing';
import type { MemberLookup, NameRule } from './memberNames';
import { textRuleAt } from './keyNames';
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
   * A rule for the rest of the cursor's line (redefinitions.ts): until the suggestion ends that line,
   * `lineRule(visible text)` gives, before each choice, a check of the text a token would add (only
   * tokens it accepts are chosen), or undefined where any token may follow.
   */
  readonly lineRule?: (visible: string) => ((added: string) => boolean) | undefined;
  /**
   * The workspace cache (server/context/ngramCache.ts): its counts are mixed into the model's
   * distribution at each step, after `history` (the prefix's ids before the generated ones).
   */
  readonly cache?: { readonly tables: readonly NgramTable[]; readonly history: readonly number[] };
  /**
   * Names of the project's modules (memberNames.ts): after `module.` only tokens that keep to a name
   * the module has are chosen. `line`: the cursor's line up to the cursor (healed text included);
   * `continued`: whether that line starts inside brackets an earlier line opened (keyNames.ts);
   * `opened`: the lines above inside the innermost of them, from the line where it opened (takenColumns.ts).
   */
  readonly names?: { readonly members: MemberLookup; readonly line: string; readonly continued?: () => boolean; readonly opened?: () => string };
  /** Sampling instead of greedy choice, when given with a temperature above 0. */
  readonly sampling?: SamplingOptions;
  /** Told the visible text after each step, before any stop cuts it: a caller that needs only its start (the list's choice of a name) goes on at once. */
  readonly onText?: (visible: string) => void;
  /**
   * At most this many guessed tokens fed with each chosen one (promptLookup.ts); 0 or absent: none.
   * A guess counts only where the model, choosing as it would without it, picks that very token. The
   * logits then come from steps of several rows, which round differently from one-row steps (other
   * matrix kernels; with an int8 cache, a step's new tokens see each other in fp32 where later steps
   * see them as int8), so near-ties can go another way.
   */
  readonly draftTokens?: number;
  /**
   * Greedy only: at each choice, record the best tokens the rules allowed there, this many (the chosen
   * one first), for a second pass that takes another way where the first was least sure (copiedLine.ts).
   */
  readonly alternatives?: number;
  /** The first choices are these tokens (a first pass's up to where a second one turns away from it). */
  readonly forced?: readonly number[];
  /**
   * A block suggestion ends at its first later line holding a token of log-probability under
   * `threshold` or repeating a statement of its block, where `complete` says the text kept is complete
   * code (unsureLines.ts); not with sampling.
   */
  readonly unsureLines?: { readonly threshold: number; readonly complete: (kept: string) => boolean };
  /**
   * What the cursor's line holds before the suggestion (its indentation, in a block): the suggestion's
   * first line is compared with later ones as it will stand, after it (repetition.ts, unsureLines.ts).
   */
  readonly lineSoFar?: string;
  /**
   * At the token budget, one step more (never shown) to see whether the next token would begin a new
   * line: then the text's last line is whole (GenerateResult.lastLineWhole). For block suggestions,
   * whose unfinished last line is cut (unfinishedBlock.ts): without it, a line the budget ended right
   * at its end would be dropped.
   */
  readonly peekAtBudget?: boolean;
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
  /** Decode steps run (model calls after the prefill). */
  readonly steps: number;
  /** Guessed tokens fed (draftTokens), and how many of them the model chose. */
  readonly drafted: number;
  readonly accepted: number;
  /** Of `tokens`, how many were `forced` (taken, not chosen). */
  readonly forcedTokens: number;
  /** With `alternatives`: for each token in `tokens`, the best ones allowed at its choice. */
  readonly choices?: readonly Choice[];
  /**
   * Whether the text's last line is whole: the model ended the text, a stop cut it at a line break, or
   * (peekAtBudget) the token after the budget begins a line. Not after the time budget.
   */
  readonly lastLineWhole: boolean;
}

/** The best tokens allowed at a choice, best first, and their logits. */
export interface Choice {
  readonly ids: readonly number[];
  readonly logits: readonly number[];
}

/** The id with the highest logit, among the ids `allowed` accepts when given. */
export function argmax(logits: Float32Array, allowed?: (id: number) => boolean): number {
  let best = -1;
  for (let i = 0; i < logits.length; i++) {
    if ((best < 0 || logits[i] > logits[best]) && (!allowed || allowed(i))) best = i;
  }
  return Math.max(best, 0);
}

/** The `k` ids with the highest logits among those `allowed` accepts, best first (ties: the lower id, as argmax). */
export function topAllowed(logits: Float32Array, k: number, allowed?: (id: number) => boolean): Choice {
  const ids: number[] = [];
  for (let id = 0; id < logits.length; id++) {
    const v = logits[id];
    if (ids.length === k && v <= logits[ids[k - 1]]) continue;
    if (allowed && !allowed(id)) continue;
    let at = ids.length === k ? k - 1 : ids.length;
    if (ids.length < k) ids.push(id);
    while (at > 0 && logits[ids[at - 1]] < v) {
      ids[at] = ids[at - 1];
      at--;
    }
    ids[at] = id;
  }
  return { ids, logits: ids.map((id) => logits[id]) };
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
  // rows[0]: the logits for the next choice; rows[i + 1]: those after guesses[i], if it is chosen.
  let rows: Float32Array[] = [step.lastLogits];
  let guesses: number[] = [];
  const maxDraft = Math.max(0, Math.floor(options.draftTokens ?? 0));
  // Forced tokens after the first are fed as guesses (always taken): one step for all of them.
  const forced = options.forced ?? [];
  // The sequence the guesses are looked up in: the prompt and the tokens chosen so far.
  const sequence = maxDraft > 0 ? [...promptIds] : [];
  // With one line wanted, its end stops generation: no row is needed after a guessed line break, so
  // guesses stop before one (while healed text is still spelled, that can leave out a guess that
  // would have been taken: only speed is lost).
  const lineTexts = maxDraft > 0 && options.stopStrings.includes('\n') ? tokenizer.tokenTexts(decoder.vocabSize) : undefined;
  let steps = 0;
  let drafted = 0;
  let accepted = 0;
  // After the choice of `next`: the logits for the next choice, from the guesses' rows when `next`
  // was guessed, else from a step that feeds `next` (and new guesses after it).
  const advance = async (next: number): Promise<void> => {
    if (maxDraft > 0) sequence.push(next);
    if (guesses.length > 0 && guesses[0] === next) {
      guesses.shift();
      rows.shift();
      if (tokens.length > forced.length) accepted++;
      return;
    }
    // Guesses the model did not make: their keys and values are cut off (slots are overwritten).
    const fed = guesses.length > 0 ? decoder.truncate(step.state, step.state.tokens.length - guesses.length) : step.state;
    const forcedRest = forced.slice(tokens.length);
    if (forcedRest.length > 0) guesses = forcedRest;
    else {
      guesses = maxDraft > 0 ? lookupDraft(sequence, Math.min(maxDraft, options.maxTokens - tokens.length - 1)) : [];
      const lineEnd = lineTexts ? guesses.findIndex((id) => lineTexts[id].includes('\n')) : -1;
      if (lineEnd >= 0) guesses = guesses.slice(0, lineEnd);
      drafted += guesses.length;
    }
    step = await decoder.forward(fed, [next, ...guesses], guesses.length > 0);
    cache.state = step.state;
    rows = guesses.length > 0 ? logitRows(step, guesses.length + 1, decoder.vocabSize) : [step.lastLogits];
    steps++;
  };
  let text = '';
  // Measured greedy: a sampled token is unlikely by design, not because the model is unsure.
  const unsure = options.unsureLines && !(options.sampling && options.sampling.temperature > 0) ? new UnsureLines(options.unsureLines.threshold, options.unsureLines.complete, options.lineSoFar) : undefined;
  let reason: StopReason = 'maxTokens';
  let lastLineWhole = false;
  const heal = options.heal;
  // The part of the healed text that the tokens so far have not spelled yet.
  let pending = heal?.text ?? '';
  const startsWithBlank = (t: string | undefined): boolean => t !== undefined && (t[0] === ' ' || t[0] === '\t');
  // A token that spells only a part of a blank pending text must be the one the tokenizer writes
  // (tokenHealing.ts blankPart), looked up once for each pending text.
  let partFor: string | undefined;
  let part: string | undefined;
  const healing = (id: number): boolean => {
    const t = heal?.tokenTexts[id];
    if (t === undefined || t.length === 0) return false;
    if (t.startsWith(pending)) return !(heal?.keepIndent && startsWithBlank(t.slice(pending.length)));
    if (!pending.startsWith(t)) return false;
    if (partFor !== pending) [partFor, part] = [pending, blankPart(pending, (text) => tokenizer.encode(text), (i) => heal!.tokenTexts[i])];
    return part === undefined || t === part;
  };
  // Set when a token ended exactly where the kept indentation ends: the next one may not add to it.
  let indentEnds = false;
  const afterIndent = (id: number): boolean => !startsWithBlank(heal?.tokenTexts[id]);
  const opening = options.opening;
  const lineRule = options.lineRule;
  const names = options.names;
  // Each token's text, for the opening and line rules and the project's names.
  const texts = opening || lineRule || names ? (heal?.tokenTexts ?? tokenizer.tokenTexts(decoder.vocabSize)) : undefined;
  // The visible text a token adds (nothing while it only spells the healed text; a special token, which
  // ends the suggestion, adds nothing either).
  const addedBy = (id: number): string => {
    const t = texts![id] ?? '';
    return pending ? (t.startsWith(pending) ? t.slice(pending.length) : '') : t;
  };
  // While the visible text is blank: the ids whose text (what is left of it after the healed part)
  // opens the suggestion as `opening` allows.
  const opens = (id: number): boolean => {
    if (!texts![id]) return false; // special tokens and padding ids have no text
    return opening!(text + addedBy(id));
  };
  // Where a module's name is being written: the ids that keep to its names (special tokens end the
  // suggestion, so only where the name is whole; a token still spelling the healed text adds nothing).
  const keepsName = (rule: NameRule) => (id: number): boolean => {
    if (!texts![id]) return rule.complete;
    const added = addedBy(id);
    return added === '' || rule.allows(added);
  };
  const sampling = options.sampling && options.sampling.temperature > 0 ? options.sampling : undefined;
  const random = sampling ? seededRandom(sampling.seed) : undefined;
  const record = !sampling && options.alternatives !== undefined && options.alternatives > 0 ? Math.floor(options.alternatives) : 0;
  const choices: Choice[] = [];
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
    const opened = opening && text.trim() === '' ? (id: number): boolean => (!rule || rule(id)) && opens(id) : rule;
    const nameRule = names ? textRuleAt(names.members, names.line + text, names.continued, names.opened) : undefined;
    const named = nameRule ? keepsName(nameRule) : undefined;
    const lineCheck = lineRule && !text.includes('\n') ? lineRule(text) : undefined;
    const lined = lineCheck ? (id: number): boolean => lineCheck(addedBy(id)) : undefined;
    const rules = [opened, named, lined].filter((f) => f !== undefined);
    const allowed = rules.length > 1 ? (id: number): boolean => rules.every((f) => f(id)) : rules[0];
    indentEnds = false;
    const logits = logitsOf(rows[0]);
    let choice: Choice | undefined;
    let next: number;
    if (tokens.length < forced.length) next = forced[tokens.length];
    else if (record > 0) {
      choice = topAllowed(logits, record, allowed);
      next = choice.ids[0] ?? 0;
    } else next = sampling && random ? sampleToken(logits, sampling, random, allowed) : argmax(logits, allowed);
    if (tokenizer.isSpecial(next)) {
      reason = 'specialToken';
      lastLineWhole = true;
      break;
    }
    if (choice) choices.push(choice);
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
        await advance(next);
        continue;
      }
    }
    // What the user would see: the healed text is typed already.
    const before = text;
    text = tokenizer.decode(tokens).slice(heal?.text.length ?? 0);
    options.onText?.(text);
    // A token chosen among fewer (a rule restricted the choice, or a first pass forced it) tells
    // nothing of the model's own doubt: the softmax over all tokens would count the restriction as doubt.
    const chosenFreely = allowed === undefined && tokens.length > forced.length;
    if (unsure?.watching(text) && chosenFreely) unsure.add(before, text, logProbability(logits, next));
    const repeat = repeatedTokensCut(tokens);
    const stopAt = minDefined(
      minDefined(minDefined(firstStop(text, options.stopStrings), options.stopAt?.(text)), unsure?.cut(text)),
      minDefined(repeatedLineCut(text, options.lineSoFar), repeat === undefined ? undefined : Math.max(0, tokenizer.decode(tokens.slice(0, repeat)).length - (heal?.text.length ?? 0))),
    );
    if (stopAt !== undefined) {
      lastLineWhole = text[stopAt] === '\n';
      text = text.slice(0, stopAt);
      reason = 'stopString';
      break;
    }
    if (tokens.length >= options.maxTokens) {
      if (options.peekAtBudget && !options.isCancelled() && now() - started <= options.timeBudgetMs) {
        await advance(next);
        const after = tokens.length < forced.length ? forced[tokens.length] : argmax(logitsOf(rows[0]));
        lastLineWhole = tokenizer.isSpecial(after) || /^\r?\n/.test(tokenizer.decode([after]));
        // A line the peek finds whole is finished: the rules for finished lines (a repeat) get their look at it.
        const cut = lastLineWhole ? minDefined(unsure?.cut(`${text}\n`), repeatedLineCut(`${text}\n`, options.lineSoFar)) : undefined;
        if (cut !== undefined && cut < text.length) {
          text = text.slice(0, cut);
          reason = 'stopString';
        }
      }
      break;
    }
    if (now() - started > options.timeBudgetMs) {
      reason = 'timeBudget';
      break;
    }
    await advance(next);
  }
  return {
    text: reason === 'cancelled' ? '' : text,
    tokens,
    prefilled: promptIds.length - keep,
    reason,
    prefillMs: prefillDone - started,
    decodeMs: now() - prefillDone,
    steps,
    drafted,
    accepted,
    forcedTokens: Math.min(forced.length, tokens.length),
    choices: record > 0 ? choices : undefined,
    lastLineWhole,
  };
}

/** The logits of a step's `count` rows, each a view of the step's [count, vocab] array. */
function logitRows(step: ForwardResult, count: number, vocab: number): Float32Array[] {
  const all = step.allLogits;
  if (all?.length !== count * vocab) throw new Error(`expected logits for ${count} positions of ${vocab} tokens, got ${all?.length ?? 0} values`);
  return Array.from({ length: count }, (_, i) => all.subarray(i * vocab, (i + 1) * vocab));
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
