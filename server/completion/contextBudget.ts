// How many tokens of the prompt the workspace context may take. With hai.completion.contextTokens
// at 0 (the default) the engine sizes it to this machine: more context finds more of the project
// (bench/codeQuality.ts on the unseen packages, next-line edit similarity against the engine before
// the workspace index: +0.027 ± 0.010 at 448 tokens, −0.001 ± 0.007 at 192), but every token of it is prefilled when a file is opened or the cursor moves elsewhere,
// and a slow machine pays that in the first suggestion (bench/coldStart.ts: p95 157 → 303 ms from
// 192 to 448 tokens on a 2-core 2.8 GHz Xeon, one inference thread).

export const AUTO_CONTEXT = {
  /** The fixed default before the budget was sized: the 2-core machines of CI keep it within the cold target. */
  min: 192,
  /** The most that was measured to help (bench/codeQuality.ts --context-tokens). */
  max: 448,
  /** Budgets go in whole warm-up chunks. */
  step: 64,
  /**
   * The time a warm-up has for the whole prompt (context, the file's window before and after the
   * cursor): the pause between focusing a document and the first keystroke that bench/coldStart.ts
   * takes as realistic.
   */
  leadMs: 300,
  /**
   * A prompt's tokens cost more the later they come (attention reads every earlier one): a 64-token
   * chunk of the shipped model cost ~1.25× as much on average over a 900-token prompt as the early
   * chunk the load measures (speedProbe.ts), on one thread of the 2-core Xeon.
   */
  positionGrowth: 1.25,
} as const;

export interface ContextBudget {
  /** Tokens the workspace context may take; 0 when it is off or the model has no room for it. */
  readonly tokens: number;
  /** Sized to the machine (the setting is 0) rather than set. */
  readonly auto: boolean;
}

/**
 * The automatic budget: the largest whole number of steps whose prompt (the context and
 * `windowTokens` of the file) the warm-up prefills within the lead time at `prefillMsPerToken`,
 * between min and max. Unmeasured (no model yet) it is the minimum.
 */
export function autoContextTokens(prefillMsPerToken: number | undefined, windowTokens: number): number {
  const { min, max, step, leadMs, positionGrowth } = AUTO_CONTEXT;
  if (prefillMsPerToken === undefined || !(prefillMsPerToken > 0)) return min;
  const affordable = Math.floor((leadMs / (prefillMsPerToken * positionGrowth) - windowTokens) / step) * step;
  return Math.max(min, Math.min(max, affordable));
}

/** Context smaller than this is not worth its header: none is given (a short-context model gets none). */
export const MIN_CONTEXT_TOKENS = 64;

/**
 * The budget in effect: the setting when it is above 0, else the automatic one; never more than the
 * model's positions leave after the file's window (`roomTokens`); 0 with the context off or under
 * MIN_CONTEXT_TOKENS.
 */
export function resolveContextBudget(setting: number, contextOn: boolean, prefillMsPerToken: number | undefined, windowTokens: number, roomTokens: number): ContextBudget {
  const auto = setting <= 0;
  if (!contextOn) return { tokens: 0, auto };
  const wanted = auto ? autoContextTokens(prefillMsPerToken, windowTokens) : setting;
  const tokens = Math.min(wanted, roomTokens);
  return { tokens: tokens >= MIN_CONTEXT_TOKENS ? tokens : 0, auto };
}
