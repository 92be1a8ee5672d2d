export declare const TINY_MODEL: string;
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
export declare const tinyExpected: {
    cases: LeftToRightCase[];
    fimCases: FimCase[];
};
/**
 * What the engine must show for a single-line cursor from PyTorch's healed greedy tokens: up to a
 * special token, without the healed text (typed already), the first line, up to anything unprintable
 * (the random model emits stray bytes), trimmed, without a closer the suffix already has.
 */
export declare function expectedSuggestion(c: FimCase | LeftToRightCase): string;
