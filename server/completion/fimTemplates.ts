// Fill-in-the-middle prompt formats of the code-model families users bring, detected from the
// special tokens their tokenizer has. The prompt is assembled from token ids, so that the markers
// are always the model's special tokens.
import type { CodeTokenizer } from './codeTokenizer';

export type FimFamily = 'starcoder' | 'qwen' | 'deepseek' | 'codellama';
export type FimChoice = FimFamily | 'auto' | 'none';

interface FimMarkers {
  readonly prefix: string;
  readonly suffix: string;
  readonly middle: string;
}

export const FIM_MARKERS: Readonly<Record<FimFamily, FimMarkers>> = {
  starcoder: { prefix: '<fim_prefix>', suffix: '<fim_suffix>', middle: '<fim_middle>' },
  qwen: { prefix: '<|fim_prefix|>', suffix: '<|fim_suffix|>', middle: '<|fim_middle|>' },
  deepseek: { prefix: '<｜fim▁begin｜>', suffix: '<｜fim▁hole｜>', middle: '<｜fim▁end｜>' },
  codellama: { prefix: '<PRE>', suffix: '<SUF>', middle: '<MID>' },
};

export interface FimTemplate {
  readonly family: FimFamily;
  readonly prefixId: number;
  readonly suffixId: number;
  readonly middleId: number;
}

/** The family whose three markers are all single tokens of this tokenizer, or undefined. */
export function detectFim(tokenizer: Pick<CodeTokenizer, 'tokenId'>, choice: FimChoice = 'auto'): FimTemplate | undefined {
  if (choice === 'none') return undefined;
  const families = choice === 'auto' ? (Object.keys(FIM_MARKERS) as FimFamily[]) : [choice];
  for (const family of families) {
    const m = FIM_MARKERS[family];
    const [prefixId, suffixId, middleId] = [m.prefix, m.suffix, m.middle].map((t) => tokenizer.tokenId(t));
    if (prefixId !== undefined && suffixId !== undefined && middleId !== undefined) return { family, prefixId, suffixId, middleId };
  }
  return undefined;
}

/**
 * The order of the parts. PSM, [PRE] prefix [SUF] suffix [MID], is what every FIM model knows.
 * SPM, [PRE] [SUF] suffix [MID] prefix (StarCoder's variant), is for models trained with it too: the
 * prefix comes last, so typing only extends the prompt and the KV cache keeps everything before it.
 */
export type FimOrder = 'psm' | 'spm';

/**
 * Prompt ids for the template and order; without a template, the prefix alone (left to right). The
 * workspace context (`contextIds`, other files behind their headers) always comes right before the
 * prefix, so that in SPM order typing still only extends the prompt.
 */
export function buildPrompt(
  template: FimTemplate | undefined,
  prefixIds: readonly number[],
  suffixIds: readonly number[],
  order: FimOrder = 'psm',
  contextIds: readonly number[] = [],
): number[] {
  if (!template) return [...contextIds, ...prefixIds];
  if (order === 'spm') return [template.prefixId, template.suffixId, ...suffixIds, template.middleId, ...contextIds, ...prefixIds];
  return [template.prefixId, ...contextIds, ...prefixIds, template.suffixId, ...suffixIds, template.middleId];
}
