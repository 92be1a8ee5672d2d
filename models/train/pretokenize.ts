// The pre-tokenizer of the default code model, shared by the BPE trainer and tokenizer.json, so that
// merges are learned on exactly the pieces the runtime tokenizer splits text into.
//
// Identifiers stay whole (with an optional leading space) so merges can learn `self`, `_size`,
// `conv2d`; digits and punctuation runs are pieces of their own; whitespace follows GPT-2: a run of
// spaces or line breaks keeps its last space for the word after it, so "\n        " (a line break
// and indentation) can become one token while a visible character never joins a line break, which
// the completion engine relies on to encode finished lines once.
export const PRETOKENIZE_PATTERN = String.raw` ?[\p{L}_][\p{L}\p{N}_]*| ?\p{N}+| ?[^\s\p{L}\p{N}_]+|\s+(?!\S)|\s+`;

export function pretokenize(text: string): string[] {
  return text.match(new RegExp(PRETOKENIZE_PATTERN, 'gu')) ?? [];
}
