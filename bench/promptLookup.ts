// Prompt lookup (server/completion/promptLookup.ts) against decoding one token per step, in the same
// run. Prints JSON:
//
// - steps: what a guess costs: one model step feeding 1, 2, 3, 5 or 7 tokens after 64, 300 and 700
//   cached tokens (ms p50 over --rounds rounds in which the sizes take turns), with the logits of
//   every fed token computed (as a step with guesses asks for them);
// - engine: cases cut from packages the model never saw (bench/quality/cases.ts, the unseen split of
//   the recipe's work folder) sent over LSP to two built servers per package, one with
//   hai.completion.promptLookup on and one with it off, each case to both in turn (which one first
//   alternates), as a newly opened document with other files of its package open beside it (the
//   repository level, the default settings but one context budget for both). Per setting: request ms p50 / p95, the decode's ms per
//   token (all requests' decode time over all their decoded tokens, and the median of requests that
//   decoded at least 8), tokens per model step, guessed tokens taken; then how many suggestions are
//   the same in both, the paired difference in exact match and edit similarity, and in request ms.
//
// - typing: demo/train.py (or --file) typed a character at a time from the top, with a request after
//   each keystroke, to a server with promptLookup on and one with it off, each keystroke to both (which
//   one is asked first alternates): per setting request ms p50 / p95, decode ms per token, tokens per
//   step, and how many keystrokes got the same suggestion from both.
//
// Run: npm run bench:lookup [-- --model DIR | --model git:REV] [--work DIR] [--cases N per kind] [--seed N] [--rounds N]
//        [--repeated-lines on|off] [--context-tokens N (256)] [--file FILE] [--typing on|off] [--out FILE]
import { readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ServerStatusRequest, type CompletionCounters } from '../core/protocol/serverStatus';
import { OnnxDecoder } from '../server/completion/onnxDecoder';
import { PythonSyntax } from '../server/completion/pythonSyntax';
import { ROOT } from '../scripts/paths';
import { DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, InlineCompletionRequest } from 'vscode-languageserver-protocol/node';
import { arg, type Conn, onOffArg, report, startServer } from './lspSession';
import { benchModel } from './modelRevision';
import { CASE_KINDS, makeCases, type SourceFile } from './quality/cases';
import { firstSuggestion, modelComplete } from './quality/caseRequest';
import { pairedDifference, percentile, round } from './quality/score';
import { writePackages } from './quality/workspace';

const FED = [1, 2, 3, 5, 7];
const CONTEXTS = [64, 300, 700];

/** Median ms of a step feeding n tokens after `context` cached ones, per n; the sizes take turns in each round. */
async function stepCosts(decoder: OnnxDecoder, context: number, rounds: number): Promise<Record<number, number>> {
  const token = (i: number): number => 40 + ((i * 131) % 8000);
  let state = (await decoder.forward(decoder.emptyState(), Array.from({ length: context }, (_, i) => token(i)))).state;
  const times = new Map<number, number[]>(FED.map((n) => [n, []]));
  for (let r = -1; r < rounds; r++) {
    for (const n of FED) {
      const start = performance.now();
      state = (await decoder.forward(decoder.truncate(state, context), Array.from({ length: n }, (_, i) => token(context + r + i)), n > 1)).state;
      if (r >= 0) times.get(n)!.push(performance.now() - start); // round -1 warms up
    }
  }
  return Object.fromEntries(FED.map((n) => [n, round(percentile(times.get(n)!, 50), 3)]));
}

/** Types `text` into a new document on every server at once, asking each for a suggestion after every keystroke. */
async function typePaired(conns: readonly Conn[], text: string): Promise<Sample[][]> {
  const uri = 'file:///bench/typed.py';
  for (const conn of conns) await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 0, text: '' } });
  const samples: Sample[][] = conns.map(() => []);
  let line = 0;
  let character = 0;
  for (const [k, ch] of [...text].entries()) {
    const change = { range: { start: { line, character }, end: { line, character } }, text: ch };
    for (const conn of conns) await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: k + 1 }, contentChanges: [change] });
    if (ch === '\n') {
      line++;
      character = 0;
    } else {
      character++;
    }
    const position = { line, character };
    for (const v of k % 2 === 0 ? [0, 1] : [1, 0]) {
      const conn = conns[v];
      samples[v].push(await sample(conn, async () => {
        const started = performance.now();
        const result = await conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 2 } });
        return { text: firstSuggestion(result), ms: performance.now() - started };
      }));
    }
  }
  for (const conn of conns) await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  return samples;
}

