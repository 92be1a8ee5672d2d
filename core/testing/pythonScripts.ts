// For the tests of Copy as Python's scripts: where a line stands in a script (the scripts that cannot
// run here are checked line by line), and the cut flow a script printed (RDataFrame's Report()
// layout), compared with the explorer's.
import * as assert from 'node:assert/strict';
import type { CutStep } from '../data/expression/cutflow';

/** Each printed step: the condition, the entries passing it (and all before it), and those it was applied to. */
export function printedCutflow(printed: readonly string[]): { cut: string; passed: number; before: number }[] {
  return printed.flatMap((line) => {
    const m = /^(.*\S)\s*: pass=(\d+)\s+all=(\d+)\s+-- eff=/.exec(line);
    return m ? [{ cut: m[1], passed: Number(m[2]), before: Number(m[3]) }] : [];
  });
}

/** The script printed the explorer's cut flow, step by step, over the same entries read (or none, when the explorer has none). */
export function assertSameCutflow(printed: readonly string[], steps: readonly CutStep[] | undefined, entriesRead: number, script: string): void {
  const got = printedCutflow(printed);
  const want = (steps ?? []).map((s, i) => ({ cut: s.cut, passed: s.passed, before: i === 0 ? entriesRead : steps![i - 1].passed }));
  assert.deepEqual(got, want, `${printed.join('\n')}\n${script}`);
}

/** A finder of whole lines in a script: each line's index, failing with the script when it is not there. */
export function lineFinder(script: string): (line: string) => number {
  const lines = script.split('\n');
  return (line) => {
    const i = lines.indexOf(line);
    assert.ok(i >= 0, `${line}\n--- in ---\n${script}`);
    return i;
  };
}
