// The tiny test model (test/fixtures/tiny-code-model) and the suggestions its PyTorch reference
// outputs (expected.json) must turn into, for the protocol and end-to-end tiers.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { ROOT } from '../../scripts/paths';

export const TINY_MODEL = path.join(ROOT, 'test', 'fixtures', 'tiny-code-model');

export interface FimCase {
  readonly prefix: string;
  readonly suffix: string;
  readonly ids: number[];
  readonly greedy: number[];
}
export interface LeftToRightCase {
  readonly text: string;
  readonly ids: number[];
  readonly greedy: number[];
}
export const tinyExpected: { cases: LeftToRightCase[]; fimCases: FimCase[] } = JSON.parse(readFileSync(path.join(TINY_MODEL, 'expected.json'), 'utf8'));

const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(path.join(TINY_MODEL, 'tokenizer.json'), 'utf8')),
  JSON.parse(readFileSync(path.join(TINY_MODEL, 'tokenizer_config.json'), 'utf8')),
);
/** <|endoftext|> and the FIM markers. */
const SPECIAL_IDS = new Set([0, 1, 2, 3, 4]);

/**
 * What the engine must show for a single-line cursor: PyTorch's greedy tokens up to a special token,
 * the first line, up to anything unprintable (the random model emits stray bytes), trimmed.
 */
export function expectedSuggestion(greedy: readonly number[]): string {
  const stop = greedy.findIndex((id) => SPECIAL_IDS.has(id));
  const text = tokenizer.decode(stop < 0 ? [...greedy] : greedy.slice(0, stop), { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  // eslint-disable-next-line no-control-regex -- matching control characters is the point.
  return text.split('\n')[0].replace(/[\uFFFD\u0000-\u0008\u000B-\u001F\u007F][\s\S]*$/, '').replace(/\s+$/, '');
}