interface Sample {
  readonly text: string;
  readonly ms: number;
  readonly prefillMs: number;
  readonly decodeMs: number;
  readonly decoded: number;
  readonly guessed: number;
}

/** One case on one server, with the server's counters before and after it. */
async function sample(conn: Conn, run: () => Promise<{ text: string; ms: number }>): Promise<Sample> {
  const counters = async (): Promise<CompletionCounters | undefined> => (await conn.sendRequest(ServerStatusRequest)).completionCounters;
  const before = await counters();
  const r = await run();
  const after = await counters();
  const delta = (key: keyof CompletionCounters): number => (after?.[key] ?? 0) - (before?.[key] ?? 0);
  return { text: r.text, ms: r.ms, prefillMs: delta('prefillMs'), decodeMs: delta('decodeMs'), decoded: delta('decodeTokens'), guessed: delta('guessedTokens') };
}

/** Waits until the server has read and indexed its workspace. */
async function idle(conn: Conn): Promise<void> {
  for (;;) {
    const context = (await conn.sendRequest(ServerStatusRequest)).workspaceContext;
    if ((context?.preparing ?? 0) === 0 && context?.indexing !== true) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Request ms with the setting on minus off, case by case (or keystroke by keystroke): mean ± standard error. */
function pairedMs(on: readonly Sample[], off: readonly Sample[]): { mean: number; se: number } {
  const d = on.map((s, i) => s.ms - off[i].ms);
  const mean = d.reduce((a, x) => a + x, 0) / d.length;
  const variance = d.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, d.length - 1);
  return { mean: round(mean, 2), se: round(Math.sqrt(variance / d.length), 2) };
}

function summary(samples: readonly Sample[]) {
  const decoded = samples.reduce((a, s) => a + s.decoded, 0);
  const guessed = samples.reduce((a, s) => a + s.guessed, 0);
  const decodeMs = samples.reduce((a, s) => a + s.decodeMs, 0);
  const long = samples.filter((s) => s.decoded >= 8).map((s) => s.decodeMs / s.decoded);
  const ms = samples.map((s) => s.ms);
  return {
    requests: samples.length,
    requestMs: { p50: round(percentile(ms, 50), 1), p95: round(percentile(ms, 95), 1) },
    decodedTokens: decoded,
    // The rest of a request's time: the prefill (the same prompt either way) and everything else.
    meanPrefillMs: round(samples.reduce((a, s) => a + s.prefillMs, 0) / samples.length, 1),
    meanDecodeMs: round(decodeMs / samples.length, 1),
    decodeMsPerToken: round(decodeMs / Math.max(1, decoded), 3),
    decodeMsPerTokenMedian: { requests: long.length, ms: round(percentile(long, 50), 3) },
    // Every decoded token is a step or a guess taken (generator.ts).
    tokensPerStep: round(decoded / Math.max(1, decoded - guessed), 2),
    guessedTokens: guessed,
  };
}

async function main(): Promise<void> {
  // The model's copy (--model git:REV) and the packages written as workspaces live here until the end.
  const tmp = path.join(os.tmpdir(), `hai-bench-lookup-${process.pid}`);
  try {
    await measure(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function measure(tmp: string): Promise<void> {
  const started = Date.now();
  const model = benchModel('model', arg('model', path.join(ROOT, 'models', 'code-model')), tmp);
  const rounds = Number(arg('rounds', '12'));
  const decoder = await OnnxDecoder.load(model.onnx, model.config, 1);
  const steps: Record<string, unknown>[] = [];
  for (const context of CONTEXTS) steps.push({ context, msByTokensFed: await stepCosts(decoder, context, rounds) });
  await decoder.dispose();

  const work = path.resolve(arg('work', path.join(ROOT, '.cache', 'v2')));
  const corpus = readFileSync(path.join(work, 'corpus', 'unseen.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { package: string; path: string; text: string });
  const sources: SourceFile[] = corpus.map((d) => ({ path: `${d.package}/${d.path}`, text: d.text }));
  const syntax = await PythonSyntax.load();
  const seed = Number(arg('seed', '7'));
  const cases = makeCases(sources, Number(arg('cases', '100')), seed, (text, offset) => syntax.analyze(text, offset, false).complete, CASE_KINDS);
  const workspace = writePackages(sources, path.join(tmp, 'packages'), () => true);
  const repeatedLines = onOffArg('repeated-lines', 'on');
  // One context budget for every server: sized automatically, each would measure its own prefill
  // speed at load and two could choose differently (in a run of two servers both with the setting
  // off: 40 ms per request apart and 45 of 300 suggestions different).
  const contextTokens = Number(arg('context-tokens', '256'));
  const variants = [true, false];
  const samples: Sample[][] = variants.map(() => new Array<Sample>(cases.length));
  try {
    const byPackage = new Map<string, number[]>();
    for (const [i, c] of cases.entries()) byPackage.set(workspace.folderOf(c.file), [...(byPackage.get(workspace.folderOf(c.file)) ?? []), i]);
    for (const [folder, indices] of byPackage) {
      const servers = await Promise.all(variants.map((promptLookup) => startServer({ modelPath: model.path, repeatedLines, contextTokens, promptLookup }, [folder])));
      try {
        // Both index the package when they start: neither may still be at it while the other answers.
        for (const server of servers) await idle(server.conn);
        for (const i of indices) {
          for (const v of i % 2 === 0 ? [0, 1] : [1, 0]) {
            const conn = servers[v].conn;
            samples[v][i] = await sample(conn, () => modelComplete(conn, cases[i], i, workspace, 3, false));
          }
        }
      } finally {
        for (const s of servers) s.dispose();
      }
    }
  } finally {
    workspace.dispose();
  }
  const file = path.resolve(arg('file', path.join(ROOT, 'demo', 'train.py')));
  const typing = onOffArg('typing', 'on');
  const typingServers = !typing ? [] : await Promise.all(variants.map((promptLookup) => startServer({ modelPath: model.path, repeatedLines, contextTokens, promptLookup })));
  let typed: Sample[][] = [[], []];
  try {
    if (typing) typed = await typePaired(typingServers.map((s) => s.conn), readFileSync(file, 'utf8').replace(/\r\n/g, '\n'));
  } finally {
    for (const s of typingServers) s.dispose();
  }
  const [on, off] = samples;
  report({
    bench: 'prompt-lookup',
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
    model: { dir: model.dir, onnxBytes: model.bytes },
    steps: { note: 'ms p50 of one step feeding n tokens (logits for all of them), one inference thread', rounds, rows: steps },
    engine: {
      cases: { ...Object.fromEntries(CASE_KINDS.map((k) => [k, cases.filter((c) => c.kind === k).length])), seed, packages: new Set(cases.map((c) => c.file.split('/')[0])).size },
      repeatedLines,
      contextTokens,
      promptLookupOn: summary(on),
      promptLookupOff: summary(off),
      sameSuggestion: on.filter((s, i) => s.text === off[i].text).length,
      requestMsOnMinusOff: pairedMs(on, off),
      pairedOnMinusOff: pairedDifference(cases, off.map((s) => s.text), on.map((s) => s.text)),
    },
    typing: !typing ? 'off' : {
      file: path.relative(ROOT, file),
      promptLookupOn: summary(typed[0]),
      promptLookupOff: summary(typed[1]),
      sameSuggestion: typed[0].filter((t, i) => t.text === typed[1][i].text).length,
      requestMsOnMinusOff: pairedMs(typed[0], typed[1]),
    },
    seconds: (Date.now() - started) / 1000,
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
