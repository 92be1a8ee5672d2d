// Block suggestions (after a header, up to the token budget) are mostly wrong after their first line:
// 29 of the shipped model's 373 later lines were the file's own on 1,200 unseen cases. The wrong ones
// are those the model was unsure of somewhere: on two seeds of 400 cases, ending a block before the
// first later line holding a token of log-probability under -2 left 102 of 194 later lines and every
// one of the 21 right ones; on a third seed, 51 of 88 and all 8 right ones (models/train/README.md,
// "Unsure lines in block suggestions").

/** The least log-probability every token of a later line must have for the line to be shown. */
export const LATER_LINE_MIN_LOG_PROBABILITY = -2;

/** The log-probability of `id` under the softmax of `logits`. */
export function logProbability(logits: Float32Array, id: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return logits[id] - max - Math.log(sum);
}

/**
 * The least log-probability of the tokens on each line of a suggestion, and where to cut it: before
 * the first complete line after the first, not blank, that holds a token under the threshold. A token
 * counts for the line it starts on, so the line break that ends a line is part of that line.
 */
export class LineConfidence {
  private readonly lowest: number[] = [];

  constructor(private readonly threshold: number) {}

  /** A token of log-probability `logProb` chosen after `textBefore` (the suggestion up to it). */
  add(textBefore: string, logProb: number): void {
    let line = 0;
    for (let at = textBefore.indexOf('\n'); at >= 0; at = textBefore.indexOf('\n', at + 1)) line++;
    this.lowest[line] = Math.min(this.lowest[line] ?? 0, logProb);
  }

  /** The index to cut `text` at (the line break before the unsure line), if a complete later line is unsure. */
  cut(text: string): number | undefined {
    const lines = text.split('\n');
    let at = lines[0].length;
    // The last element is the line still being generated.
    for (let i = 1; i < lines.length - 1; i++) {
      if (lines[i].trim() !== '' && (this.lowest[i] ?? 0) < this.threshold) return at;
      at += 1 + lines[i].length;
    }
    return undefined;
  }
}
