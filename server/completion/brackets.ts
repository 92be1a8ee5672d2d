// Keeps a suggestion from closing a bracket that the text after the cursor already closes: with
// `foo(|)` the model often writes `x)`, and accepting it would leave `foo(x))`.
const PAIRS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const OPENERS = new Set(Object.values(PAIRS));

export function balanceAgainstSuffix(suggestion: string, suffix: string): string {
  suggestion = cutAtSuffixOverlap(suggestion, suffix);
  const restOfLine = suffix.split('\n', 1)[0].trimStart();
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
  return suggestion.endsWith(restOfLine) ? suggestion.slice(0, suggestion.length - restOfLine.length) : suggestion;
}

/**
 * In the middle of a line the model often writes the missing part and then the rest of the line
 * again: with `loss = |(out, y)` it suggests `crit(out, y)`, and accepting it would leave
 * `loss = crit(out, y)(out, y)`. A one-line suggestion stops where it starts to repeat what follows
 * the cursor (its first 8 characters, at least 2 of them not blank).
 */
export function cutAtSuffixOverlap(suggestion: string, suffix: string): string {
  if (suggestion.includes('\n')) return suggestion;
  const probe = suffix.split('\n', 1)[0].slice(0, 8);
  if (probe.trim().length < 2) return suggestion;
  const at = suggestion.indexOf(probe);
  return at >= 0 ? suggestion.slice(0, at) : suggestion;
}
