// Paired differences between systems of a code-quality run, from its --outputs file (every case with
// every system's suggestion): for each system, the mean per-case change in exact match and edit
// similarity against a base system, with standard errors. Newer runs print these as `vsFileAlone`;
// this reads them out of a run's outputs after the fact. Prints JSON.
// Run: npx tsx bench/qualityPaired.ts OUTPUTS.json [--base codeModel] [--out FILE]
import { readFileSync } from 'node:fs';
import type { EvalCase } from './quality/cases';
import { pairedDifference } from './quality/score';
import { arg, report } from './lspSession';

type Row = EvalCase & Record<string, string>;
const CASE_FIELDS = new Set(['kind', 'file', 'prefix', 'suffix', 'target']);

function main(): void {
  const file = process.argv[2];
  if (!file || file.startsWith('--')) throw new Error('usage: npx tsx bench/qualityPaired.ts OUTPUTS.json [--base LABEL]');
  const rows = JSON.parse(readFileSync(file, 'utf8')) as Row[];
  const base = arg('base', 'codeModel');
  const labels = Object.keys(rows[0] ?? {}).filter((k) => !CASE_FIELDS.has(k) && k !== base);
  if (!rows.every((r) => typeof r[base] === 'string')) throw new Error(`the outputs have no system "${base}"`);
  const cases: EvalCase[] = rows.map((r) => ({ kind: r.kind, file: r.file, prefix: r.prefix, suffix: r.suffix, target: r.target }));
  const bases = rows.map((r) => r[base]);
  report({ bench: 'code-quality-paired', outputs: file, base, cases: rows.length, against: Object.fromEntries(labels.map((l) => [l, pairedDifference(cases, bases, rows.map((r) => r[l]))])) });
}

main();
