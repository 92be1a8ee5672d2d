// Keeps a suggestion from closing a bracket that the text after the cursor already closes: with
// `foo(|)` the model often writes `x)`, and accepting it would leave `foo(x))`.
const PAIRS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const OPENERS = new Set(Object.values(PAIRS));

export function balanceAgainstSuffix(suggestion: string, suffix: string): string {
  suggestion = cutAtSuffixOverlap(suggestion, suffix);
  const restOfLine = firstLine(suffix).trimStart();
  if (restOfLine === '') return suggestion;
  const open: string[] = [];
  for (let i = 0; i < suggestion.length; i++) {
    const ch = suggestion[i];
    if (OPENERS.has(ch)) open.push(ch);
    else if (ch in PAIRS) {
      if (open.length > 0 && open[open.length - 1] === PAIRS[ch]) open.pop();
      // A closer for a bracket opened before the cursor, which the suffix closes already.
      else if (restOfLine.startsWith(ch)) return suggestion.slice(0, i);
    }
  }
  // The suggestion may also end with the rest of the line itself.
  const at = suggestion.length - restOfLine.length;
  return suggestion.endsWith(restOfLine) && !handsOverClosers(suggestion, at, restOfLine) ? suggestion.slice(0, at) : suggestion;
}

const firstLine = (text: string): string => text.split(/\r?\n/, 1)[0];

/**
 * Cutting `suggestion` at `at` would leave brackets it opened for the rest of the line's closers:
 * `(n, len(x))` before `)), axis=0)` ends with the rest of the line's `))`, but those close the
 * brackets opened before the cursor; `(n, len(x` would leave the line unbalanced.
 */
function handsOverClosers(suggestion: string, at: number, line: string): boolean {
  if (!(line.trimStart()[0] in PAIRS)) return false;
  let open = 0;
  for (let i = 0; i < at; i++) {
    if (OPENERS.has(suggestion[i])) open++;
    else if (suggestion[i] in PAIRS && open > 0) open--;
  }
  return open > 0;
}

/**
 * In the middle of a line the model often writes the missing part and then the rest of the line
 * again, whole or in part: with `loss = |(out, y)` it suggests `crit(out, y)`, with `study = optuna.cre|tudy(**kw)`
 * `ate_study(`, and with `self.setF|(other.isFixed())` `ixed(other)`; accepting them would leave
 * `crit(out, y)(out, y)`, `create_study(tudy(**kw)` and `setFixed(other)(other.isFixed())`. A
 * one-line suggestion stops where it starts to repeat what follows the cursor: where it ends with
 * the start of the rest of the line (at least 2 characters of it that are not blank), or has 3 such
 * characters of it and then parts from it (unless it ends inside a word the rest of the line goes on
 * with, or with an `=` that is not a comparison before one); where several places do, the one that
 * repeats the most; never where the rest of the line's closers would close the suggestion's own
 * brackets.
 * Where the suggestion itself begins with the rest of the line it is dropped only when it repeats
 * its first 8 characters (` version=` before `version)` is kept: code repeats names that way).
 * Measured on fill-in-the-middle cases of unseen packages: models/train/README.md, "The rest of the
 * line written again".
 */
export function cutAtSuffixOverlap(suggestion: string, suffix: string): string {
  if (suggestion.includes('\n')) return suggestion;
  const line = firstLine(suffix);
  const probe = line.slice(0, 8);
  // `Distri|bution):` with `stribution(BaseDistri`: a suggestion that ends inside a word the rest of
  // the line finishes has stopped where it should, and an earlier `bution` is a word's own letters;
  // so has one that ends with `=` before a word (`r_values=|value_or_values,`: that word is its value).
  const stopsBeforeWord = /^\w/.test(line) && /(\w|[^=!<>]=)$/.test(suggestion);
  let cut: number | undefined;
  let longest = 0;
  for (let at = 0; at < suggestion.length; at++) {
    let same = 0;
    while (at + same < suggestion.length && same < line.length && suggestion[at + same] === line[same]) same++;
    if (same <= longest) continue;
    const repeated = suggestion.slice(at, at + same);
    const toEnd = at + same === suggestion.length;
    const wholeProbe = same >= probe.length && nonBlank(probe) >= 2;
    const afterText = nonBlank(suggestion.slice(0, at)) > 0 && (toEnd ? nonBlank(repeated) >= 2 : nonBlank(repeated) >= 3 && !stopsBeforeWord);
    if ((wholeProbe || afterText) && !handsOverClosers(suggestion, at, line)) {
      cut = at;
      longest = same;
    }
  }
  return cut === undefined ? suggestion : suggestion.slice(0, cut);
}

const nonBlank = (text: string): number => text.replace(/\s/g, '').length;
