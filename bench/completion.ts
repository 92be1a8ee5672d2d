// Replays the typing of a real Python file, one character at a time, over LSP against the built
// server (dist/server.js) and prints JSON: request → response latency percentiles, mean tokens
// prefilled per request (KV-cache reuse), prefill and decode tokens/s, and the server's memory.
// Run: npm run bench:completion [-- --model DIR] [-- --file FILE] [-- --threads N]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  InlineCompletionRequest,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { ROOT } from '../scripts/paths';

/** The targets on this 2-core machine. */
const TARGETS = { p50: 80, p95: 200, meanPrefillTokens: 3 };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const model = path.resolve(arg('model', path.join(ROOT, 'test', 'fixtures', 'tiny-code-model')));
  const file = path.resolve(arg('file', path.join(ROOT, 'demo', 'train.py')));
  const threads = Number(arg('threads', '0'));
  const text = readFileSync(file, 'utf8');
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({ modelPath: model, threads })));
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.listen();
  try {
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    let status = await conn.sendRequest(ServerStatusRequest);
    while (status.completionModel.state === 'none' || status.completionModel.state === 'loading') {
      await new Promise((r) => setTimeout(r, 50));
      status = await conn.sendRequest(ServerStatusRequest);
    }
    if (status.completionModel.state !== 'loaded') throw new Error(JSON.stringify(status.completionModel));
    const uri = 'file:///bench/typed.py';
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 0, text: '' } });
    const latencies: number[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      await conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: i + 1 },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
      });
      if (ch === '\n') {
        line++;
        character = 0;
      } else {
        character++;
      }
      const started = performance.now();
      await conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position: { line, character }, context: { triggerKind: 2 } });
      latencies.push(performance.now() - started);
    }
    const final = await conn.sendRequest(ServerStatusRequest);
    const c = final.completionCounters!;
    const sorted = [...latencies].sort((a, b) => a - b);
    const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
    const result = {
      bench: 'completion',
      machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
      model: { ...final.completionModel },
      file: path.relative(ROOT, file),
      requests: latencies.length,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      meanPrefillTokens: round(c.prefillTokens / c.requests, 2),
      prefillTokensPerSecond: round(c.prefillTokens / (c.prefillMs / 1000), 0),
      decodeTokensPerSecond: c.decodeMs > 0 ? round(c.decodeTokens / (c.decodeMs / 1000), 0) : null,
      meanDecodedTokens: round(c.decodeTokens / c.requests, 2),
      serverRssMiB: round(final.rssBytes / 1024 / 1024),
      targets: TARGETS,
      meetsTargets: {
        p50: percentile(sorted, 50) <= TARGETS.p50,
        p95: percentile(sorted, 95) <= TARGETS.p95,
        meanPrefillTokens: c.prefillTokens / c.requests <= TARGETS.meanPrefillTokens,
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    conn.dispose();
    proc.kill();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
