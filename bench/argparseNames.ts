// Options of a script's own argparse parser: small made-up training and analysis scripts of the field
// (bench/quality/argparseNames/*.py), each with places marked `args.ba«tch_size»` where the code reads
// an option. The cursor goes where « stands, the marked text is taken out and what follows » stays
// after the cursor, the other marks filled in: the parser is in the document, often below the cursor
// (a parse_args() at the end, `if __name__ == '__main__':`). A suggestion counts when it goes on with
// the marked name and the name ends there (`lr` is not `lr_min`). The scripts were written before any
// model was run on them (2026-12-07), and are left as written.
// `--project-names on,off` runs each with hai.completion.projectNames on and off (after a parser's
// namespace and a dot, only the names its options give: server/context/argparseNames.ts).
// Prints JSON: per model and setting, how many of the cases it got, and every answer.
// Run: npm run bench:argparse [-- --models label=DIR,...] [--project-names on,off] [--out FILE]
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, InlineCompletionRequest } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../scripts/paths';
import { arg, type Conn, report, startServer } from './lspSession';

const MARK = /«([^»]*)»/g;

interface Case {
  readonly file: string;
  /** The document up to the cursor. */
  readonly prefix: string;
  /** The document after the cursor. */
  readonly suffix: string;
  /** The rest of the name the suggestion should write. */
  readonly want: string;
}

/** One case per mark of `source`: that mark's text taken out, the others filled in. */
export function casesOf(file: string, source: string): Case[] {
  const marks = [...source.matchAll(MARK)];
  return marks.map((mark) => {
    const fill = (text: string): string => text.replace(MARK, '$1');
    const at = mark.index;
    return { file, prefix: fill(source.slice(0, at)), suffix: fill(source.slice(at + mark[0].length)), want: mark[1] };
  });
}

async function suggest(conn: Conn, uri: string, c: Case): Promise<string> {
  const text = c.prefix + c.suffix;
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
  const lines = c.prefix.split('\n');
  const result = await conn.sendRequest(InlineCompletionRequest.type, {
    textDocument: { uri },
    position: { line: lines.length - 1, character: lines[lines.length - 1].length },
    context: { triggerKind: 2 },
  });
  await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  const first = result && 'items' in result ? result.items[0]?.insertText : undefined;
  return typeof first === 'string' ? first : (first?.value ?? '');
}

async function main(): Promise<void> {
  const folder = path.join(__dirname, 'quality', 'argparseNames');
  const cases = readdirSync(folder)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .flatMap((f) => casesOf(f, readFileSync(path.join(folder, f), 'utf8')));
  const models = arg('models', `built-in=${path.join(ROOT, 'models', 'code-model')}`)
    .split(',')
    .map((m) => ({ label: m.split('=')[0], dir: path.resolve(m.slice(m.indexOf('=') + 1)) }));
  const projectNames = arg('project-names', 'on,off').split(',');
  if (projectNames.some((p) => p !== 'on' && p !== 'off')) throw new Error('--project-names takes on, off or on,off');
  // The scripts are the workspace, as a user's project is; each case's document is opened with its own text.
  const root = mkdtempSync(path.join(os.tmpdir(), 'hai-argparse-'));
  try {
    for (const f of new Set(cases.map((c) => c.file))) writeFileSync(path.join(root, f), readFileSync(path.join(folder, f), 'utf8').replace(MARK, '$1'));
    const runs = [];
    for (const model of models) {
      for (const names of projectNames) {
        const session = await startServer({ modelPath: model.dir, threads: 1, projectNames: names === 'on' }, [root]);
        try {
          const answers = [];
          for (const c of cases) {
            const answer = await suggest(session.conn, pathToFileURL(path.join(root, c.file)).href, c);
            const named = answer.startsWith(c.want) && !/^\w/.test(answer.slice(c.want.length));
            answers.push({ file: c.file, at: c.prefix.split('\n').pop()!.trim(), want: c.want, answer, named });
          }
          runs.push({ model: model.label, projectNames: names, named: answers.filter((a) => a.named).length, cases: answers.length, answers });
        } finally {
          session.dispose();
        }
      }
    }
    const summary = Object.fromEntries(runs.map((r) => [`${r.model}+names-${r.projectNames}`, `${r.named}/${r.cases}`]));
    report({ bench: 'argparse-names', summary, runs });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
