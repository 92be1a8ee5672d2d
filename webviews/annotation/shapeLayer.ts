// Draws the frame and the shapes on the editor's canvas: the windowed frame as one bitmap scaled by
// the viewport (pixels stay square and sharp when zoomed in), then the shapes batched by colour — one
// path per class, so 2000 boxes or a 6000-point polygon are a handful of canvas calls per frame.
// Suggestions are dashed with their score (tags placed not to cover each other: tagLayout.ts);
// selected shapes get their handles.
import type { WireShape } from '../../core/protocol/annotationMessages';
import { boxHandles } from './geometry';
import { placeTags, TAG_HEIGHT, type TagRequest } from './tagLayout';
import type { Viewport } from './viewport';

/** Tableau 10: distinct classes stay distinct, in light and dark themes. */
export const CLASS_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function classColour(classes: readonly string[], label: string): string {
  const i = classes.indexOf(label);
  return CLASS_COLOURS[(i < 0 ? classes.length : i) % CLASS_COLOURS.length];
}

export interface Scene {
  readonly bitmap?: CanvasImageSource;
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly shapes: readonly WireShape[];
  readonly selected: ReadonlySet<string>;
  readonly classes: readonly string[];
  /** What is being drawn: a box's rectangle or a polygon's vertices so far, and the cursor. */
  readonly draft?: { readonly kind: 'box'; readonly x: number; readonly y: number; readonly width: number; readonly height: number } | { readonly kind: 'polygon'; readonly points: readonly number[]; readonly cursor?: { x: number; y: number } };
  readonly draftColour: string;
}

/** Class names are drawn beside shapes while there are few enough to read. */
const MAX_NAMED = 400;
/** Selected shapes whose handles are drawn. */
const MAX_WITH_HANDLES = 50;

