// The annotation editor: a custom editor for PNG, JPEG and TIFF images (and their pages) whose labels
// are drawn over the frame and saved beside it in the folder's label format. The frame is decoded in
// the image decoder's own process (core/annotation/image) and sent to the page once; the labels live
// in the AnnotationDocument, edited through VS Code's edit stack; save writes the label file
// atomically after saying what the format cannot hold; hot exit keeps unsaved labels in a backup.
// This provider holds the tabs and the page's requests; opening and backups are in
// annotationOpening.ts, saving in annotationSaving.ts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BackupStore } from '../../core/annotation/backupStore';
import { SuggestionStore } from '../../core/annotation/suggestionStore';
import { ImageDecoder } from '../../core/annotation/image/imageDecoder';
import { frameQuery } from '../../core/annotation/hdf5FrameNames';
import { fromWire } from '../../core/annotation/labelState';
import { ANNOTATION_REQUESTS, type AnnotationAction, type AnnotationRequests, type AnnotationTool, type AnnotationUpdates, type WireShape } from '../../core/protocol/annotationMessages';
import { COMMANDS } from '../../core/protocol/commands';
import { ANNOTATION_EDITOR_VIEW_TYPE } from '../../core/protocol/views';
import { WebviewHost } from '../webviewHost';
import type { HostedPanel } from '../webviewPanels';
import type { AnnotationAssist } from './annotationAssist';
import { type AnnotationDocument, freshId } from './annotationDocument';
import { errorText } from '../errorNotice';
import { type AnnotationOpener, backupAnnotationDocument, openAnnotationDocument, problemMessage, siblingsOf } from './annotationOpening';
import { annotationCommandTitles, annotationCss, annotationWords } from './annotationPage';
import { type AnnotationSaver, keepSuggestions, revertAnnotations, saveAnnotations, saveAnnotationsAs } from './annotationSaving';

/** One open editor (a tab) of a document. */
export interface EditorSession {
  readonly document: AnnotationDocument;
  readonly panel: vscode.WebviewPanel;
  readonly page: HostedPanel<AnnotationUpdates>;
  /** The assist running for this tab, to cancel. */
  assist?: AbortController;
}

export class AnnotationEditor implements vscode.CustomEditorProvider<AnnotationDocument>, vscode.Disposable {
  private readonly host: WebviewHost;
  readonly decoder: ImageDecoder;
  private readonly sessions = new Set<EditorSession>();
  private readonly editEvents = new vscode.EventEmitter<vscode.CustomDocumentEditEvent<AnnotationDocument>>();
  readonly onDidChangeCustomDocument = this.editEvents.event;
  private assist: AnnotationAssist | undefined;
  /** Documents whose edits go to VS Code (once each, not once per tab). */
  private readonly forwarded = new WeakSet<AnnotationDocument>();
  private panels = 0;

  /** Suggestions of folder runs, shown when their image opens. */
  readonly suggestionStore: SuggestionStore;
  /** What opening, backing up and saving a document need of this editor. */
  private readonly files: AnnotationOpener & AnnotationSaver;

  constructor(
    extensionUri: vscode.Uri,
    /** The workspace's (or, without one, the global) storage folder: hot-exit backups go under it. */
    storageDir: string,
    output: vscode.LogOutputChannel,
  ) {
    this.host = new WebviewHost(extensionUri, output);
    const backups = new BackupStore(path.join(storageDir, 'annotation-backups'));
    this.suggestionStore = new SuggestionStore(path.join(storageDir, 'annotation-suggestions'));
    this.decoder = new ImageDecoder({ script: vscode.Uri.joinPath(extensionUri, 'dist', 'imageDecoder.js').fsPath });
    this.files = {
      decoder: this.decoder,
      backups,
      suggestionStore: this.suggestionStore,
      output,
      keepSuggestions: (document) => keepSuggestions(this.files, document),
    };
  }

  setAssist(assist: AnnotationAssist): void {
    this.assist = assist;
  }

