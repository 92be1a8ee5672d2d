// The annotation editor page: the frame through a display window, the labels over it, the tools to
// draw and edit them. The host (extension/annotation/) owns the labels, their undo stack and the
// files; the page sends each finished gesture as one edit and draws what the host sends back.
import { ANNOTATION_UPDATE_NAMES, type AnnotationAction, type AnnotationRequest, type AnnotationTool, type AnnotationUpdate, type AnnotationUpdates, type FramePayload, type LabelsPayload, type WireShape } from '../../core/protocol/annotationMessages';
import { messageGuard } from '../../core/protocol/webviewProtocol';
import { Messenger } from '../shared/messenger';
import { boxBetween, edgeAt, type Handle, handleAt, moved, type Point, reshaped, shapeAt, withoutVertex, withVertex } from './geometry';
import { classColour, drawScene, type Scene } from './shapeLayer';
import { buildControls, el, fill, labelControls, TOOLS, type Words } from './toolbar';
import { Viewport } from './viewport';
import { autoWindow, type ColourMap, type DisplayWindow, frameStats, type FrameStats, renderWindow, type Scale } from './windowing';

const messenger = new Messenger<AnnotationRequest, AnnotationUpdate>();
let words: Words = {};
let keys: AnnotationUpdates['init']['keys'] = [];
let frame: FramePayload | undefined;
let stats: FrameStats | undefined;
let bitmap: HTMLCanvasElement | undefined;
let labels: LabelsPayload = { shapes: [], classes: [], format: '', labelFile: '', dirty: false, notKept: [] };
/** The shapes drawn: the host's, with this page's edits applied until the host confirms them. */
let shapes: WireShape[] = [];
let selected = new Set<string>();
let tool: AnnotationTool = 'select';
let currentClass = '';
let displayWindow: DisplayWindow = { low: 0, high: 255, scale: 'linear', gamma: 0.5, colourMap: 'grey' };
const view = new Viewport();
let fitted = false;
/** Whether the user zoomed or panned since the last fit: until then a resize fits again. */
let viewMoved = false;

const controls = buildControls();
// The image's name (and frame) at the head of the toolbar: which image this tab labels.
const title = el('h1');
title.id = 'title';
controls.bar.prepend(title);
const stage = el('div');
stage.id = 'stage';
const canvas = el('canvas');
canvas.id = 'canvas';
canvas.tabIndex = 0;
stage.append(canvas);
const statusLine = el('div');
statusLine.id = 'status';
const cursorText = el('span');
const summaryText = el('span');
const fileText = el('span', undefined, 'muted');
statusLine.append(cursorText, summaryText, fileText);
const errorBox = el('div');
errorBox.id = 'error';
errorBox.hidden = true;
// What the label format does not keep, said before any save writes it (and all along while true).
const notKeptBox = el('div');
notKeptBox.id = 'notKept';
notKeptBox.hidden = true;
const notKeptText = el('span');
const notKeptButton = el('button', undefined, 'small');
notKeptButton.type = 'button';
notKeptButton.addEventListener('click', () => messenger.send({ type: 'chooseFormat' }));
notKeptBox.append(notKeptText, notKeptButton);
const busyBox = el('div');
busyBox.id = 'busy';
busyBox.hidden = true;
const busyText = el('span');
const busyCancel = el('button', undefined, 'small');
busyCancel.type = 'button';
busyBox.append(busyText, busyCancel);
const helpPanel = el('div');
helpPanel.id = 'helpPanel';
helpPanel.hidden = true;
document.getElementById('app')!.append(controls.bar, errorBox, notKeptBox, busyBox, stage, statusLine, helpPanel);
const ctx = canvas.getContext('2d')!;

// ---- Messages from the host ----

messenger.listen(messageGuard<AnnotationUpdates>(ANNOTATION_UPDATE_NAMES), (m) => {
  switch (m.type) {
    case 'init':
      words = m.words;
      keys = m.keys;
      labelControls(controls, words);
      busyCancel.textContent = words.cancel ?? 'Cancel';
      notKeptButton.textContent = words.chooseFormat ?? 'Choose Another Format…';
      buildHelp();
      setTool(tool);
      break;
    case 'frame':
      showFrame(m);
      break;
    case 'labels':
      labels = m;
      shapes = [...m.shapes];
      selected = new Set([...selected].filter((id) => shapes.some((s) => s.id === id)));
      fillClasses();
      updateSummary();
      schedule();
      break;
    case 'tool':
      setTool(m.tool);
      break;
    case 'action':
      act(m.action);
      break;
    case 'pickClass':
      if (labels.classes[m.index] !== undefined) chooseClass(labels.classes[m.index]);
      break;
    case 'busy':
      busyBox.hidden = m.text === undefined;
      busyText.textContent = m.text ?? '';
      break;
    case 'error':
      showError(m.message);
      break;
  }
});

