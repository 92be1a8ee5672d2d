// The annotation editor: a custom editor for PNG, JPEG and TIFF images (and their pages) whose labels
// are drawn over the frame and saved beside it in the folder's label format. The frame is decoded in
// the image decoder's own process (core/annotation/image) and sent to the page once; the labels live
// in the AnnotationDocument, edited through VS Code's edit stack; save writes the label file
// atomically after saying what the format cannot hold; hot exit keeps unsaved labels in a backup.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseBackup, type SessionBackup, serializeBackup } from '../../core/annotation/backup';
import { BackupStore } from '../../core/annotation/backupStore';
import { SuggestionStore } from '../../core/annotation/suggestionStore';
import type { LabelFormatId } from '../../core/annotation/formats';
import { ImageDecoder } from '../../core/annotation/image/imageDecoder';
import { frameFromQuery, frameImagePath, frameQuery, isHdf5Name } from '../../core/annotation/hdf5FrameNames';
import { isImageFile, targetFor } from '../../core/annotation/labelFiles';
import { LabelFileChanged, loadLabels, planSave, saveLabels } from '../../core/annotation/labelIo';
import { fromWire } from '../../core/annotation/labelState';
import { ANNOTATION_REQUESTS, type AnnotationAction, type AnnotationRequests, type AnnotationTool, type AnnotationUpdates, type WireShape } from '../../core/protocol/annotationMessages';
import { COMMANDS } from '../../core/protocol/commands';
import { ANNOTATION_EDITOR_VIEW_TYPE } from '../../core/protocol/views';
import { readSetting } from '../settings';
import { WebviewHost } from '../webviewHost';
import type { HostedPanel } from '../webviewPanels';
import type { AnnotationAssist } from './annotationAssist';
import { AnnotationDocument, formatName, freshId, type HdfFrame } from './annotationDocument';
import { annotationCss, annotationWords } from './annotationPage';

/** One open editor (a tab) of a document. */
export interface EditorSession {
  readonly document: AnnotationDocument;
  readonly panel: vscode.WebviewPanel;
  readonly page: HostedPanel<AnnotationUpdates>;
  /** The assist running for this tab, to cancel. */
  assist?: AbortController;
}

function defaultFormat(): LabelFormatId {
  return readSetting('hai.annotation.defaultFormat');
}

function rootOf(file: string): string | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath;
}

