// What hai/status shows of the engine's requests: latency over the most recent ones, and totals
// since the model was loaded (tokens prefilled and decoded, guesses taken, lines repeated).
import type { CompletionCounters, LatencySummary } from '../../core/protocol/serverStatus';
import type { GenerateResult } from './generator';
import { LatencyWindow } from './latencyWindow';

/** The counters before the first request since a model was loaded. */
const NO_COUNTERS: CompletionCounters = { requests: 0, prefillTokens: 0, prefillMs: 0, decodeTokens: 0, decodeMs: 0, guessedTokens: 0, repeatedLines: 0 };

export class RequestCounters {
  private readonly latency = new LatencyWindow(200);
  private totals: CompletionCounters | undefined;

  /** A model was loaded (or none): the totals start again; latency goes on over the recent requests. */
  reset(): void {
    this.totals = undefined;
  }

  latencySummary(): LatencySummary | undefined {
    return this.latency.summary();
  }

  counters(): CompletionCounters | undefined {
    return this.totals;
  }

  /** A request the model answered, in `passes` (openLine.ts), after `ms`. */
  generated(ms: number, passes: readonly GenerateResult[]): void {
    this.latency.add(ms);
    const t = this.totals ?? NO_COUNTERS;
    const sum = (f: (p: GenerateResult) => number): number => passes.reduce((total, p) => total + f(p), 0);
    this.totals = {
      requests: t.requests + 1,
      prefillTokens: t.prefillTokens + sum((p) => p.prefilled),
      prefillMs: t.prefillMs + sum((p) => p.prefillMs),
      // The first new token comes from the prefill's logits; each further one from a decode step or a guess
      // taken. A pass with forced tokens (copiedLine.ts) decides only those after them, each after a step.
      decodeTokens: t.decodeTokens + sum((p) => Math.max(0, p.forcedTokens > 0 ? p.tokens.length - p.forcedTokens : p.tokens.length - 1)),
      decodeMs: t.decodeMs + sum((p) => p.decodeMs),
      guessedTokens: t.guessedTokens + sum((p) => p.accepted),
      repeatedLines: t.repeatedLines,
    };
  }

  /** A line repeated from the project (repeatedLines.ts), answered with no model run after `ms`. */
  repeated(ms: number): void {
    this.latency.add(ms);
    const t = this.totals ?? NO_COUNTERS;
    this.totals = { ...t, requests: t.requests + 1, repeatedLines: t.repeatedLines + 1 };
  }
}
