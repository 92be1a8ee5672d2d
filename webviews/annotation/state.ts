// What the annotation page's modules share: the one messenger (VS Code allows one acquireVsCodeApi()
// per page), the viewport, and every value of the page that changes, in one object. One place, so
// that the frame view, the gestures and the status line never each keep a copy that goes stale.
import type { AnnotationRequest, AnnotationTool, AnnotationUpdate, AnnotationUpdates, FramePayload, LabelsPayload, WireShape } from '../../core/protocol/annotationMessages';
import { Messenger } from '../shared/messenger';
import type { Handle, Point } from './geometry';
import type { Words } from './toolbar';
import { Viewport } from './viewport';
import type { DisplayWindow, FrameStats } from './windowing';

export const messenger = new Messenger<AnnotationRequest, AnnotationUpdate>();
export const view = new Viewport();

/** A pointer gesture in progress: its shapes are previews until it ends. */
export type Drag =
  | { kind: 'pan'; last: { x: number; y: number } }
  | { kind: 'move'; start: Point; originals: WireShape[]; moved: boolean }
  | { kind: 'reshape'; original: WireShape; handle: Handle }
  | { kind: 'box'; start: Point; end: Point };

export interface PageState {
  words: Words;
  keys: AnnotationUpdates['init']['keys'];
  frame: FramePayload | undefined;
  stats: FrameStats | undefined;
  bitmap: HTMLCanvasElement | undefined;
  labels: LabelsPayload;
  /** The shapes drawn: the host's, with this page's edits applied until the host confirms them. */
  shapes: WireShape[];
  selected: Set<string>;
  tool: AnnotationTool;
  currentClass: string;
  displayWindow: DisplayWindow;
  fitted: boolean;
  /** Whether the user zoomed or panned since the last fit: until then a resize fits again. */
  viewMoved: boolean;
  /** The canvas's size in CSS pixels. */
  cssWidth: number;
  cssHeight: number;
  drag: Drag | undefined;
  /** A polygon being drawn: its vertices so far and the cursor, to draw the next edge to. */
  draft: { points: number[]; cursor?: Point } | undefined;
  /** Shapes as a drag is making them, drawn instead of the stored ones until the gesture ends. */
  preview: Map<string, WireShape>;
  spaceDown: boolean;
  /** Whether a paint is already asked for the next animation frame. */
  scheduled: boolean;
  /** The pending redraw of the bitmap after the window inputs changed. */
  windowTimer: number | undefined;
  /** Counts the shapes made on this page, to keep their ids apart. */
  idCounter: number;
}

export const state: PageState = {
  words: {},
  keys: [],
  frame: undefined,
  stats: undefined,
  bitmap: undefined,
  labels: { shapes: [], classes: [], format: '', labelFile: '', dirty: false, notKept: [] },
  shapes: [],
  selected: new Set<string>(),
  tool: 'select',
  currentClass: '',
  displayWindow: { low: 0, high: 255, scale: 'linear', gamma: 0.5, colourMap: 'grey' },
  fitted: false,
  viewMoved: false,
  cssWidth: 0,
  cssHeight: 0,
  drag: undefined,
  draft: undefined,
  preview: new Map(),
  spaceDown: false,
  scheduled: false,
  windowTimer: undefined,
  idCounter: 0,
};
