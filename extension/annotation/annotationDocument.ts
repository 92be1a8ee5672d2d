// One open image in the annotation editor: its decoded frame, its labels (LabelState) and where they
// are saved. Edits come from the page as requests, become LabelEdits here and go on VS Code's edit
// stack (onDidChange), so Ctrl+Z / Ctrl+Shift+Z, the dirty dot, Save, Revert and hot exit all work as
// for a text file. Several editors of one image share this document and see every change.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LabelsPayload } from '../../core/protocol/annotationMessages';
import type { DecodedImage } from '../../core/annotation/image/decodeImage';
import { LABEL_FORMATS, type LabelFormatId } from '../../core/annotation/formats';
import type { ClassList, LabelTarget } from '../../core/annotation/labelFiles';
import { type ImageInfo, type LoadedLabels } from '../../core/annotation/labelIo';
import { type Entry, type LabelEdit, LabelState, toWire } from '../../core/annotation/labelState';
import type { Annotation, KeptObject } from '../../core/annotation/shapes';
import { classesToSave } from '../../core/annotation/classes';
import type { Message } from '../../core/text/message';
import { translate } from '../errorNotice';
import { restoredFrom, type SessionBackup } from '../../core/annotation/backup';
import type { FrameRef } from '../../core/annotation/hdf5FrameNames';

export function formatName(format: LabelFormatId): string {
  return {
    'yolo-detect': vscode.l10n.t('YOLO detection'),
    'yolo-segment': vscode.l10n.t('YOLO segmentation'),
    coco: vscode.l10n.t('COCO'),
    voc: vscode.l10n.t('Pascal VOC'),
    labelme: vscode.l10n.t('labelme'),
  }[format];
}

let nextId = 1;
/** Ids for shapes read from files; the page makes its own for what it draws. */
export function freshId(): string {
  return `f${Date.now().toString(36)}${(nextId++).toString(36)}`;
}

/** An HDF5 frame: its dataset and index, the dataset's frame count, and whether the file has other image datasets. */
export interface HdfFrame extends FrameRef {
  readonly frames: number;
  readonly several: boolean;
}

export class AnnotationDocument implements vscode.CustomDocument {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired when the labels, the classes or the target change: the pages redraw. */
  readonly onDidChangeLabels = this.changed.event;
  private readonly edited = new vscode.EventEmitter<vscode.CustomDocumentEditEvent<AnnotationDocument>>();
  /** For VS Code's edit stack (the provider forwards it). */
  readonly onDidEdit = this.edited.event;
  private readonly frameChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeFrame = this.frameChanged.event;

  state: LabelState;
  target: LabelTarget;
  classes: string[];
  /** Classes only suggestions brought in: not written while no label uses them (classesToSave). */
  suggestedClasses = new Set<string>();
  classList: ClassList;
  kept: readonly KeptObject[] | undefined;
  stamp: string | undefined;
  /** Why the label file could not be read: saving over it is refused until it is fixed and reverted. */
  problem: Message | string | undefined;
  /** What the user agreed to lose in this format (Save Anyway), by its English text: not asked again. */
  readonly acceptedLosses = new Set<string>();
  /** Unsaved labels from a hot-exit backup, applied as an edit once VS Code listens (resolveCustomEditor). */
  pendingRestore: SessionBackup | undefined;
  /** Position on the edit stack, and where it was at the last save: dirty when they differ. */
  private position = 0;
  private savedPosition = 0;

  constructor(
    readonly uri: vscode.Uri,
    public image: DecodedImage,
    loaded: LoadedLabels,
    /** Where this image is among its folder's images (for previous/next). */
    readonly siblings: readonly string[],
    private readonly onDispose: () => void,
    /** Pending suggestions to show from the start (a folder run's). */
    suggestions: readonly Entry[] = [],
    /** The image path its labels are named after: the file, or for an HDF5 frame its exported name. */
    readonly labelImage: string = uri.fsPath,
    readonly frameRef?: HdfFrame,
  ) {
    this.target = loaded.target;
    this.classes = [...loaded.classes];
    this.classList = loaded.classList;
    this.kept = loaded.annotation.kept;
    this.stamp = loaded.stamp;
    this.problem = loaded.problem;
    this.state = new LabelState([...loaded.annotation.shapes.map((shape) => ({ id: freshId(), shape })), ...suggestions]);
  }

  /** Puts a backup's unsaved labels in place of the saved ones, as one undoable edit. */
  restore(backup: SessionBackup, label: string): void {
    const restored = restoredFrom(this, backup);
    this.classes = restored.classes;
    this.suggestedClasses = new Set(restored.suggestedClasses);
    this.kept = restored.kept;
    this.problem = restored.problem;
    this.stamp = restored.stamp;
    const removed = this.state.entries.map((entry, index) => ({ id: entry.id, before: { entry, index } }));
    const added = backup.entries.map((entry, index) => ({ id: entry.id, after: { entry, index } }));
    this.edit({ label, changes: [...removed, ...added] });
  }

  get file(): string {
    return this.uri.fsPath;
  }

  get info(): ImageInfo {
    return { file: this.labelImage, width: this.image.raster.width, height: this.image.raster.height, channels: this.image.raster.channels };
  }

