// Prompt lookup: guesses of the next tokens taken from the sequence itself. Where the last few tokens
// stood earlier in the prompt or the suggestion so far, the tokens that followed them there are a
// good guess for what follows now (code repeats names, arguments, whole lines). generator.ts feeds
// the guesses together with the token it chose, in one step, and keeps the logits of those the model
// would have chosen anyway: the same tokens (up to rounding at near-ties), in fewer steps, since a
// step of a few tokens costs little more than a step of one (the weights are read once;
// bench/promptLookup.ts measures both).

/** Longest match looked for: a match of 3 already gets the longest guess (draftLength). */
const MAX_MATCH = 4;

/**
 * How many tokens to guess after a match of `length` tokens: one token after a single matching
 * token (often wrong, but a two-token step costs what a one-token step does), more the longer the
 * match, since longer matches are more often followed by the same tokens again.
 */
export function draftLength(length: number, max: number): number {
  const wanted = length <= 1 ? 1 : length === 2 ? 3 : 6;
  return Math.max(0, Math.min(wanted, max));
}

/**
 * Up to `max` tokens that followed the most recent earlier occurrence of the longest suffix of `seq`
 * (at most MAX_MATCH tokens) found in it; none when the last token never stood before. One pass from
 * the end, comparing backwards only where the last token matches: a few microseconds for a prompt of
 * a thousand tokens, against milliseconds for a model step.
 */
export function lookupDraft(seq: readonly number[], max: number): number[] {
  const n = seq.length;
  if (max <= 0 || n < 2) return [];
  const last = seq[n - 1];
  let best = 0;
  let bestAt = -1;
  // `j` is where an earlier copy of the last token stands; what followed it starts at j + 1.
  for (let j = n - 2; j >= 0 && best < MAX_MATCH; j--) {
    if (seq[j] !== last) continue;
    let length = 1;
    while (length < MAX_MATCH && j - length >= 0 && seq[j - length] === seq[n - 1 - length]) length++;
    // The most recent copy wins ties: nearer text is likelier to be what is being repeated.
    if (length > best) {
      best = length;
      bestAt = j;
    }
  }
  if (bestAt < 0) return [];
  // Copied as LZ77 copies: past the sequence's end the guess goes on from its own first tokens, so
  // that a run or a repeating pattern is continued, not cut short where the copy meets the end.
  const guess: number[] = [];
  for (let i = 0, count = draftLength(best, max); i < count; i++) {
    const at = bestAt + 1 + i;
    guess.push(at < n ? seq[at] : guess[at - n]);
  }
  return guess;
}
