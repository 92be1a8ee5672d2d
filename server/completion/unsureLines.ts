// Block suggestions (after a header, up to the token budget) are mostly wrong after their first line:
// 29 of the shipped model's 373 later lines were the file's own on 1,200 unseen cases. The wrong ones
// are mostly lines the model was unsure of somewhere (models/train/README.md, "Unsure lines in block
// suggestions"). This ends a block suggestion before its first later line that holds an unsure token,
// where what is kept is complete Python, or not at all: a docstring left open, a bracket left open or a
// `try` without its `except` would cost the user more than the wrong lines.
import { endsInStringOrComment } from './codeScan';

/** The least log-probability every token of a later line must have for the line to be shown. */
export const LATER_LINE_MIN_LOG_PROBABILITY = -2;

/** The log-probability of `id` under the softmax of `logits` (NaN when the logits hold NaN). */
export function logProbability(logits: Float32Array, id: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  // A NaN among the logits makes the sum NaN.
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return logits[id] - max - Math.log(sum);
}

/** A line of code: not blank, not a comment alone (a comment at the end would announce code the cut took away). */
const isCode = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

/**
 * The lowest log-probability of the tokens on each line of a suggestion, and where to end it. A token
 * counts for each line it writes code on; a token of blanks alone counts for the line after its last
 * line break if it has one (`\n` and the next line's indentation: the choice of where the code goes on,
 * or that the block ends), else for the line it is on. Tokens inside strings and comments do not count:
 * prose (a docstring's `Args:`) is unlikely by nature; the token that opens one does.
 */
export class UnsureLines {
  private readonly lowest: number[] = [];
  /**
   * Looking for the first unsure later line; then, where no place above it keeps complete code,
   * finishing: the first place after it that does (the end of the call or `try` holding it); done.
   */
  private state: 'watching' | 'finishing' | 'done' = 'watching';
  /** While finishing: the first line break to try next, as a line index (the line after it). */
  private next = 0;

  /**
   * @param threshold the least log-probability of a later line's tokens
   * @param complete whether text the cut would keep is complete code where the suggestion goes
   * @param lineSoFar what the cursor's line holds before the suggestion (its indentation), for comparing
   *   the first line with the others
   */
  constructor(
    private readonly threshold: number,
    private readonly complete: (kept: string) => boolean,
    private readonly lineSoFar = '',
  ) {}

  /** Whether a token's log-probability is wanted after it made `text`: a later line has begun and the cut is not decided. */
  watching(text: string): boolean {
    return this.state === 'watching' && /\S[^\n]*\n/.test(text);
  }

  /** A token of log-probability `logProb` turned the suggestion's visible text from `before` into `after`. */
  add(before: string, after: string, logProb: number): void {
    let start = 0;
    while (start < before.length && start < after.length && before.charCodeAt(start) === after.charCodeAt(start)) start++;
    if (endsInStringOrComment(after.slice(0, start))) return;
    let line = 0;
    for (let at = after.indexOf('\n'); at >= 0 && at < start; at = after.indexOf('\n', at + 1)) line++;
    const parts = after.slice(start).split('\n');
    let charged = false;
    parts.forEach((part, k) => {
      if (part.trim() === '') return;
      this.charge(line + k, logProb);
      charged = true;
    });
    if (!charged) this.charge(line + parts.length - 1, logProb);
  }

  /**
   * Where to end `text` (the index of a line break): once a line after the first that is not blank,
   * finished or still being written, holds a token under the threshold, or once a finished one repeats a
   * line the suggestion has already at the same indentation (the small model's loops: the line above
   * once more, `constraints = constraints.copy()` again three lines down; a statement closing both
   * branches of an `if` goes too, which leaves the `if` shorter, not wrong), before that line or before the
   * latest line above it where the code kept is complete (a bodiless header, a `try` without its
   * `except`, an open bracket or docstring, a comment announcing code go with the unsure line); where no
   * such place exists, at the first one after the unsure line. Never before the end of the first line.
   */
  cut(text: string): number | undefined {
    if (this.state === 'done') return undefined;
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.trim() !== '');
    if (first < 0) return undefined;
    const endOf = (j: number): number => lines.slice(0, j + 1).join('\n').length;
    if (this.state === 'watching') {
      // The finished lines so far as they will stand in the file (the first after what the line holds).
      const seen = new Set<string>();
      let unsure = -1;
      for (let i = first; i < lines.length && unsure < 0; i++) {
        const finished = i < lines.length - 1;
        const line = (i === 0 ? this.lineSoFar + lines[0] : lines[i]).trimEnd();
        if (i > first) {
          // A finished blank line shows nothing; the line being written may so far be only its indentation.
          const shown = lines[i].trim() !== '' || !finished;
          const doubted = shown && !(this.lowest[i] === undefined || this.lowest[i] >= this.threshold);
          if (doubted || (finished && line !== '' && seen.has(line))) unsure = i;
        }
        seen.add(line);
      }
      if (unsure < 0) return undefined;
      for (let j = unsure - 1; j >= first; j--) {
        if (isCode(lines[j]) && this.complete(lines.slice(0, j + 1).join('\n'))) return this.done(endOf(j));
      }
      this.state = 'finishing';
      this.next = unsure;
    }
    // The finished lines from the unsure one on, each checked once.
    for (; this.next < lines.length - 1; this.next++) {
      const j = this.next;
      if (isCode(lines[j]) && this.complete(lines.slice(0, j + 1).join('\n'))) return this.done(endOf(j));
    }
    return undefined;
  }

  private done(at: number): number {
    this.state = 'done';
    return at;
  }

  private charge(line: number, logProb: number): void {
    const was = this.lowest[line];
    // NaN stays: a line with a NaN is unsure (the comparison in cut() fails for it).
    this.lowest[line] = was === undefined || Number.isNaN(logProb) || logProb < was ? logProb : was;
  }
}
