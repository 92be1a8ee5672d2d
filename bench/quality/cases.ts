// Evaluation cases cut from held-out files, the same for the code model and the n-gram baseline:
//
// - next line (at a line start): the cursor after a line's indentation (where the editor's
//   auto-indent leaves it after Enter); the line's text is to be written; everything before is the
//   prefix, everything after the line the suffix.
// - rest of the line (mid-line): the cursor inside a line's code, after at least one character; the
//   rest of the line is to be written (what a user typing along the line is offered).
// - fill in the middle: a random span inside one line is removed; prefix and suffix are the rest.
//
// Positions inside comments and strings are not drawn (the engine does not complete there by
// design), judged by the engine's own parser. Seeded: the same files and seed give the same cases.
import { seededRandom } from '../../server/completion/sampling';

export const CASE_KINDS = ['next-line', 'line-rest', 'fim'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export interface EvalCase {
  readonly kind: CaseKind;
  readonly file: string;
  readonly prefix: string;
  readonly suffix: string;
  /** What the user would have typed: the line's text, or the removed span. */
  readonly target: string;
}

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

interface Line {
  readonly start: number;
  /** Index of the first character after the indentation. */
  readonly code: number;
  /** Index of the line break (or the end of the text). */
  readonly end: number;
}

function codeLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const body = text.slice(start, end);
    const code = start + (body.length - body.trimStart().length);
    if (start > 0 && code < end && text.slice(code, end).trimEnd().length > 0) lines.push({ start, code, end });
    start = end + 1;
  }
  return lines;
}

/**
 * `count` cases of each kind. `isCode(text, offset)` says whether the engine would complete at that
 * offset (not in a comment or string); files are drawn uniformly, then a line within the file.
 */
export function makeCases(
  files: readonly SourceFile[],
  count: number,
  seed: number,
  isCode: (text: string, offset: number) => boolean,
  kinds: readonly CaseKind[] = ['next-line', 'fim'],
): EvalCase[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const usable = files.map((f) => ({ file: f, lines: codeLines(f.text) })).filter((f) => f.lines.length > 0);
  const cases: EvalCase[] = [];
  for (const kind of kinds) {
    let made = 0;
    for (let tries = 0; made < count && tries < count * 50; tries++) {
      const { file, lines } = pick(usable);
      const line = pick(lines);
      const text = file.text;
      const content = text.slice(line.code, line.end).trimEnd();
      const contentEnd = line.code + content.length;
      let at: number;
      let until: number;
      if (kind === 'next-line') {
        [at, until] = [line.code, line.end];
      } else if (kind === 'line-rest') {
        if (content.length < 4) continue;
        [at, until] = [line.code + 1 + Math.floor(random() * (content.length - 2)), line.end];
      } else {
        if (content.length < 4) continue;
        at = line.code + Math.floor(random() * (content.length - 1));
        until = Math.min(contentEnd, at + 1 + Math.floor(random() * Math.min(40, contentEnd - at)));
      }
      // The first character too: a line that starts a comment or a string is not code to complete.
      if (!isCode(text, at) || !isCode(text, at + 1)) continue;
      const target = kind === 'fim' ? text.slice(at, until) : text.slice(at, contentEnd);
      if (!target.trim()) continue;
      cases.push({ kind, file: file.path, prefix: text.slice(0, at), suffix: text.slice(until), target });
      made++;
    }
  }
  return cases;
}
