// What the expression tests share: named columns as the evaluator reads them, a selection with its
// cuts written as text, and the ExpressionError a piece of work throws.
import * as assert from 'node:assert/strict';
import type { Column } from '../data/expression/columns';
import type { Columns } from '../data/expression/evaluate';
import { select, type Selection } from '../data/expression/selection';
import { ExpressionError, parseExpression } from '../data/expression/syntax';

export function columnsOf(columns: Record<string, Column>, entries: number): Columns {
  return { column: (name) => columns[name], names: Object.keys(columns), entries };
}

/** The histogram's fill of `expression` with the cuts and weight given as text. */
export function selectText(expression: string, cuts: { entry?: string; element?: string; weight?: string }, data: Columns): Selection {
  const parsed = (text: string | undefined) => (text === undefined ? undefined : parseExpression(text));
  return select(parseExpression(expression), { entry: parsed(cuts.entry), element: parsed(cuts.element), weight: parsed(cuts.weight) }, data);
}

/** The ExpressionError `work` throws (any other error is thrown on; none fails the test). */
export function expressionError(work: () => unknown): ExpressionError {
  try {
    work();
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  assert.fail('no ExpressionError');
}
