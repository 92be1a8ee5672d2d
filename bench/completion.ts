// Replays the typing of a real Python file, one character at a time, over LSP against the built
// server (dist/server.js) and prints JSON: request → response latency percentiles, mean tokens
// prefilled per request (KV-cache reuse), prefill and decode tokens/s, and the server's memory.
// Two replays: typing the file from the top (nothing after the cursor: left-to-right prompts), and
// typing its first half in front of its second half (text after the cursor: fill-in-the-middle).
// The model is the built-in one (models/code-model) unless --model names another folder.
// --line-ends crlf: the file with Windows line ends, Enter typed as one "\r\n" keystroke.
// --repeated-lines off: hai.completion.repeatedLines off, every suggestion the model's (on, the
// default, answers a line the file has written before with no model run; "repeatedLines" counts them).
// --prompt-lookup off: hai.completion.promptLookup off, one token per model step (on, the default,
// feeds guesses from the prompt with each step: server/completion/promptLookup.ts).
// Run: npm run bench:completion [-- --model DIR] [--file FILE] [--threads N] [--fim-order psm|spm] [--chars N]
//        [--line-ends lf|crlf] [--repeated-lines on|off] [--prompt-lookup on|off] [--out FILE]
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, InlineCompletionRequest } from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { ROOT } from '../scripts/paths';
import { arg, type Conn, onOffArg, percentile, report, startServer } from './lspSession';

/** The targets on this 2-core machine. */
const TARGETS = { p50: 80, p95: 200, meanPrefillTokens: 3 };

async function main(): Promise<void> {
  const model = path.resolve(arg('model', path.join(ROOT, 'models', 'code-model')));
  const file = path.resolve(arg('file', path.join(ROOT, 'demo', 'train.py')));
  const threads = Number(arg('threads', '0'));
  const fimOrder = arg('fim-order', 'auto');
  // Large files: type only this many characters of each replay (the rest of the file is still there).
  const maxChars = Number(arg('chars', '0')) || Number.POSITIVE_INFINITY;
  const lineEnds = arg('line-ends', 'lf');
  if (lineEnds !== 'lf' && lineEnds !== 'crlf') throw new Error(`--line-ends ${lineEnds}: lf or crlf`);
  const lf = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const text = lineEnds === 'crlf' ? lf.replace(/\n/g, '\r\n') : lf;
  const repeatedLines = onOffArg('repeated-lines', 'on');
  const promptLookup = onOffArg('prompt-lookup', 'on');
  const session = await startServer({ modelPath: model, threads, fimOrder, repeatedLines, promptLookup });
  const { conn } = session;
  try {
    const half = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
    const firstHalf = text.slice(0, half);
    const typedInMiddle = firstHalf.slice(Math.max(0, firstHalf.length - maxChars));
    const atEnd = await replay(conn, 'file:///bench/end.py', text.slice(0, maxChars), '', '');
    // Closed before the second replay: a copy of the file open beside it would answer its lines.
    await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: 'file:///bench/end.py' } });
    const inMiddle = await replay(conn, 'file:///bench/middle.py', typedInMiddle, firstHalf.slice(0, firstHalf.length - typedInMiddle.length), text.slice(half));
    const final = await conn.sendRequest(ServerStatusRequest);
    const result = {
      bench: 'completion',
      machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
      model: { ...final.completionModel },
      file: path.relative(ROOT, file),
      lineEnds,
      repeatedLines: repeatedLines ? 'on' : 'off',
      promptLookup: promptLookup ? 'on' : 'off',
      typingAtEnd: atEnd,
      typingInMiddle: inMiddle,
      serverRssMiB: Math.round(final.rssBytes / 1024 / 1024),
      targets: TARGETS,
    };
    report(result);
  } finally {
    session.dispose();
  }
}

/**
 * Types `typed` one character at a time between `lead` and `after`, asking for a completion after
 * each keystroke.
 */
async function replay(conn: Conn, uri: string, typed: string, lead: string, after: string) {
  const before = (await conn.sendRequest(ServerStatusRequest)).completionCounters;
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 0, text: lead + after } });
  const latencies: number[] = [];
  let line = lead.split('\n').length - 1;
  let character = lead.length - (lead.lastIndexOf('\n') + 1);
  // One keystroke each: a character, or a Windows line end as Enter types it.
  const keys = typed.match(/\r\n|[\s\S]/g) ?? [];
  for (let i = 0; i < keys.length; i++) {
    const ch = keys[i];
    await conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: i + 1 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
    });
    if (ch.endsWith('\n')) {
      line++;
      character = 0;
    } else {
      character++;
    }
    const started = performance.now();
    await conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position: { line, character }, context: { triggerKind: 2 } });
    latencies.push(performance.now() - started);
  }
  const now = (await conn.sendRequest(ServerStatusRequest)).completionCounters!;
  const c = {
    requests: now.requests - (before?.requests ?? 0),
    prefillTokens: now.prefillTokens - (before?.prefillTokens ?? 0),
    prefillMs: now.prefillMs - (before?.prefillMs ?? 0),
    decodeTokens: now.decodeTokens - (before?.decodeTokens ?? 0),
    decodeMs: now.decodeMs - (before?.decodeMs ?? 0),
    repeatedLines: now.repeatedLines - (before?.repeatedLines ?? 0),
    guessedTokens: now.guessedTokens - (before?.guessedTokens ?? 0),
  };
  // Requests the model answered (a repeated line runs no model; declined requests count in neither).
  const modelRuns = c.requests - c.repeatedLines;
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const meanPrefill = c.prefillTokens / modelRuns;
  return {
    requests: latencies.length,
    modelRuns,
    repeatedLines: c.repeatedLines,
    p50: round(p50),
    p95: round(p95),
    p99: round(percentile(sorted, 99)),
    meanPrefillTokens: round(meanPrefill, 2),
    prefillTokensPerSecond: round(c.prefillTokens / (c.prefillMs / 1000), 0),
    decodeTokensPerSecond: c.decodeMs > 0 ? round(c.decodeTokens / (c.decodeMs / 1000), 0) : null,
    meanDecodedTokens: round(c.decodeTokens / modelRuns, 2),
    guessedTokens: c.guessedTokens,
    meetsTargets: { p50: p50 <= TARGETS.p50, p95: p95 <= TARGETS.p95, meanPrefillTokens: meanPrefill <= TARGETS.meanPrefillTokens },
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
