// Messages between the annotation editor page (webviews/annotation/) and its host, the custom editor
// of images (extension/annotation/). The host holds the labels and their undo stack; the page draws
// the image and the shapes, and sends each finished gesture (a box drawn, a shape moved, a class
// changed) as one edit. Every request is validated here: shapes are bounded in count and size,
// coordinates finite, ids and class names short plain text. The frame's samples travel to the page
// once, as a typed array, so that display windowing never asks the host again.
import { fields, type FieldSpec, type MessageOf, type NoPayload, type PayloadSpecs } from './webviewProtocol';

/** A shape as the page and host exchange it: pixel coordinates of the frame, points flat (x0, y0, x1, y1…). */
export interface WireShape {
  readonly id: string;
  readonly kind: 'box' | 'polygon' | 'point';
  readonly label: string;
  /** box: top-left corner; point: the point. */
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
  /** polygon: x0, y0, x1, y1, … (at least three vertices). */
  readonly points?: readonly number[];
  /** A suggestion (AI or classical assist) not yet accepted: drawn dashed, never saved until accepted. */
  readonly score?: number;
  readonly source?: string;
  /** A pixel mask from the label file (COCO RLE, labelme mask): shown by its outline, kept as it is, not reshaped. */
  readonly locked?: boolean;
}

export type SampleFormat = 'uint' | 'int' | 'float';

export interface FramePayload {
  readonly fileName: string;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly bitDepth: number;
  readonly sampleFormat: SampleFormat;
  readonly samples: Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
  /** TIFF pages or HDF5 frames: which is shown (0-based) and how many there are. */
  readonly page: number;
  readonly pages: number;
  /** Where the image is among the images of its folder (previous/next). */
  readonly index: number;
  readonly count: number;
}

export interface LabelsPayload {
  readonly shapes: readonly WireShape[];
  readonly classes: readonly string[];
  /** The format the labels are saved in, as the page shows it ("YOLO detection") and the label file. */
  readonly format: string;
  readonly labelFile: string;
  readonly dirty: boolean;
  /** What the format does not keep of these labels, one sentence each (empty when it keeps all). */
  readonly notKept: readonly string[];
}

export type AnnotationTool = 'select' | 'box' | 'polygon' | 'point' | 'fill';

export type AnnotationAction =
  | 'fit'
  | 'zoomIn'
  | 'zoomOut'
  | 'actualSize'
  | 'delete'
  | 'nextClass'
  | 'previousClass'
  | 'acceptAll'
  | 'rejectAll'
  | 'help'
  | 'autoWindow'
  | 'selectAll'
  | 'cancel'
  | 'prelabel'
  | 'findSpots';

export interface AnnotationUpdates {
  /** The page's words (en or zh-cn) and the keys bound to the editor's commands, for the help panel. */
  init: { readonly words: Readonly<Record<string, string>>; readonly keys: readonly { readonly command: string; readonly title: string; readonly key: string }[] };
  frame: FramePayload;
  labels: LabelsPayload;
  /** A keybinding chose a tool or an action (the user may have rebound it). */
  tool: { readonly tool: AnnotationTool };
  action: { readonly action: AnnotationAction };
  /** The class with this index (0-based, from keys 1–9) for what is selected or drawn next. */
  pickClass: { readonly index: number };
  /** An assist is running (text shown with a Cancel button) or finished (text undefined). */
  busy: { readonly text?: string };
  error: { readonly message: string };
}

export const ANNOTATION_UPDATE_NAMES: { readonly [K in keyof AnnotationUpdates]: true } = {
  init: true,
  frame: true,
  labels: true,
  tool: true,
  action: true,
  pickClass: true,
  busy: true,
  error: true,
};

export interface AnnotationRequests {
  ready: NoPayload;
  /** Shapes drawn (or pasted); ids are the page's, new and unique. */
  addShapes: { readonly shapes: readonly WireShape[] };
  /** Shapes moved, resized, reshaped or given another class: their new state, same ids. */
  updateShapes: { readonly shapes: readonly WireShape[] };
  deleteShapes: { readonly ids: readonly string[] };
  /** Suggestions accepted (they become labels) or rejected (they go). */
  acceptSuggestions: { readonly ids: readonly string[] };
  rejectSuggestions: { readonly ids: readonly string[] };
  /** A class typed in the page that the list lacks: added at the end of the list (never reordered). */
  addClass: { readonly name: string };
  /** Suggestions from the detection model for this image. */
  prelabel: NoPayload;
  /** Bright spots found by threshold + connected components (no model), suggested with this class. */
  findSpots: { readonly label: string };
  /** A polygon around the region of similar values containing the pixel (tolerance: a fraction of the frame's range). */
  floodFill: { readonly x: number; readonly y: number; readonly tolerance: number; readonly label: string };
  cancelAssist: NoPayload;
  /** Previous (−1) or next (+1) image of the folder. */
  navigate: { readonly delta: number };
  /** Another TIFF page or HDF5 frame. */
  page: { readonly page: number };
  /** The user wants the labels in another format (the page's button beside what is not kept). */
  chooseFormat: NoPayload;
  /** A text field of the page has the focus: single-key shortcuts must type, not act. */
  typing: { readonly typing: boolean };
}

export type AnnotationRequest = MessageOf<AnnotationRequests>;
export type AnnotationUpdate = MessageOf<AnnotationUpdates>;

/** More shapes than any image needs (a dense crowd has a few thousand); a bound on what a page may send. */
export const MAX_SHAPES = 20_000;
/** A polygon's vertices: a 6000-point outline is the heaviest the issue names; traced masks may be longer. */
export const MAX_POLYGON_POINTS = 100_000;
const MAX_COORDINATE = 1e7;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The longest class name: bounds what a page may send, and what a label file may name. */
export const MAX_CLASS_NAME = 200;

