// Quality of code models, measured as users get it: cases cut from source files the models never
// trained on are sent to the built language server (inline completion over LSP, with the engine's
// prompting, token healing and post-processing). In the same run, on the same cases, the floors
// every model must beat: an empty suggestion, copying the previous line, and a 4-gram counted on the
// same training tokens (bench/quality/ngram.ts). Prints JSON:
//
// - per system and case kind (next line at a line start, rest of the line mid-line, fill in the
//   middle): exact match and edit similarity of the first line, each with its standard error, and
//   the share of suggestions that are comment lines;
// - per model: bits per byte on the split's first files (run by onnxruntime, as the server runs it),
//   and latency of each case (a newly opened document: the full prompt is prefilled, the cold case),
//   and of typing on in the first --warm-cases cases (four keystrokes each, the warm case);
// - per model and setting (--settings): "file", the file alone (the case is a document outside any
//   workspace); "imports", "similar", "all", the repository level with that workspace context
//   (hai.completion.workspaceContext); "cache", "all+cache", with the workspace cache too
//   (hai.completion.workspaceCache); "file-model", "similar-model", as "file" and "similar" with
//   hai.completion.repeatedLines off (the model's own suggestions, no line repeated from the project);
//   "similar-model-names-off", as "similar-model" with hai.completion.projectNames off too (no keeping to
//   a local module's names after `module.`).
//   At the repository level every held-out package is written to disk and the server has the case's
//   package as its workspace folder (one server per package), the case's file is opened with the
//   case's text and --open other files of its package beside it (bench/quality/workspace.ts), and
//   the request waits until the server has read them.
//
// --split unseen (the default when the work folder has it): whole packages held out of training
// (packages.txt, group "heldout") — what a user's own project looks like to the model. --split
// heldout: files held out of the trained packages, the first model card's figures. --split scripts:
// example galleries of documentation packages (models/train/scripts.py; run it after corpus.py), code
// that calls the libraries as users write it, with --bpb-files none (its files have no token ids).
// Several models in one run: --models today=models/code-model,new=.cache/x/cand-12m
//
// Needs the recipe's work folder (corpus and tokens; `npm run model:build` builds them).
// Run: npm run bench:quality [-- --model DIR | --models L=DIR,...] [--work DIR] [--split unseen|heldout|scripts]
//        [--cases N per kind] [--seed N] [--bpb-files N] [--out FILE] [--outputs FILE: every case and suggestion]
//        [--settings file,imports,similar,all,cache,all+cache,file-model,similar-model,similar-model-names-off] [--open N] [--warm-cases N] [--context-tokens N]
//        [--ngram off: no 4-gram floor] [--bpb-files none: no bits per byte]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../scripts/paths';
import { CodeTokenizer } from '../server/completion/codeTokenizer';
import { readDecoderConfig } from '../server/completion/modelConfig';
import { findModelFiles } from '../server/completion/modelFiles';
import { OnnxDecoder } from '../server/completion/onnxDecoder';
import { PythonSyntax } from '../server/completion/pythonSyntax';
import { arg, report, startServer } from './lspSession';
import { CASE_KINDS, type EvalCase, makeCases, type SourceFile } from './quality/cases';
import { copyPreviousLine } from './quality/floors';
import { NGramModel } from './quality/ngram';
import { pairedDifference, percentile, round, scoreKinds } from './quality/score';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { type PackageWorkspace, writePackages } from './quality/workspace';
import { modelComplete, WARM_KEYSTROKES } from './quality/caseRequest';

const EOT = 0;

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

function readTokens(file: string): Uint16Array {
  const buf = readFileSync(file);
  return new Uint16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
}

