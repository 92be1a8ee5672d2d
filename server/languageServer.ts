// The HAI language server's wiring, independent of the transport so that unit tests can drive it
// over in-memory streams and server/main.ts over stdio.
import {
  type CancellationToken,
  type CompletionItem,
  CompletionItemKind,
  type CompletionParams,
  type Connection,
  DidChangeConfigurationNotification,
  type Disposable,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  WatchKind,
  type InitializeResult,
  NotebookDocuments,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { ServerStatusChangedNotification, ServerStatusRequest } from '../core/protocol/serverStatus';
import { WarmDocumentNotification } from '../core/protocol/warmDocument';
import { CompletionEngine } from './completion/completionEngine';
import { engineSettingsFrom } from './completion/engineSettings';
import { PythonSyntax } from './completion/pythonSyntax';
import { CHUNKED_DOCUMENTS } from './chunkedDocument';
import { filePath } from './context/filePaths';
import { WorkspaceContext } from './context/workspaceContext';
import { type CompletionSource, completionSource, documentText } from './notebookText';
import { chosenLabel, type MemberList } from './completion/memberCompletions';
import { ReplacedText, selectedPlace } from './completion/selectedItem';
import { buildServerStatus } from './serverStatus';
import { loadSnippets, type SnippetCatalog } from './snippets/snippetCatalog';
import { snippetCompletions } from './snippets/snippetCompletion';

export interface ServerOptions {
  readonly version: string;
  readonly now?: () => number;
  /** The folder of the code model shipped with the extension, used when hai.completion.modelPath is empty. */
  readonly builtInModelDir?: string;
  /** The folder of the shipped snippets (snippets/ with snippet.schema.json); none when not given. */
  readonly snippetsDir?: string;
}

/** The icons of a member list's items (memberCompletions.ts). */
const MEMBER_KINDS = { field: CompletionItemKind.Field, property: CompletionItemKind.Property, method: CompletionItemKind.Method } as const;

/** Documents longer than this (in UTF-16 units) get no snippet completions. */
const MAX_SNIPPET_DOCUMENT_CHARS = 1_000_000;

/**
 * The longest a list of names waits for the model's choice among them (modelChoice). A warm
 * suggestion comes in 30-100 ms here; the first in a document just opened, or after the workspace
 * context was chosen again, in 300-450 ms. Past it the list comes in its own order, and the editor then
 * shows ghost text for the item it selects, not the model's.
 */
const CHOICE_WAIT_MS = 400;

export function startLanguageServer(connection: Connection, options: ServerOptions): void {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const documents = new TextDocuments(CHUNKED_DOCUMENTS);
  // Notebooks are synced as notebooks (their cells kept as chunked documents too), so that a cell is
  // completed with the code cells around it (notebookText.ts).
  const notebooks = new NotebookDocuments(CHUNKED_DOCUMENTS);
  /** A document, or a notebook cell on its own (snippets look at the cell only). */
  const textDocument = (uri: string) => documents.get(uri) ?? notebooks.cellTextDocuments.get(uri);
  // The user's project for the prompt: open documents as the server holds them (server/context/).
  const workspace = new WorkspaceContext(
    () => documents.all().map((d) => ({ uri: d.uri, languageId: d.languageId, version: d.version, text: d })),
    (message) => connection.console.warn(message),
    (uri) => documentText(documents, notebooks, uri),
  );
  const engine = new CompletionEngine(
    (message) => connection.console.info(message),
    () => void connection.sendNotification(ServerStatusChangedNotification).catch(() => undefined),
    options.builtInModelDir,
    workspace,
  );
  /** After `shutdown`, requests are refused as the protocol says (InvalidRequest), not answered. */
  let shutDown = false;
  const refuseAfterShutdown = (): void => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down.');
  };
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let canFollowFolders = false;
  let canWatchFiles = false;

  let locale = 'en';
  connection.onInitialize((params): InitializeResult => {
    locale = params.locale ?? 'en';
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    canFollowFolders = params.capabilities.workspace?.workspaceFolders === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    workspace.setRoots(folders.flatMap((f) => filePath(f.uri) ?? []));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        // `.` for a member list (and weaver's YAML keys); a quote for the keys of a data file (`tree["`).
        completionProvider: { resolveProvider: false, triggerCharacters: ['.', '"', "'"] },
        inlineCompletionProvider: true,
        // Python cells of any notebook; markdown cells are not synced (notebookText.ts says why).
        notebookDocumentSync: { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] },
        // Imports resolve inside the workspace folders, and prompt headers show paths relative to them.
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'HAI language server', version: options.version },
    };
  });

  /**
   * Reads `hai.completion` from the client and (re)loads the model when it changed. The client may
   * answer with an error (its settings middleware failed): logged, and the settings stay as they were.
   */
  const applySettings = async (): Promise<void> => {
    try {
      const section: unknown = canPullConfiguration ? await connection.workspace.getConfiguration('hai.completion') : undefined;
      await engine.configure(engineSettingsFrom(section));
    } catch (err) {
      connection.console.error(`The completion settings could not be read, so they stay as they were: ${errorDetail(err)}`);
    }
  };

  connection.onInitialized(() => {
    if (canRegisterConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'hai' }).catch((err: unknown) => connection.console.warn(`Changed settings will not be followed: ${errorDetail(err)}`));
    }
    if (canFollowFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(() => {
        connection.workspace.getWorkspaceFolders().then(
          (folders) => workspace.setRoots((folders ?? []).flatMap((f) => filePath(f.uri) ?? [])),
          (err: unknown) => connection.console.warn(`The workspace folders could not be read, so imports resolve in the folders as they were: ${errorDetail(err)}`),
        );
      });
    }
    // The workspace's Python files are indexed for similar chunks: the editor says when they change on
    // disk. Folders too, created or deleted (a rename, a checkout): an editor reports a folder's
    // deletion as one event, not one per file in it.
    if (canWatchFiles) {
      // YAML for Hydra's config files, whose keys completion keeps to (hydraConfigs.ts).
      const watchers = [{ globPattern: '**/*.py' }, { globPattern: '**/*.yaml' }, { globPattern: '**', kind: WatchKind.Create | WatchKind.Delete }];
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((err: unknown) => connection.console.warn(`Files changed on disk will not be followed: ${String(err)}`));
    }
    void applySettings();
  });
  connection.onDidChangeWatchedFiles((params) => workspace.filesChanged(params.changes.flatMap((c) => filePath(c.uri) ?? [])));
  connection.onDidChangeConfiguration(() => void applySettings());

  connection.onRequest(ServerStatusRequest, () => {
    refuseAfterShutdown();
    return buildServerStatus({
      version: options.version,
      startedAt,
      now,
      completionModel: () => engine.modelState(),
      modelLoads: () => engine.modelLoads(),
      completionLatency: () => engine.latencySummary(),
      completionCounters: () => engine.counters(),
      workspaceContext: () => {
        const budget = engine.contextBudget();
        return { ...workspace.status(), tokens: budget.tokens, tokensAuto: budget.auto };
      },
    });
  });

  // Snippets: loaded once, on the first completion request; the parser is shared by all documents.
  let catalog: SnippetCatalog | undefined;
  let syntax: Promise<PythonSyntax | undefined> | undefined;
  /**
   * The name the model would write at the list's place: its suggestion there, waited for at most
   * CHOICE_WAIT_MS or until the list is cancelled (the run goes on past that only for the editor's
   * inline request, if it joined: sharedAnswer.ts).
   */
  const modelChoice = async (source: CompletionSource, list: MemberList, character: number, token: CancellationToken): Promise<string | undefined> => {
    // Read now: the document changes in place while the model runs (a keystroke meanwhile).
    const typed = source.text.slice(source.offset - (character - list.from), source.offset);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled: Disposable | undefined;
    let answered = false;
    let named: (label: string) => void = () => undefined;
    const early = new Promise<string | undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), CHOICE_WAIT_MS);
      cancelled = token.onCancellationRequested(() => resolve(undefined));
      named = resolve;
    });
    // The name is known once the text goes on past it (`MET_py)`): the list need not wait for the rest of the line.
    const onText = (generated: string): void => {
      const label = answered ? undefined : chosenLabel(list, typed + generated);
      if (label !== undefined && typed.length + generated.length > label.length) named(label);
    };
    // Once the list has answered, the run goes on only for an inline request that joined it.
    const suggestion = engine
      .complete(source.key, source.text, source.offset, () => answered || token.isCancellationRequested, onText)
      .then((done) => (done ? chosenLabel(list, typed + done.text) : undefined))
      .catch((err: unknown) => {
        // A failed suggestion leaves the list in its own order.
        connection.console.error(`Choosing the list's first item failed in ${source.key}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return undefined;
      });
    const chosen = await Promise.race([suggestion, early]);
    answered = true;
    clearTimeout(timer);
    cancelled?.dispose();
    return chosen;
  };

  /** A data file's fields or keys, a config's keys, a script's options where the cursor is (memberCompletions.ts). */
  const memberItems = async (params: CompletionParams, token: CancellationToken): Promise<CompletionItem[]> => {
    const source = completionSource(documents, notebooks, params.textDocument.uri, params.position);
    let list;
    try {
      list = source ? engine.memberList(source.key, source.text, source.offset) : undefined;
    } catch (err) {
      // No list is no harm: the snippets are still offered, and the details go to the log.
      connection.console.error(`The member list failed in ${params.textDocument.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return [];
    }
    if (!source || !list) return [];
    // The editor selects the first item and shows only ghost text that begins the item selected: the
    // name the model writes comes first, selected; then the data's columns, before the array's own
    // attributes (`cpp_type`); then a column another argument takes already; private and special names
    // (`_get_args`, `__class__` of an argparse Namespace) last.
    const chosen = await modelChoice(source, list, params.position.character, token);
    // The name or key typed so far is what the editor filters the list by, and what an item replaces.
    const range = { start: { line: params.position.line, character: list.from }, end: params.position };
    return list.items.map((item) => {
      const rank = item.label === chosen ? 0 : item.label.startsWith('_') ? 4 : item.taken ? 3 : item.kind === 'field' ? 1 : 2;
      return { label: item.label, kind: MEMBER_KINDS[item.kind], sortText: `${rank}${item.label}`, preselect: rank === 0 || undefined, textEdit: { range, newText: item.label } };
    });
  };

  connection.onCompletion(async (params, token) => {
    refuseAfterShutdown();
    const members = await memberItems(params, token);
    const document = textDocument(params.textDocument.uri);
    if (!document || !options.snippetsDir) return { isIncomplete: false, items: members };
    // Snippets need the whole module (its imports, what encloses the cursor): in a huge document they
    // are not offered rather than parse megabytes per request.
    if (document.length > MAX_SNIPPET_DOCUMENT_CHARS) return { isIncomplete: false, items: members };
    if (!catalog) {
      catalog = loadSnippets(options.snippetsDir);
      connection.console.info(`Loaded ${catalog.snippets.length} snippets from ${options.snippetsDir}`);
      for (const error of catalog.errors) connection.console.error(`Snippet left out: ${error}`);
    }
    syntax ??= PythonSyntax.load().catch((err: unknown) => {
      connection.console.error(`The Python grammar could not be loaded, so snippets are offered in YAML only for now: ${String(err)}`);
      syntax = undefined; // the next request tries again
      return undefined;
    });
    const doc = { uri: document.uri, languageId: document.languageId, text: document.getText(), offset: document.offsetAt(params.position) };
    return { isIncomplete: false, items: [...members, ...snippetCompletions(doc, params.position, catalog.snippets, await syntax, locale)] };
  });

  connection.languages.inlineCompletion.on(async (params, token) => {
    refuseAfterShutdown();
    const source = completionSource(documents, notebooks, params.textDocument.uri, params.position);
    if (!source) return { items: [] };
    // With the suggest widget open, the editor shows only ghost text that begins the item selected
    // there: the suggestion is made as if that item were typed (selectedItem.ts).
    const selected = params.context.selectedCompletionInfo;
    const place = selected && selectedPlace(source.offset, params.position.character, selected.range, params.position.line, selected.text);
    const text = place ? new ReplacedText(source.text, place.from, place.to, selected.text) : source.text;
    const offset = place ? place.from + selected.text.length : source.offset;
    let result;
    try {
      result = await engine.complete(source.key, text, offset, () => token.isCancellationRequested);
    } catch (err) {
      // A failed suggestion is no suggestion: the editor shows none and the details go to the log.
      connection.console.error(`Inline completion failed in ${params.textDocument.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { items: [] };
    }
    // The item alone where nothing follows it (`tree["NPrimaryVertices` before the `"]` the editor
    // closed): the ghost text then shows the rest of the item, as it did before the list opened.
    if (place) return result ? { items: [{ insertText: selected.text + result.text, range: selected.range }] } : { items: [] };
    if (!result || result.text === '') return { items: [] };
    return {
      items: [{ insertText: result.text, range: { start: params.position, end: params.position } }],
    };
  });

  // A warm-up is a courtesy: one that fails costs only its time, so it is logged and never answered.
  connection.onNotification(WarmDocumentNotification, async (params) => {
    const source = completionSource(documents, notebooks, params.uri, params.position);
    if (!source) return;
    try {
      const warmed = await engine.warm(source.key, source.text, source.offset);
      // At debug level (hidden in the "HAI" channel unless asked for): one line per cursor move.
      if (warmed) connection.console.debug(`Warm-up of ${params.uri}: ${warmed.reason}, ${warmed.prefilled} tokens prefilled in ${Math.round(warmed.ms)} ms`);
    } catch (err) {
      connection.console.error(`Warming ${params.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  });

  // A document's local imports are read as it opens, so its first completion has them.
  documents.onDidOpen((event) => {
    if (event.document.languageId === 'python') void workspace.prepare(event.document.uri, event.document);
  });
  // An import typed and used at once: read again once typing pauses (settledEdits.ts). Opening a
  // document fires this too: its pause finds the import lines prepare() has just read.
  documents.onDidChangeContent((event) => {
    if (event.document.languageId === 'python') workspace.documentChanged(event.document.uri);
  });
  notebooks.onDidChange((event) => workspace.documentChanged(event.notebookDocument.uri));
  documents.onDidClose((event) => {
    engine.forget(event.document.uri);
    workspace.forget(event.document.uri, event.document.languageId === 'python' ? event.document : undefined);
    // Its edits may have been discarded: the index reads what is on disk (offered once the closed text is forgotten).
    const file = filePath(event.document.uri);
    if (file) workspace.filesChanged([file]);
  });
  notebooks.onDidClose((notebook) => {
    engine.forget(notebook.uri);
    workspace.forget(notebook.uri);
  });
  connection.onShutdown(() => {
    shutDown = true;
    return Promise.all([engine.dispose(), workspace.dispose()]).then(() => undefined);
  });
  documents.listen(connection);
  notebooks.listen(connection);
  connection.listen();
}

/** An error's message for the log, with its stack where it has one. */
function errorDetail(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