export function drawScene(ctx: CanvasRenderingContext2D, view: Viewport, scene: Scene, cssWidth: number, cssHeight: number): void {
  ctx.save();
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  if (scene.bitmap) {
    // Zoomed in, each image pixel is a sharp square; zoomed out, smoothing keeps small spots visible.
    ctx.imageSmoothingEnabled = view.scale < 1;
    ctx.drawImage(scene.bitmap, view.offsetX, view.offsetY, scene.imageWidth * view.scale, scene.imageHeight * view.scale);
  }
  ctx.lineWidth = 1.5;
  const groups = new Map<string, { solid: WireShape[]; dashed: WireShape[] }>();
  for (const s of scene.shapes) {
    const colour = classColour(scene.classes, s.label);
    const g = groups.get(colour) ?? { solid: [], dashed: [] };
    (s.score !== undefined ? g.dashed : g.solid).push(s);
    groups.set(colour, g);
  }
  for (const [colour, g] of groups) {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    for (const [list, dash] of [[g.solid, []], [g.dashed, [5, 4]]] as const) {
      if (list.length === 0) continue;
      ctx.setLineDash([...dash]);
      ctx.beginPath();
      for (const s of list) tracePath(ctx, view, s);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    // Points as filled dots.
    ctx.beginPath();
    for (const s of [...g.solid, ...g.dashed]) {
      if (s.kind !== 'point') continue;
      const p = view.toScreen(s.x!, s.y!);
      ctx.moveTo(p.x + 4, p.y);
      ctx.arc(p.x, p.y, 4, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
  if (scene.shapes.length <= MAX_NAMED) drawNames(ctx, view, scene, cssWidth, cssHeight);
  drawSelection(ctx, view, scene);
  drawDraft(ctx, view, scene);
  ctx.restore();
}

function tracePath(ctx: CanvasRenderingContext2D, view: Viewport, s: WireShape): void {
  if (s.kind === 'box') {
    const a = view.toScreen(s.x!, s.y!);
    ctx.rect(a.x, a.y, s.width! * view.scale, s.height! * view.scale);
  } else if (s.kind === 'polygon') {
    const p = s.points!;
    const k = view.scale;
    ctx.moveTo(p[0] * k + view.offsetX, p[1] * k + view.offsetY);
    for (let i = 2; i < p.length; i += 2) ctx.lineTo(p[i] * k + view.offsetX, p[i + 1] * k + view.offsetY);
    ctx.closePath();
  }
}

function drawNames(ctx: CanvasRenderingContext2D, view: Viewport, scene: Scene, cssWidth: number, cssHeight: number): void {
  ctx.font = '11px var(--vscode-font-family, sans-serif)';
  ctx.textBaseline = 'bottom';
  const texts = scene.shapes.map((s) => (s.score !== undefined ? `${s.label} ${s.score.toFixed(2)}` : s.label));
  const requests = scene.shapes.map((s, i): TagRequest => {
    const xs = s.kind === 'polygon' ? s.points!.filter((_, k) => k % 2 === 0) : [s.x!, s.x! + (s.width ?? 0)];
    const ys = s.kind === 'polygon' ? s.points!.filter((_, k) => k % 2 === 1) : [s.y!, s.y! + (s.height ?? 0)];
    const a = view.toScreen(Math.min(...xs), Math.min(...ys));
    const b = view.toScreen(Math.max(...xs), Math.max(...ys));
    // A label the user drew or accepted chooses its place before any suggestion.
    return { left: a.x, top: a.y, right: b.x, bottom: b.y, width: ctx.measureText(texts[i]).width + 6, priority: s.score ?? 2 };
  });
  // Shapes off the canvas have no tag to place: a zoomed-in view keeps the placing to what shows.
  const shown = requests.flatMap((r, i) => (r.right >= 0 && r.left <= cssWidth && r.bottom >= 0 && r.top <= cssHeight ? [i] : []));
  const places = placeTags(
    shown.map((i) => requests[i]),
    cssWidth,
    cssHeight,
  );
  shown.forEach((i, k) => {
    const s = scene.shapes[i];
    const p = places[k];
    ctx.fillStyle = classColour(scene.classes, s.label);
    ctx.fillRect(p.x, p.y, requests[i].width, TAG_HEIGHT);
    ctx.fillStyle = '#fff';
    ctx.fillText(texts[i], p.x + 3, p.y + TAG_HEIGHT - 1);
  });
}

function drawSelection(ctx: CanvasRenderingContext2D, view: Viewport, scene: Scene): void {
  if (scene.selected.size === 0) return;
  // Handles are for reshaping one shape or a few; with hundreds selected (select all) only the outlines
  // are drawn bold, which keeps panning smooth.
  const withHandles = scene.selected.size <= MAX_WITH_HANDLES;
  ctx.lineWidth = 2.5;
  for (const s of scene.shapes) {
    if (!scene.selected.has(s.id)) continue;
    ctx.strokeStyle = classColour(scene.classes, s.label);
    ctx.beginPath();
    if (s.kind === 'point') {
      const p = view.toScreen(s.x!, s.y!);
      ctx.arc(p.x, p.y, 7, 0, 2 * Math.PI);
    } else tracePath(ctx, view, s);
    ctx.stroke();
    if (s.locked || !withHandles) continue;
    const handles = s.kind === 'box' ? boxHandles(s).map((h) => h.at) : s.kind === 'polygon' ? pointsOf(s.points!) : [];
    // A 6000-vertex polygon's handles only when zoomed in enough to tell them apart.
    if (handles.length > 400 && view.scale < 2) continue;
    ctx.fillStyle = '#fff';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const h of handles) {
      const p = view.toScreen(h.x, h.y);
      ctx.rect(p.x - 3, p.y - 3, 6, 6);
    }
    ctx.fill();
    ctx.stroke();
    ctx.lineWidth = 2.5;
  }
}

function pointsOf(p: readonly number[]): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < p.length; i += 2) out.push({ x: p[i], y: p[i + 1] });
  return out;
}

function drawDraft(ctx: CanvasRenderingContext2D, view: Viewport, scene: Scene): void {
  const d = scene.draft;
  if (!d) return;
  ctx.strokeStyle = scene.draftColour;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  if (d.kind === 'box') {
    const a = view.toScreen(d.x, d.y);
    ctx.rect(a.x, a.y, d.width * view.scale, d.height * view.scale);
  } else if (d.points.length) {
    const first = view.toScreen(d.points[0], d.points[1]);
    ctx.moveTo(first.x, first.y);
    for (let i = 2; i < d.points.length; i += 2) {
      const p = view.toScreen(d.points[i], d.points[i + 1]);
      ctx.lineTo(p.x, p.y);
    }
    if (d.cursor) {
      const c = view.toScreen(d.cursor.x, d.cursor.y);
      ctx.lineTo(c.x, c.y);
    }
  }
  ctx.stroke();
  ctx.setLineDash([]);
  if (d.kind === 'polygon' && d.points.length) {
    // The first vertex, where a click closes the polygon.
    const first = view.toScreen(d.points[0], d.points[1]);
    ctx.fillStyle = scene.draftColour;
    ctx.beginPath();
    ctx.arc(first.x, first.y, 5, 0, 2 * Math.PI);
    ctx.fill();
  }
}
