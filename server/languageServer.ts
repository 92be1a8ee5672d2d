// The HAI language server's wiring, independent of the transport so that unit tests can drive it
// over in-memory streams and server/main.ts over stdio.
import {
  type Connection,
  DidChangeConfigurationNotification,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerStatusChangedNotification, ServerStatusRequest } from '../core/protocol/serverStatus';
import { CompletionEngine } from './completion/completionEngine';
import { engineSettingsFrom } from './completion/engineSettings';
import { buildServerStatus } from './serverStatus';

export interface ServerOptions {
  readonly version: string;
  readonly now?: () => number;
  /** The folder of the code model shipped with the extension, used when hai.completion.modelPath is empty. */
  readonly builtInModelDir?: string;
}

export function startLanguageServer(connection: Connection, options: ServerOptions): void {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const documents = new TextDocuments(TextDocument);
  const engine = new CompletionEngine(
    (message) => connection.console.info(message),
    () => void connection.sendNotification(ServerStatusChangedNotification),
    options.builtInModelDir,
  );
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;

  connection.onInitialize((params): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { resolveProvider: false, triggerCharacters: ['.'] },
        inlineCompletionProvider: true,
      },
      serverInfo: { name: 'HAI language server', version: options.version },
    };
  });

  /** Reads `hai.completion` from the client and (re)loads the model when it changed. */
  const applySettings = async (): Promise<void> => {
    const section: unknown = canPullConfiguration ? await connection.workspace.getConfiguration('hai.completion') : undefined;
    await engine.configure(engineSettingsFrom(section));
  };

  connection.onInitialized(() => {
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'hai' });
    void applySettings();
  });
  connection.onDidChangeConfiguration(() => void applySettings());

  connection.onRequest(ServerStatusRequest, () =>
    buildServerStatus({
      version: options.version,
      startedAt,
      now,
      completionModel: () => engine.modelState(),
      completionLatency: () => engine.latencySummary(),
      completionCounters: () => engine.counters(),
    }),
  );

  // Snippets arrive with a later issue; until then ordinary completion answers with nothing.
  connection.onCompletion(() => ({ isIncomplete: false, items: [] }));

  connection.languages.inlineCompletion.on(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return { items: [] };
    const text = document.getText();
    const offset = document.offsetAt(params.position);
    const result = await engine.complete(document.uri, text.slice(0, offset), text.slice(offset), () => token.isCancellationRequested);
    if (!result || result.text === '') return { items: [] };
    return {
      items: [{ insertText: result.text, range: { start: params.position, end: params.position } }],
    };
  });

  documents.onDidClose((event) => engine.forget(event.document.uri));
  connection.onShutdown(() => engine.dispose());
  documents.listen(connection);
  connection.listen();
}
