// The frame on the canvas: the host's samples through the display window (low, high, scale, colour
// map; automatic from the frame's statistics) into a bitmap, and the scene — bitmap, shapes, the
// shape being drawn — painted at most once per animation frame, fitted to the stage until the user
// moves the view. Kept apart from the gestures so that what is drawn has one owner.
import type { FramePayload, WireShape } from '../../core/protocol/annotationMessages';
import { boxBetween } from './geometry';
import { canvas, controls, ctx, stage, title } from './layout';
import { classColour, drawScene, type Scene } from './shapeLayer';
import { state, view } from './state';
import { el } from './toolbar';
import { autoWindow, type ColourMap, frameStats, renderWindow, type Scale } from './windowing';

export function showFrame(f: FramePayload): void {
  const sameSize = state.frame && state.frame.width === f.width && state.frame.height === f.height;
  state.frame = f;
  state.stats = frameStats({ width: f.width, height: f.height, channels: f.channels, samples: f.samples });
  const isColour8 = f.channels >= 3 && f.bitDepth === 8;
  const { low, high } = isColour8 ? { low: 0, high: 255 } : autoWindow(state.stats);
  state.displayWindow = { ...state.displayWindow, low, high };
  controls.colourMap.disabled = f.channels >= 3;
  controls.position.textContent = f.count > 1 ? `${f.index + 1} / ${f.count}` : '';
  controls.previous.disabled = f.index <= 0;
  controls.next.disabled = f.index >= f.count - 1;
  controls.pageBox.hidden = f.pages <= 1;
  controls.page.max = String(f.pages);
  controls.page.value = String(f.page + 1);
  syncWindowInputs();
  renderBitmap();
  if (!sameSize || !state.fitted) {
    fitView();
    state.fitted = true;
  }
  document.title = f.fileName;
  title.textContent = f.pages > 1 ? `${f.fileName} [${f.page + 1}/${f.pages}]` : f.fileName;
  schedule();
}

function renderBitmap(): void {
  const { frame } = state;
  if (!frame) return;
  const c = state.bitmap ?? el('canvas');
  c.width = frame.width;
  c.height = frame.height;
  const bctx = c.getContext('2d')!;
  const image = bctx.createImageData(frame.width, frame.height);
  renderWindow({ width: frame.width, height: frame.height, channels: frame.channels, samples: frame.samples, bitDepth: frame.bitDepth, sampleFormat: frame.sampleFormat }, state.displayWindow, image.data);
  bctx.putImageData(image, 0, 0);
  state.bitmap = c;
  schedule();
}

function syncWindowInputs(): void {
  const { displayWindow } = state;
  const digits = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));
  controls.low.value = digits(displayWindow.low);
  controls.high.value = digits(displayWindow.high);
  controls.scale.value = displayWindow.scale;
  controls.gamma.value = String(displayWindow.gamma);
  controls.gamma.hidden = displayWindow.scale !== 'gamma';
  controls.colourMap.value = displayWindow.colourMap;
}

/** The automatic window of the frame shown (the full range of an 8-bit colour image). */
export function applyAutoWindow(): void {
  const { frame, stats } = state;
  if (!stats || !frame) return;
  state.displayWindow = { ...state.displayWindow, ...(frame.channels >= 3 && frame.bitDepth === 8 ? { low: 0, high: 255 } : autoWindow(stats)) };
  syncWindowInputs();
  renderBitmap();
}

function windowChanged(): void {
  const low = Number(controls.low.value);
  const high = Number(controls.high.value);
  const gamma = Number(controls.gamma.value);
  const valid = Number.isFinite(low) && Number.isFinite(high) && high > low;
  controls.low.classList.toggle('invalid', !valid);
  controls.high.classList.toggle('invalid', !valid);
  if (!valid) return;
  state.displayWindow = { low, high, scale: controls.scale.value as Scale, gamma: gamma > 0 ? gamma : 0.5, colourMap: controls.colourMap.value as ColourMap };
  controls.gamma.hidden = state.displayWindow.scale !== 'gamma';
  // A 16-megapixel frame takes a few tens of milliseconds: at most one redraw per frame of typing.
  if (state.windowTimer !== undefined) cancelAnimationFrame(state.windowTimer);
  state.windowTimer = requestAnimationFrame(() => {
    state.windowTimer = undefined;
    renderBitmap();
  });
}
for (const input of [controls.low, controls.high, controls.gamma]) input.addEventListener('input', windowChanged);
for (const s of [controls.scale, controls.colourMap]) s.addEventListener('change', windowChanged);

// ---- Drawing ----

export function schedule(): void {
  if (state.scheduled) return;
  state.scheduled = true;
  requestAnimationFrame(() => {
    state.scheduled = false;
    paint();
  });
}

function resize(): void {
  const r = stage.getBoundingClientRect();
  state.cssWidth = Math.max(1, Math.floor(r.width));
  state.cssHeight = Math.max(1, Math.floor(r.height));
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(state.cssWidth * dpr);
  canvas.height = Math.round(state.cssHeight * dpr);
  canvas.style.width = `${state.cssWidth}px`;
  canvas.style.height = `${state.cssHeight}px`;
  // The toolbar wraps when buttons appear, the panel is resized: a view the user has not moved keeps fitting.
  if (state.frame && (!state.fitted || !state.viewMoved)) fitView();
  schedule();
}
new ResizeObserver(resize).observe(stage);

export function fitView(): void {
  if (state.frame) view.fit(state.frame.width, state.frame.height, state.cssWidth, state.cssHeight);
  state.viewMoved = false;
  schedule();
}

/** Frame times of the last paints, for bench/annotation (read through the page, never sent anywhere). */
const paintTimes: number[] = [];
(window as unknown as { haiPaintTimes: number[] }).haiPaintTimes = paintTimes;

function paint(): void {
  const t0 = performance.now();
  const dpr = window.devicePixelRatio || 1;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const scene: Scene = {
    bitmap: state.bitmap,
    imageWidth: state.frame?.width ?? 0,
    imageHeight: state.frame?.height ?? 0,
    shapes: previewShapes(),
    selected: state.selected,
    classes: state.labels.classes,
    draft: draftShape(),
    draftColour: classColour(state.labels.classes, state.currentClass),
  };
  drawScene(ctx, view, scene, state.cssWidth, state.cssHeight);
  paintTimes.push(performance.now() - t0);
  if (paintTimes.length > 600) paintTimes.splice(0, paintTimes.length - 600);
}

function previewShapes(): readonly WireShape[] {
  if (state.preview.size === 0) return state.shapes;
  return state.shapes.map((s) => state.preview.get(s.id) ?? s);
}

function draftShape(): Scene['draft'] {
  const { drag, draft, frame } = state;
  if (drag?.kind === 'box' && frame) return { kind: 'box', ...boxBetween(drag.start, drag.end, frame.width, frame.height) };
  if (draft) return { kind: 'polygon', points: draft.points, cursor: draft.cursor };
  return undefined;
}