function showError(message: string | undefined): void {
  errorBox.hidden = !message;
  errorBox.textContent = message ?? '';
}

// ---- The frame and its window ----

function showFrame(f: FramePayload): void {
  const sameSize = frame && frame.width === f.width && frame.height === f.height;
  frame = f;
  stats = frameStats({ width: f.width, height: f.height, channels: f.channels, samples: f.samples });
  const isColour8 = f.channels >= 3 && f.bitDepth === 8;
  const { low, high } = isColour8 ? { low: 0, high: 255 } : autoWindow(stats);
  displayWindow = { ...displayWindow, low, high };
  controls.colourMap.disabled = f.channels >= 3;
  controls.position.textContent = f.count > 1 ? `${f.index + 1} / ${f.count}` : '';
  controls.previous.disabled = f.index <= 0;
  controls.next.disabled = f.index >= f.count - 1;
  controls.pageBox.hidden = f.pages <= 1;
  controls.page.max = String(f.pages);
  controls.page.value = String(f.page + 1);
  syncWindowInputs();
  renderBitmap();
  if (!sameSize || !fitted) {
    fitView();
    fitted = true;
  }
  document.title = f.fileName;
  title.textContent = f.pages > 1 ? `${f.fileName} [${f.page + 1}/${f.pages}]` : f.fileName;
  schedule();
}

function renderBitmap(): void {
  if (!frame) return;
  const c = bitmap ?? el('canvas');
  c.width = frame.width;
  c.height = frame.height;
  const bctx = c.getContext('2d')!;
  const image = bctx.createImageData(frame.width, frame.height);
  renderWindow({ width: frame.width, height: frame.height, channels: frame.channels, samples: frame.samples, bitDepth: frame.bitDepth, sampleFormat: frame.sampleFormat }, displayWindow, image.data);
  bctx.putImageData(image, 0, 0);
  bitmap = c;
  schedule();
}

function syncWindowInputs(): void {
  const digits = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));
  controls.low.value = digits(displayWindow.low);
  controls.high.value = digits(displayWindow.high);
  controls.scale.value = displayWindow.scale;
  controls.gamma.value = String(displayWindow.gamma);
  controls.gamma.hidden = displayWindow.scale !== 'gamma';
  controls.colourMap.value = displayWindow.colourMap;
}

let windowTimer: number | undefined;
function windowChanged(): void {
  const low = Number(controls.low.value);
  const high = Number(controls.high.value);
  const gamma = Number(controls.gamma.value);
  const valid = Number.isFinite(low) && Number.isFinite(high) && high > low;
  controls.low.classList.toggle('invalid', !valid);
  controls.high.classList.toggle('invalid', !valid);
  if (!valid) return;
  displayWindow = { low, high, scale: controls.scale.value as Scale, gamma: gamma > 0 ? gamma : 0.5, colourMap: controls.colourMap.value as ColourMap };
  controls.gamma.hidden = displayWindow.scale !== 'gamma';
  // A 16-megapixel frame takes a few tens of milliseconds: at most one redraw per frame of typing.
  if (windowTimer !== undefined) cancelAnimationFrame(windowTimer);
  windowTimer = requestAnimationFrame(() => {
    windowTimer = undefined;
    renderBitmap();
  });
}
for (const input of [controls.low, controls.high, controls.gamma]) input.addEventListener('input', windowChanged);
for (const s of [controls.scale, controls.colourMap]) s.addEventListener('change', windowChanged);
controls.auto.addEventListener('click', () => act('autoWindow'));

// ---- Drawing ----

let scheduled = false;
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    paint();
  });
}

