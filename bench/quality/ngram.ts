// The baseline the code model is measured against: a token n-gram model (n = 4) counted on the same
// training tokens, with Witten–Bell interpolation for probabilities (held-out bits/byte) and
// back-off for greedy generation (the most frequent continuation of the longest context seen).
//
// Every k-gram (k = 2…n) is a number: its tokens as digits in base `vocab` (8192⁴ < 2⁵³, exact in
// a double), so counting is a sort of one Float64Array per order and lookups are binary searches.

interface Order {
  /** Distinct k-grams, sorted. */
  readonly keys: Float64Array;
  readonly counts: Uint32Array;
  /** Distinct (k-1)-gram contexts, sorted, with their total count, number of distinct next tokens, and most frequent next token. */
  readonly contexts: Float64Array;
  readonly totals: Uint32Array;
  readonly types: Uint32Array;
  readonly best: Uint32Array;
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function find(a: Float64Array, x: number): number {
  const i = lowerBound(a, x);
  return i < a.length && a[i] === x ? i : -1;
}

export class NGramModel {
  private readonly unigram: Float64Array;
  private readonly total: number;
  private readonly orders: Order[] = [];
  private readonly unigramOrder: number[];

  /** `tokens`: the training stream, files separated by the end-of-text id (kept as context). */
  constructor(tokens: Uint16Array, readonly vocab: number, readonly n = 4) {
    if (vocab ** n >= 2 ** 53) throw new RangeError('vocab ** n must stay below 2 ** 53');
    this.unigram = new Float64Array(vocab);
    for (const t of tokens) this.unigram[t]++;
    this.total = tokens.length;
    this.unigramOrder = Array.from({ length: vocab }, (_, i) => i).sort((a, b) => this.unigram[b] - this.unigram[a] || a - b);
    for (let k = 2; k <= n; k++) this.orders.push(this.count(tokens, k));
  }

  private count(tokens: Uint16Array, k: number): Order {
    const all = new Float64Array(tokens.length - k + 1);
    for (let i = 0; i < all.length; i++) {
      let key = 0;
      for (let j = 0; j < k; j++) key = key * this.vocab + tokens[i + j];
      all[i] = key;
    }
    all.sort();
    let distinct = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) distinct++;
    const keys = new Float64Array(distinct);
    const counts = new Uint32Array(distinct);
    for (let i = 0, d = -1; i < all.length; i++) {
      if (i === 0 || all[i] !== all[i - 1]) keys[++d] = all[i];
      counts[d]++;
    }
    let nContexts = 0;
    for (let i = 0; i < distinct; i++) if (i === 0 || Math.floor(keys[i] / this.vocab) !== Math.floor(keys[i - 1] / this.vocab)) nContexts++;
    const contexts = new Float64Array(nContexts);
    const totals = new Uint32Array(nContexts);
    const types = new Uint32Array(nContexts);
    const best = new Uint32Array(nContexts);
    const bestCount = new Uint32Array(nContexts);
    for (let i = 0, c = -1; i < distinct; i++) {
      const ctx = Math.floor(keys[i] / this.vocab);
      if (c < 0 || contexts[c] !== ctx) contexts[++c] = ctx;
      totals[c] += counts[i];
      types[c]++;
      // Keys are sorted, so on equal counts the smaller token id wins.
      if (counts[i] > bestCount[c]) {
        bestCount[c] = counts[i];
        best[c] = keys[i] % this.vocab;
      }
    }
    return { keys, counts, contexts, totals, types, best };
  }

  private key(context: readonly number[]): number {
    let key = 0;
    for (const t of context) key = key * this.vocab + t;
    return key;
  }

  /** P(next | the last n-1 tokens of `history`), interpolated down to an add-one unigram. */
  probability(history: readonly number[], next: number): number {
    let p = (this.unigram[next] + 1) / (this.total + this.vocab);
    for (let k = 2; k <= this.n; k++) {
      if (history.length < k - 1) break;
      const order = this.orders[k - 2];
      const ctx = this.key(history.slice(history.length - (k - 1)));
      const c = find(order.contexts, ctx);
      if (c < 0) continue;
      const i = find(order.keys, ctx * this.vocab + next);
      const seen = i < 0 ? 0 : order.counts[i];
      p = (seen + order.types[c] * p) / (order.totals[c] + order.types[c]);
    }
    return p;
  }

  /**
   * The next token by back-off: the most frequent continuation of the longest context that was
   * seen, among tokens `allowed` (all when undefined).
   */
  next(history: readonly number[], allowed?: (id: number) => boolean): number | undefined {
    for (let k = Math.min(this.n, history.length + 1); k >= 2; k--) {
      const order = this.orders[k - 2];
      const ctx = this.key(history.slice(history.length - (k - 1)));
      const c = find(order.contexts, ctx);
      if (c < 0) continue;
      if (!allowed) return order.best[c];
      let bestId: number | undefined;
      let bestCount = 0;
      for (let i = lowerBound(order.keys, ctx * this.vocab); i < order.keys.length && Math.floor(order.keys[i] / this.vocab) === ctx; i++) {
        const id = order.keys[i] % this.vocab;
        if (order.counts[i] > bestCount && allowed(id)) {
          bestCount = order.counts[i];
          bestId = id;
        }
      }
      if (bestId !== undefined) return bestId;
    }
    return this.unigramOrder.find((id) => this.unigram[id] > 0 && (!allowed || allowed(id)));
  }

  /** Number of distinct k-grams per order, for the report. */
  sizes(): Record<string, number> {
    return Object.fromEntries(this.orders.map((o, i) => [`${i + 2}-grams`, o.keys.length]));
  }
}