/** What is wrong with a class name, or undefined when it is a plain one. */
export type ClassNameFault = 'empty' | 'long' | 'control' | 'space';

/**
 * The one rule for class names, where they are read (label files, class lists, a model's names),
 * drawn on the page and written: classes.txt keeps one name a line, trimmed, so a line break, a blank
 * at either end or an empty name would shift or merge the ids of the classes after it. The page
 * sends only names this accepts, so every label the editor shows can also be edited.
 */
export function classNameFault(name: string): ClassNameFault | undefined {
  if (name.length === 0) return 'empty';
  if (name.length > MAX_CLASS_NAME) return 'long';
  // eslint-disable-next-line no-control-regex -- a class name is one line of a label file.
  if (/[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(name)) return 'control';
  return name.trim() !== name ? 'space' : undefined;
}

function classProblem(v: unknown): string | undefined {
  if (typeof v !== 'string') return 'not a string';
  const fault = classNameFault(v);
  return fault === 'empty' || fault === 'long' ? `not 1–${MAX_CLASS_NAME} characters` : fault ? 'not a plain class name' : undefined;
}

function finite(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE;
}

function shapeProblem(s: unknown): string | undefined {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return 'a shape is not an object';
  const shape = s as Record<string, unknown>;
  const allowed = new Set(['id', 'kind', 'label', 'x', 'y', 'width', 'height', 'points', 'score', 'source', 'locked']);
  if (Object.keys(shape).some((k) => !allowed.has(k))) return 'a shape has an unexpected field';
  if (typeof shape.id !== 'string' || !ID.test(shape.id)) return 'a shape id is not a short plain id';
  const label = classProblem(shape.label);
  if (label) return `a shape label is ${label}`;
  if (shape.score !== undefined && !(typeof shape.score === 'number' && shape.score >= 0 && shape.score <= 1)) return 'a score is not in 0…1';
  if (shape.source !== undefined && !(typeof shape.source === 'string' && shape.source.length <= 100)) return 'a source is not short text';
  if (shape.locked !== undefined && typeof shape.locked !== 'boolean') return 'locked is not a boolean';
  switch (shape.kind) {
    case 'box':
      if (![shape.x, shape.y, shape.width, shape.height].every(finite) || (shape.width as number) < 0 || (shape.height as number) < 0) return 'a box is not four finite numbers with a size ≥ 0';
      return shape.points === undefined ? undefined : 'a box has points';
    case 'point':
      return [shape.x, shape.y].every(finite) && shape.width === undefined && shape.points === undefined ? undefined : 'a point is not two finite numbers';
    case 'polygon': {
      const p = shape.points;
      if (!Array.isArray(p) || p.length < 6 || p.length % 2 !== 0) return 'a polygon has not an even count, at least 6, of coordinates';
      if (p.length > MAX_POLYGON_POINTS * 2) return 'a polygon has too many points';
      if (!p.every(finite)) return 'a polygon coordinate is not a finite number';
      return shape.x === undefined && shape.width === undefined ? undefined : 'a polygon has box fields';
    }
    default:
      return 'a shape kind is not box, polygon or point';
  }
}

function copyShape(s: WireShape): WireShape {
  const out: Record<string, unknown> = { id: s.id, kind: s.kind, label: s.label };
  for (const k of ['x', 'y', 'width', 'height', 'score', 'source', 'locked'] as const) if (s[k] !== undefined) out[k] = s[k];
  if (s.points) out.points = [...s.points];
  return out as unknown as WireShape;
}

function shapeList(): FieldSpec<readonly WireShape[]> {
  return {
    problem: (v) => {
      if (!Array.isArray(v)) return 'not a list';
      if (v.length === 0) return 'empty';
      if (v.length > MAX_SHAPES) return 'too many shapes';
      const ids = new Set<string>();
      for (const s of v) {
        const p = shapeProblem(s);
        if (p) return p;
        const id = (s as WireShape).id;
        if (ids.has(id)) return 'a shape id is repeated';
        ids.add(id);
      }
      return undefined;
    },
    copy: (v) => v.map(copyShape),
  };
}

function idList(): FieldSpec<readonly string[]> {
  return {
    problem: (v) => {
      if (!Array.isArray(v)) return 'not a list';
      if (v.length === 0) return 'empty';
      if (v.length > MAX_SHAPES) return 'too many ids';
      return v.every((id) => typeof id === 'string' && ID.test(id)) ? undefined : 'an id is not a short plain id';
    },
    copy: (v) => [...v],
  };
}

export const ANNOTATION_REQUESTS: PayloadSpecs<AnnotationRequests> = {
  ready: {},
  addShapes: { shapes: shapeList() },
  updateShapes: { shapes: shapeList() },
  deleteShapes: { ids: idList() },
  acceptSuggestions: { ids: idList() },
  rejectSuggestions: { ids: idList() },
  addClass: { name: { problem: classProblem } },
  prelabel: {},
  findSpots: { label: { problem: classProblem } },
  floodFill: { x: fields.number({ min: 0, max: MAX_COORDINATE }), y: fields.number({ min: 0, max: MAX_COORDINATE }), tolerance: fields.number({ min: 0, max: 1 }), label: { problem: classProblem } },
  cancelAssist: {},
  navigate: { delta: fields.number({ min: -1, max: 1, integer: true }) },
  page: { page: fields.number({ min: 0, max: 1_000_000, integer: true }) },
  chooseFormat: {},
  typing: { typing: fields.boolean() },
};
