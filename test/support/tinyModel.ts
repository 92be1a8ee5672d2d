// The tiny test model (test/fixtures/tiny-code-model) and the suggestions its PyTorch reference
// outputs (expected.json) must turn into, for the protocol and end-to-end tiers.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { Tokenizer } from '@huggingface/tokenizers';
import { balanceAgainstSuffix } from '../../server/completion/brackets';
import { ROOT } from '../../scripts/paths';

export const TINY_MODEL = path.join(ROOT, 'test', 'fixtures', 'tiny-code-model');

export interface FimCase {
  readonly prefix: string;
  readonly suffix: string;
  readonly ids: number[];
  readonly greedy: number[];
  /** Greedy output with token healing: the prompt without the prefix's last token, whose text the first new token must begin with. */
  readonly healedGreedy: number[];
}
export interface LeftToRightCase {
  readonly text: string;
  readonly ids: number[];
  readonly greedy: number[];
  readonly healedGreedy: number[];
}
export const tinyExpected: { cases: LeftToRightCase[]; fimCases: FimCase[] } = JSON.parse(readFileSync(path.join(TINY_MODEL, 'expected.json'), 'utf8'));

const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(path.join(TINY_MODEL, 'tokenizer.json'), 'utf8')),
  JSON.parse(readFileSync(path.join(TINY_MODEL, 'tokenizer_config.json'), 'utf8')),
);
/** <|endoftext|> and the FIM markers. */
const SPECIAL_IDS = new Set([0, 1, 2, 3, 4]);

/**
 * What the engine must show for a single-line cursor from PyTorch's healed greedy tokens: up to a
 * special token, without the healed text (typed already), the first line, up to anything unprintable
 * (the random model emits stray bytes), trimmed, without a closer the suffix already has.
 */
export function expectedSuggestion(c: FimCase | LeftToRightCase): string {
  const greedy = c.healedGreedy;
  // The prefix's last token: before <fim_suffix> in a FIM prompt, else the prompt's last.
  const fimSuffix = 'suffix' in c ? c.ids.indexOf(3) : -1;
  const healedText = tokenizer.decode([c.ids[fimSuffix > 0 ? fimSuffix - 1 : c.ids.length - 1]], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  const stop = greedy.findIndex((id) => SPECIAL_IDS.has(id));
  const decoded = tokenizer.decode(stop < 0 ? [...greedy] : greedy.slice(0, stop), { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  assert.ok(decoded.startsWith(healedText), 'the first token continues the healed text');
  const text = decoded.slice(healedText.length);
  // eslint-disable-next-line no-control-regex -- matching control characters is the point.
  const line = text.split('\n')[0].replace(/[\uFFFD\u0000-\u0008\u000B-\u001F\u007F][\s\S]*$/, '').replace(/\s+$/, '');
  return balanceAgainstSuffix(line, 'suffix' in c ? c.suffix : '');
}
