// Byte-level BPE training: which pairs of symbols to merge, and the tokenizer.json that holds them.
//
// Hand-written because no BPE trainer can be installed here: Debian 12 packages no Python
// `tokenizers`, pip has no network, and the npm `tokenizers` bindings publish no Linux binary for
// their last release. The encoding the model trains on is not ours: encode.ts runs the corpus through
// the same library and tokenizer.json the engine loads. Deterministic: ties between pairs of equal
// count go to the pair with the smaller ids, so the same corpus gives the same merges, bit for bit.
import { PRETOKENIZE_PATTERN } from './pretokenize';
import { SPECIAL_TOKENS, byteToUnicode } from './tokenizerFormat';

/** A max-heap of (count, pair key); ties go to the smaller key. Stale entries are skipped on pop. */
class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): [number, number] | undefined {
    if (this.counts.length === 0) return undefined;
    const top: [number, number] = [this.counts[0], this.keys[0]];
    const lastCount = this.counts.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.counts.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.counts.length && this.before(l, best)) best = l;
        if (r < this.counts.length && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    return this.counts[i] > this.counts[j] || (this.counts[i] === this.counts[j] && this.keys[i] < this.keys[j]);
  }

  private swap(i: number, j: number): void {
    [this.counts[i], this.counts[j]] = [this.counts[j], this.counts[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }
}

const SHIFT = 2 ** 20;
const pairKey = (a: number, b: number): number => a * SHIFT + b;

/** Learns `merges` merges over words given as byte sequences with counts; returns them as id pairs. */
export function learnMerges(words: readonly Uint8Array[], counts: readonly number[], merges: number): [number, number][] {
  const seqs = words.map((w) => Array.from(w));
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, number[]>();
  const add = (seq: readonly number[], w: number, sign: number, touched?: Set<number>): void => {
    for (let i = 0; i + 1 < seq.length; i++) {
      const key = pairKey(seq[i], seq[i + 1]);
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + sign * counts[w]);
      if (sign > 0) {
        let list = pairWords.get(key);
        if (!list) pairWords.set(key, (list = []));
        list.push(w);
      }
      touched?.add(key);
    }
  };
  seqs.forEach((seq, w) => add(seq, w, 1));
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push(count, key);

  const result: [number, number][] = [];
  while (result.length < merges) {
    const top = heap.pop();
    if (!top) break;
    const [count, key] = top;
    if (count <= 0 || pairCounts.get(key) !== count) continue;
    const a = Math.floor(key / SHIFT);
    const b = key % SHIFT;
    const merged = 256 + result.length;
    result.push([a, b]);
    const touched = new Set<number>();
    const visited = new Set<number>();
    for (const w of pairWords.get(key) ?? []) {
      if (visited.has(w)) continue;
      visited.add(w);
      const seq = seqs[w];
      const next: number[] = [];
      for (let i = 0; i < seq.length; i++) {
        if (i + 1 < seq.length && seq[i] === a && seq[i + 1] === b) {
          next.push(merged);
          i++;
        } else next.push(seq[i]);
      }
      if (next.length === seq.length) continue;
      add(seq, w, -1, touched);
      add(next, w, 1, touched);
      seqs[w] = next;
    }
    pairWords.delete(key);
    pairCounts.delete(key);
    for (const t of touched) {
      const c = pairCounts.get(t);
      if (c !== undefined && c > 0) heap.push(c, t);
      else pairCounts.delete(t);
    }
  }
  return result;
}

export function tokenizerJson(merges: readonly [number, number][], contextLength: number): { tokenizer: object; config: object } {
  const unicode = byteToUnicode();
  const symbols: string[] = Array.from({ length: 256 }, (_, b) => unicode[b]);
  for (const [a, b] of merges) symbols.push(symbols[a] + symbols[b]);
  const vocab: Record<string, number> = {};
  SPECIAL_TOKENS.forEach((t, i) => (vocab[t] = i));
  symbols.forEach((s, i) => (vocab[s] = SPECIAL_TOKENS.length + i));
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: PRETOKENIZE_PATTERN }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: merges.map(([a, b]) => `${symbols[a]} ${symbols[b]}`),
    },
  };
  const config = {
    add_bos_token: false,
    add_prefix_space: false,
    bos_token: SPECIAL_TOKENS[0],
    eos_token: SPECIAL_TOKENS[0],
    unk_token: SPECIAL_TOKENS[0],
    pad_token: SPECIAL_TOKENS[0],
    additional_special_tokens: SPECIAL_TOKENS.slice(1),
    clean_up_tokenization_spaces: false,
    model_max_length: contextLength,
    tokenizer_class: 'GPT2Tokenizer',
  };
  return { tokenizer, config };
}

