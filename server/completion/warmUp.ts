// Warm-ups: the prefill that the first completion in a document would pay, run ahead of time while
// the user only looks at the document (opened it, focused it, moved the cursor). The prefill runs in
// chunks and checks between them whether a real request has come, so that a warm-up holds a request
// back by one chunk at most; what was prefilled before it stopped stays in the cache and is reused.
import type { SequenceCache } from './generator';
import { commonPrefixLength } from './kvCache';
import type { OnnxDecoder } from './onnxDecoder';

/**
 * Tokens per prefill chunk. Big enough that ONNX Runtime still runs them as one matrix product
 * (64 tokens take ~15 ms with the shipped model on two cores), small enough that a keystroke that
 * arrives during a warm-up waits about that long, not for a whole 512-token window (~120 ms).
 */
export const WARM_CHUNK_TOKENS = 64;

export interface WarmResult {
  /** Tokens run through the model by this warm-up. */
  readonly prefilled: number;
  /** warm: the cache holds the whole prompt now; already: it did before; cancelled: a request came first. */
  readonly reason: 'warm' | 'already' | 'cancelled';
  readonly ms: number;
}

/**
 * Extends `cache` so that it covers `ids`, `chunk` tokens at a time, stopping between chunks when
 * `isCancelled()` says so. `onChunk` hears the tokens prefilled so far after each chunk.
 */
export async function prefillInChunks(
  decoder: OnnxDecoder,
  cache: SequenceCache,
  ids: readonly number[],
  isCancelled: () => boolean,
  onChunk: (prefilled: number) => void = () => undefined,
  chunk = WARM_CHUNK_TOKENS,
): Promise<WarmResult> {
  const started = performance.now();
  const cached = cache.state ?? decoder.emptyState();
  const keep = commonPrefixLength(cached.tokens, ids);
  if (keep === ids.length) return { prefilled: 0, reason: 'already', ms: performance.now() - started };
  // The cache is cut back only once a chunk has run: a warm-up cancelled before that leaves it as it
  // was, which may still match where the user types next.
  let state = decoder.truncate(cached, keep);
  let at = keep;
  while (at < ids.length) {
    if (isCancelled()) return { prefilled: at - keep, reason: 'cancelled', ms: performance.now() - started };
    const step = await decoder.forward(state, ids.slice(at, at + chunk));
    state = step.state;
    cache.state = state;
    at = Math.min(ids.length, at + chunk);
    onChunk(at - keep);
  }
  return { prefilled: at - keep, reason: 'warm', ms: performance.now() - started };
}
