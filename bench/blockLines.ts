// What block suggestions show after their first line, from code-quality runs' --outputs files (every
// case with every system's suggestion): per system, the suggestions of more than one line, their later
// lines that are not blank, of those the file's own line at that place (an upper bound: the real block
// is in the prompt's suffix), and how many of the suggestions are complete code where they go (they
// parse as the body of a block, with no header left without a body, no bracket, string or `try` left
// open: PythonSyntax.completesBlock). Several files with the same cases (a run before and after a change)
// are read side by side. Prints JSON.
// Run: npx tsx bench/blockLines.ts OUTPUTS.json [MORE.json …] [--out FILE]
import { readFileSync } from 'node:fs';
import { PythonSyntax } from '../server/completion/pythonSyntax';
import type { EvalCase } from './quality/cases';
import { moreLines } from './quality/score';
import { report } from './lspSession';

type Row = EvalCase & Record<string, string>;
const CASE_FIELDS = new Set(['kind', 'file', 'prefix', 'suffix', 'target']);

async function main(): Promise<void> {
  const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--out');
  if (files.length === 0) throw new Error('usage: npx tsx bench/blockLines.ts OUTPUTS.json [MORE.json …] [--out FILE]');
  const syntax = await PythonSyntax.load();
  const runs = files.map((file) => {
    const rows = JSON.parse(readFileSync(file, 'utf8')) as Row[];
    const labels = Object.keys(rows[0] ?? {}).filter((k) => !CASE_FIELDS.has(k));
    const systems = Object.fromEntries(
      labels.map((label) => {
        let blocks = 0;
        let shown = 0;
        let right = 0;
        let complete = 0;
        for (const r of rows) {
          const text = r[label];
          if (text.split('\n').filter((l) => l.trim() !== '').length < 2) continue;
          blocks++;
          const more = moreLines(r, text);
          shown += more.shown;
          right += more.right;
          const lineSoFar = r.prefix.slice(r.prefix.lastIndexOf('\n') + 1);
          if (/^[ \t]*$/.test(lineSoFar) && syntax.completesBlock(lineSoFar, text)) complete++;
        }
        return [label, { blocks, laterLines: shown, laterLinesRight: right, completeBlocks: complete }];
      }),
    );
    return { file, cases: rows.length, systems };
  });
  report({ bench: 'block-lines', runs });
}

void main();
