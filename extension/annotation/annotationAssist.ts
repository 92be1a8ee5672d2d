// The editor's assists, run in the extension host (never in the webview): pre-labelling with a local
// ONNX detection model (onnxruntime-node; YOLOv5 or YOLOv8/11 exports, or the tiny detector shipped in
// models/detector), and two that need no model: bright spots (threshold + connected components) and a
// polygon around a clicked region (flood fill + outline). Detections and spots come as suggestions —
// dashed shapes with a score that the user accepts or rejects — in one undoable edit; a filled region
// is a label at once (the user pointed at it).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findSpots, floodRegion } from '../../core/annotation/assist/classical';
import { type Detector, loadDetector } from '../../core/annotation/assist/detector';
import { roomFor } from '../../core/annotation/labelState';
import { reportError } from '../../core/errors';
import { errorText, translate } from '../errorNotice';
import { englishCount, suggestionCount } from '../plural';
import { readPathSetting, refusedPathText } from '../settings';
import { MAX_SHAPES, type WireShape } from '../../core/protocol/annotationMessages';
import type { AnnotationEditor, EditorSession } from './annotationEditor';
import { freshId } from './annotationDocument';

/** The detector shipped with the extension: trained by models/detector on synthetic detector frames. */
export const BUNDLED_DETECTOR = ['models', 'detector', 'hai-det-tiny-v8.onnx'];

export class AnnotationAssist implements vscode.Disposable {
  private loadedDetector: { path: string; loaded: Promise<Detector> } | undefined;

  constructor(
    private readonly editor: AnnotationEditor,
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** The detection model: hai.annotation.detectionModel, else the bundled tiny detector; an Error says why a setting is not followed. */
  modelPath(): string {
    const configured = readPathSetting('hai.annotation.detectionModel');
    if ('refused' in configured) throw new Error(refusedPathText('hai.annotation.detectionModel', configured));
    return configured.path || vscode.Uri.joinPath(this.extensionUri, ...BUNDLED_DETECTOR).fsPath;
  }

  /** The detection model, loaded once (again when the setting names another file). */
  async detector(): Promise<Detector> {
    const file = this.modelPath();
    if (this.loadedDetector?.path !== file) {
      const previous = this.loadedDetector;
      // onnxruntime-node is loaded (by loadDetector) only when a model is first used: activation stays fast.
      const loaded = loadDetector(file);
      this.loadedDetector = { path: file, loaded };
      loaded.catch(() => {
        if (this.loadedDetector?.loaded === loaded) this.loadedDetector = undefined;
      });
      void previous?.loaded.then((d) => d.dispose()).catch(() => undefined);
    }
    return this.loadedDetector.loaded;
  }

  /** Runs `work` with the page told (busy text, Cancel) and errors shown on the page with what to do. */
  private async running(session: EditorSession, text: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    session.assist?.abort();
    const controller = new AbortController();
    session.assist = controller;
    await session.page.post({ type: 'busy', text });
    try {
      await work(controller.signal);
    } catch (err) {
      if (controller.signal.aborted) return;
      this.output.warn(`Annotation assist: ${reportError(err).notice}`);
      await session.page.post({ type: 'error', message: reportError(err, translate).notice });
    } finally {
      if (session.assist === controller) session.assist = undefined;
      await session.page.post({ type: 'busy' });
    }
  }

  private suggest(session: EditorSession, found: { shape: WireShape; score: number; source: string }[], label: (count: number) => string, none: string): void {
    if (found.length === 0) {
      void session.page.post({ type: 'error', message: none });
      return;
    }
    // At most MAX_SHAPES shapes in all (see roomFor); the user is told how many were left out.
    const shapes = roomFor(found, session.document.state.entries.length, MAX_SHAPES);
    if (shapes.length < found.length) {
      void session.page.post({
        type: 'error',
        message: vscode.l10n.t('Kept the {0} strongest of {1} suggestions: an image holds at most {2} shapes in the editor. Accept or reject some, then run it again.', shapes.length, found.length, MAX_SHAPES),
      });
    }
    if (shapes.length === 0) return;
    this.editor.suggest(session.document, shapes, label(shapes.length));
  }

  async prelabel(session: EditorSession): Promise<void> {
    let file: string;
    try {
      file = this.modelPath();
    } catch (err) {
      await session.page.post({ type: 'error', message: errorText(err) });
      return;
    }
    return this.running(session, vscode.l10n.t('Pre-labelling with {0}…', path.basename(file)), async (signal) => {
      const detector = await this.detector();
      const started = performance.now();
      const detections = await detector.detect(session.document.image.raster);
      if (signal.aborted) return;
      this.output.info(`Annotation: ${path.basename(file)} found ${englishCount(detections.length, 'object')} in ${path.basename(session.document.file)} in ${(performance.now() - started).toFixed(0)} ms`);
      const source = path.basename(file);
      this.suggest(
        session,
        detections.map((d) => ({ shape: { id: 'new', kind: 'box', label: d.label, ...d.box }, score: d.score, source })),
        (n) => vscode.l10n.t('Pre-label ({0})', suggestionCount(n)),
        vscode.l10n.t('{0} found nothing in this image above its confidence threshold.', source),
      );
    });
  }

  findSpots(session: EditorSession, label: string): Promise<void> {
    return this.running(session, vscode.l10n.t('Finding bright spots…'), async (signal) => {
      const result = findSpots(session.document.image.raster);
      if (signal.aborted) return;
      // A spot's score grows with its height above the threshold in noise sigmas: 5 σ → 0.5, 15 σ → 0.9.
      const score = (peak: number): number => Math.min(1, Math.max(0, 1 - Math.exp(-(peak - result.background) / (Math.max(result.noise, 1e-12) * 7.2))));
      this.suggest(
        session,
        result.spots.map((s) => ({ shape: { id: 'new', kind: 'box', label, ...s.box }, score: score(s.peak), source: 'spots' })),
        (n) => vscode.l10n.t('Find spots ({0})', suggestionCount(n)),
        vscode.l10n.t('No spots above the threshold ({0}); lower the window or label by hand.', Number(result.threshold.toPrecision(4))),
      );
    });
  }

  floodFill(session: EditorSession, x: number, y: number, fraction: number, label: string): Promise<void> {
    return this.running(session, vscode.l10n.t('Filling the region…'), async () => {
      const result = floodRegion(session.document.image.raster, x, y, { relativeTolerance: fraction });
      if (result.polygon.length < 3) {
        await session.page.post({ type: 'error', message: vscode.l10n.t('The region at ({0}, {1}) is a single pixel: raise the fill tolerance.', x, y) });
        return;
      }
      // The user pointed at the region with the fill tool: the polygon is a label at once (undoable), not a suggestion.
      this.editor.addShapes(session.document, [{ id: freshId(), kind: 'polygon', label, points: result.polygon.flat() }]);
    });
  }

  dispose(): void {
    void this.loadedDetector?.loaded.then((d) => d.dispose()).catch(() => undefined);
  }
}