/** Bits per byte of the ONNX model and the n-gram over the held-out files, in chunks of `context` tokens after an end-of-text. */
async function bitsPerByte(decoder: OnnxDecoder, ngram: NGramModel | undefined, work: string, split: string, context: number, vocab: number, maxFiles: number) {
  const tokens = readTokens(path.join(work, 'tokens', `${split}.bin`));
  const docs = (JSON.parse(readFileSync(path.join(work, 'tokens', `${split}.docs.json`), 'utf8')) as { offset: number; length: number }[]).slice(0, maxFiles);
  const texts = readJsonl<{ text: string }>(path.join(work, 'corpus', `${split}.jsonl`)).slice(0, maxFiles);
  let modelNats = 0;
  let ngramNats = 0;
  let bytes = 0;
  for (const t of texts) bytes += Buffer.byteLength(t.text, 'utf8');
  for (const d of docs) {
    const ids = Array.from(tokens.subarray(d.offset, d.offset + d.length));
    for (let start = 0; start < ids.length; start += context - 1) {
      const chunk = [EOT, ...ids.slice(start, start + context - 1)];
      const { allLogits } = await decoder.forward(decoder.emptyState(), chunk.slice(0, -1), true);
      for (let t = 1; t < chunk.length; t++) {
        const row = allLogits!.subarray((t - 1) * vocab, t * vocab);
        let max = -Infinity;
        for (const v of row) max = Math.max(max, v);
        let sum = 0;
        for (const v of row) sum += Math.exp(v - max);
        modelNats += max + Math.log(sum) - row[chunk[t]];
        if (ngram) ngramNats -= Math.log(ngram.probability(chunk.slice(Math.max(0, t - 3), t), chunk[t]));
      }
    }
  }
  return { files: docs.length, bytes, model: round(modelNats / Math.LN2 / bytes, 4), ngram: round(ngramNats / Math.LN2 / bytes, 4) };
}

/** The 4-gram's completion: greedy after backing up over the prefix's last token (token healing, as the engine does), to the end of the line. */
function ngramComplete(ngram: NGramModel, tokenizer: CodeTokenizer, texts: readonly string[], c: EvalCase): string {
  const ids = tokenizer.encode(c.prefix.slice(-2000));
  const healed = ids.length > 1 ? texts[ids[ids.length - 1]] : '';
  const history = [EOT, ...ids.slice(0, healed ? -1 : undefined)];
  let out = '';
  for (let step = 0; step < 48; step++) {
    const need = out.length < healed.length ? healed.slice(out.length) : '';
    const next = ngram.next(history, need ? (id) => texts[id].length > 0 && (texts[id].startsWith(need) || need.startsWith(texts[id])) : undefined);
    if (next === undefined || tokenizer.isSpecial(next)) break;
    history.push(next);
    out += texts[next];
    if (out.length > healed.length && out.slice(healed.length).includes('\n')) break;
  }
  let line = out.slice(healed.length).split('\n')[0];
  if (c.kind !== 'next-line') {
    // Left to right it cannot see the suffix; stop it where the rest of the line begins, if it writes that.
    const rest = c.suffix.split('\n')[0].slice(0, 8);
    const at = rest ? line.indexOf(rest) : -1;
    if (at >= 0) line = line.slice(0, at);
  }
  return line;
}

/**
 * The settings compared: workspace context and cache as hai.completion.workspaceContext / workspaceCache
 * set them; "-model" ones with hai.completion.repeatedLines off, the model's own suggestions only.
 */
const SETTINGS = {
  file: { workspaceContext: 'off', workspaceCache: false },
  imports: { workspaceContext: 'imports', workspaceCache: false },
  similar: { workspaceContext: 'similar', workspaceCache: false },
  all: { workspaceContext: 'all', workspaceCache: false },
  cache: { workspaceContext: 'off', workspaceCache: true },
  'all+cache': { workspaceContext: 'all', workspaceCache: true },
  'file-model': { workspaceContext: 'off', workspaceCache: false, repeatedLines: false },
  'similar-model': { workspaceContext: 'similar', workspaceCache: false, repeatedLines: false },
  'similar-model-names-off': { workspaceContext: 'similar', workspaceCache: false, repeatedLines: false, projectNames: false },
} as const;
/** The settings with the file alone: the document is outside any workspace. */
const FILE_ALONE: readonly Setting[] = ['file', 'file-model'];
type Setting = keyof typeof SETTINGS;
const DEFAULT_SETTINGS: readonly Setting[] = ['file', 'imports', 'similar', 'all', 'cache', 'all+cache'];

/** `label=dir` pairs from --models, or the one --model (default: the shipped model). */
function modelList(): { label: string; dir: string }[] {
  const many = arg('models', '');
  if (!many) return [{ label: 'codeModel', dir: path.resolve(arg('model', path.join(ROOT, 'models', 'code-model'))) }];
  return many.split(',').map((pair) => {
    const [label, dir] = pair.split('=');
    if (!label || !dir) throw new Error(`--models wants label=dir pairs separated by commas, got "${pair}"`);
    return { label, dir: path.resolve(dir) };
  });
}

