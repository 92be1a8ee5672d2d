// On a line opened below `self.max_particles = max_particles`, a small model often answers with that
// very line again. On projects it never saw, 30 of 600 next-line suggestions (the file alone, seeds 13
// and 7) were a copy of one of the three statements above, as `copiesRecentLine` tells them, and 1 of
// the 600 lines asked for was (in the unseen packages' code, 0.6 % of statements repeat one of the
// three before them, mostly `return False`, `continue`, `...`, which are left alone). Such a copy is tried again along the way the model was least sure of:
// the first answer's tokens up to its least certain choice that leads elsewhere, there the runner-up,
// then the model's own continuation (`y[7] = 2` below `y[6] = 2`, `h2 = hues[i]` below `h1 = hues[i]`).
// On those 600 cases 1 copy is left (the repeated-lines answer is not offered as one either); edit similarity −0.0013 ± 0.0020, exact match +0.0017 ±
// 0.0017 (the same): what changes is that the line above is not offered again.
import type { CodeTokenizer } from './codeTokenizer';
import type { Choice } from './generator';

/** How many statements above the cursor's line a first answer may not copy. */
export const RECENT_STATEMENTS = 3;

/** The runners-up recorded at each choice of a first answer on an opened line. */
export const ALTERNATIVES = 4;

/**
 * Statements that code repeats within a few lines: keyword statements and headers with no more than
 * names after them (`return False`, `continue`, `raise NotImplementedError`, `else:`, `while True:`,
 * `if self.model is not None:`), decorators, docstring quotes, lines that go on (ending in `,`, an open
 * bracket or a backslash: an element of a literal, a call's arguments), and lines of punctuation alone
 * (closing brackets, `...`, tables in docstrings).
 */
const REPEATS_ANYWAY = /^(?:(?:return|yield|raise|continue|break|pass|else|try|finally|except|elif|if|while|for|assert|del|global|nonlocal)\b[\p{L}\p{N}_\s.]*:?|@.*|.*[,([{\\]|[^\p{L}\p{N}_]*|[rRbBuUfF]{0,2}(?:"""|'''))$/u;

/** The last `count` lines above the cursor's line that have code (not blank, not only a comment), their ends trimmed. */
export function recentStatements(prefix: string, count = RECENT_STATEMENTS): string[] {
  const found: string[] = [];
  let end = prefix.lastIndexOf('\n');
  while (end > 0 && found.length < count) {
    const start = prefix.lastIndexOf('\n', end - 1) + 1;
    const line = prefix.slice(start, end).trimEnd();
    const code = line.trimStart();
    if (code !== '' && !code.startsWith('#')) found.unshift(line);
    end = start - 1;
  }
  return found;
}

/** Whether `line` (the cursor's line with a first answer's first line) is one of `recent`, and not a statement code repeats anyway. */
export function copiesRecentLine(line: string, recent: readonly string[]): boolean {
  const trimmed = line.trimEnd();
  return recent.includes(trimmed) && !REPEATS_ANYWAY.test(trimmed.trim());
}

/** Where a second pass turns away from a first answer: the first answer's tokens up to there, then the runner-up. */
export interface Turn {
  readonly forced: readonly number[];
  /** How much less likely the runner-up was than the first answer's token there, in nats. */
  readonly gap: number;
}

/**
 * The choice of a first answer (`tokens`, with the `choices` recorded for them) on its first line
 * (`shown`, the first answer's text as generation cut it) where a runner-up was closest to the token
 * chosen and leads to another line: text that is not a beginning of the first line (another spelling
 * of the same text), or that ends a line other than it (trailing blanks and line-break styles aside).
 * Tokens that only spell the healed text (`healed` characters, typed already) are no choice of the
 * user's line. Undefined where no runner-up leads elsewhere.
 */
export function turnAway(tokens: readonly number[], choices: readonly Choice[], tokenizer: CodeTokenizer, healed: number, shown: string): Turn | undefined {
  const visible = (ids: readonly number[]): string | undefined => {
    const text = ids.length === 0 ? '' : tokenizer.decode(ids);
    return text.length > healed ? text.slice(healed) : undefined;
  };
  const firstLine = shown.split('\n', 1)[0].trimEnd();
  let best: Turn | undefined;
  for (let i = 0; i < Math.min(tokens.length, choices.length); i++) {
    const before = tokens.slice(0, i);
    // Past the first line's end (or where generation cut it), the line is chosen already.
    const so = visible(before) ?? '';
    if (so.includes('\n') || !firstLine.startsWith(so)) break;
    const { ids, logits } = choices[i];
    for (let k = 1; k < ids.length; k++) {
      const gap = logits[0] - logits[k];
      if (best && gap >= best.gap) break;
      // A special token would end the suggestion, or be written out as its markup.
      if (tokenizer.isSpecial(ids[k])) continue;
      const text = visible([...before, ids[k]]);
      // A token that ends inside a character (a UTF-8 sequence cut short) cannot be told apart yet.
      if (!text || text.endsWith('\uFFFD')) continue;
      // Once its line ends, it must be another line; before that, not a beginning of the same one.
      const ends = text.includes('\n');
      const line = text.split('\n', 1)[0].trimEnd();
      if (ends ? line === firstLine : firstLine.startsWith(line)) continue;
      // A comment in place of the statement is no next line (and at a module's top, the header stop cuts it to nothing).
      if (line.trimStart().startsWith('#')) continue;
      best = { forced: [...before, ids[k]], gap };
      break;
    }
  }
  return best;
}
