// Options of a script's own argparse parser: small made-up training and analysis scripts of the field
// (bench/quality/argparseNames/*.py), each with places marked `args.ba«tch_size»` where the code reads
// an option. The cursor goes where « stands, the marked text is taken out and what follows » stays
// after the cursor, the other marks filled in: the parser is in the document, often below the cursor
// (a parse_args() at the end, `if __name__ == '__main__':`). A suggestion counts when it goes on with
// the marked name and the name ends there (`lr` is not `lr_min`). The scripts were written before any
// model was run on them (2026-12-07), and are left as written; trainer_class.py (options kept on the
// instance: `self.args.`) was added the same way a session later, and hydra_tagger/ (a Hydra
// application: `cfg.data.batch_size`, its keys in conf/*.yaml; evaluate.py hands nodes of the config
// to helpers: `build_network(cfg.model)`) the session after, and data_analysis/ (analysis scripts
// reading the keys of ROOT, HDF5, npz and parquet files: `tree["Jet_Px"]`, `f["particles/deta"]`; the
// files, from the project's test fixtures, are put in the workspace as data.json says) the session
// after that; data_analysis/cli_skim.py and run_files.py later, and after them awkward_muons.py (an
// awkward array's fields as attributes: `events.Q1`, `batch.eta2`), each before a model ran on it.
// `--project-names on,off` runs each with hai.completion.projectNames on and off (after a parser's
// namespace and a dot, only the names its options give: server/context/argparseNames.ts; after a Hydra
// config and a dot, only its keys: server/context/hydraNames.ts; inside a data file's subscript, only
// its keys: server/context/dataNames.ts).
// Prints JSON: per model and setting, how many of the cases it got, the request's latency (p50/p95 ms,
// each case a newly opened document: the cold case), what the rule's reading of the document costs a
// request (lookupMs, in this process), and every answer.
// Run: npm run bench:argparse [-- --models label=DIR,...] [--project-names on,off] [--context-tokens N] [--out FILE]
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../scripts/paths';
import { PythonSyntax } from '../server/completion/pythonSyntax';
import { namespaceLookup } from '../server/context/argparseNames';
import { configLookup } from '../server/context/hydraNames';
import { type ConfigKeys, readHydraConfig } from '../server/context/hydraConfig';
import { hydraKey, hydraMainsInText } from '../server/context/hydraMain';
import { dataStrings } from '../server/context/dataFiles';
import { commonKeys, type DataFileKeys, keysOfDescription } from '../server/context/dataKeys';
import { isGlob } from '../server/context/dataGlobs';
import { minimatch } from 'minimatch';
import { dataKeyLookup } from '../server/context/dataNames';
import { keyPlaceAt } from '../server/completion/keyNames';
import { type FileDescription, runDataJob } from '../core/data/workers/dataJobs';
import { DidCloseTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { arg, type Conn, percentile, report, startServer, suggestOnce } from './lspSession';

const MARK = /«([^»]*)»/g;

/** The data files data_analysis/'s scripts read, by their path there, and the test fixture each is a copy of. */
const dataFiles: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(path.join(__dirname, 'quality', 'argparseNames', 'data_analysis', 'data.json'), 'utf8')) as Record<string, string>).filter(([k]) => k !== '//'),
);

export interface Case {
  readonly file: string;
  /** The document up to the cursor. */
  readonly prefix: string;
  /** The document after the cursor. */
  readonly suffix: string;
  /** The rest of the name the suggestion should write. */
  readonly want: string;
}

/** One case per mark of `source`: that mark's text taken out, the others filled in. */
function casesOf(file: string, source: string): Case[] {
  const marks = [...source.matchAll(MARK)];
  return marks.map((mark) => {
    const fill = (text: string): string => text.replace(MARK, '$1');
    const at = mark.index;
    return { file, prefix: fill(source.slice(0, at)), suffix: fill(source.slice(at + mark[0].length)), want: mark[1] };
  });
}

/**
 * What the rule's reading costs a request, in this process: per case, the document parsed as the
 * engine has it (its tree kept), then the lookup asked for the name before the cursor's dot.
 */
async function lookupCost(cases: readonly Case[], folder: string): Promise<{ p50: number; max: number }> {
  const syntax = await PythonSyntax.load();
  const ms: number[] = [];
  for (const [i, c] of cases.entries()) {
    const text = c.prefix + c.suffix;
    const key = keyPlaceAt(c.prefix.slice(c.prefix.lastIndexOf('\n') + 1));
    const chain = key?.chain ?? /([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.\w*$/.exec(c.prefix)![1];
    // A data file's keys in a subscript, or its arrays' fields after a dot (`events.Q1` in data_analysis/).
    const data = key !== undefined || (c.file.startsWith('data_analysis/') && !/\bArgumentParser\b/.test(text));
    // The data files' keys too (the worker's reading, in this process).
    const files = new Map<string, DataFileKeys>();
    for (const written of data ? dataStrings(text) : []) {
      // A pattern (`data/runs/zmumu_*.root`) names the copies it matches; the server keeps the keys they all have.
      const copies = Object.keys(dataFiles).filter((at) => at === written || (isGlob(written) && path.posix.dirname(at) === path.posix.dirname(written) && minimatch(path.posix.basename(at), path.posix.basename(written))));
      const described = await Promise.all(copies.map(async (at) => keysOfDescription((await runDataJob({ op: 'describe', file: path.join(ROOT, dataFiles[at]) })) as FileDescription)));
      const keys = commonKeys(described);
      if (keys) files.set(written, keys);
    }
    // A Hydra application's configs are read in idle time, before the request.
    const configs = new Map<string, ConfigKeys>();
    for (const main of hydraMainsInText(text)) {
      const reading = await readHydraConfig(path.join(folder, path.dirname(c.file), main.configPath), main.configName);
      if (reading.keys) configs.set(hydraKey(main), reading.keys);
    }
    syntax.analyze(text, c.prefix.length, true, `case-${i}`);
    const started = performance.now();
    if (data) dataKeyLookup(text, c.prefix.length, syntax, files, `case-${i}`)?.get(chain);
    else if (configs.size > 0) configLookup(text, c.prefix.length, syntax, configs, `case-${i}`)?.get(chain);
    else namespaceLookup(text, c.prefix.length, syntax, `case-${i}`)?.get(chain);
    ms.push(performance.now() - started);
    syntax.forget(`case-${i}`);
  }
  const sorted = ms.sort((a, b) => a - b);
  return { p50: Math.round(percentile(sorted, 50) * 100) / 100, max: Math.round(sorted[sorted.length - 1] * 100) / 100 };
}

/** Opens each of `scripts` (under `root`) and waits until the server has read what they name (hai/status: nothing preparing), 20 s at most. */
export async function readDataFiles(conn: Conn, root: string, scripts: readonly string[]): Promise<void> {
  for (const f of scripts) {
    const uri = pathToFileURL(path.join(root, f)).href;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: readFileSync(path.join(root, f), 'utf8') } });
    for (let i = 0; i < 400 && (await conn.sendRequest(ServerStatusRequest)).workspaceContext?.preparing !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }
}

