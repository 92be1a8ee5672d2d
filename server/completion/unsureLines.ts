// Block suggestions (after a header, up to the token budget) are mostly wrong after their first line:
// 29 of the shipped model's 373 later lines were the file's own on 1,200 unseen cases. The wrong ones
// are mostly lines that repeat a statement of their block, or that the model was unsure of somewhere
// (models/train/README.md, "Unsure and repeated lines in block suggestions"). This ends a block
// suggestion at its first such later line, where what it keeps is complete Python: a docstring or a
// bracket left open, or a `try` without its `except`, would cost the user more than the wrong lines.
import { endsInStringOrComment, type LineState, lineStates } from './codeScan';
import { indentWidth } from './pythonSyntax';

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
export const isCode = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

/**
 * Where a suggestion split into `lines` may end, looking up from line `from` to line `first`: the end of
 * the latest line of code there after which the text kept is `complete` (unfinishedBlock.ts too, also
 * with "outside a string" for `complete`).
 */
export function latestCompleteEnd(lines: readonly string[], from: number, first: number, complete: (kept: string) => boolean): number | undefined {
  for (let j = from; j >= first; j--) {
    if (!isCode(lines[j])) continue;
    const kept = lines.slice(0, j + 1).join('\n');
    if (complete(kept)) return kept.length;
  }
  return undefined;
}

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
   * one-line statement of its block (Repeats: the small model's loops, the line above once more,
   * `constraints = constraints.copy()` again three lines down), before that line or before the
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
      const repeats = new Repeats(lines, this.lineSoFar);
      let unsure = -1;
      for (let i = first; i < lines.length && unsure < 0; i++) {
        const finished = i < lines.length - 1;
        if (i > first) {
          // A finished blank line shows nothing; the line being written may so far be only its indentation.
          const shown = lines[i].trim() !== '' || !finished;
          const doubted = shown && !(this.lowest[i] === undefined || this.lowest[i] >= this.threshold);
          if (doubted || (finished && repeats.isRepeat(i))) unsure = i;
        }
        repeats.see(i);
      }
      if (unsure < 0) return undefined;
      const above = latestCompleteEnd(lines, unsure - 1, first, this.complete);
      if (above !== undefined) return this.done(above);
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

/**
 * Statements of one line that a suggestion writes again in the same block: the same text at the same
 * indentation (the first line with the cursor's line before it), with no line of a shallower block
 * between them. A guard clause's `continue` under each of two `if`s, or the same statement in an `if`
 * and its `else`, are other blocks; two calls that begin alike are not one-line statements, nor are
 * lines inside brackets or strings, headers and comments.
 */
class Repeats {
  private readonly states: LineState[];
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly lines: readonly string[],
    private readonly lineSoFar: string,
  ) {
    this.states = lineStates(lines.join('\n'));
  }

  /** Whether line `i` (finished) repeats a one-line statement of the same block. */
  isRepeat(i: number): boolean {
    if (!this.statement(i)) return false;
    const line = this.full(i);
    const k = this.seen.get(line);
    if (k === undefined) return false;
    const indent = indentWidth(line);
    for (let m = k + 1; m < i; m++) {
      if (this.startsCode(m) && indentWidth(this.full(m)) < indent) return false;
    }
    return true;
  }

  see(i: number): void {
    if (this.statement(i)) this.seen.set(this.full(i), i);
  }

  /** Line i as it will stand in the file. */
  private full(i: number): string {
    return (i === 0 ? this.lineSoFar + this.lines[0] : this.lines[i]).trimEnd();
  }

  /** A line of code that starts outside brackets and strings. */
  private startsCode(i: number): boolean {
    const s = this.states[i] as LineState | undefined;
    return s !== undefined && isCode(this.lines[i]) && s.startDepth === 0 && !s.startsInString;
  }

  private statement(i: number): boolean {
    const s = this.states[i] as LineState | undefined;
    return s !== undefined && this.startsCode(i) && s.endDepth === 0 && !s.endsInString && !this.lines[i].trimEnd().endsWith(':');
  }
}
