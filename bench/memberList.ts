// The suggest widget's list of names (server/completion/memberCompletions.ts) as a user meets it, at
// the places of bench:argparse's marked scripts (`args.`, `cfg.data.`, `events.`, `tree["`): the
// cursor right after the dot or the quote, the name not typed yet. The editor selects the list's first
// item and shows only ghost text that begins it, so the item first in the list is what the user sees
// offered. Counted per place: whether that item is the name the script goes on with, against the first
// item in the list's own order (labels sorted, taken columns last: what the editor selected before the
// list put the model's name first); and how long the list took (it waits for the model's suggestion,
// at most 400 ms): each document newly opened (cold), and with the dot or quote typed as the last
// keystroke after a request just before it (warm: the prompt in the KV cache, as typing leaves it).
// Prints JSON. Run: npm run bench:list [-- --context-tokens N] [--out FILE]
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CompletionItem, CompletionRequest, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, InlineCompletionRequest } from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { ROOT } from '../scripts/paths';
import { keyPlaceAt } from '../server/completion/keyNames';
import { type Case, caseWorkspace, readDataFiles } from './argparseNames';
import { arg, type Conn, percentile, report, startServer } from './lspSession';

/** The place right after the dot or the key's quote before a case's name, the name typed there so far taken out; undefined where no list is offered (no dot or quote before the name). */
function listPlace(c: Case): { readonly prefix: string; readonly name: string } | undefined {
  const line = c.prefix.slice(c.prefix.lastIndexOf('\n') + 1);
  const key = keyPlaceAt(line);
  const start = key?.quote !== undefined ? key.start : /\.(\w*)$/.exec(line)?.[1];
  return start === undefined ? undefined : { prefix: c.prefix.slice(0, c.prefix.length - start.length), name: start + c.want };
}

/** The position at the end of `text`. */
const endOf = (text: string) => {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
};

/** The list at the end of `prefix` in `uri` (`text` open there), and how long it took. */
async function listAt(conn: Conn, uri: string, prefix: string): Promise<{ items: CompletionItem[]; ms: number }> {
  const started = performance.now();
  const list = await conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: endOf(prefix) });
  const ms = performance.now() - started;
  return { items: Array.isArray(list) ? list : (list?.items ?? []), ms };
}

const bySort = (a: CompletionItem, b: CompletionItem): number => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label);
/** The first item in the list's own order before it put the model's name first: labels sorted, taken columns (sortText `3…`) last. */
const firstByLabel = (items: readonly CompletionItem[]): string | undefined =>
  [...items].sort((a, b) => Number(a.sortText?.startsWith('3') ?? false) - Number(b.sortText?.startsWith('3') ?? false) || a.label.localeCompare(b.label))[0]?.label;

async function main(): Promise<void> {
  const { root, files, cases, done } = caseWorkspace();
  const contextTokens = Number(arg('context-tokens', '0'));
  const session = await startServer({ modelPath: path.join(ROOT, 'models', 'code-model'), threads: 1, projectNames: true, contextTokens }, [root]);
  try {
    await readDataFiles(session.conn, root, files.filter((f) => f.startsWith('data_analysis') && f.endsWith('.py')));
    const places: { file: string; at: string; want: string; first: string | undefined; firstByLabel: string | undefined; items: number; coldMs: number; warmMs: number }[] = [];
    for (const c of cases) {
      const place = listPlace(c);
      if (!place) continue;
      const uri = pathToFileURL(path.join(root, c.file)).href;
      const text = place.prefix + c.suffix;
      // Cold: the document just opened.
      await session.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
      const cold = await listAt(session.conn, uri, place.prefix);
      await session.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      // Warm: typed there, the dot (or quote) the last keystroke; the request before it left the prompt in the KV cache.
      const before = place.prefix.slice(0, -1);
      await session.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: before + c.suffix } });
      await session.conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position: endOf(before), context: { triggerKind: 2 } });
      await session.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
      const warm = await listAt(session.conn, uri, place.prefix);
      await session.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      if (warm.items.length === 0) continue;
      places.push({
        file: c.file,
        at: place.prefix.split('\n').pop()!.trim(),
        want: place.name,
        first: [...warm.items].sort(bySort)[0]?.label,
        firstByLabel: firstByLabel(warm.items),
        items: warm.items.length,
        coldMs: Math.round(cold.ms),
        warmMs: Math.round(warm.ms),
      });
    }
    const ms = (key: 'coldMs' | 'warmMs') => {
      const sorted = places.map((p) => p[key]).sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
    };
    const contextTokensUsed = (await session.conn.sendRequest(ServerStatusRequest)).workspaceContext?.tokens;
    report({
      bench: 'member-list',
      contextTokens: contextTokensUsed,
      places: places.length,
      firstIsWanted: places.filter((p) => p.first === p.want).length,
      firstByLabelIsWanted: places.filter((p) => p.firstByLabel === p.want).length,
      listMs: { cold: ms('coldMs'), warm: ms('warmMs') },
      answers: places,
    });
  } finally {
    session.dispose();
    done();
  }
}

if (require.main === module) {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
