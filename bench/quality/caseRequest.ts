// One evaluation case sent to a language server as a user's editor would send it (bench:quality,
// bench:lookup): the document opened (at the repository level with other files of its package beside
// it, once the server has read them), a first request, optionally a few keystrokes typed with a
// request after each, and the documents closed again.
import { pathToFileURL } from 'node:url';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InlineCompletionRequest,
} from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../../core/protocol/serverStatus';
import type { Conn } from '../lspSession';
import type { EvalCase } from './cases';
import type { PackageWorkspace } from './workspace';

/** Keystrokes typed after a case's first request, each answered warm (the document's cache holds the rest). */
export const WARM_KEYSTROKES = 4;

/** The first inline suggestion's text in an LSP answer ('' when none). */
export function firstSuggestion(result: unknown): string {
  const items = Array.isArray(result) ? result : ((result as { items?: unknown[] } | null)?.items ?? []);
  const first = (items[0] as { insertText?: string | { value: string } } | undefined)?.insertText;
  return typeof first === 'string' ? first : (first?.value ?? '');
}

/**
 * One case: its document opened (in the repository setting at its place in the package, with other
 * files of the package open beside it), a first request (cold), then, when `typing`, the target typed
 * a character at a time with a request after each (warm).
 */
export async function modelComplete(conn: Conn, c: EvalCase, i: number, ws: PackageWorkspace | undefined, open: number, typing: boolean) {
  const uri = ws ? pathToFileURL(ws.fileOf(c.file)).href : `file:///eval/case${i}.py`;
  const beside = ws ? ws.openBeside(c.file, open, i + 1).map((f) => ({ uri: pathToFileURL(ws.fileOf(f.path)).href, text: f.text })) : [];
  for (const b of beside) await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: b.uri, languageId: 'python', version: 0, text: b.text } });
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 0, text: c.prefix + c.suffix } });
  // A user looks at a file before typing in it: what the server reads and counts for it (in idle
  // time) is done before the first request, as it would be.
  if (ws) {
    const busy = (context: { preparing: number; indexing?: boolean } | undefined) => (context?.preparing ?? 0) > 0 || context?.indexing === true;
    while (busy((await conn.sendRequest(ServerStatusRequest)).workspaceContext)) await new Promise((r) => setTimeout(r, 5));
  }
  const line = c.prefix.split('\n').length - 1;
  let character = c.prefix.length - (c.prefix.lastIndexOf('\n') + 1);
  const ask = () => conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position: { line, character }, context: { triggerKind: 1 } });
  const started = performance.now();
  const text = firstSuggestion(await ask());
  const ms = performance.now() - started;
  const warmMs: number[] = [];
  if (typing) {
    for (const [k, ch] of [...c.target.slice(0, WARM_KEYSTROKES)].entries()) {
      if (ch === '\n') break;
      await conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: k + 1 },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
      });
      character++;
      const t = performance.now();
      await ask();
      warmMs.push(performance.now() - t);
    }
  }
  for (const d of [{ uri }, ...beside]) await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: d.uri } });
  return { text, ms, warmMs };
}

