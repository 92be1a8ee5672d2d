// How many tokens of the prompt the workspace context may take. With hai.completion.contextTokens
// at 0 (the default) the engine sizes it to this machine: more context finds more of the project
// (next-line edit similarity +0.027 at 448 tokens against 192, bench/codeQuality.ts on the unseen
// packages), but every token of it is prefilled when a file is opened or the cursor moves elsewhere,
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
  const { min, max, step, leadMs } = AUTO_CONTEXT;
  if (prefillMsPerToken === undefined || !(prefillMsPerToken > 0)) return min;
  const affordable = Math.floor((leadMs / prefillMsPerToken - windowTokens) / step) * step;
  return Math.max(min, Math.min(max, affordable));
}

/**
 * The budget in effect: the setting when it is above 0, else the automatic one; never more than the
 * model's positions leave after the file's window (`roomTokens`), and 0 with the context off.
 */
export function resolveContextBudget(setting: number, contextOn: boolean, prefillMsPerToken: number | undefined, windowTokens: number, roomTokens: number): ContextBudget {
  const auto = setting <= 0;
  if (!contextOn) return { tokens: 0, auto };
  const wanted = auto ? autoContextTokens(prefillMsPerToken, windowTokens) : setting;
  return { tokens: Math.max(0, Math.min(wanted, roomTokens)), auto };
}
