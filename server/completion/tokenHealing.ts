// Which of the prompt's last tokens token healing backs up over (the generator then makes the model
// spell their text again, choosing its own tokens for it: generator.ts).

interface HealingTokenizer {
  isSpecial(id: number): boolean;
  decode(ids: readonly number[]): string;
}

/**
 * The prefix's ids with healing's back-up taken off, and the text backed up over (undefined: none).
 * `prefix` is the text the ids end with; the back-up must decode to its end exactly (a token cut
 * inside a UTF-8 character does not), and at least one id stays, so the prompt is never empty.
 */
export function healPrefix(ids: readonly number[], prefix: string, tokenizer: HealingTokenizer): { ids: number[]; heal: string | undefined } {
  const count = Math.min(healedTokens(ids, (id) => (tokenizer.isSpecial(id) ? undefined : tokenizer.decode([id]))), ids.length - 1);
  const heal = count > 0 ? tokenizer.decode(ids.slice(ids.length - count)) : '';
  if (heal === '' || !prefix.endsWith(heal)) return { ids: [...ids], heal: undefined };
  return { ids: ids.slice(0, ids.length - count), heal };
}

/** Blank tokens backed up over at most: a run of blank lines longer than this is rare and costs a decode step per token. */
const MAX_BLANK_TOKENS = 8;

/**
 * How many of `ids`' last tokens to heal: the last one (half an identifier, an operator), or, when
 * the prompt ends in blank text (line breaks and indentation, trailing spaces), every token of that
 * run, up to MAX_BLANK_TOKENS. The tokenizer's pre-split keeps a run of blanks whole only at the
 * very end of a text: elsewhere the run's last space goes with the next word, so training text reads
 * "\n\n   " + " if", which BPE writes as two tokens, while a prompt ending in "\n\n    " is written
 * "\n" + "\n    ". Backing up
 * over the last token alone leaves the model after a lone "\n" it has never seen followed by a
 * line, and it answered with odd lines such as "# type: ignore[attr-defined]".
 * `textOf`: a token's text, undefined for special tokens (never healed).
 */
export function healedTokens(ids: readonly number[], textOf: (id: number) => string | undefined): number {
  let blanks = 0;
  while (blanks < MAX_BLANK_TOKENS && blanks < ids.length && isBlank(textOf(ids[ids.length - 1 - blanks]))) blanks++;
  if (blanks > 0) return blanks;
  const last = ids[ids.length - 1];
  return last !== undefined && textOf(last) ? 1 : 0;
}

const isBlank = (text: string | undefined): boolean => text !== undefined && /^\s+$/.test(text);

/**
 * The one token a model may spell a part of a blank healed text with (`pending`: what is left of it):
 * the one the tokenizer writes first when a word follows the text. Its pre-split gives the run's last
 * blank to the word, and a longer run may be cut once more ("\n\n    def" is "\n\n   " + " def",
 * "\n\n\n        def" is "\n" + "\n\n       " + " def"); a model let to spell "\n\n" + " " + " " + …
 * went on with lines it never saw written that way (`    = image.astype(np.uint8)`, `# noqa: E501`, a
 * blank answer). '' where no part goes (the first token covers the text); undefined where any part
 * may (text that is not all blank: how a half-typed word is split depends on how it ends).
 */
export function blankPart(pending: string, encode: (text: string) => readonly number[], textOf: (id: number) => string | undefined): string | undefined {
  if (!/^\s+$/.test(pending)) return undefined;
  const ids = encode(pending + 'x');
  const first = ids.length > 1 ? textOf(ids[0]) : undefined;
  if (first === undefined || first.startsWith(pending)) return '';
  return pending.startsWith(first) ? first : undefined;
}