/** The marked scripts as a workspace: their files (relative to it) and cases, and the folder (made afresh: `done` removes it). */
export function caseWorkspace(): { readonly folder: string; readonly root: string; readonly files: string[]; readonly cases: Case[]; done(): void } {
  const folder = path.join(__dirname, 'quality', 'argparseNames');
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
  const cases = files.filter((f) => f.endsWith('.py')).flatMap((f) => casesOf(f, readFileSync(path.join(folder, f), 'utf8')));
  // The scripts are the workspace, as a user's project is; each case's document is opened with its own text.
  const root = mkdtempSync(path.join(os.tmpdir(), 'hai-argparse-'));
  // The scripts and the config files beside them (hydra_tagger/conf).
  for (const f of files.filter((f) => /\.(py|yaml)$/.test(f))) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), readFileSync(path.join(folder, f), 'utf8').replace(MARK, '$1'));
  }
  for (const [at, fixture] of Object.entries(dataFiles)) {
    mkdirSync(path.dirname(path.join(root, 'data_analysis', at)), { recursive: true });
    copyFileSync(path.join(ROOT, fixture), path.join(root, 'data_analysis', at));
  }
  return { folder, root, files, cases, done: () => rmSync(root, { recursive: true, force: true }) };
}

async function main(): Promise<void> {
  const { folder, root, files, cases, done } = caseWorkspace();
  const models = arg('models', `built-in=${path.join(ROOT, 'models', 'code-model')}`)
    .split(',')
    .map((m) => ({ label: m.split('=')[0], dir: path.resolve(m.slice(m.indexOf('=') + 1)) }));
  const projectNames = arg('project-names', 'on,off').split(',');
  // The workspace context's budget: sized to this machine at load by default (as users get it), which
  // changes the prompts between runs; a number holds it still for comparing two builds.
  const contextTokens = Number(arg('context-tokens', '0'));
  try {
    if (projectNames.some((p) => p !== 'on' && p !== 'off')) throw new Error('--project-names takes on, off or on,off');
    const runs = [];
    for (const model of models) {
      for (const names of projectNames) {
        const session = await startServer({ modelPath: model.dir, threads: 1, projectNames: names === 'on', contextTokens }, [root]);
        try {
          // The data files are read once the scripts naming them are first opened (a worker loads the
          // readers), as when a user opens the script before typing in it; each case is then cold.
          await readDataFiles(session.conn, root, files.filter((f) => f.startsWith('data_analysis') && f.endsWith('.py')));
          const answers: { file: string; at: string; want: string; answer: string; named: boolean }[] = [];
          const ms: number[] = [];
          for (const c of cases) {
            const started = performance.now();
            const answer = await suggestOnce(session.conn, pathToFileURL(path.join(root, c.file)).href, c.prefix + c.suffix, c.prefix.length);
            ms.push(performance.now() - started);
            const named = answer.startsWith(c.want) && !/^\w/.test(answer.slice(c.want.length));
            answers.push({ file: c.file, at: c.prefix.split('\n').pop()!.trim(), want: c.want, answer, named });
          }
          const sorted = ms.sort((a, b) => a - b);
          const latencyMs = { p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)) };
          const byScript = Object.fromEntries([...new Set(answers.map((a) => a.file))].map((f) => [f, `${answers.filter((a) => a.file === f && a.named).length}/${answers.filter((a) => a.file === f).length}`]));
          const contextTokensUsed = (await session.conn.sendRequest(ServerStatusRequest)).workspaceContext?.tokens;
          runs.push({ model: model.label, projectNames: names, contextTokens: contextTokensUsed, named: answers.filter((a) => a.named).length, cases: answers.length, byScript, latencyMs, answers });
        } finally {
          session.dispose();
        }
      }
    }
    const summary = Object.fromEntries(runs.map((r) => [`${r.model}+names-${r.projectNames}`, `${r.named}/${r.cases}, ${r.latencyMs.p50}/${r.latencyMs.p95} ms, context ${r.contextTokens} tokens`]));
    report({ bench: 'argparse-names', summary, lookupMs: await lookupCost(cases, folder), runs });
  } finally {
    done();
  }
}

if (require.main === module) {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
