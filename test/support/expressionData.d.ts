import type { Column } from '../../core/data/expression/columns';
import type { Columns } from '../../core/data/expression/evaluate';
import { type Selection } from '../../core/data/expression/selection';
import { ExpressionError } from '../../core/data/expression/syntax';
export declare function columnsOf(columns: Record<string, Column>, entries: number): Columns;
/** The histogram's fill of `expression` with the cuts and weight given as text. */
export declare function selectText(expression: string, cuts: {
    entry?: string;
    element?: string;
    weight?: string;
}, data: Columns): Selection;
/** The ExpressionError `work` throws (any other error is thrown on; none fails the test). */
export declare function expressionError(work: () => unknown): ExpressionError;
