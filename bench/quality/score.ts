// Scores of completions against what the user would have typed: exact match and edit similarity of
// the first line (next-line, rest-of-line) or of the span (fill-in-the-middle), each mean with its
// standard error (sd / sqrt(n)): two systems differ beyond noise when their means are more than
// about two standard errors of the difference apart.
import { distance } from 'fastest-levenshtein';
import { CASE_KINDS, type CaseKind, type EvalCase } from './cases';

export interface KindScores {
  readonly cases: number;
  readonly exactMatch: number;
  readonly exactMatchSE: number;
  readonly editSimilarity: number;
  readonly editSimilaritySE: number;
  /** Share of suggestions whose first line is a comment (next-line and rest-of-line). */
  readonly commentRate: number;
  /**
   * Lines after the first that are not blank, per suggestion (a block's body after a header), and of
   * them those that are the file's line at that place: what the first-line scores leave out.
   */
  readonly moreLines: number;
  readonly moreLinesRight: number;
}

export function editSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

export const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

export function standardError(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
}

/** What is compared: the first line of a line completion, the whole span of a fill-in-the-middle one. */
export function compared(kind: CaseKind, output: string): string {
  return (kind === 'fim' ? output : output.split('\n')[0]).trimEnd();
}

/** A suggestion's lines after its first that are not blank, and how many of them are the file's line at that place. */
export function moreLines(c: EvalCase, output: string): { shown: number; right: number } {
  const file = (c.target + c.suffix).split('\n');
  const lines = output.split('\n');
  let shown = 0;
  let right = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    shown++;
    if (file[i]?.trimEnd() === lines[i].trimEnd()) right++;
  }
  return { shown, right };
}

export function scoreKinds(cases: readonly EvalCase[], outputs: readonly string[]): Record<CaseKind, KindScores> {
  const result = {} as Record<CaseKind, KindScores>;
  for (const kind of CASE_KINDS) {
    const idx = cases.map((c, i) => (c.kind === kind ? i : -1)).filter((i) => i >= 0);
    const got = idx.map((i) => compared(kind, outputs[i]));
    const want = idx.map((i) => cases[i].target.trimEnd());
    const exact = got.map((g, j) => (g === want[j] ? 1 : 0));
    const similar = got.map((g, j) => editSimilarity(g, want[j]));
    const comments = kind === 'fim' ? [] : got.map((g) => (g.trimStart().startsWith('#') ? 1 : 0));
    const more = idx.map((i) => moreLines(cases[i], outputs[i]));
    result[kind] = {
      cases: idx.length,
      exactMatch: round(mean(exact), 4),
      exactMatchSE: round(standardError(exact), 4),
      editSimilarity: round(mean(similar), 4),
      editSimilaritySE: round(standardError(similar), 4),
      commentRate: round(mean(comments), 4),
      moreLines: round(mean(more.map((m) => m.shown)), 4),
      moreLinesRight: round(mean(more.map((m) => m.right)), 4),
    };
  }
  return result;
}

export interface PairedDifference {
  /** Mean per-case difference (other − base) and its standard error, per score. */
  readonly exactMatch: number;
  readonly exactMatchSE: number;
  readonly editSimilarity: number;
  readonly editSimilaritySE: number;
}

/**
 * How `other` scores against `base` on the same cases, case by case: the standard error of a paired
 * difference is far smaller than the two systems' own (most cases go the same way in both), so a
 * change of a setting can be told from noise with a few hundred cases.
 */
export function pairedDifference(cases: readonly EvalCase[], base: readonly string[], other: readonly string[]): Record<CaseKind, PairedDifference> {
  const result = {} as Record<CaseKind, PairedDifference>;
  for (const kind of CASE_KINDS) {
    const idx = cases.map((c, i) => (c.kind === kind ? i : -1)).filter((i) => i >= 0);
    const score = (out: readonly string[], i: number): [number, number] => {
      const got = compared(kind, out[i]);
      const want = cases[i].target.trimEnd();
      return [got === want ? 1 : 0, editSimilarity(got, want)];
    };
    const diffs = idx.map((i) => {
      const [em0, es0] = score(base, i);
      const [em1, es1] = score(other, i);
      return [em1 - em0, es1 - es0];
    });
    const em = diffs.map((d) => d[0]);
    const es = diffs.map((d) => d[1]);
    result[kind] = {
      exactMatch: round(mean(em), 4),
      exactMatchSE: round(standardError(em), 4),
      editSimilarity: round(mean(es), 4),
      editSimilaritySE: round(standardError(es), 4),
    };
  }
  return result;
}

export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
