// Inline completion in huge documents (issue 14, item 10), over LSP against built servers with the
// shipped code model: (a) a 50 MB Python document, typing in its middle; (b) a line of 5 million
// characters, typing in its middle. For each: the first request's time, then per-keystroke latency
// (p50/p95) over 30 edits, and the server's resident memory read from /proc/<pid>/status (VmRSS now,
// VmHWM the peak). Each server build named is measured in the same run, so that a fix can be
// compared with the code before it; requests time out instead of hanging the bench.
// Run: npm run bench:bigdoc [-- --baseline /tmp/hai-base/dist/server.js] [--edits 30] [--out FILE]
import { type ChildProcess, spawn } from 'node:child_process';
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
  type Position,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { ROOT } from '../scripts/paths';
import { arg, type Conn, percentile, report } from './lspSession';

/** The targets: the normal typing budget on this 2-core machine, and memory. */
const TARGETS = { p95: 200, rssMiB: 400 };
/** Beyond these a request counts as timed out; a phase stops at its first timeout (the server is still busy). */
const FIRST_TIMEOUT_MS = 60_000;
const KEYSTROKE_TIMEOUT_MS = 10_000;

interface Case {
  readonly name: string;
  readonly text: string;
  /** Where the typing starts. */
  readonly cursor: Position;
  /** What is typed there, one character per edit. */
  readonly typed: string;
}