interface RunOptions {
  readonly work: string;
  readonly split: string;
  readonly threads: number;
  readonly bpbFiles: number;
  readonly settings: readonly Setting[];
  readonly open: number;
  readonly warmCases: number;
  readonly contextTokens: number | undefined;
  readonly workspace: PackageWorkspace;
}

/** The model's bits per byte, then its suggestions and latency in each setting, one server per setting. */
async function evaluateModel({ label, dir }: { label: string; dir: string }, cases: readonly EvalCase[], o: RunOptions) {
  const files = findModelFiles(dir, 'auto');
  const config = readDecoderConfig(files.config);
  const decoder = await OnnxDecoder.load(files.onnx, config, o.threads > 0 ? o.threads : Math.max(1, os.availableParallelism() - 1));
  const bpb = o.bpbFiles > 0 ? await bitsPerByte(decoder, undefined, o.work, o.split, config.maxPositions ?? 512, config.vocabSize, o.bpbFiles) : { model: null };
  await decoder.dispose();
  const results: { setting: Setting; summary: object; outputs: string[] }[] = [];
  for (const setting of o.settings) {
    const repo = !FILE_ALONE.includes(setting);
    const completion = { modelPath: dir, threads: o.threads, ...SETTINGS[setting], ...(o.contextTokens === undefined ? {} : { contextTokens: o.contextTokens }) };
    const outputs = new Array<string>(cases.length).fill('');
    const latencies: number[] = [];
    const warm: number[] = [];
    /** Context budgets the servers used (sized to the machine at each load unless --context-tokens), and how many servers each. */
    const budgets: Record<number, number> = {};
    // At the repository level, one server per package with that package alone as its workspace (as a
    // user has one project open): imports resolve in it only, and no file of another package is a
    // recently closed one.
    const groups = new Map<string, number[]>();
    for (const [i, c] of cases.entries()) {
      const key = repo ? o.workspace.folderOf(c.file) : '';
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    for (const [folder, indices] of groups) {
      const session = await startServer(completion, folder ? [folder] : []);
      try {
        for (const i of indices) {
          const r = await modelComplete(session.conn, cases[i], i, repo ? o.workspace : undefined, o.open, i < o.warmCases);
          outputs[i] = r.text;
          latencies.push(r.ms);
          warm.push(...r.warmMs);
        }
        const tokens = (await session.conn.sendRequest(ServerStatusRequest)).workspaceContext?.tokens ?? 0;
        budgets[tokens] = (budgets[tokens] ?? 0) + 1;
      } finally {
        session.dispose();
      }
    }
    const summary = {
      dir: path.relative(ROOT, dir),
      setting,
      bytes: files.bytes,
      context: config.maxPositions,
      bitsPerByte: bpb.model,
      contextTokens: budgets,
      ...scoreKinds(cases, outputs),
      coldLatencyMs: { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1) },
      warmLatencyMs: { requests: warm.length, p50: round(percentile(warm, 50), 1), p95: round(percentile(warm, 95), 1) },
    };
    console.error(`${label} ${setting}: ${JSON.stringify(summary)}`);
    results.push({ setting, summary, outputs });
  }
  return results;
}

