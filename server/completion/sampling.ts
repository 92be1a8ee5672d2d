// Optional sampling instead of greedy choice: temperature, top-k and top-p (nucleus), driven by a
// seeded generator so that the same context and seed always give the same suggestion.

export interface SamplingOptions {
  /** 0 (or less) means greedy. */
  readonly temperature: number;
  /** Keep only the k most likely tokens; 0 means 64, to bound the work on large vocabularies. */
  readonly topK: number;
  /** Keep the most likely tokens whose probabilities add up to this. */
  readonly topP: number;
  readonly seed: number;
}

/** mulberry32: a small, fast, well-distributed 32-bit generator; returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws a token id from the logits, among the ids `allowed` accepts when given. */
export function sampleToken(logits: Float32Array, options: SamplingOptions, random: () => number, allowed?: (id: number) => boolean): number {
  const k = options.topK > 0 ? options.topK : 64;
  // The k best candidates, kept sorted by logit, best first (k is small; one pass over the vocabulary).
  const ids: number[] = [];
  for (let id = 0; id < logits.length; id++) {
    if (allowed && !allowed(id)) continue;
    if (ids.length === k && logits[id] <= logits[ids[k - 1]]) continue;
    let at = ids.length === k ? k - 1 : ids.length;
    if (ids.length < k) ids.push(id);
    while (at > 0 && logits[ids[at - 1]] < logits[id]) {
      ids[at] = ids[at - 1];
      at--;
    }
    ids[at] = id;
  }
  if (ids.length === 0) return 0;
  const t = Math.max(options.temperature, 1e-6);
  const top = logits[ids[0]];
  const weights = ids.map((id) => Math.exp((logits[id] - top) / t));
  const total = weights.reduce((a, b) => a + b, 0);
  // Nucleus: the shortest best-first run whose probability reaches topP.
  let keep = 0;
  let mass = 0;
  while (keep < ids.length && (keep === 0 || mass < options.topP * total)) mass += weights[keep++];
  let r = random() * mass;
  for (let i = 0; i < keep; i++) {
    r -= weights[i];
    if (r < 0) return ids[i];
  }
  return ids[keep - 1];
}
