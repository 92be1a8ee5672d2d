// Quality of the default code model, measured as users get it: cases cut from held-out files are
// sent to the built language server (inline completion over LSP, with the engine's prompting, token
// healing and post-processing), and the same cases go through a 4-gram baseline counted on the same
// training tokens (bench/quality/ngram.ts), so the numbers mean something. Prints JSON:
//
// - held-out bits per byte of the shipped ONNX model (run by onnxruntime, as the server runs it) and
//   of the 4-gram, over every held-out file in chunks of the model's context;
// - next-line exact match and edit similarity of the first line; fill-in-the-middle exact match.
//
// Needs the recipe's work folder (corpus and tokens; `npm run model:corpus` builds them).
// Run: npm run bench:quality [-- --model DIR] [--work DIR] [--cases N] [--seed N] [--bpb-files N] [--out FILE]
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { distance } from 'fastest-levenshtein';
import { DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, InlineCompletionRequest } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../scripts/paths';
import { CodeTokenizer } from '../server/completion/codeTokenizer';
import { readDecoderConfig } from '../server/completion/modelConfig';
import { findModelFiles } from '../server/completion/modelFiles';
import { OnnxDecoder } from '../server/completion/onnxDecoder';
import { PythonSyntax } from '../server/completion/pythonSyntax';
import { arg, type Conn, report, startServer } from './lspSession';
import { type EvalCase, makeCases, type SourceFile } from './quality/cases';
import { NGramModel } from './quality/ngram';

const EOT = 0;

// Each mean with its standard error (sd / sqrt(n)): two models' figures are "within noise" when
// they differ by less than about two of these.
interface KindScores {
  exactMatch: number;
  exactMatchSE: number;
  editSimilarity: number;
  editSimilaritySE: number;
}
interface Scores {
  nextLine: KindScores;
  fim: KindScores;
}

export function editSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

function score(cases: readonly EvalCase[], outputs: readonly string[]): Scores {
  const agg = (kind: EvalCase['kind']) => {
    const idx = cases.map((c, i) => (c.kind === kind ? i : -1)).filter((i) => i >= 0);
    const pairs = idx.map((i) => [kind === 'next-line' ? outputs[i].split('\n')[0].trimEnd() : outputs[i].trimEnd(), cases[i].target.trimEnd()]);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
    const se = (xs: number[]) => {
      if (xs.length < 2) return 0;
      const m = mean(xs);
      return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
    };
    const exact = pairs.map(([got, want]) => (got === want ? 1 : 0));
    const similar = pairs.map(([got, want]) => editSimilarity(got, want));
    return {
      exactMatch: round(mean(exact), 4),
      exactMatchSE: round(se(exact), 4),
      editSimilarity: round(mean(similar), 4),
      editSimilaritySE: round(se(similar), 4),
    };
  };
  return { nextLine: agg('next-line'), fim: agg('fim') };
}

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

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
async function bitsPerByte(decoder: OnnxDecoder, ngram: NGramModel, work: string, context: number, vocab: number, maxFiles: number) {
  const tokens = readTokens(path.join(work, 'tokens', 'heldout.bin'));
  const docs = (JSON.parse(readFileSync(path.join(work, 'tokens', 'heldout.docs.json'), 'utf8')) as { offset: number; length: number }[]).slice(0, maxFiles);
  const texts = readJsonl<{ text: string }>(path.join(work, 'corpus', 'heldout.jsonl')).slice(0, maxFiles);
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
        ngramNats -= Math.log(ngram.probability(chunk.slice(Math.max(0, t - 3), t), chunk[t]));
      }
    }
  }
  return { bytes, model: round(modelNats / Math.LN2 / bytes, 4), ngram: round(ngramNats / Math.LN2 / bytes, 4) };
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
  if (c.kind === 'fim') {
    // Left to right it cannot see the suffix; stop it where the rest of the line begins, if it writes that.
    const rest = c.suffix.split('\n')[0].slice(0, 8);
    const at = rest ? line.indexOf(rest) : -1;
    if (at >= 0) line = line.slice(0, at);
  }
  return line;
}