let cssWidth = 0;
let cssHeight = 0;
function resize(): void {
  const r = stage.getBoundingClientRect();
  cssWidth = Math.max(1, Math.floor(r.width));
  cssHeight = Math.max(1, Math.floor(r.height));
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssWidth * dpr);
  canvas.height = Math.round(cssHeight * dpr);
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  // The toolbar wraps when buttons appear, the panel is resized: a view the user has not moved keeps fitting.
  if (frame && (!fitted || !viewMoved)) fitView();
  schedule();
}
new ResizeObserver(resize).observe(stage);

function fitView(): void {
  if (frame) view.fit(frame.width, frame.height, cssWidth, cssHeight);
  viewMoved = false;
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
    bitmap,
    imageWidth: frame?.width ?? 0,
    imageHeight: frame?.height ?? 0,
    shapes: previewShapes(),
    selected,
    classes: labels.classes,
    draft: draftShape(),
    draftColour: classColour(labels.classes, currentClass),
  };
  drawScene(ctx, view, scene, cssWidth, cssHeight);
  paintTimes.push(performance.now() - t0);
  if (paintTimes.length > 600) paintTimes.splice(0, paintTimes.length - 600);
}

// ---- Tools, classes and gestures ----

function setTool(t: AnnotationTool): void {
  tool = t;
  draft = undefined;
  for (const name of TOOLS) controls.tools[name].classList.toggle('active', name === t);
  canvas.style.cursor = t === 'select' ? 'default' : 'crosshair';
  schedule();
}
for (const t of TOOLS) controls.tools[t].addEventListener('click', () => setTool(t));

function fillClasses(): void {
  const s = controls.classSelect;
  const current = currentClass && labels.classes.includes(currentClass) ? currentClass : labels.classes[0] ?? '';
  s.replaceChildren(
    ...labels.classes.map((c, i) => {
      const o = el('option', i < 9 ? `${i + 1}  ${c}` : c);
      o.value = c;
      return o;
    }),
  );
  currentClass = current;
  s.value = current;
}

/** Chooses the class for what is drawn next and gives it to the selected shapes. */
function chooseClass(name: string): void {
  currentClass = name;
  controls.classSelect.value = name;
  const changed = shapes.filter((s) => selected.has(s.id) && s.label !== name).map((s) => ({ ...s, label: name }));
  if (changed.length) commitUpdate(changed);
}
controls.classSelect.addEventListener('change', () => chooseClass(controls.classSelect.value));

controls.newClass.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter') return;
  const name = controls.newClass.value.trim();
  if (!name) return;
  controls.newClass.value = '';
  currentClass = name;
  if (!labels.classes.includes(name)) messenger.send({ type: 'addClass', name });
  else chooseClass(name);
  canvas.focus();
});
// Single-key shortcuts are VS Code keybindings: while a text field has the focus, they must type.
for (const input of [controls.newClass, controls.low, controls.high, controls.gamma, controls.tolerance, controls.page]) {
  input.addEventListener('focus', () => messenger.send({ type: 'typing', typing: true }));
  input.addEventListener('blur', () => messenger.send({ type: 'typing', typing: false }));
}

type Drag =
  | { kind: 'pan'; last: { x: number; y: number } }
  | { kind: 'move'; start: Point; originals: WireShape[]; moved: boolean }
  | { kind: 'reshape'; original: WireShape; handle: Handle }
  | { kind: 'box'; start: Point; end: Point };
let drag: Drag | undefined;
let draft: { points: number[]; cursor?: Point } | undefined;
/** Shapes as a drag is making them, drawn instead of the stored ones until the gesture ends. */
let preview = new Map<string, WireShape>();
let spaceDown = false;

function previewShapes(): readonly WireShape[] {
  if (preview.size === 0) return shapes;
  return shapes.map((s) => preview.get(s.id) ?? s);
}

function draftShape(): Scene['draft'] {
  if (drag?.kind === 'box' && frame) return { kind: 'box', ...boxBetween(drag.start, drag.end, frame.width, frame.height) };
  if (draft) return { kind: 'polygon', points: draft.points, cursor: draft.cursor };
  return undefined;
}

function imagePoint(e: MouseEvent): Point {
  const r = canvas.getBoundingClientRect();
  return view.toImage(e.clientX - r.left, e.clientY - r.top);
}

/** Hit radius: a few screen pixels, in image pixels. */
function radius(): number {
  return 6 / view.scale;
}

