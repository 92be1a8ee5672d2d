// The completion engine: loads the configured model, keeps one KV cache per document, runs one
// generation at a time (a newer request supersedes an older one) and tracks latency for hai/status.
import * as path from 'node:path';
import type { CompletionCounters, CompletionModelState, LatencySummary } from '../../core/protocol/serverStatus';
import { DocumentStates } from './documentState';
import { type GenerateOptions, type GenerateResult, minDefined, type StopReason } from './generator';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from './engineSettings';
import { type LoadedModel, promptLabel } from './modelLoader';
import { loadCompletionModel, modelFolder, relativeFolderError } from './modelLoad';
import { balanceAgainstSuffix } from './brackets';
import { postProcess } from './postProcess';
import { finishedBlock } from './unfinishedBlock';
import { closesInnermost, endsInString, openedLines } from './codeScan';
import { keyAtCursor, namesKeptIn } from './keyNames';
import type { MemberLookup } from './memberNames';
import { generateOnLine } from './openLine';
import { makesRelativeImport, noRelativeImport } from './relativeImports';
import { type KeywordCut, repeatedKeywordCut } from './repeatedKeywords';
import { copiesRecentLine, recentStatements } from './copiedLine';
import { blockDefinitions, redefinedName } from './redefinitions';
import { blockEnd, PythonSyntax } from './pythonSyntax';
import { LATER_LINE_MIN_LOG_PROBABILITY } from './unsureLines';
import { RequestCounters } from './requestCounters';
import { cursorWindow, type TextSource } from './promptWindow';
import { prefillInChunks, type WarmResult } from './warmUp';
import { measureSpeed } from './speedProbe';
import { RECHECK_CHUNKS, SpeedRechecks, withFasterSpeed } from './speedRecheck';
import { type ContextBudget, resolveContextBudget } from './contextBudget';
import { fileHeaderAt } from '../context/contextPrompt';
import type { WorkspaceContext } from '../context/workspaceContext';
import { repeatedLine } from '../context/repeatedLines';
import { requestNames } from './requestNames';
import { type MemberList, memberListIn } from './memberCompletions';
import { promptAt, type PromptInputs } from './requestPrompt';
import { SharedAnswer } from './sharedAnswer';

/** What a completion request returns: the last generation pass, its text post-processed. */
export interface Suggestion extends Omit<GenerateResult, 'reason'> {
  /** Why the last pass stopped, or "repeatedLine": a line of the project offered with no model run (repeatedLines.ts). */
  readonly reason: StopReason | 'repeatedLine';
  /** Generation passes run: 2 when the first answer on an opened line was asked again (openLine.ts). */
  readonly passes: number;
}

export { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from './engineSettings';

/** Guessed tokens fed with each chosen one at most, with `promptLookup` on (promptLookup.ts). */
const PROMPT_LOOKUP_TOKENS = 6;

/** The longest a request waits for its document's context to be prepared (the first one after opening). */
const CONTEXT_WAIT_MS = 50;

/** How far after the cursor a call cut before a repeated keyword is looked for its `)` (repeatedKeywords.ts). */
const SUFFIX_CLOSE_CHARS = 4000;

/** At most this many documents keep a KV cache; the least recently used one is dropped first. */
const MAX_CACHED_DOCUMENTS = 8;

export class CompletionEngine {
  private settings: EngineSettings = DEFAULT_ENGINE_SETTINGS;
  private model: LoadedModel | undefined;
  /** Milliseconds per prompt token of the loaded model on this machine (speedProbe.ts). */
  private prefillMsPerToken: number | undefined;
  private state: CompletionModelState = { state: 'none' };
  private readonly caches = new DocumentStates(MAX_CACHED_DOCUMENTS);
  private queue: Promise<unknown> = Promise.resolve();
  private latest = 0;
  /** Counts requests, those that join a run too: a warm-up gives way to any. */
  private asked = 0;
  /** Counts warm-ups: a newer one (the cursor moved again) supersedes an older one. */
  private latestWarm = 0;
  private readonly requests = new RequestCounters();
  private loads = 0;
  private syntax: PythonSyntax | undefined;
  /** The model-related settings of the last (re)load, to skip reloading for the same ones. */
  private loadedFor: string | undefined;
  /** Model runs (a load, a request, a warm-up) going on now, and when the last one ended: a speed check waits for quiet. */
  private running = 0;
  private lastRun = performance.now();
  private rechecks: SpeedRechecks | undefined;
  /** The run of the last completion request, which one for the same text and place joins. */
  private readonly answers = new SharedAnswer<Suggestion>();

  constructor(
    private readonly log: (message: string) => void,
    /** Called when the model's state changes (loading, loaded, failed, none). */
    private readonly onStateChange: () => void = () => undefined,
    /** The model shipped with the extension, loaded when `modelPath` is empty. */
    private readonly builtInModelDir = '',
    /** The user's project, for the prompt; none: the file alone. */
    private readonly workspace?: WorkspaceContext,
  ) {}

  modelState(): CompletionModelState {
    return this.state;
  }

  /** How many model loads this engine has started (hai/status: a client tells a new outcome from an old one). */
  modelLoads(): number {
    return this.loads;
  }

  /** What the workspace context may take of a prompt with a full window around the cursor (hai/status). */
  contextBudget(): ContextBudget {
    const positions = this.model?.config.maxPositions ?? Number.MAX_SAFE_INTEGER;
    const bos = this.model?.tokenizer.bosId === undefined ? 0 : 1;
    const { maxTokens, prefixTokens, suffixTokens } = this.settings;
    // As promptAt counts: three FIM markers and the BOS token of tokenizers that put one first.
    return this.budgetFor(positions - maxTokens - suffixTokens - 3 - bos - prefixTokens);
  }

  /** What the prompts are built with (requestPrompt.ts). */
  private promptInputs(): PromptInputs {
    return { settings: this.settings, caches: this.caches, workspace: this.workspace, budgetFor: (room) => this.budgetFor(room) };
  }

  /** The context's budget when `roomTokens` of the model's positions are left for it. */
  private budgetFor(roomTokens: number): ContextBudget {
    const { contextTokens, context, prefixTokens, suffixTokens } = this.settings;
    return resolveContextBudget(contextTokens, this.workspace !== undefined && context !== 'off', this.prefillMsPerToken, prefixTokens + suffixTokens, roomTokens);
  }

  latencySummary(): LatencySummary | undefined {
    return this.requests.latencySummary();
  }

  counters(): CompletionCounters | undefined {
    return this.requests.counters();
  }

  /** Applies new settings; reloads the model when what it depends on changed. */
  async configure(next: EngineSettings): Promise<void> {
    const budgetChanged = (['context', 'contextTokens', 'maxTokens', 'prefixTokens', 'suffixTokens'] as const).some((k) => next[k] !== this.settings[k]);
    if (budgetChanged) {
      for (const doc of this.caches.all()) doc.refreshContext = true;
    }
    this.settings = next;
    this.answers.clear();
    this.workspace?.setSources(next.context);
    this.workspace?.setCache(next.workspaceCache);
    this.workspace?.setNames(next.projectNames);
    const key = JSON.stringify([next.enabled, next.modelPath, next.dtype, next.threads, next.fim]);
    // The same configuration can arrive twice (initialized, then the first didChangeConfiguration);
    // the prompt order needs no reload, only a new label.
    if (key === this.loadedFor) {
      if (this.state.state === 'loaded' && this.model) {
        this.state = { ...this.state, prompt: promptLabel(this.model, next) };
        this.onStateChange();
      }
      return;
    }
    this.loadedFor = key;
    await this.exclusive(() => this.load());
  }

  private async load(): Promise<void> {
    try {
      await this.loadModel();
    } finally {
      this.onStateChange();
    }
  }

  private async loadModel(): Promise<void> {
    this.rechecks?.stop();
    await this.model?.decoder.dispose();
    this.model = undefined;
    this.prefillMsPerToken = undefined;
    this.workspace?.setEncoder(undefined);
    this.caches.clear();
    this.requests.reset();
    // Completion switched off: no model in memory (snippets and everything else keep working).
    const dir = modelFolder(this.settings, this.builtInModelDir);
    if (!dir) {
      this.state = { state: 'none' };
      return;
    }
    const refused = relativeFolderError(dir, this.log);
    if (refused) {
      this.state = refused.state;
      return;
    }
    this.state = { state: 'loading', name: path.basename(dir) };
    // Counted, so that a client tells this load's outcome (announced when it is known) from an earlier one.
    this.loads++;
    const outcome = await loadCompletionModel(dir, this.settings, this.syntax, this.log);
    this.state = outcome.state;
    this.syntax ??= outcome.syntax;
    if (!outcome.load) return;
    const { model, files, threads, loadMs, msPerToken, prefillMsPerToken } = outcome.load;
    this.model = model;
    this.prefillMsPerToken = prefillMsPerToken;
    this.workspace?.setEncoder(outcome.encoder);
    this.rechecks = new SpeedRechecks(
      () => (this.running > 0 ? 0 : performance.now() - this.lastRun),
      () => this.exclusive(() => this.recheckSpeed(model)),
    );
    this.rechecks.start();
    this.log(
      `Loaded completion model ${path.basename(dir)} (${files.dtype}, ${files.bytes} bytes, ${model.fim ? `FIM ${model.fim.family}` : 'left-to-right'}, ${threads} threads) in ${loadMs} ms; ${msPerToken} ms per generated token, ${prefillMsPerToken.toFixed(2)} ms per prompt token; workspace context up to ${this.contextBudget().tokens} tokens`,
    );
  }

  /**
   * Completes at `offset` in the document's `text`. Returns undefined when there is nothing to
   * suggest, when completion is off, or when a newer request or the client cancelled this one. Only
   * a window around the cursor is looked at (promptWindow.ts), however big the document.
   */
  async complete(uri: string, text: TextSource, offset: number, isCancelled: () => boolean, onText?: (generated: string) => void): Promise<Suggestion | undefined> {
    // The list of names and the inline suggestion at the same place share one run (sharedAnswer.ts).
    const around = cursorWindow(text, offset);
    const key = `${uri}\0${this.workspace?.generation(uri) ?? 0}\0${around.prefix.length}\0${around.prefix}${around.suffix}`;
    this.asked++;
    const joined = this.answers.join(key, this.latest, isCancelled, onText);
    if (joined) return joined;
    const ticket = ++this.latest;
    const run = async (superseded: () => boolean, notify: (generated: string) => void): Promise<Suggestion | undefined> => {
      const started = performance.now();
      // Only the first request after a document opens can find its context still being read.
      await this.workspace?.settled(uri, CONTEXT_WAIT_MS);
      const result = await this.inWindow(uri, text, offset, superseded, (model, syntax, prefix, suffix, whole) =>
        this.completeWith(model, syntax, uri, prefix, suffix, superseded, started, { notebook: text.notebook === true, whole, notify }),
      );
      // Requests that arrived while this one ran are dispatched before it answers (one turn of the event
      // loop): a newer one supersedes this answer, which the editor would throw away anyway. Without it a
      // burst of keystrokes could be answered in full when generation finished within one turn.
      if (result) await new Promise((resolve) => setImmediate(resolve));
      return superseded() ? undefined : result;
    };
    return this.answers.start(key, ticket, isCancelled, () => ticket !== this.latest, run, onText);
  }

  private async completeWith(
    model: LoadedModel,
    syntax: PythonSyntax,
    uri: string,
    prefix: string,
    suffix: string,
    superseded: () => boolean,
    started: number,
    /** In a notebook; whether prefix and suffix are the whole document; told the text as it is generated. */
    { notebook, whole, notify }: { readonly notebook: boolean; readonly whole: boolean; readonly notify?: (generated: string) => void },
  ): Promise<Suggestion | undefined> {
    const window = prefix + suffix;
    const lineSoFar = prefix.slice(prefix.lastIndexOf('\n') + 1);
    // Names of the project's modules after `module.`, of a script's options after `args.`, of a Hydra
    // config's keys after `cfg.`, of a data file's keys in `tree["`; read once, when first asked.
    let lookup: { names: MemberLookup | undefined } | undefined;
    const names = (): MemberLookup | undefined => (lookup ??= { names: requestNames(syntax, uri, window, prefix.length, whole, this.workspace) }).names;
    // Whether the cursor's line goes on inside brackets (`np.stack([` above): a key there is read, not written.
    let inBrackets: boolean | undefined;
    const continued = (): boolean => (inBrackets ??= syntax.startsInBrackets(window, prefix.length, uri));
    // The lines above the cursor's inside the brackets it starts in (the earlier arguments of a call over
    // lines: takenColumns.ts), read from the text alone: the call is not closed yet while it is typed.
    let opened: string | undefined;
    const openedAbove = (): string => (opened ??= openedLines(prefix.slice(0, prefix.length - lineSoFar.length)));
    let decision = syntax.analyze(window, prefix.length, this.settings.docstrings, uri);
    // No suggestion inside a string, but in a key of a data file whose keys are known (keyNames.ts).
    const inKey = !decision.complete && decision.reason === 'string' && this.settings.projectNames ? keyAtCursor(names, lineSoFar, suffix, continued) : undefined;
    if (inKey) decision = { complete: true, mode: 'line' };
    if (!decision.complete) return undefined;
    // The names the cursor's block defines already, read from the tree analyze() made when an answer
    // would define one (redefinitions.ts); in a notebook, not those of its cells' module level.
    const defined = (): ReadonlySet<string> => syntax.withTree(window, (root) => blockDefinitions(root, window, prefix.length, !notebook), uri) ?? new Set<string>();
    // The statements above the cursor's line, read only where an answer could copy one (copiedLine.ts).
    let recent: string[] | undefined;
    const recentLines = (): string[] => (recent ??= recentStatements(prefix));
    const block = decision.mode === 'block' && this.settings.multiline ? decision.headerIndent : undefined;
    // A line the project repeats answers first: no prompt is built and no model runs. Not a definition the
    // block has already (the method above repeated from its own first line), nor a statement just above; in
    // a new block, not a line that leaves a string open (`"""` alone after a header): the model writes that
    // docstring (unfinishedBlock.ts); in a script or a notebook (cells run as __main__), no relative import (relativeImports.ts).
    const script = notebook || this.workspace?.outsidePackage(uri) === true;
    if (this.settings.repeatedLines && !inKey) {
      const line = repeatedLine(prefix, suffix, (query) => this.workspace?.followingLines(uri, query) ?? []);
      const text = line === undefined ? '' : balanceAgainstSuffix(postProcess(line, suffix), suffix);
      const first = lineSoFar + text.split('\n', 1)[0];
      const refused = (block !== undefined && endsInString(lineSoFar + text)) || (script && makesRelativeImport(lineSoFar, first));
      if (text && !refused && redefinedName(first, defined) === undefined && !copiesRecentLine(first, recentLines()) && this.keepsNames(names, lineSoFar, text, continued, openedAbove)) {
        return this.fromProject(text, started);
      }
    }
    const request = promptAt(model, uri, prefix, suffix, this.promptInputs());
    if (!request) return undefined;
    const { doc, prompt, heal, maxPositions, history } = request;
    const tables = this.settings.workspaceCache ? (this.workspace?.cacheTables(uri) ?? []) : [];
    const { tokenizer, decoder } = model;
    // At the start of a statement (the cursor after the indentation the editor gave, or at the
    // line's start), healing may not make the line deeper; a continuation line (open brackets, a
    // backslash) may be. Without this, a model that backs up over the line break after a module-level
    // statement can answer with an indented line: an IndentationError.
    const healsIndent = heal !== undefined && (lineSoFar === '' ? /^\s*\n$/.test(heal) : /^\s*[ \t]$/.test(heal) && /^[ \t]+$/.test(lineSoFar));
    const keepIndent = healsIndent && !syntax.continuationDue(window, prefix.length, uri);
    // Whether the suggestion starts a line (for the file-header stop), decided once, not per token.
    const atLineStart = /^[ \t]*$/.test(lineSoFar);
    // A line the user opened to write on: nothing after the cursor on it either.
    const openLine = atLineStart && /^[ \t]*(\r?\n|$)/.test(suffix);
    const maxTokens = Math.min(this.settings.maxTokens, maxPositions - prompt.length);
    if (maxTokens <= 0) return undefined;
    // Whether a block suggestion cut at the end of `kept` is complete code where it goes (unsureLines.ts, unfinishedBlock.ts).
    const complete = (kept: string): boolean => syntax.completesBlock(lineSoFar, kept);
    // The names (above): not in a docstring's prose, nor where the name goes on after the cursor (the text there is the user's).
    const namesHere = this.settings.projectNames && !(decision.mode === 'line' && decision.docstring) && !/^\w/.test(suffix);
    const members = namesHere ? names() : undefined;
    // No keyword twice in one call (repeatedKeywords.ts); the last cut asked for, to close the call there.
    const cutFor = repeatedKeywordCut(lineSoFar, openedAbove);
    let keywordStop: KeywordCut | undefined;
    const keywordCut = (text: string): number | undefined => (keywordStop = cutFor(text))?.at;
    const options: GenerateOptions = {
      maxTokens,
      timeBudgetMs: this.settings.timeBudgetMs,
      stopStrings: block === undefined ? ['\n', ...(inKey?.stops ?? [])] : [],
      stopAt: (text) => minDefined(minDefined(block === undefined ? undefined : blockEnd(text, block), fileHeaderAt(text, atLineStart)), keywordCut(text)),
      unsureLines: block === undefined ? undefined : { threshold: LATER_LINE_MIN_LOG_PROBABILITY, complete },
      lineSoFar,
      peekAtBudget: block !== undefined,
      heal: heal ? { text: heal, tokenTexts: tokenizer.tokenTexts(model.decoder.vocabSize), keepIndent } : undefined,
      sampling: this.settings.sampling,
      // Only with the in-place cache: in the Optimum layout each refused guess copies every layer's cache.
      draftTokens: this.settings.promptLookup && decoder.layout.cache === 'slots' ? PROMPT_LOOKUP_TOKENS : 0,
      cache: tables.length > 0 ? { tables, history } : undefined,
      names: members ? { members, line: lineSoFar, continued, opened: openedAbove } : undefined,
      lineRule: script ? noRelativeImport(lineSoFar) : undefined,
      isCancelled: superseded,
      onText: notify,
    };
    const passes = await generateOnLine(decoder, tokenizer, doc.kv, prompt, options, openLine ? { suffix, before: lineSoFar, defined, recent: recentLines() } : undefined);
    if (!passes) return undefined;
    const result = passes[passes.length - 1];
    this.requests.generated(performance.now() - started, passes);
    const sum = (f: (p: GenerateResult) => number): number => passes.reduce((total, p) => total + f(p), 0);
    // A generation its budgets stopped in the middle of a name of the rules ends where the text was whole.
    const budgetCut = members !== undefined && (result.reason === 'timeBudget' || result.reason === 'maxTokens');
    const named = budgetCut ? result.text.slice(0, namesKeptIn(members, lineSoFar, result.text, continued, openedAbove).whole) : result.text;
    // Cut before an argument that repeated a keyword (only the last step's stopAt can have cut: generation
    // ends at the first cut): the model had no other to add, so the call ends there, unless the text after
    // the cursor closes it, on its line or below (a black-style `)` of its own).
    const keywordEnd = result.reason === 'stopString' && keywordStop?.closes === true && keywordStop.at === result.text.length && named === result.text;
    const generated = keywordEnd && !closesInnermost(openedAbove() + lineSoFar + named, suffix.slice(0, SUFFIX_CLOSE_CHARS)) ? `${named})` : named;
    const text = balanceAgainstSuffix(postProcess(block === undefined ? generated : finishedBlock(generated, lineSoFar, result.lastLineWhole, complete), suffix), suffix);
    return {
      ...result, text, prefilled: sum((p) => p.prefilled), prefillMs: sum((p) => p.prefillMs), decodeMs: sum((p) => p.decodeMs),
      steps: sum((p) => p.steps), drafted: sum((p) => p.drafted), accepted: sum((p) => p.accepted), passes: passes.length,
    };
  }

  /**
   * Whether a line repeated from the project (`text` after `lineSoFar`) keeps to the names of the
   * project and its data files as a generated one must (keyNames.ts namesKeptIn): another script's line
   * may name a branch this file does not have, or one half typed (`events.MET_p)`).
   */
  private keepsNames(names: () => MemberLookup | undefined, lineSoFar: string, text: string, continued: () => boolean, opened: () => string): boolean {
    const lookup = this.settings.projectNames ? names() : undefined;
    if (!lookup) return true;
    const line = text.split('\n', 1)[0];
    const kept = namesKeptIn(lookup, lineSoFar, line, continued, opened);
    return kept.keeps && kept.whole === line.length;
  }

  /** A line repeated from the project (repeatedLines.ts): answered with no model run. */
  private fromProject(text: string, started: number): Suggestion {
    this.requests.repeated(performance.now() - started);
    return { text, tokens: [], prefilled: 0, reason: 'repeatedLine', prefillMs: 0, decodeMs: 0, steps: 0, drafted: 0, accepted: 0, forcedTokens: 0, passes: 0, lastLineWhole: true };
  }

  /**
   * Prefills, in idle time, the prompt a completion at `offset` would run (promptAt), so that the
   * first keystroke there pays only the increment; also parses the document for it. It yields to
   * real requests: one that arrives meanwhile, or a newer warm-up, stops it between prefill chunks.
   * Undefined when there was nothing to do (no model, superseded before it started).
   */
  async warm(uri: string, text: TextSource, offset: number, onChunk?: (prefilled: number) => void): Promise<WarmResult | undefined> {
    const asked = this.asked;
    const ticket = ++this.latestWarm;
    const superseded = (): boolean => asked !== this.asked || ticket !== this.latestWarm;
    // The cursor settled: the imports are read again (outside the queue, so requests never wait for
    // the disk) and the context is chosen again for this place.
    await this.workspace?.prepare(uri, text);
    return this.inWindow(uri, text, offset, superseded, async (model, syntax, prefix, suffix) => {
      // Only a warm-up that goes ahead chooses the context again (a superseded one leaves the kept one).
      const state = this.caches.peek(uri);
      if (state) state.refreshContext = true;
      // The first parse of a long file costs tens of milliseconds; after this a request reparses incrementally.
      syntax.analyze(prefix + suffix, prefix.length, this.settings.docstrings, uri);
      const request = promptAt(model, uri, prefix, suffix, this.promptInputs());
      if (!request || request.prompt.length < 2) return undefined;
      // All but the last token: generate() always feeds that one itself, for the first new token's logits.
      return prefillInChunks(model.decoder, request.doc.kv, request.prompt.slice(0, -1), superseded, onChunk);
    });
  }

  /**
   * Runs `work` on the window around `offset`, one request at a time, when completion is on, a model
   * is loaded and the request is still wanted. Whatever threw may have left the document's tree,
   * token ids or KV cache half updated: that document starts afresh next time rather than answer
   * from a state that no longer matches it.
   */
  private inWindow<T>(
    uri: string,
    text: TextSource,
    offset: number,
    superseded: () => boolean,
    /** `whole`: the window is the whole document. */
    work: (model: LoadedModel, syntax: PythonSyntax, prefix: string, suffix: string, whole: boolean) => Promise<T | undefined>,
  ): Promise<T | undefined> {
    return this.exclusive(async () => {
      const model = this.model;
      const syntax = this.syntax;
      if (!this.settings.enabled || !model || !syntax || superseded()) return undefined;
      try {
        const { prefix, suffix, start } = cursorWindow(text, offset);
        return await work(model, syntax, prefix, suffix, start === 0 && offset + suffix.length === text.length);
      } catch (err) {
        this.forget(uri);
        throw err;
      }
    });
  }

  /**
   * The suggest widget's list at `offset` in the document `uri` (memberCompletions.ts), from the lookup
   * the inline rules use; none before the parser has loaded, or with hai.completion.projectNames off.
   * Outside the model's queue: a list never waits for a suggestion being generated.
   */
  memberList(uri: string, text: TextSource, offset: number): MemberList | undefined {
    return this.syntax && this.settings.projectNames ? memberListIn(this.syntax, uri, text, offset, this.workspace) : undefined;
  }

  /** Drops a closed document's cache. */
  forget(uri: string): void {
    this.answers.clear(`${uri}\0`);
    this.caches.delete(uri);
    this.syntax?.forget(uri);
  }

  async dispose(): Promise<void> {
    this.rechecks?.stop();
    await this.model?.decoder.dispose();
    this.model = undefined;
  }

  /** Measures `model`'s speed again in idle time (speedRecheck.ts); the faster figures stand, and a larger context budget with them. */
  private async recheckSpeed(model: LoadedModel): Promise<void> {
    if (this.model !== model || this.state.state !== 'loaded') return;
    const speed = await measureSpeed(model.decoder, model.config.maxPositions, RECHECK_CHUNKS);
    if (this.model !== model || this.state.state !== 'loaded') return;
    const budget = this.contextBudget().tokens;
    const faster = withFasterSpeed(this.state, this.prefillMsPerToken ?? Number.POSITIVE_INFINITY, speed);
    this.state = faster.state;
    this.prefillMsPerToken = faster.prefillMsPerToken;
    const now = this.contextBudget().tokens;
    if (now !== budget) {
      // Each document's context is chosen again for the new budget, at its next warm-up or request.
      for (const doc of this.caches.all()) doc.refreshContext = true;
      this.log(`Measured again in idle time: ${this.prefillMsPerToken.toFixed(2)} ms per prompt token; workspace context up to ${now} tokens (was ${budget})`);
    }
    this.onStateChange();
  }

  /** Runs `work` after everything queued before it: one inference (or load) at a time. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.running++;
      try {
        return await work();
      } finally {
        this.running--;
        this.lastRun = performance.now();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
