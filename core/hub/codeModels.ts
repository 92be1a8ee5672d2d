// Code models from the hub for inline completion: whether one is fast enough on this machine, judged
// from the speed the language server measured when it loaded the model (ms per generated token).

/** Tokens of a typical one-line suggestion (a statement of about 50 characters). */
export const TYPICAL_LINE_TOKENS = 16;
/** A one-line suggestion that takes longer than this arrives after the user has typed on. */
export const SLOW_LINE_MS = 1000;

/** About how long a one-line suggestion takes to generate at this speed. */
export function lineLatencyMs(msPerToken: number): number {
  return Math.round(msPerToken * TYPICAL_LINE_TOKENS);
}

export function isTooSlow(msPerToken: number): boolean {
  return lineLatencyMs(msPerToken) > SLOW_LINE_MS;
}
