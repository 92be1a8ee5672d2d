// How fast the loaded model runs on this machine, measured once when it loads: a short prompt, one
// step to warm ONNX Runtime up (left out), a few timed decode steps, then two timed prompt chunks.
// The extension warns with the decode figure when a model is too slow to suggest while the user
// types (a large model on a few cores); the prefill figure sizes the workspace context of the prompt
// (contextBudget.ts); the status panel shows both.
import type { OnnxDecoder } from './onnxDecoder';
import { WARM_CHUNK_TOKENS } from './warmUp';

const PROMPT_TOKENS = 64;
const TIMED_STEPS = 4;
const TIMED_CHUNKS = 2;

export interface ModelSpeed {
  /** Mean milliseconds per generated token after a PROMPT_TOKENS-token prompt (a lower bound for longer prompts). */
  readonly msPerToken: number;
  /** Milliseconds per prompt token of a warm-up chunk (WARM_CHUNK_TOKENS tokens) early in a prompt. */
  readonly prefillMsPerToken: number;
}

/**
 * `maxPositions`: the model's context; a chunk that would not fit in it is not timed. `chunks`: how
 * many prompt chunks are timed (the fastest counts): more in idle time (speedRecheck.ts), where they
 * keep no one waiting.
 */
export async function measureSpeed(decoder: OnnxDecoder, maxPositions = Number.POSITIVE_INFINITY, chunks = TIMED_CHUNKS): Promise<ModelSpeed> {
  // Ordinary ids spread over the vocabulary: the cost of a step does not depend on which they are.
  const id = (i: number): number => (97 + i * 131) % decoder.vocabSize;
  const ids = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => id(from + i));
  let at = PROMPT_TOKENS;
  const promptStarted = performance.now();
  let step = await decoder.forward(decoder.emptyState(), ids(0, at));
  // The first run of a session, ONNX Runtime's set-up included: what a model too short for a timed
  // chunk is judged by (slower than the truth, so its context budget errs small).
  let chunkMs = performance.now() - promptStarted;
  step = await decoder.forward(step.state, [id(at++)]);
  const started = performance.now();
  for (let i = 0; i < TIMED_STEPS; i++) step = await decoder.forward(step.state, [id(at++)]);
  const msPerToken = (performance.now() - started) / TIMED_STEPS;
  // The faster of two chunks: a load competes with the editor starting up, and a chunk slowed by
  // that says little about the warm-ups that run later, while the user only reads.
  for (let i = 0; i < chunks && at + WARM_CHUNK_TOKENS <= maxPositions; i++) {
    const chunkStarted = performance.now();
    step = await decoder.forward(step.state, ids(at, WARM_CHUNK_TOKENS));
    chunkMs = i === 0 ? performance.now() - chunkStarted : Math.min(chunkMs, performance.now() - chunkStarted);
    at += WARM_CHUNK_TOKENS;
  }
  return { msPerToken, prefillMsPerToken: chunkMs / WARM_CHUNK_TOKENS };
}
