// A workspace cache for the code model's next-token choice: trigram and bigram counts over the token
// ids of the user's files (the document itself beyond the prompt window, the local modules it
// imports, open and recently closed files), mixed into the model's distribution while it generates
// (a cache language model, after Kuhn & De Mori 1990 and Grave et al. 2017). It needs no retraining
// and works with any model: identifiers and idioms of the project that are not in the prompt can
// still be written, because they were seen in the project.

/** Counts of next ids after one context (one or two ids). */
type Followers = Map<number, number>;

/**
 * The counts of one file's token ids. Built once per file version, queried at each decode step.
 * Ids that `ignored` names are never proposed as followers: a token of blanks alone (" ") is what a
 * line's tokens end in at the end of a text, not how text goes on, and proposing it would push the
 * model into tokenizations it never saw.
 */
export class NgramTable {
  /** Key: the previous two ids as a * vocab + b (below 2^53 for any vocabulary under 2^26). */
  private readonly two = new Map<number, Followers>();
  private readonly one = new Map<number, Followers>();

  constructor(
    ids: ArrayLike<number>,
    private readonly vocab: number,
    ignored: (id: number) => boolean = () => false,
  ) {
    for (let i = 1; i < ids.length; i++) {
      if (ignored(ids[i])) continue;
      count(this.one, ids[i - 1], ids[i]);
      if (i >= 2) count(this.two, ids[i - 2] * vocab + ids[i - 1], ids[i]);
    }
  }

  followers(history: readonly number[], order: 1 | 2): Followers | undefined {
    const n = history.length;
    if (order === 2) return n >= 2 ? this.two.get(history[n - 2] * this.vocab + history[n - 1]) : undefined;
    return n >= 1 ? this.one.get(history[n - 1]) : undefined;
  }
}

function count(map: Map<number, Followers>, key: number, next: number): void {
  let f = map.get(key);
  if (!f) map.set(key, (f = new Map()));
  f.set(next, (f.get(next) ?? 0) + 1);
}

/** The cache's next-token distribution after `history`, and how much it is trusted (0 when it has nothing). */
export interface CacheDistribution {
  readonly ids: readonly number[];
  readonly probs: readonly number[];
  readonly weight: number;
}

/** Most a cache distribution is weighted against the model's, and the count at which it gets half that. */
const MAX_WEIGHT = 0.5;
const HALF_WEIGHT_COUNT = 2;

/**
 * The longest context seen in any table: counts after the last two ids, else after the last one (a
 * single id says less, so it needs more evidence: at least two occurrences). The weight grows with
 * the evidence: count / (count + HALF_WEIGHT_COUNT) of MAX_WEIGHT.
 */
export function cacheDistribution(tables: readonly NgramTable[], history: readonly number[]): CacheDistribution | undefined {
  for (const order of [2, 1] as const) {
    const merged = new Map<number, number>();
    let total = 0;
    for (const t of tables) {
      for (const [id, c] of t.followers(history, order) ?? []) {
        merged.set(id, (merged.get(id) ?? 0) + c);
        total += c;
      }
    }
    if (total >= (order === 2 ? 1 : 2)) {
      const ids = [...merged.keys()];
      return { ids, probs: ids.map((id) => merged.get(id)! / total), weight: (MAX_WEIGHT * total) / (total + HALF_WEIGHT_COUNT) };
    }
  }
  return undefined;
}

/**
 * log((1 - w) · softmax(logits) + w · cache): the mixture as logits, so that greedy choice, sampling
 * and token healing's filter work on it unchanged.
 */
export function mixLogits(logits: Float32Array, cache: CacheDistribution): Float32Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  const out = new Float32Array(logits.length);
  const keep = 1 - cache.weight;
  for (let i = 0; i < logits.length; i++) out[i] = Math.log(keep * (Math.exp(logits[i] - max) / sum) + 1e-30);
  for (const [k, id] of cache.ids.entries()) {
    if (id < 0 || id >= logits.length) continue;
    out[id] = Math.log(keep * Math.exp(logits[id] - max) / sum + cache.weight * cache.probs[k] + 1e-30);
  }
  return out;
}

/** The loaded model's tokenizer, for the workspace cache's token counts; `key` changes with the model. */
export interface CacheEncoder {
  readonly key: string;
  readonly vocab: number;
  encode(text: string): number[];
  /** Ids of tokens of spaces and tabs alone, which the cache never proposes (NgramTable says why). */
  isBlank(id: number): boolean;
}

/** Text is tokenized for the cache in slices this long, yielding between them: requests stay prompt. */
const TOKENIZE_SLICE = 8 * 1024;

/** Token ids of `text`, encoded a slice of whole lines at a time with a turn of the event loop between. */
export async function tokenizeInSlices(encoder: CacheEncoder, text: string): Promise<number[]> {
  const ids: number[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + TOKENIZE_SLICE);
    const lineEnd = text.lastIndexOf('\n', end);
    if (end < text.length && lineEnd > at) end = lineEnd + 1;
    for (const id of encoder.encode(text.slice(at, end))) ids.push(id);
    at = end;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return ids;
}
