// How a suggestion may open on a line the user has opened to write on (the cursor at the line's
// start or after its indentation, nothing after it on the line). Two answers of a model leave the
// user with no suggestion there: a line break first (the blank line stays blank and the model goes
// on below it, which the line's stop cuts to nothing), and a copy of the line below (the model
// thinks nothing is missing; postProcess drops it). These predicates, for generate()'s `opening`,
// rule such openings out, so that the model's best line that does neither is shown instead. Two more
// are tried again: a definition of a name the block defines already (redefinitions.ts), and a copy of
// one of the statements just above (copiedLine.ts).
import type { CodeTokenizer } from './codeTokenizer';
import { generate, type GenerateOptions, type GenerateResult, type SequenceCache } from './generator';
import type { OnnxDecoder } from './onnxDecoder';
import { repeatedLineBelow } from './postProcess';
import { redefinedName, unlikeName } from './redefinitions';
import { ALTERNATIVES, copiesRecentLine, turnAway } from './copiedLine';
import { bothLineRules } from './relativeImports';

/** A line break before anything visible. */
const LINE_LEFT_BLANK = /^[ \t]*[\r\n]/;

/** The suggestion writes on the opened line before it ends it. */
export function fillsLine(visible: string): boolean {
  return !LINE_LEFT_BLANK.test(visible);
}

/**
 * As fillsLine, and the suggestion may not begin the way `lineBelow` (trimmed) begins: for a second
 * try after the first copied that line. A token that spells the line's beginning, or all of it and
 * more, is ruled out; blanks before it decide nothing yet.
 */
export function unlike(lineBelow: string): (visible: string) => boolean {
  return (visible) => {
    if (!fillsLine(visible)) return false;
    const shown = visible.trimStart();
    return shown === '' || !(lineBelow.startsWith(shown) || shown.startsWith(lineBelow));
  };
}

/** A line the user opened to write on. */
export interface OpenedLine {
  /** The text after the cursor. */
  readonly suffix: string;
  /** The line up to the cursor: its indentation. */
  readonly before: string;
  /** Names the line's block defines already (redefinitions.ts blockDefinitions), read when a first answer defines one. */
  readonly defined: () => ReadonlySet<string>;
  /** The last statements above the line (copiedLine.ts recentStatements). */
  readonly recent: readonly string[];
}

/**
 * Generation for a request: one pass, or on an opened line with these rules, and a second pass,
 * within what is left of the time budget, when the first copied the line below, defined again a
 * name its block defines, or copied one of the statements above. The passes run, the one to show
 * last (the first again where the second ran out of time on the first one's way); undefined when cancelled.
 */
export async function generateOnLine(
  decoder: OnnxDecoder,
  tokenizer: CodeTokenizer,
  cache: SequenceCache,
  prompt: readonly number[],
  options: GenerateOptions,
  line: OpenedLine | undefined,
): Promise<GenerateResult[] | undefined> {
  const opened: GenerateOptions = line === undefined ? options : { ...options, opening: fillsLine };
  const first = await generate(decoder, tokenizer, cache, prompt, line === undefined ? opened : { ...opened, alternatives: ALTERNATIVES });
  if (first.reason === 'cancelled') return undefined;
  if (line === undefined) return [first];
  const retry = secondTry(first, line, tokenizer, options.heal?.text.length ?? 0);
  if (retry === undefined) return [first];
  const left = Math.max(0, options.timeBudgetMs - first.prefillMs - first.decodeMs);
  const second = await generate(decoder, tokenizer, cache, prompt, { ...opened, ...retry, lineRule: bothLineRules(options.lineRule, retry.lineRule), timeBudgetMs: left });
  if (second.reason === 'cancelled') return undefined;
  // Out of time before it left the first answer's way: it would show a part of the copy; the copy it is.
  if (retry.forced && second.tokens.length <= retry.forced.length) return [second, first];
  return [first, second];
}

/** How a second pass differs from the first, where the first answer needs one. */
function secondTry(first: GenerateResult, line: OpenedLine, tokenizer: CodeTokenizer, healed: number): Partial<GenerateOptions> | undefined {
  const below = repeatedLineBelow(first.text, line.suffix);
  if (below !== undefined) return { opening: unlike(below) };
  const firstLine = line.before + first.text.split('\n', 1)[0];
  const again = redefinedName(firstLine, line.defined);
  if (again !== undefined) return { lineRule: unlikeName(again, line.before) };
  if (!first.choices || !copiesRecentLine(firstLine, line.recent)) return undefined;
  const turn = turnAway(first.tokens, first.choices, tokenizer, healed, first.text);
  return turn && { forced: turn.forced };
}