  get dirty(): boolean {
    return this.position !== this.savedPosition;
  }

  annotation(): Annotation {
    return { imageWidth: this.image.raster.width, imageHeight: this.image.raster.height, shapes: this.state.labels, ...(this.kept ? { kept: this.kept } : {}) };
  }

  labelsPayload(): LabelsPayload {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(this.target.file));
    const shown = folder ? path.relative(folder.uri.fsPath, this.target.file) : this.target.file;
    return { shapes: this.state.entries.map(toWire), classes: this.classes, format: formatName(this.target.format), labelFile: shown, dirty: this.dirty, notKept: this.notKept() };
  }

  /** What the label format would not keep of the labels as they are now (shown on the page all along), in the user's language. */
  notKept(): string[] {
    try {
      const format = LABEL_FORMATS[this.target.format];
      return [...format.write(this.annotation(), { imageFileName: path.basename(this.labelImage), imageWidth: this.image.raster.width, imageHeight: this.image.raster.height, classes: this.classes }).losses.map(translate)];
    } catch {
      // A class the YOLO list lacks is added at save; nothing to say here.
      return [];
    }
  }

  /** Applies an edit the user made and puts it on VS Code's edit stack. */
  edit(edit: LabelEdit | undefined): void {
    if (!edit) return;
    this.state.apply(edit);
    this.position++;
    this.changed.fire();
    this.edited.fire({
      document: this,
      label: edit.label,
      undo: () => {
            this.state.revert(edit);
        this.position--;
        this.changed.fire();
      },
      redo: () => {
        this.state.apply(edit);
        this.position++;
        this.changed.fire();
      },
    });
  }

  /** A change of the label format or of the class list, undoable like a shape edit. */
  editSettings(label: string, apply: () => void, undo: () => void): void {
    apply();
    this.position++;
    this.changed.fire();
    this.edited.fire({
      document: this,
      label,
      undo: () => {
        undo();
        this.position--;
        this.changed.fire();
      },
      redo: () => {
        apply();
        this.position++;
        this.changed.fire();
      },
    });
  }

  /** The classes a save writes: not those only suggestions brought in, unless a label uses them. */
  classesToSave(): string[] {
    return classesToSave(this.classes, this.suggestedClasses, this.state.labels);
  }

  /** Classes a suggestion brings in: shown for choosing, written only once a label uses them. */
  addSuggestedClasses(labels: readonly string[]): void {
    for (const label of labels) {
      if (this.classes.includes(label)) continue;
      this.classes.push(label);
      this.suggestedClasses.add(label);
    }
  }

  addClass(name: string): void {
    if (this.suggestedClasses.has(name)) {
      // The user names a class a suggestion brought: it is theirs now, written at the next save.
      this.editSettings(
        vscode.l10n.t('Add class {0}', name),
        () => this.suggestedClasses.delete(name),
        () => this.suggestedClasses.add(name),
      );
      return;
    }
    if (this.classes.includes(name)) return;
    this.editSettings(
      vscode.l10n.t('Add class {0}', name),
      () => this.classes.push(name),
      () => (this.classes = this.classes.filter((c) => c !== name)),
    );
  }

  /**
   * Where the labels go from the next save (Choose Format), with the chosen file's stamp as it was
   * when chosen (labelIo's chosenTarget). Each switch keeps the stamp of the file it leaves, as saves
   * since have left it, so an undo or redo checks each file against its own stamp.
   */
  setTarget(target: LabelTarget, stamp: string | undefined): void {
    const before = this.target;
    let beforeStamp = this.stamp;
    let afterStamp = stamp;
    this.editSettings(
      vscode.l10n.t('Save as {0}', formatName(target.format)),
      () => {
        beforeStamp = this.stamp;
        this.target = target;
        this.stamp = afterStamp;
      },
      () => {
        afterStamp = this.stamp;
        this.target = before;
        this.stamp = beforeStamp;
      },
    );
  }

  markSaved(stamp: string | undefined, classList: ClassList): void {
    this.savedPosition = this.position;
    this.stamp = stamp;
    this.classList = classList;
    this.changed.fire();
  }

  /** Replaces everything with what is on disk now (Revert), keeping the edit stack's positions consistent. */
  reload(loaded: LoadedLabels): void {
    this.target = loaded.target;
    this.classes = [...loaded.classes];
    this.suggestedClasses = new Set();
    this.classList = loaded.classList;
    this.kept = loaded.annotation.kept;
    this.stamp = loaded.stamp;
    this.problem = loaded.problem;
    this.state = new LabelState(loaded.annotation.shapes.map((shape) => ({ id: freshId(), shape })));
    this.savedPosition = this.position;
    this.changed.fire();
  }

  showFrame(image: DecodedImage): void {
    this.image = image;
    this.frameChanged.fire();
  }

  /** What the format of the target cannot hold, for the page's status and the save question. */
  cannotHold(): number {
    const format = LABEL_FORMATS[this.target.format];
    return this.state.labels.filter((s) => !format.canHold(s)).length;
  }

  dispose(): void {
    this.changed.dispose();
    this.edited.dispose();
    this.frameChanged.dispose();
    this.onDispose();
  }
}