/** (a) Real model code repeated to 50 MB; typing a new line in the middle of the document. */
function fiftyMegabytes(): Case {
  const code = ['demo/model.py', 'demo/train.py'].map((f) => readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
  const parts: string[] = [];
  let length = 0;
  while (length < 50e6) {
    parts.push(code);
    length += code.length + 1;
  }
  const half = Math.floor(parts.length / 2);
  // The cursor: an empty line inside a function body, halfway down.
  const before = parts.slice(0, half).join('\n');
  const text = `${before}\ndef head(x):\n    \n    return x\n${parts.slice(half).join('\n')}`;
  const line = before.split('\n').length + 1;
  return { name: '50 MB document', text, cursor: { line, character: 4 }, typed: 'x = torch.relu(self.fc1(x)) + 1' };
}

/** (b) A data line of 5 million characters in a small module; typing in its middle. */
function fiveMillionCharacterLine(): Case {
  const numbers: string[] = [];
  let length = 0;
  for (let i = 0; length < 5e6; i++) {
    const n = `${((i * 7919) % 100003) / 1000}, `;
    numbers.push(n);
    length += n.length;
  }
  const half = Math.floor(numbers.length / 2);
  const head = 'import torch\n\n';
  const lineStart = `WEIGHTS = [${numbers.slice(0, half).join('')}`;
  const text = `${head}${lineStart}${numbers.slice(half).join('')}0.0]\n\nmodel = torch.nn.Linear(4, 4)\n`;
  return { name: '5M-character line', text, cursor: { line: 2, character: lineStart.length }, typed: '0.125, 3.5, 42.0, 7.75, 1.0, 9' };
}

async function startServer(serverJs: string): Promise<{ conn: Conn; proc: ChildProcess; dispose: () => void }> {
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { cwd: path.dirname(path.dirname(serverJs)), stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const completion = { modelPath: path.join(ROOT, 'models', 'code-model'), threads: 0 };
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => completion));
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.listen();
  const dispose = (): void => {
    conn.dispose();
    proc.kill('SIGKILL');
  };
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification(InitializedNotification.type, {});
  for (;;) {
    const model = (await conn.sendRequest(ServerStatusRequest)).completionModel;
    if (model.state === 'loaded') break;
    if (model.state === 'error') throw new Error(`${serverJs}: the model did not load: ${model.message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { conn, proc, dispose };
}

/** VmRSS and VmHWM of a process, in MiB. */
function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

/**
 * Milliseconds the request took, or undefined when it did not answer within `timeoutMs`; an error
 * response (the server failed) is reported with its message, and its time.
 */
async function timedRequest(conn: Conn, uri: string, position: Position, timeoutMs: number): Promise<{ ms?: number; suggestion?: string; error?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const request = conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 2 } });
  const answer = await Promise.race([request.catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) })), timeout]);
  clearTimeout(timer);
  if (answer === 'timeout') return {};
  if (answer && 'error' in answer) return { ms: performance.now() - started, error: answer.error };
  const item = answer && 'items' in answer ? answer.items[0] : undefined;
  return { ms: performance.now() - started, suggestion: item ? String(item.insertText) : '' };
}

async function measure(serverJs: string, c: Case, edits: number) {
  const server = await startServer(serverJs);
  const round = (x: number): number => Math.round(x * 10) / 10;
  try {
    const uri = `file:///bench/${c.name.replace(/\W+/g, '-')}.py`;
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 0, text: c.text } });
    const first = await timedRequest(server.conn, uri, c.cursor, FIRST_TIMEOUT_MS);
    const latencies: number[] = [];
    const suggestions = new Set<string>();
    const errors = new Set<string>(first.error ? [first.error] : []);
    let failed = first.error ? 1 : 0;
    let timedOut = first.ms === undefined;
    for (let i = 0; i < edits && !timedOut; i++) {
      const at = { line: c.cursor.line, character: c.cursor.character + i };
      await server.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: i + 1 },
        contentChanges: [{ range: { start: at, end: at }, text: c.typed[i % c.typed.length] }],
      });
      const r = await timedRequest(server.conn, uri, { line: at.line, character: at.character + 1 }, KEYSTROKE_TIMEOUT_MS);
      if (r.ms === undefined) timedOut = true;
      else latencies.push(r.ms);
      if (r.error) {
        failed++;
        errors.add(r.error);
      }
      if (r.suggestion) suggestions.add(r.suggestion);
    }
    const memory = memoryMiB(server.proc.pid!);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p95 = sorted.length ? percentile(sorted, 95) : undefined;
    return {
      firstRequestMs: first.ms === undefined ? `timed out after ${FIRST_TIMEOUT_MS} ms` : round(first.ms),
      keystrokes: latencies.length,
      timedOut: timedOut ? `a request did not answer within ${first.ms === undefined ? FIRST_TIMEOUT_MS : KEYSTROKE_TIMEOUT_MS} ms; the phase stopped there` : false,
      p50: sorted.length ? round(percentile(sorted, 50)) : null,
      p95: p95 === undefined ? null : round(p95),
      max: sorted.length ? round(sorted[sorted.length - 1]) : null,
      nonEmptySuggestions: suggestions.size,
      errorResponses: failed,
      errors: [...errors],
      serverRssMiB: memory.rss,
      serverPeakRssMiB: memory.peak,
      meetsTargets: { p95: !timedOut && failed === 0 && p95 !== undefined && p95 <= TARGETS.p95, rss: memory.rss < TARGETS.rssMiB },
    };
  } finally {
    server.dispose();
  }
}

async function main(): Promise<void> {
  const edits = Number(arg('edits', '30'));
  const servers: Record<string, string> = { current: path.join(ROOT, 'dist', 'server.js') };
  const baseline = arg('baseline', '');
  if (baseline) servers.baseline = path.resolve(baseline);
  const cases = [fiftyMegabytes(), fiveMillionCharacterLine()];
  const results: Record<string, Record<string, unknown>> = {};
  for (const [label, serverJs] of Object.entries(servers)) {
    results[label] = { server: serverJs };
    for (const c of cases) {
      results[label][c.name] = await measure(serverJs, c, edits);
      console.error(`${label} / ${c.name}: ${JSON.stringify(results[label][c.name])}`);
    }
  }
  report({
    bench: 'bigDocument',
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
    model: 'models/code-model',
    documents: Object.fromEntries(cases.map((c) => [c.name, { characters: c.text.length, lines: c.text.split('\n').length }])),
    edits,
    results,
    targets: { ...TARGETS, note: 'warm p95 per keystroke in ms (after the first request); server RSS in MiB' },
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
