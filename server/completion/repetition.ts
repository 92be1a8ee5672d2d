// Small models fall into loops ("lossasstep lossasstep …", the same line again and again). These
// rules find where a loop starts, so generation stops there and the suggestion keeps one copy.

/**
 * The cut that keeps one copy when the text ends in a run of identical token n-grams (n ≤ maxN):
 * four in a row for one or two tokens (code has `)))` and `0, 0, 0`), three for longer ones.
 */
export function repeatedTokensCut(tokens: readonly number[], maxN = 8): number | undefined {
  for (let n = 1; n <= maxN; n++) {
    const times = n <= 2 ? 4 : 3;
    if (tokens.length < n * times) break;
    const end = tokens.length;
    let same = true;
    for (let k = 1; k < times && same; k++) {
      for (let i = 0; i < n; i++) {
        if (tokens[end - 1 - i] !== tokens[end - 1 - i - k * n]) {
          same = false;
          break;
        }
      }
    }
    if (same) return end - (times - 1) * n;
  }
  return undefined;
}

/** Index to cut the text at when its last complete line repeats the line before it. */
export function repeatedLineCut(text: string): number | undefined {
  const lines = text.split('\n');
  if (lines.length < 3) return undefined;
  // The last element is the line still being generated; compare the two complete lines before it.
  const a = lines[lines.length - 3];
  const b = lines[lines.length - 2];
  if (a.trim() === '' || a !== b) return undefined;
  return lines.slice(0, lines.length - 2).join('\n').length;
}
