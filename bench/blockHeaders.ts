// What a user writing a new function or class sees after its header: Enter, the cursor at the body's
// indentation, and a block suggestion. Headers (`def`, `class`, one line) are drawn from the unseen
// packages; the prompt is the file up to the header, the text after the header's body follows the
// cursor (the body is what the user is about to write). Per engine (this tree's, or `--engine DIR`, a
// checkout of another revision with node_modules): suggestions that open a docstring, that end inside
// a string (accepted, the rest of the file is a string), and that are complete code where they go
// (PythonSyntax.completesBlock), with a few that are not; latency p50/p95. Prints JSON.
// Run: npm run bench:headers -- [--work .cache/v2] [--split unseen] [--headers 150] [--seed 5] [--engine DIR …] [--out FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../server/completion/sampling';
import { lineStates } from '../server/completion/codeScan';
import { PythonSyntax } from '../server/completion/pythonSyntax';
import { DOCSTRING_OPENING } from '../server/completion/unfinishedBlock';
import type { CompletionEngine } from '../server/completion/completionEngine';

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const engines = args.flatMap((a, i) => (a === '--engine' && i + 1 < args.length ? [path.resolve(args[i + 1])] : []));

interface HeaderCase {
  readonly file: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly indent: string;
}

const HEADER = /^([ \t]*)(?:async[ \t]+)?(?:def|class)[ \t]+\w+.*:[ \t]*$/;

/** Every one-line `def`/`class` header with a body below it: the file up to it, and after its body. */
function headerCases(file: string, text: string): HeaderCase[] {
  const lines = text.split('\n');
  const cases: HeaderCase[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const m = HEADER.exec(lines[i]);
    if (!m) continue;
    const indent = /^[ \t]*/.exec(lines[i + 1])![0];
    if (indent.length <= m[1].length || lines[i + 1].trim() === '') continue;
    let end = i + 1;
    while (end < lines.length && (lines[end].trim() === '' || /^[ \t]*/.exec(lines[end])![0].length > m[1].length)) end++;
    const prefix = `${lines.slice(0, i + 1).join('\n')}\n${indent}`;
    cases.push({ file, prefix, suffix: `\n\n${lines.slice(end).join('\n')}`, indent });
  }
  return cases;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : 0;
}

async function run(engineRoot: string, cases: readonly HeaderCase[], syntax: PythonSyntax): Promise<object> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- another checkout's engine, loaded at run time
  const mod = require(path.join(engineRoot, 'server', 'completion', 'completionEngine')) as typeof import('../server/completion/completionEngine');
  const engine: CompletionEngine = new mod.CompletionEngine(() => undefined);
  await engine.configure({ ...mod.DEFAULT_ENGINE_SETTINGS, modelPath: path.join(ROOT, 'models', 'code-model'), threads: 1 });
  let shown = 0;
  let docstrings = 0;
  let inString = 0;
  let complete = 0;
  const ms: number[] = [];
  const examples: string[] = [];
  try {
    for (const [i, c] of cases.entries()) {
      const started = performance.now();
      const r = await engine.complete(`file:///bench/header-${i}.py`, c.prefix + c.suffix, c.prefix.length, () => false);
      ms.push(performance.now() - started);
      const text = r?.text ?? '';
      if (!text) continue;
      shown++;
      if (DOCSTRING_OPENING.test(text)) docstrings++;
      if (lineStates(c.indent + text).at(-1)!.endsInString) inString++;
      if (syntax.completesBlock(c.indent, text)) complete++;
      else if (examples.length < 12) examples.push(text);
    }
  } finally {
    engine.dispose();
  }
  const round = (x: number): number => Math.round(x * 10) / 10;
  return { engine: path.relative(ROOT, engineRoot) || '.', headers: cases.length, shown, docstrings, endInString: inString, complete, ms: { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) }, examples };
}

async function main(): Promise<void> {
  const work = path.resolve(arg('work', '.cache/v2'));
  const split = arg('split', 'unseen');
  const count = Number(arg('headers', '150'));
  const random = seededRandom(Number(arg('seed', '5')));
  const corpus = readFileSync(path.join(work, 'corpus', `${split}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { package: string; path: string; text: string });
  const all = corpus.flatMap((d) => headerCases(`${d.package}/${d.path}`, d.text));
  // Drawn without replacement, in a seeded order.
  const cases: HeaderCase[] = [];
  const pool = [...all];
  while (cases.length < count && pool.length > 0) cases.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  const syntax = await PythonSyntax.load();
  const runs = [];
  for (const root of engines.length ? engines : [ROOT]) runs.push(await run(root, cases, syntax));
  const result = { bench: 'block-headers', split, pool: all.length, seed: Number(arg('seed', '5')), runs };
  const out = arg('out', '');
  if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

void main();