async function main(): Promise<void> {
  const started = Date.now();
  const work = path.resolve(arg('work', path.join(ROOT, '.cache', 'code-model')));
  const split = arg('split', existsSync(path.join(work, 'corpus', 'unseen.jsonl')) ? 'unseen' : 'heldout');
  const perKind = Number(arg('cases', '200'));
  const seed = Number(arg('seed', '7'));
  const threads = Number(arg('threads', '0'));
  // 0: every file of the split; none: no bits per byte (it needs the split's tokens encoded).
  const bpbFiles = arg('bpb-files', '40') === 'none' ? 0 : Number(arg('bpb-files', '40')) || Infinity;
  const settings = arg('settings', DEFAULT_SETTINGS.join(',')).split(',') as Setting[];
  for (const s of settings) if (!(s in SETTINGS)) throw new Error(`--settings takes ${Object.keys(SETTINGS).join(', ')}; got "${s}"`);
  const contextTokens = arg('context-tokens', '') ? Number(arg('context-tokens', '')) : undefined;
  const models = modelList();
  // The tokenizer is the recipe's (every candidate shares it): the 4-gram counts its ids.
  const tokenizer = CodeTokenizer.load(path.join(work, 'tokenizer', 'tokenizer.json'), path.join(work, 'tokenizer', 'tokenizer_config.json'));
  const vocab = readDecoderConfig(findModelFiles(models[0].dir, 'auto').config).vocabSize;
  const texts = tokenizer.tokenTexts(vocab);

  const syntax = await PythonSyntax.load();
  const corpus = readJsonl<{ group: string; package: string; path: string; text: string }>(path.join(work, 'corpus', `${split}.jsonl`));
  const sources: SourceFile[] = corpus.map((d) => ({ path: `${d.package}/${d.path}`, text: d.text }));
  const cases = makeCases(sources, perKind, seed, (text, offset) => syntax.analyze(text, offset, false).complete, CASE_KINDS);

  const systems: Record<string, object> = {
    empty: scoreKinds(cases, cases.map(() => '')),
    previousLine: scoreKinds(cases, cases.map(copyPreviousLine)),
  };
  const outputs: Record<string, string[]> = {};
  // --ngram off: a comparison of engines or models that needs no 4-gram (counting the training tokens
  // takes most of a run, and needs them encoded: tokens/train.bin).
  if (arg('ngram', 'on') !== 'off') {
    const ngramStarted = Date.now();
    const ngram = new NGramModel(readTokens(path.join(work, 'tokens', 'train.bin')), vocab, 4);
    const ngramSeconds = (Date.now() - ngramStarted) / 1000;
    const ngramOut = cases.map((c) => ngramComplete(ngram, tokenizer, texts, c));
    systems.ngram4 = { ...scoreKinds(cases, ngramOut), ...ngram.sizes(), buildSeconds: ngramSeconds };
    outputs.ngram4 = ngramOut;
  }
  // Example scripts (packages-scripts.txt, scripts.txt) are written as scripts, libraries as packages.
  const scripts = new Set(corpus.filter((d) => d.group === 'scripts').map((d) => `${d.package}/${d.path}`));
  const workspace = writePackages(sources, path.join(os.tmpdir(), `hai-quality-${process.pid}`), (f) => !scripts.has(f.path));
  const options: RunOptions = { work, split, threads, bpbFiles, settings, open: Number(arg('open', '3')), warmCases: Number(arg('warm-cases', '50')), contextTokens, workspace };
  try {
    for (const m of models) {
      for (const r of await evaluateModel(m, cases, options)) {
        const label = r.setting === 'file' ? m.label : `${m.label}+${r.setting}`;
        // Each workspace setting against the same model with the file alone, case by case (the model's
        // own suggestions against its own).
        const alone = outputs[r.setting.includes('-model') ? `${m.label}+file-model` : m.label];
        systems[label] = FILE_ALONE.includes(r.setting) || !alone ? r.summary : { ...r.summary, vsFileAlone: pairedDifference(cases, alone, r.outputs) };
        outputs[label] = r.outputs;
      }
    }
  } finally {
    workspace.dispose();
  }
  const packages = [...new Set(corpus.map((d) => d.package))];
  const result = {
    bench: 'code-quality',
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
    split,
    packages,
    files: corpus.length,
    cases: { ...Object.fromEntries(CASE_KINDS.map((k) => [k, cases.filter((c) => c.kind === k).length])), seed },
    repositoryLevel: { openBeside: options.open, contextTokens: contextTokens ?? 'auto (each system says what it used)', warmKeystrokes: `${WARM_KEYSTROKES} in each of the first ${options.warmCases} cases` },
    bitsPerByteFiles: Math.min(corpus.length, bpbFiles),
    systems,
    examples: CASE_KINDS.flatMap((k) => cases.filter((c) => c.kind === k).slice(0, 3)).map((c) => ({
      kind: c.kind,
      file: c.file,
      target: c.target,
      ...Object.fromEntries(Object.entries(outputs).map(([label, out]) => [label, out[cases.indexOf(c)]])),
    })),
    seconds: (Date.now() - started) / 1000,
  };
  const outputsFile = arg('outputs', '');
  if (outputsFile) {
    // Every case with every system's suggestion, for reading what the numbers summarise.
    writeFileSync(outputsFile, `${JSON.stringify(cases.map((c, i) => ({ ...c, ...Object.fromEntries(Object.entries(outputs).map(([label, out]) => [label, out[i]])) })))}\n`);
  }
  report(result);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