  register(): vscode.Disposable {
    // Retained when hidden: the page holds the decoded frame, the view and a polygon being drawn.
    return vscode.window.registerCustomEditorProvider(ANNOTATION_EDITOR_VIEW_TYPE, this, { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: true } });
  }

  /** The editor tab the user is in (for keybinding commands). */
  active(): EditorSession | undefined {
    return [...this.sessions].find((s) => s.panel.active);
  }

  openCustomDocument(uri: vscode.Uri, openContext: vscode.CustomDocumentOpenContext, token: vscode.CancellationToken): Promise<AnnotationDocument> {
    return openAnnotationDocument(this.files, uri, openContext, token);
  }

  resolveCustomEditor(document: AnnotationDocument, panel: vscode.WebviewPanel): void {
    // One forwarding of the document's edits to VS Code's edit stack, however many tabs show it.
    if (!this.forwarded.has(document)) {
      this.forwarded.add(document);
      document.onDidEdit((e) => this.editEvents.fire(e));
    }
    // VS Code knows the document now and hears its edits: the restored labels can go on its edit stack.
    if (document.pendingRestore) {
      const backup = document.pendingRestore;
      document.pendingRestore = undefined;
      document.restore(backup, vscode.l10n.t('Restore unsaved labels'));
    }
    const listeners: vscode.Disposable[] = [];
    // The handlers are made before the session (which needs the page they belong to): they look it up here.
    const holder: { session?: EditorSession } = {};
    const page = this.host.adopt<AnnotationRequests, AnnotationUpdates>(panel, {
      key: `${document.uri.toString()}#${++this.panels}`,
      name: 'annotation editor',
      viewType: ANNOTATION_EDITOR_VIEW_TYPE,
      title: path.basename(document.file),
      css: annotationCss,
      script: 'annotation.js',
      body: () => '<div id="app"></div>',
      requests: ANNOTATION_REQUESTS,
      // The page draws an edit before the host takes it: one the host refused is undone on the page
      // (the labels as the host has them) and said there, not only in the output channel.
      onRefused: async (hosted) => {
        await hosted.post({ type: 'labels', ...document.labelsPayload() });
        await hosted.post({ type: 'error', message: vscode.l10n.t('That change could not be made, so it was undone. The "HAI" output channel says why; if it happens again, please report it.') });
      },
      handlers: (hosted) => ({
        ready: async () => {
          await hosted.post({ type: 'init', words: annotationWords(), keys: this.keys() });
          await this.postFrame(document, hosted);
          await hosted.post({ type: 'labels', ...document.labelsPayload() });
          if (document.problem) await hosted.post({ type: 'error', message: problemMessage(document.problem) });
        },
        addShapes: (m) => this.addShapes(document, m.shapes),
        updateShapes: (m) => this.updateShapes(document, m.shapes),
        deleteShapes: (m) => document.edit(document.state.remove(m.ids, m.ids.length === 1 ? vscode.l10n.t('Delete label') : vscode.l10n.t('Delete {0} labels', m.ids.length))),
        acceptSuggestions: (m) => document.edit(document.state.accept(m.ids, m.ids.length === 1 ? vscode.l10n.t('Accept 1 suggestion') : vscode.l10n.t('Accept {0} suggestions', m.ids.length))),
        rejectSuggestions: (m) => document.edit(document.state.reject(m.ids, m.ids.length === 1 ? vscode.l10n.t('Reject 1 suggestion') : vscode.l10n.t('Reject {0} suggestions', m.ids.length))),
        addClass: (m) => document.addClass(m.name),
        prelabel: () => this.assist?.prelabel(holder.session!),
        findSpots: (m) => this.assist?.findSpots(holder.session!, m.label),
        floodFill: (m) => this.assist?.floodFill(holder.session!, m.x, m.y, m.tolerance, m.label),
        cancelAssist: () => holder.session?.assist?.abort(),
        navigate: (m) => this.navigate(holder.session!, m.delta),
        page: (m) => (document.frameRef ? this.moveTo(holder.session!, this.frameUri(document, m.page)) : this.showPage(document, m.page)),
        chooseFormat: () => void vscode.commands.executeCommand(COMMANDS.annotationChooseFormat),
        typing: (m) => void vscode.commands.executeCommand('setContext', 'hai.annotationTyping', m.typing),
      }),
    });
    const current: EditorSession = { document, panel, page };
    holder.session = current;
    this.sessions.add(current);
    listeners.push(
      document.onDidChangeLabels(() => void page.post({ type: 'labels', ...document.labelsPayload() })),
      document.onDidChangeFrame(() => void this.postFrame(document, page)),
      panel.onDidChangeViewState(() => {
        // A tab left while a text field had the focus must not keep single keys from acting elsewhere.
        if (!panel.active) void vscode.commands.executeCommand('setContext', 'hai.annotationTyping', false);
      }),
    );
    page.track({
      dispose: () => {
        current.assist?.abort();
        this.sessions.delete(current);
        for (const l of listeners) l.dispose();
      },
    });
  }

  private async postFrame(document: AnnotationDocument, page: HostedPanel<AnnotationUpdates>): Promise<void> {
    const { raster, page: index, pages } = document.image;
    await page.post({
      type: 'frame',
      fileName: document.frameRef ? `${path.basename(document.file)} ${document.frameRef.dataset}` : path.basename(document.file),
      width: raster.width,
      height: raster.height,
      channels: raster.channels,
      bitDepth: raster.bitDepth,
      sampleFormat: raster.sampleFormat,
      samples: raster.data,
      page: index,
      pages,
      // An HDF5 stack walks its frames; an image its folder.
      index: document.frameRef ? document.frameRef.frame : Math.max(0, document.siblings.indexOf(document.file)),
      count: document.frameRef ? document.frameRef.frames : document.siblings.length,
    });
  }

  /** The default keys of the editor's commands (package.json), for the help panel; keys 1–9 as one row. */
  private keys(): AnnotationUpdates['init']['keys'] {
    const pkg = vscode.extensions.getExtension('ihep.hai')?.packageJSON as { contributes?: { keybindings?: { command: string; key: string }[] } } | undefined;
    const titles = annotationCommandTitles();
    const rows: { command: string; key: string; title: string }[] = [];
    for (const k of pkg?.contributes?.keybindings ?? []) {
      if (!titles[k.command]) continue;
      const row = rows.find((r) => r.command === k.command);
      if (row) row.key = `${row.key.split(' … ')[0]} … ${k.key}`;
      else rows.push({ command: k.command, key: k.key, title: titles[k.command] });
    }
    return rows;
  }

  addShapes(document: AnnotationDocument, shapes: readonly WireShape[]): void {
    for (const s of shapes) if (!document.classes.includes(s.label)) document.classes.push(s.label);
    const entries = shapes.map((s) => fromWire({ ...s, score: undefined, source: undefined, locked: undefined }));
    const kind = shapes.length === 1 ? { box: vscode.l10n.t('Add box'), polygon: vscode.l10n.t('Add polygon'), point: vscode.l10n.t('Add point') }[shapes[0].kind] : vscode.l10n.t('Add {0} labels', shapes.length);
    document.edit(document.state.add(entries, kind));
  }

  private updateShapes(document: AnnotationDocument, shapes: readonly WireShape[]): void {
    const byId = new Map(document.state.entries.map((e) => [e.id, e]));
    const known = shapes.filter((s) => byId.has(s.id));
    for (const s of known) if (!document.classes.includes(s.label)) document.classes.push(s.label);
    const onlyClass = known.every((s) => {
      const before = byId.get(s.id)!;
      return JSON.stringify(fromWire({ ...s, label: before.shape.label }, before)) === JSON.stringify(before);
    });
    const label = onlyClass ? vscode.l10n.t('Change class to {0}', known[0]?.label ?? '') : known.length === 1 ? vscode.l10n.t('Edit label') : vscode.l10n.t('Edit {0} labels', known.length);
    document.edit(document.state.replace(known.map((s) => fromWire(s, byId.get(s.id))), label));
  }

  private async showPage(document: AnnotationDocument, page: number): Promise<void> {
    try {
      document.showFrame(await this.decoder.decode(document.file, page));
    } catch (err) {
      for (const s of this.sessions) if (s.document === document) void s.page.post({ type: 'error', message: errorText(err) });
    }
  }

  /** Previous or next image of the folder, in this tab's place: unsaved labels are saved first. */
  async navigate(session: EditorSession, delta: number): Promise<void> {
    const { document } = session;
    if (document.frameRef) {
      const frame = document.frameRef.frame + delta;
      if (frame >= 0 && frame < document.frameRef.frames) await this.moveTo(session, this.frameUri(document, frame));
      return;
    }
    const siblings = await siblingsOf(document.file);
    const next = siblings[siblings.indexOf(document.file) + delta];
    if (next) await this.moveTo(session, vscode.Uri.file(next));
  }

  private frameUri(document: AnnotationDocument, frame: number): vscode.Uri {
    return document.uri.with({ query: frameQuery({ dataset: document.frameRef!.dataset, frame }) });
  }

  /** Another image (or frame) in this tab's place: unsaved labels are saved first. */
  private async moveTo(session: EditorSession, next: vscode.Uri): Promise<void> {
    const { document } = session;
    if (next.toString() === document.uri.toString()) return;
    if (document.dirty) {
      try {
        await saveAnnotations(this.files, document);
      } catch (err) {
        if (!(err instanceof vscode.CancellationError)) void session.page.post({ type: 'error', message: errorText(err) });
        return;
      }
    }
    const column = session.panel.viewColumn;
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === document.uri.toString() && t.input.viewType === ANNOTATION_EDITOR_VIEW_TYPE);
    await vscode.commands.executeCommand('vscode.openWith', next, ANNOTATION_EDITOR_VIEW_TYPE, { viewColumn: column, preview: false });
    // The image left is closed (it is saved): one tab walks through the folder.
    if (tab && !document.dirty) await vscode.window.tabGroups.close(tab, true);
  }

  saveCustomDocument(document: AnnotationDocument): Promise<void> {
    return saveAnnotations(this.files, document);
  }

  saveCustomDocumentAs(document: AnnotationDocument, destination: vscode.Uri): Promise<void> {
    return saveAnnotationsAs(this.files, document, destination);
  }

  async revertCustomDocument(document: AnnotationDocument): Promise<void> {
    const problem = await revertAnnotations(document);
    if (problem) for (const s of this.sessionsOf(document)) void s.page.post({ type: 'error', message: problemMessage(problem) });
  }

  backupCustomDocument(document: AnnotationDocument, _context: vscode.CustomDocumentBackupContext): Promise<vscode.CustomDocumentBackup> {
    return backupAnnotationDocument(this.files, document);
  }

  /** Sends a tool, an action or a class choice from a keybinding to the editor tab in front. */
  toActive(message: { type: 'tool'; tool: AnnotationTool } | { type: 'action'; action: AnnotationAction } | { type: 'pickClass'; index: number }): void {
    void this.active()?.page.post(message);
  }

  /** Suggestions (pending shapes) for a document, as one undoable edit. */
  suggest(document: AnnotationDocument, shapes: readonly { shape: WireShape; score: number; source: string }[], label: string): void {
    // A model's classes join the page's list when it suggests them; one whose suggestions are all
    // rejected is not written to the class list at save (document.classesToSave).
    document.addSuggestedClasses(shapes.map(({ shape }) => shape.label));
    const entries = shapes.map(({ shape, score, source }) => ({ ...fromWire({ ...shape, id: freshId() }), suggestion: { score, source } }));
    document.edit(document.state.add(entries, label));
  }

  /** The open document of an image, if an editor has it. */
  documentOf(file: string): AnnotationDocument | undefined {
    return [...this.sessions].find((s) => s.document.file === path.resolve(file))?.document;
  }

  sessionsOf(document: AnnotationDocument): EditorSession[] {
    return [...this.sessions].filter((s) => s.document === document);
  }

  dispose(): void {
    this.decoder.close();
    this.editEvents.dispose();
  }
}
