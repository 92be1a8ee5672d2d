// The speed probe at load (speedProbe.ts) runs while the server is still starting (the tokenizer, the
// parser, the workspace's first reading compete for two cores): on the 2-core machine its prefill
// figure ranged 0.27–0.42 ms per token over twelve loads, where probes in a quiet process gave
// 0.27–0.29, and the workspace context's budget, sized from it (contextBudget.ts), came out anywhere
// from 192 to 384 tokens for the same machine. So the speed is measured again a few times once the
// engine has been idle a while, and the fastest figure stands: what the machine does when the
// server is not busy starting.

import type { CompletionModelState } from '../../core/protocol/serverStatus';
import type { ModelSpeed } from './speedProbe';

type LoadedState = Extract<CompletionModelState, { state: 'loaded' }>;

/** After the load, when to measure again (ms, each after the one before); a busy engine puts a check off. */
export const RECHECK_DELAYS_MS: readonly number[] = [3_000, 10_000];
/** Prompt chunks a check times (the load's probe times two): ~20 ms each here, while nothing waits. */
export const RECHECK_CHUNKS = 4;
/** A check waits until the model has not run for this long (a request or a warm-up). */
export const RECHECK_IDLE_MS = 1_000;
/** A check put off this many times is dropped: the user is typing, and the next load measures again. */
const MAX_PUT_OFF = 10;

export class SpeedRechecks {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    /** Milliseconds since the model last ran. */
    private readonly idleFor: () => number,
    /** Measures once more and keeps the faster figure. */
    private readonly check: () => Promise<void>,
    private readonly delaysMs: readonly number[] = RECHECK_DELAYS_MS,
    private readonly idleMs = RECHECK_IDLE_MS,
  ) {}

  start(): void {
    this.schedule(0, this.delaysMs[0], 0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(index: number, delay: number, putOff: number): void {
    if (this.stopped || index >= this.delaysMs.length) return;
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      const idle = this.idleFor();
      if (idle < this.idleMs) {
        // Put off until the engine has been idle long enough; after too many, on to the next.
        if (putOff + 1 < MAX_PUT_OFF) this.schedule(index, this.idleMs - idle, putOff + 1);
        else this.schedule(index + 1, this.delaysMs[index + 1] ?? 0, 0);
        return;
      }
      void this.check()
        .catch(() => undefined)
        .then(() => this.schedule(index + 1, this.delaysMs[index + 1] ?? 0, 0));
    }, delay);
    // A pending check never keeps the server's process alive.
    this.timer.unref();
  }
}

/**
 * `state` (hai/status's figures, rounded) and the engine's unrounded prefill figure with the faster of
 * theirs and `speed`'s, one measurement more.
 */
export function withFasterSpeed(state: LoadedState, prefillMsPerToken: number, speed: ModelSpeed): { readonly state: LoadedState; readonly prefillMsPerToken: number } {
  const prefill = Math.min(prefillMsPerToken, speed.prefillMsPerToken);
  const msPerToken = Math.min(state.msPerToken, Math.round(speed.msPerToken * 10) / 10);
  return { prefillMsPerToken: prefill, state: { ...state, msPerToken, prefillMsPerToken: Math.round(prefill * 100) / 100, speedChecks: state.speedChecks + 1 } };
}
