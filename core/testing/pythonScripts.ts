// For the tests of Copy as Python's scripts: where a line stands in a script (the scripts that cannot
// run here are checked line by line), and the cut flow a script printed (RDataFrame's Report()
// layout), compared with the explorer's.
import * as assert from 'node:assert/strict';
import type { CutStep } from '../data/expression/cutflow';

/** Each printed step: the condition, the entries passing it (and all before it), those it was applied to, and with weights their sum. */
export function printedCutflow(printed: readonly string[]): { cut: string; passed: number; before: number; sumw?: number }[] {
  return printed.flatMap((line) => {
    const m = /^(.*\S)\s*: pass=(\d+)\s+all=(\d+)\s+-- eff=.*?(?: sumw=(\S+))?$/.exec(line);
    return m ? [{ cut: m[1], passed: Number(m[2]), before: Number(m[3]), ...(m[4] === undefined ? {} : { sumw: Number(m[4]) }) }] : [];
  });
}

/**
 * The script printed the explorer's cut flow, step by step, over the same entries read (or none, when
 * the explorer has none); weighted, the same sums of weights (to the 10 digits printed) and the same
 * sum over all entries read.
 */
export function assertSameCutflow(printed: readonly string[], steps: readonly CutStep[] | undefined, entriesRead: number, script: string, sumwRead?: number): void {
  const near = (a: number | undefined, b: number | undefined): boolean => a === b || (a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(b)));
  const got = printedCutflow(printed);
  const want = (steps ?? []).map((s, i) => ({ cut: s.cut, passed: s.passed, before: i === 0 ? entriesRead : steps![i - 1].passed, sumw: s.sumw }));
  const context = `${printed.join('\n')}\n${script}`;
  assert.deepEqual(got.map(({ sumw: _, ...rest }) => rest), want.map(({ sumw: _, ...rest }) => rest), context);
  assert.ok(got.every((g, i) => near(g.sumw, want[i].sumw)), `sums of weights: ${JSON.stringify(got)} vs ${JSON.stringify(want)}\n${context}`);
  const all = /^all entries\s*: pass=(\d+)\s+sumw=(\S+)$/m.exec(printed.join('\n'));
  assert.ok(near(all ? Number(all[2]) : undefined, sumwRead), `all entries' weights: ${all?.[2]} vs ${sumwRead}\n${context}`);
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