let idCounter = 0;
function newId(): string {
  idCounter++;
  return `s${Date.now().toString(36)}${idCounter.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

function needClass(): boolean {
  if (currentClass) return false;
  showError(words.needClass ?? 'Add a class first.');
  controls.newClass.focus();
  return true;
}

function commitAdd(shape: WireShape): void {
  shapes = [...shapes, shape];
  selected = new Set([shape.id]);
  messenger.send({ type: 'addShapes', shapes: [shape] });
  showError(undefined);
  updateSummary();
  schedule();
}

function commitUpdate(changed: WireShape[]): void {
  const byId = new Map(changed.map((s) => [s.id, s]));
  shapes = shapes.map((s) => byId.get(s.id) ?? s);
  messenger.send({ type: 'updateShapes', shapes: changed });
  schedule();
}

canvas.addEventListener('pointerdown', (e) => {
  if (!frame) return;
  canvas.focus();
  canvas.setPointerCapture(e.pointerId);
  const p = imagePoint(e);
  if (e.button === 1 || e.button === 2 || spaceDown) {
    drag = { kind: 'pan', last: { x: e.clientX, y: e.clientY } };
    return;
  }
  if (e.button !== 0) return;
  if (tool === 'select') {
    for (const s of shapes) {
      if (!selected.has(s.id)) continue;
      const handle = handleAt(s, p, radius());
      if (!handle) continue;
      if (e.altKey && handle.kind === 'vertex') {
        const fewer = withoutVertex(s, handle.index);
        if (fewer) commitUpdate([fewer]);
        return;
      }
      drag = { kind: 'reshape', original: s, handle };
      return;
    }
    const hit = shapeAt(shapes, p, radius());
    if (!hit) {
      selected = new Set();
      drag = { kind: 'pan', last: { x: e.clientX, y: e.clientY } };
      schedule();
      return;
    }
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      if (selected.has(hit.id)) selected.delete(hit.id);
      else selected.add(hit.id);
    } else if (!selected.has(hit.id)) selected = new Set([hit.id]);
    if (selected.size === 1) {
      currentClass = hit.label;
      controls.classSelect.value = hit.label;
    }
    drag = { kind: 'move', start: p, originals: shapes.filter((s) => selected.has(s.id) && !s.locked), moved: false };
    schedule();
    return;
  }
  if (needClass()) return;
  if (tool === 'box') drag = { kind: 'box', start: p, end: p };
  else if (tool === 'point') commitAdd({ id: newId(), kind: 'point', label: currentClass, x: clampX(p.x), y: clampY(p.y) });
  else if (tool === 'fill') messenger.send({ type: 'floodFill', x: Math.floor(clampX(p.x)), y: Math.floor(clampY(p.y)), tolerance: Math.min(1, Math.max(0, Number(controls.tolerance.value) || 0.1)), label: currentClass });
  else if (tool === 'polygon') {
    const q = { x: clampX(p.x), y: clampY(p.y) };
    if (!draft) draft = { points: [q.x, q.y] };
    else if (draft.points.length >= 6 && Math.hypot(draft.points[0] - q.x, draft.points[1] - q.y) <= radius()) closePolygon();
    else draft.points.push(q.x, q.y);
    schedule();
  }
});

function clampX(x: number): number {
  return Math.min(Math.max(x, 0), frame?.width ?? 0);
}
function clampY(y: number): number {
  return Math.min(Math.max(y, 0), frame?.height ?? 0);
}

function closePolygon(): void {
  if (draft && draft.points.length >= 6) commitAdd({ id: newId(), kind: 'polygon', label: currentClass, points: draft.points });
  draft = undefined;
  schedule();
}

canvas.addEventListener('dblclick', (e) => {
  if (tool === 'polygon') {
    // The double click's second press added a vertex at the same place: drop it, then close.
    if (draft && draft.points.length >= 8) draft.points.splice(-2, 2);
    closePolygon();
    return;
  }
  if (tool !== 'select' || !frame) return;
  const p = imagePoint(e);
  for (const s of shapes) {
    if (!selected.has(s.id) || s.kind !== 'polygon' || s.locked) continue;
    const edge = edgeAt(s.points!, p, radius());
    if (edge !== undefined) {
      commitUpdate([withVertex(s, edge, { x: clampX(p.x), y: clampY(p.y) })]);
      return;
    }
  }
});

canvas.addEventListener('pointermove', (e) => {
  const p = imagePoint(e);
  showCursor(p);
  if (draft) {
    draft.cursor = p;
    schedule();
  }
  if (!drag || !frame) return;
  if (drag.kind === 'pan') {
    const dx = e.clientX - drag.last.x;
    const dy = e.clientY - drag.last.y;
    view.pan(dx, dy);
    viewMoved ||= dx !== 0 || dy !== 0;
    drag.last = { x: e.clientX, y: e.clientY };
  } else if (drag.kind === 'box') drag.end = p;
  else if (drag.kind === 'move') {
    const dx = p.x - drag.start.x;
    const dy = p.y - drag.start.y;
    drag.moved ||= Math.hypot(dx, dy) * view.scale > 2;
    if (drag.moved) preview = new Map(drag.originals.map((s) => [s.id, moved(s, dx, dy, frame!.width, frame!.height)]));
  } else preview = new Map([[drag.original.id, reshaped(drag.original, drag.handle, p, frame.width, frame.height)]]);
  schedule();
});

function endDrag(): void {
  const d = drag;
  drag = undefined;
  if (!d || !frame) return;
  if (d.kind === 'box') {
    const b = boxBetween(d.start, d.end, frame.width, frame.height);
    // A click without a drag is not a box.
    if (b.width * view.scale >= 3 && b.height * view.scale >= 3) commitAdd({ id: newId(), kind: 'box', label: currentClass, ...b });
  } else if ((d.kind === 'move' && d.moved) || d.kind === 'reshape') {
    const changed = [...preview.values()];
    if (changed.length) commitUpdate(changed);
  }
  preview = new Map();
  schedule();
}
canvas.addEventListener('pointerup', endDrag);
canvas.addEventListener('pointercancel', endDrag);
canvas.addEventListener('contextmenu', (e) => e.preventDefault());

canvas.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const r = canvas.getBoundingClientRect();
    view.zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    viewMoved = true;
    updateSummary();
    schedule();
  },
  { passive: false },
);

// Keys that belong to a gesture in progress (not commands a user would rebind).
window.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement) return;
  if (e.key === ' ') spaceDown = true;
  if (!draft) return;
  if (e.key === 'Enter') closePolygon();
  else if (e.key === 'Escape') {
    draft = undefined;
    schedule();
  } else if (e.key === 'Backspace') {
    draft.points.splice(-2, 2);
    if (draft.points.length === 0) draft = undefined;
    schedule();
  }
});
window.addEventListener('keyup', (e) => {
  if (e.key === ' ') spaceDown = false;
});

function act(action: AnnotationAction): void {
  const suggestions = shapes.filter((s) => s.score !== undefined).map((s) => s.id);
  switch (action) {
    case 'fit':
      fitView();
      break;
    case 'zoomIn':
    case 'zoomOut':
      view.zoomAt(action === 'zoomIn' ? 1.5 : 1 / 1.5, cssWidth / 2, cssHeight / 2);
      viewMoved = true;
      break;
    case 'actualSize':
      view.actualSize(cssWidth, cssHeight);
      viewMoved = true;
      break;
    case 'delete':
      if (selected.size) {
        const ids = [...selected];
        shapes = shapes.filter((s) => !selected.has(s.id));
        selected = new Set();
        messenger.send({ type: 'deleteShapes', ids });
      }
      break;
    case 'selectAll':
      selected = new Set(shapes.map((s) => s.id));
      break;
    case 'cancel':
      draft = undefined;
      drag = undefined;
      preview = new Map();
      selected = new Set();
      break;
    case 'nextClass':
    case 'previousClass': {
      const n = labels.classes.length;
      if (n) chooseClass(labels.classes[(labels.classes.indexOf(currentClass) + (action === 'nextClass' ? 1 : n - 1)) % n]);
      break;
    }
    case 'acceptAll':
      if (suggestions.length) messenger.send({ type: 'acceptSuggestions', ids: suggestions });
      break;
    case 'rejectAll':
      if (suggestions.length) messenger.send({ type: 'rejectSuggestions', ids: suggestions });
      break;
    case 'autoWindow':
      if (stats && frame) {
        displayWindow = { ...displayWindow, ...(frame.channels >= 3 && frame.bitDepth === 8 ? { low: 0, high: 255 } : autoWindow(stats)) };
        syncWindowInputs();
        renderBitmap();
      }
      break;
    case 'help':
      helpPanel.hidden = !helpPanel.hidden;
      break;
    case 'prelabel':
      messenger.send({ type: 'prelabel' });
      break;
    case 'findSpots':
      if (!needClass()) messenger.send({ type: 'findSpots', label: currentClass });
      break;
  }
  updateSummary();
  schedule();
}

// Accepting or rejecting the selected suggestions from the page's own buttons.
controls.acceptAll.addEventListener('click', () => {
  const ids = shapes.filter((s) => s.score !== undefined && (selected.size === 0 || selected.has(s.id))).map((s) => s.id);
  if (ids.length) messenger.send({ type: 'acceptSuggestions', ids });
});
controls.rejectAll.addEventListener('click', () => {
  const ids = shapes.filter((s) => s.score !== undefined && (selected.size === 0 || selected.has(s.id))).map((s) => s.id);
  if (ids.length) messenger.send({ type: 'rejectSuggestions', ids });
});
controls.prelabel.addEventListener('click', () => messenger.send({ type: 'prelabel' }));
controls.spots.addEventListener('click', () => {
  if (!needClass()) messenger.send({ type: 'findSpots', label: currentClass });
});
busyCancel.addEventListener('click', () => messenger.send({ type: 'cancelAssist' }));
controls.previous.addEventListener('click', () => messenger.send({ type: 'navigate', delta: -1 }));
controls.next.addEventListener('click', () => messenger.send({ type: 'navigate', delta: 1 }));
controls.page.addEventListener('change', () => {
  const page = Math.round(Number(controls.page.value)) - 1;
  if (frame && page >= 0 && page < frame.pages && page !== frame.page) messenger.send({ type: 'page', page });
});
controls.help.addEventListener('click', () => act('help'));

// ---- Status line and help ----

function showCursor(p: Point): void {
  if (!frame) return;
  const x = Math.floor(p.x);
  const y = Math.floor(p.y);
  if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) {
    cursorText.textContent = '';
    return;
  }
  const i = (y * frame.width + x) * frame.channels;
  const value = Array.from(frame.samples.subarray(i, i + Math.min(frame.channels, 3)), (v) => (Number.isInteger(v) ? String(v) : Number(v).toPrecision(6))).join(', ');
  cursorText.textContent = fill(words.cursor ?? 'x {0}  y {1}  value {2}', x, y, value);
}

function updateSummary(): void {
  const suggestions = shapes.filter((s) => s.score !== undefined).length;
  const parts = [fill(words.labelCount ?? '{0} labels', shapes.length - suggestions)];
  if (suggestions) parts.push(fill(words.suggestionCount ?? '{0} suggestions', suggestions));
  if (selected.size) parts.push(fill(words.selectedCount ?? '{0} selected', selected.size));
  parts.push(`${Math.round(view.scale * 100)}%`);
  summaryText.textContent = parts.join(' · ');
  fileText.textContent = labels.format ? `${labels.format} → ${labels.labelFile}${labels.dirty ? ` (${words.unsaved ?? 'unsaved'})` : ''}` : '';
  notKeptBox.hidden = labels.notKept.length === 0;
  const shown = labels.notKept.slice(0, 3).join('; ');
  notKeptText.textContent = fill(words.notKept ?? 'Not kept by {0}: {1}', labels.format, labels.notKept.length > 3 ? `${shown}; ${fill(words.andMore ?? '…and {0} more', labels.notKept.length - 3)}` : shown);
  controls.acceptAll.hidden = suggestions === 0;
  controls.rejectAll.hidden = suggestions === 0;
}

function buildHelp(): void {
  const title = el('h2', words.helpTitle ?? 'Keys and mouse');
  const table = el('table');
  for (const k of keys) {
    const row = el('tr');
    row.append(el('td', k.key, 'key'), el('td', k.title));
    table.append(row);
  }
  for (const line of (words.mouseHelp ?? '').split('\n').filter(Boolean)) {
    const [key, text] = line.split('\t');
    const row = el('tr');
    row.append(el('td', key, 'key'), el('td', text ?? ''));
    table.append(row);
  }
  const rebind = el('p', words.rebind ?? '', 'muted');
  const close = el('button', words.close ?? 'Close', 'small');
  close.type = 'button';
  close.addEventListener('click', () => (helpPanel.hidden = true));
  helpPanel.replaceChildren(title, table, rebind, close);
}

messenger.send({ type: 'ready' });
