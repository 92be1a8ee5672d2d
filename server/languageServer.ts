// The HAI language server's wiring, independent of the transport so that unit tests can drive it
// over in-memory streams and server/main.ts over stdio.
import {
  type Connection,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionModelState } from '../core/protocol/serverStatus';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { buildServerStatus } from './serverStatus';

export interface ServerOptions {
  readonly version: string;
  readonly now?: () => number;
}

export function startLanguageServer(connection: Connection, options: ServerOptions): void {
  const now = options.now ?? Date.now;
  const startedAt = now();
  // No completion model is loaded until the completion-engine issue lands; the status says so.
  const completionModel: CompletionModelState = { state: 'none' };
  const documents = new TextDocuments(TextDocument);

  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { resolveProvider: false, triggerCharacters: ['.'] },
        inlineCompletionProvider: true,
      },
      serverInfo: { name: 'HAI language server', version: options.version },
    }),
  );

  connection.onRequest(ServerStatusRequest, () =>
    buildServerStatus({ version: options.version, startedAt, now, completionModel: () => completionModel }),
  );

  // Snippets and model completions arrive with later issues; until then both answer with nothing,
  // which the editor shows as "no suggestions" rather than an error.
  connection.onCompletion(() => ({ isIncomplete: false, items: [] }));
  connection.languages.inlineCompletion.on(() => ({ items: [] }));

  documents.listen(connection);
  connection.listen();
}