/** The folder's images in natural order (frame_2 before frame_10). */
async function siblingsOf(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const names = (await readdir(dir).catch(() => [] as string[])).filter(isImageFile);
  return names.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).map((n) => path.join(dir, n));
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

  private readonly backups: BackupStore;
  /** Suggestions of folder runs, shown when their image opens. */
  readonly suggestionStore: SuggestionStore;

  constructor(
    extensionUri: vscode.Uri,
    /** The workspace's (or, without one, the global) storage folder: hot-exit backups go under it. */
    storageDir: string,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.host = new WebviewHost(extensionUri, output);
    this.backups = new BackupStore(path.join(storageDir, 'annotation-backups'));
    this.suggestionStore = new SuggestionStore(path.join(storageDir, 'annotation-suggestions'));
    this.decoder = new ImageDecoder({ script: vscode.Uri.joinPath(extensionUri, 'dist', 'imageDecoder.js').fsPath });
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

  async openCustomDocument(uri: vscode.Uri, openContext: vscode.CustomDocumentOpenContext, token: vscode.CancellationToken): Promise<AnnotationDocument> {
    if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('The annotation editor opens images on this machine only; {0} is not one.', uri.toString()));
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    // An HDF5 file: one frame of one image dataset (named in the URI's query, else the file's first).
    const frameRef = isHdf5Name(uri.fsPath) ? await this.frameOf(uri, abort.signal) : undefined;
    // Labels (and backups) are named after the image — for an HDF5 frame, as if exported beside the file.
    const labelImage = frameRef ? frameImagePath(uri.fsPath, frameRef, frameRef.several) : uri.fsPath;
    let backup: SessionBackup | undefined;
    // Desktop VS Code hands its backup back; in a browser the editor can come back without it, and a
    // backup left by the extension host that ran before the reload is found in the store.
    const backupFile = openContext.backupId ? vscode.Uri.parse(openContext.backupId).fsPath : await this.backups.orphan(labelImage);
    if (backupFile) {
      try {
        backup = parseBackup(await readFile(backupFile, 'utf8'));
        this.output.info(`Annotation: restoring the unsaved labels of ${labelImage} (${backup.entries.length} shapes) from ${backupFile}`);
        if (!openContext.backupId) await this.backups.remove(backupFile);
      } catch (err) {
        this.output.warn(`Annotation: the backup ${backupFile} of ${labelImage} cannot be used: ${err instanceof Error ? err.message : String(err)}`);
        void vscode.window.showWarningMessage(vscode.l10n.t('The unsaved labels of {0} could not be restored ({1}); the label file is shown as saved.', path.basename(labelImage), err instanceof Error ? err.message : String(err)));
      }
    }
    const image = await this.decoder.decode(uri.fsPath, frameRef ? frameRef.frame : (backup?.page ?? 0), abort.signal, frameRef?.dataset).catch((err: Error) => {
      throw new Error(vscode.l10n.t('{0} cannot be opened: {1}', path.basename(uri.fsPath), err.message));
    });
    const info = { file: labelImage, width: image.raster.width, height: image.raster.height, channels: image.raster.channels };
    // The labels on disk first; unsaved ones from a backup come as an edit (resolveCustomEditor), so
    // that the editor is dirty and Undo goes back to what is saved.
    const loaded = await loadLabels(info, defaultFormat(), rootOf(uri.fsPath), backup?.target);
    if (loaded.problem) this.output.warn(`Annotation: the labels of ${labelImage} were not read: ${loaded.problem}`);
    // Suggestions a folder run made for this image come as pending shapes (not an edit: nothing to save yet).
    const stored = backup || frameRef ? undefined : await this.suggestionStore.get(uri.fsPath);
    const pending = (stored?.suggestions ?? []).map((s) => ({ id: freshId(), shape: { kind: 'box' as const, label: s.label, ...s.box }, suggestion: { score: s.score, source: stored!.source } }));
    const document = new AnnotationDocument(uri, image, loaded, frameRef ? [] : await siblingsOf(uri.fsPath), () => void this.keepSuggestions(document), pending, labelImage, frameRef);
    document.pendingRestore = backup;
    return document;
  }

  /** The frame an HDF5 URI names (dataset and frame in its query), checked against the file's image datasets. */
  private async frameOf(uri: vscode.Uri, signal: AbortSignal): Promise<HdfFrame> {
    const asked = frameFromQuery(uri.query);
    const name = path.basename(uri.fsPath);
    const sources = await this.decoder.listFrames(uri.fsPath, signal).catch((err: Error) => {
      throw new Error(vscode.l10n.t('{0} cannot be opened: {1}', name, err.message));
    });
    const source = asked.dataset ? sources.find((s) => s.path === asked.dataset) : (sources.find((s) => !s.unreadable) ?? sources[0]);
    if (!source) throw new Error(vscode.l10n.t('{0} holds no image datasets (2-D images or 3-D stacks of frames); open it in the data explorer to see what it holds.', name));
    if (source.unreadable) throw new Error(vscode.l10n.t('{0} cannot be opened: {1}', `${name} ${source.path}`, source.unreadable));
    const frame = asked.frame ?? 0;
    if (frame >= source.frames) throw new Error(vscode.l10n.t('{0} has {1} frames; frame {2} does not exist.', `${name} ${source.path}`, source.frames, frame + 1));
    return { dataset: source.path, frame, frames: source.frames, several: sources.length > 1 };
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
      handlers: (hosted) => ({
        ready: async () => {
          await hosted.post({ type: 'init', words: annotationWords(), keys: this.keys() });
          await this.postFrame(document, hosted);
          await hosted.post({ type: 'labels', ...document.labelsPayload() });
          if (document.problem) await hosted.post({ type: 'error', message: this.problemMessage(document.problem) });
        },
        addShapes: (m) => this.addShapes(document, m.shapes),
        updateShapes: (m) => this.updateShapes(document, m.shapes),
        deleteShapes: (m) => document.edit(document.state.remove(m.ids, m.ids.length === 1 ? vscode.l10n.t('Delete label') : vscode.l10n.t('Delete {0} labels', m.ids.length))),
        acceptSuggestions: (m) => document.edit(document.state.accept(m.ids, vscode.l10n.t('Accept {0} suggestions', m.ids.length))),
        rejectSuggestions: (m) => document.edit(document.state.reject(m.ids, vscode.l10n.t('Reject {0} suggestions', m.ids.length))),
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

  private problemMessage(problem: string): string {
    return vscode.l10n.t('The labels could not be read, so they are not shown and will not be saved over: {0}. Fix the file (or move it away) and use File: Revert File.', problem);
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
      for (const s of this.sessions) if (s.document === document) void s.page.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
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
        await this.save(document);
      } catch (err) {
        if (!(err instanceof vscode.CancellationError)) void session.page.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
        return;
      }
    }
    const column = session.panel.viewColumn;
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === document.uri.toString() && t.input.viewType === ANNOTATION_EDITOR_VIEW_TYPE);
    await vscode.commands.executeCommand('vscode.openWith', next, ANNOTATION_EDITOR_VIEW_TYPE, { viewColumn: column, preview: false });
    // The image left is closed (it is saved): one tab walks through the folder.
    if (tab && !document.dirty) await vscode.window.tabGroups.close(tab, true);
  }

  async saveCustomDocument(document: AnnotationDocument): Promise<void> {
    await this.save(document);
  }

  async saveCustomDocumentAs(document: AnnotationDocument, destination: vscode.Uri): Promise<void> {
    if (destination.scheme !== 'file') throw new Error(vscode.l10n.t('The annotation editor saves to files on this machine only.'));
    if (document.frameRef) throw new Error(vscode.l10n.t('Save As copies an image with its labels; a frame of an HDF5 file is saved with Save (its labels are named {0}).', path.basename(document.labelImage)));
    // Save As copies the image and writes its labels beside the copy, in the same format.
    if (destination.fsPath !== document.file) await vscode.workspace.fs.copy(document.uri, destination, { overwrite: true });
    const target = targetFor(destination.fsPath, document.target.format, document.target.format === 'coco' ? document.target.file : undefined);
    await this.write(document, { ...document.info, file: destination.fsPath }, target, false);
  }

  private async save(document: AnnotationDocument): Promise<void> {
    await this.write(document, document.info, document.target, true);
  }

  private async write(document: AnnotationDocument, info: AnnotationDocument['info'], target: AnnotationDocument['target'], markSaved: boolean): Promise<void> {
    if (document.problem) throw new Error(this.problemMessage(document.problem));
    const annotation = document.annotation();
    const plan = await planSave(info, target, annotation, document.classes);
    // Asked once per loss: VS Code in a browser saves a second after every edit (files.autoSave is
    // afterDelay there), and the page shows what the format does not keep all along (labelsPayload).
    if (plan.losses.some((loss) => !document.acceptedLosses.has(loss))) {
      const saveAnyway = vscode.l10n.t('Save Anyway');
      const choose = vscode.l10n.t('Choose Another Format…');
      const shown = plan.losses.slice(0, 6).join('\n');
      const more = plan.losses.length > 6 ? `\n${vscode.l10n.t('…and {0} more.', plan.losses.length - 6)}` : '';
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} cannot hold all the labels of {1}:', formatName(target.format), path.basename(info.file)), { modal: true, detail: `${shown}${more}` }, saveAnyway, choose);
      if (choice === choose) {
        await vscode.commands.executeCommand(COMMANDS.annotationChooseFormat);
        throw new vscode.CancellationError();
      }
      if (choice !== saveAnyway) throw new vscode.CancellationError();
      for (const loss of plan.losses) document.acceptedLosses.add(loss);
    }
    let result;
    try {
      result = await saveLabels(info, target, annotation, document.classes, { stamp: markSaved ? document.stamp : undefined, overwrite: !markSaved, classList: document.classList });
    } catch (err) {
      if (!(err instanceof LabelFileChanged)) throw err;
      const overwrite = vscode.l10n.t('Overwrite');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} changed on disk since it was opened (another window or program wrote it). Overwrite it with these labels?', path.basename(target.file)), { modal: true }, overwrite);
      if (choice !== overwrite) throw new vscode.CancellationError();
      result = await saveLabels(info, target, annotation, document.classes, { overwrite: true, classList: document.classList });
    }
    this.output.info(`Annotation: saved ${annotation.shapes.length} labels of ${info.file} to ${target.file} (${target.format})`);
    if (markSaved) {
      document.markSaved(result.stamp, result.classList);
      await this.keepSuggestions(document);
    }
  }

  /** What is still pending of a document's suggestions goes back to the store (nothing: the entry goes). */
  private async keepSuggestions(document: AnnotationDocument): Promise<void> {
    if (document.frameRef) return;
    const pending = document.state.entries.filter((e) => e.suggestion && e.shape.kind === 'box');
    const source = pending[0]?.suggestion?.source ?? '';
    await this.suggestionStore
      .put(document.file, { source, suggestions: pending.map((e) => ({ label: e.shape.label, score: e.suggestion!.score, box: { x: (e.shape as { x: number }).x, y: (e.shape as { y: number }).y, width: (e.shape as { width: number }).width, height: (e.shape as { height: number }).height } })) })
      .catch((err: Error) => this.output.warn(`Annotation: the pending suggestions of ${document.file} were not kept: ${err.message}`));
  }

  async revertCustomDocument(document: AnnotationDocument): Promise<void> {
    const loaded = await loadLabels(document.info, defaultFormat(), rootOf(document.file));
    document.reload(loaded);
    for (const s of this.sessions) if (s.document === document && loaded.problem) void s.page.post({ type: 'error', message: this.problemMessage(loaded.problem) });
  }

  async backupCustomDocument(document: AnnotationDocument, _context: vscode.CustomDocumentBackupContext): Promise<vscode.CustomDocumentBackup> {
    // Kept in our own store (one file per image and process) rather than at context.destination, so
    // that a reopened image finds it even when VS Code does not hand the backup back (code-server).
    // The restore is told apart from a fresh open by the store, not by VS Code's destination.
    const file = await this.backups.write(
      document.labelImage,
      serializeBackup({ page: document.image.page, target: document.target, classes: document.classes, classList: document.classList, entries: document.state.entries, kept: document.kept, stamp: document.stamp, problem: document.problem }),
    );
    this.output.info(`Annotation: backed up the unsaved labels of ${document.labelImage} to ${file}`);
    return { id: vscode.Uri.file(file).toString(), delete: () => void this.backups.remove(file) };
  }

  /** Sends a tool, an action or a class choice from a keybinding to the editor tab in front. */
  toActive(message: { type: 'tool'; tool: AnnotationTool } | { type: 'action'; action: AnnotationAction } | { type: 'pickClass'; index: number }): void {
    void this.active()?.page.post(message);
  }

  /** Suggestions (pending shapes) for a document, as one undoable edit. */
  suggest(document: AnnotationDocument, shapes: readonly { shape: WireShape; score: number; source: string }[], label: string): void {
    // A model's classes join the list when it suggests them (accepted or not, the list only grows).
    for (const { shape } of shapes) if (!document.classes.includes(shape.label)) document.classes.push(shape.label);
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

/** What each keybinding of the editor does, in the user's language, for the help panel. */
export function annotationCommandTitles(): Record<string, string> {
  return {
    [COMMANDS.annotationSelectTool]: vscode.l10n.t('Select tool'),
    [COMMANDS.annotationBoxTool]: vscode.l10n.t('Box tool'),
    [COMMANDS.annotationPolygonTool]: vscode.l10n.t('Polygon tool'),
    [COMMANDS.annotationPointTool]: vscode.l10n.t('Point tool'),
    [COMMANDS.annotationFillTool]: vscode.l10n.t('Fill tool'),
    [COMMANDS.annotationDeleteSelection]: vscode.l10n.t('Delete the selected labels'),
    [COMMANDS.annotationSelectAll]: vscode.l10n.t('Select all labels'),
    [COMMANDS.annotationCancel]: vscode.l10n.t('Clear the selection'),
    [COMMANDS.annotationNextImage]: vscode.l10n.t('Next image'),
    [COMMANDS.annotationPreviousImage]: vscode.l10n.t('Previous image'),
    [COMMANDS.annotationFit]: vscode.l10n.t('Fit the image'),
    [COMMANDS.annotationZoomIn]: vscode.l10n.t('Zoom in'),
    [COMMANDS.annotationZoomOut]: vscode.l10n.t('Zoom out'),
    [COMMANDS.annotationActualSize]: vscode.l10n.t('Actual size'),
    [COMMANDS.annotationNextClass]: vscode.l10n.t('Next class'),
    [COMMANDS.annotationPreviousClass]: vscode.l10n.t('Previous class'),
    [COMMANDS.annotationPickClass]: vscode.l10n.t('Class 1–9'),
    [COMMANDS.annotationAcceptSuggestions]: vscode.l10n.t('Accept all suggestions'),
    [COMMANDS.annotationRejectSuggestions]: vscode.l10n.t('Reject all suggestions'),
    [COMMANDS.annotationPrelabel]: vscode.l10n.t('Pre-label with the detection model'),
    [COMMANDS.annotationFindSpots]: vscode.l10n.t('Find bright spots'),
    [COMMANDS.annotationAutoWindow]: vscode.l10n.t('Automatic display window'),
    [COMMANDS.annotationHelp]: vscode.l10n.t('Show the keys'),
  };
}
