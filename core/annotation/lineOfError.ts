// For the format tests: the line an AnnotationError names when `work` throws one (a malformed label
// file must say where), failing the test when nothing is thrown.
import * as assert from 'node:assert/strict';
import { AnnotationError } from './shapes';

export function lineOf(work: () => unknown): number | undefined {
  try {
    work();
  } catch (err) {
    if (err instanceof AnnotationError) return err.line;
    throw err;
  }
  assert.fail('no AnnotationError');
}