async function modelComplete(conn: Conn, c: EvalCase, i: number): Promise<{ text: string; ms: number }> {
  const uri = `file:///eval/case${i}.py`;
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 0, text: c.prefix + c.suffix } });
  const line = c.prefix.split('\n').length - 1;
  const character = c.prefix.length - (c.prefix.lastIndexOf('\n') + 1);
  const started = performance.now();
  const result = await conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position: { line, character }, context: { triggerKind: 1 } });
  const ms = performance.now() - started;
  await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  const first = items[0]?.insertText;
  return { text: typeof first === 'string' ? first : (first?.value ?? ''), ms };
}

async function main(): Promise<void> {
  const started = Date.now();
  const modelDir = path.resolve(arg('model', path.join(ROOT, 'models', 'code-model')));
  const work = path.resolve(arg('work', path.join(ROOT, '.cache', 'code-model')));
  const perKind = Number(arg('cases', '200'));
  const seed = Number(arg('seed', '7'));
  const threads = Number(arg('threads', '0'));
  const files = findModelFiles(modelDir, 'auto');
  const config = readDecoderConfig(files.config);
  const tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
  const texts = tokenizer.tokenTexts(config.vocabSize);

  const syntax = await PythonSyntax.load();
  const heldout = readJsonl<{ path: string; text: string }>(path.join(work, 'corpus', 'heldout.jsonl'));
  const sources: SourceFile[] = heldout.map((d) => ({ path: d.path, text: d.text }));
  const cases = makeCases(sources, perKind, seed, (text, offset) => syntax.analyze(text, offset, false).complete);

  const ngramStarted = Date.now();
  const ngram = new NGramModel(readTokens(path.join(work, 'tokens', 'train.bin')), config.vocabSize, 4);
  const ngramSeconds = (Date.now() - ngramStarted) / 1000;

  const decoder = await OnnxDecoder.load(files.onnx, config, threads > 0 ? threads : Math.max(1, os.availableParallelism() - 1));
  const bpb = await bitsPerByte(decoder, ngram, work, config.maxPositions ?? 512, config.vocabSize, Number(arg('bpb-files', '0')) || Infinity);
  await decoder.dispose();

  const session = await startServer({ modelPath: modelDir, threads });
  const modelOut: string[] = [];
  const latencies: number[] = [];
  try {
    for (const [i, c] of cases.entries()) {
      const { text, ms } = await modelComplete(session.conn, c, i);
      modelOut.push(text);
      latencies.push(ms);
    }
  } finally {
    session.dispose();
  }
  const ngramOut = cases.map((c) => ngramComplete(ngram, tokenizer, texts, c));
  const model = score(cases, modelOut);
  const baseline = score(cases, ngramOut);
  const result = {
    bench: 'code-quality',
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
    model: { dir: path.relative(ROOT, modelDir), file: path.relative(modelDir, files.onnx), bytes: files.bytes },
    heldoutFiles: Math.min(heldout.length, Number(arg('bpb-files', '0')) || Infinity),
    heldoutBytes: bpb.bytes,
    cases: { nextLine: cases.filter((c) => c.kind === 'next-line').length, fim: cases.filter((c) => c.kind === 'fim').length, seed },
    codeModel: { bitsPerByte: bpb.model, ...model, meanLatencyMs: round(latencies.reduce((s, x) => s + x, 0) / latencies.length, 1) },
    ngram4: { bitsPerByte: bpb.ngram, ...baseline, ...ngram.sizes(), buildSeconds: ngramSeconds },
    aboveBaseline: {
      bitsPerByte: bpb.model < bpb.ngram,
      nextLineExactMatch: model.nextLine.exactMatch > baseline.nextLine.exactMatch,
      nextLineEditSimilarity: model.nextLine.editSimilarity > baseline.nextLine.editSimilarity,
      fimExactMatch: model.fim.exactMatch > baseline.fim.exactMatch,
    },
    examples: cases.slice(0, 3).concat(cases.slice(perKind, perKind + 3)).map((c) => {
      const i = cases.indexOf(c);
      return { kind: c.kind, file: c.file, target: c.target, codeModel: modelOut[i], ngram4: ngramOut[i] };
    }),
    seconds: (Date.now() - started) / 1000,
  };
  report(result);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
