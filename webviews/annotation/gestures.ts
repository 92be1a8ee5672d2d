// What the user does to the labels with the pointer and the keys: the tools, the class for what is
// drawn next, select, move and reshape, boxes, points, polygons drawn vertex by vertex, flood fill,
// pan and zoom. A gesture edits a preview while it lasts; when it ends it goes to the host as one
// edit (commitAdd, commitUpdate), applied here at once so the page does not wait for the host.
import { type AnnotationTool, classNameFault, type WireShape } from '../../core/protocol/annotationMessages';
import { schedule } from './frameView';
import { boxBetween, edgeAt, handleAt, moved, type Point, reshaped, shapeAt, withoutVertex, withVertex } from './geometry';
import { canvas, controls } from './layout';
import { messenger, state, view } from './state';
import { showCursor, showError, updateSummary } from './statusView';
import { el, TOOLS } from './toolbar';

export function setTool(t: AnnotationTool): void {
  state.tool = t;
  state.draft = undefined;
  for (const name of TOOLS) controls.tools[name].classList.toggle('active', name === t);
  canvas.style.cursor = t === 'select' ? 'default' : 'crosshair';
  schedule();
}
for (const t of TOOLS) controls.tools[t].addEventListener('click', () => setTool(t));

export function fillClasses(): void {
  const s = controls.classSelect;
  const { classes } = state.labels;
  const current = state.currentClass && classes.includes(state.currentClass) ? state.currentClass : classes[0] ?? '';
  s.replaceChildren(
    ...classes.map((c, i) => {
      const o = el('option', i < 9 ? `${i + 1}  ${c}` : c);
      o.value = c;
      return o;
    }),
  );
  state.currentClass = current;
  s.value = current;
}

/** Chooses the class for what is drawn next and gives it to the selected shapes. */
export function chooseClass(name: string): void {
  state.currentClass = name;
  controls.classSelect.value = name;
  const changed = state.shapes.filter((s) => state.selected.has(s.id) && s.label !== name).map((s) => ({ ...s, label: name }));
  if (changed.length) commitUpdate(changed);
}
controls.classSelect.addEventListener('change', () => chooseClass(controls.classSelect.value));

controls.newClass.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter') return;
  const name = controls.newClass.value.trim();
  if (!name) return;
  // Refused here as the host would refuse it (a class list keeps one plain name a line), with why.
  if (classNameFault(name)) {
    showError(state.words.badClass ?? 'A class name is one line of plain text of at most 200 characters (no tabs).');
    return;
  }
  controls.newClass.value = '';
  state.currentClass = name;
  if (!state.labels.classes.includes(name)) messenger.send({ type: 'addClass', name });
  else chooseClass(name);
  canvas.focus();
});
// Single-key shortcuts are VS Code keybindings: while a text field has the focus, they must type.
for (const input of [controls.newClass, controls.low, controls.high, controls.gamma, controls.tolerance, controls.page]) {
  input.addEventListener('focus', () => messenger.send({ type: 'typing', typing: true }));
  input.addEventListener('blur', () => messenger.send({ type: 'typing', typing: false }));
}

function imagePoint(e: MouseEvent): Point {
  const r = canvas.getBoundingClientRect();
  return view.toImage(e.clientX - r.left, e.clientY - r.top);
}

/** Hit radius: a few screen pixels, in image pixels. */
function radius(): number {
  return 6 / view.scale;
}

function newId(): string {
  state.idCounter++;
  return `s${Date.now().toString(36)}${state.idCounter.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Whether a class is missing for what would be drawn (and, if so, asks for one). */
export function needClass(): boolean {
  if (state.currentClass) return false;
  showError(state.words.needClass ?? 'Add a class first.');
  controls.newClass.focus();
  return true;
}

function commitAdd(shape: WireShape): void {
  state.shapes = [...state.shapes, shape];
  state.selected = new Set([shape.id]);
  messenger.send({ type: 'addShapes', shapes: [shape] });
  showError(undefined);
  updateSummary();
  schedule();
}

function commitUpdate(changed: WireShape[]): void {
  const byId = new Map(changed.map((s) => [s.id, s]));
  state.shapes = state.shapes.map((s) => byId.get(s.id) ?? s);
  messenger.send({ type: 'updateShapes', shapes: changed });
  schedule();
}

canvas.addEventListener('pointerdown', (e) => {
  if (!state.frame) return;
  canvas.focus();
  canvas.setPointerCapture(e.pointerId);
  const p = imagePoint(e);
  if (e.button === 1 || e.button === 2 || state.spaceDown) {
    state.drag = { kind: 'pan', last: { x: e.clientX, y: e.clientY } };
    return;
  }
  if (e.button !== 0) return;
  const { tool } = state;
  if (tool === 'select') {
    for (const s of state.shapes) {
      if (!state.selected.has(s.id)) continue;
      const handle = handleAt(s, p, radius());
      if (!handle) continue;
      if (e.altKey && handle.kind === 'vertex') {
        const fewer = withoutVertex(s, handle.index);
        if (fewer) commitUpdate([fewer]);
        return;
      }
      state.drag = { kind: 'reshape', original: s, handle };
      return;
    }
    const hit = shapeAt(state.shapes, p, radius());
    if (!hit) {
      state.selected = new Set();
      state.drag = { kind: 'pan', last: { x: e.clientX, y: e.clientY } };
      schedule();
      return;
    }
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      if (state.selected.has(hit.id)) state.selected.delete(hit.id);
      else state.selected.add(hit.id);
    } else if (!state.selected.has(hit.id)) state.selected = new Set([hit.id]);
    if (state.selected.size === 1) {
      state.currentClass = hit.label;
      controls.classSelect.value = hit.label;
    }
    state.drag = { kind: 'move', start: p, originals: state.shapes.filter((s) => state.selected.has(s.id) && !s.locked), moved: false };
    schedule();
    return;
  }
  if (needClass()) return;
  if (tool === 'box') state.drag = { kind: 'box', start: p, end: p };
  else if (tool === 'point') commitAdd({ id: newId(), kind: 'point', label: state.currentClass, x: clampX(p.x), y: clampY(p.y) });
  else if (tool === 'fill') messenger.send({ type: 'floodFill', x: Math.floor(clampX(p.x)), y: Math.floor(clampY(p.y)), tolerance: Math.min(1, Math.max(0, Number(controls.tolerance.value) || 0.1)), label: state.currentClass });
  else if (tool === 'polygon') {
    const q = { x: clampX(p.x), y: clampY(p.y) };
    const { draft } = state;
    if (!draft) state.draft = { points: [q.x, q.y] };
    else if (draft.points.length >= 6 && Math.hypot(draft.points[0] - q.x, draft.points[1] - q.y) <= radius()) closePolygon();
    else draft.points.push(q.x, q.y);
    schedule();
  }
});

function clampX(x: number): number {
  return Math.min(Math.max(x, 0), state.frame?.width ?? 0);
}
function clampY(y: number): number {
  return Math.min(Math.max(y, 0), state.frame?.height ?? 0);
}

function closePolygon(): void {
  const { draft } = state;
  if (draft && draft.points.length >= 6) commitAdd({ id: newId(), kind: 'polygon', label: state.currentClass, points: draft.points });
  state.draft = undefined;
  schedule();
}

canvas.addEventListener('dblclick', (e) => {
  if (state.tool === 'polygon') {
    // The double click's second press added a vertex at the same place: drop it, then close.
    if (state.draft && state.draft.points.length >= 8) state.draft.points.splice(-2, 2);
    closePolygon();
    return;
  }
  if (state.tool !== 'select' || !state.frame) return;
  const p = imagePoint(e);
  for (const s of state.shapes) {
    if (!state.selected.has(s.id) || s.kind !== 'polygon' || s.locked) continue;
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
  if (state.draft) {
    state.draft.cursor = p;
    schedule();
  }
  const { drag, frame } = state;
  if (!drag || !frame) return;
  if (drag.kind === 'pan') {
    const dx = e.clientX - drag.last.x;
    const dy = e.clientY - drag.last.y;
    view.pan(dx, dy);
    state.viewMoved ||= dx !== 0 || dy !== 0;
    drag.last = { x: e.clientX, y: e.clientY };
  } else if (drag.kind === 'box') drag.end = p;
  else if (drag.kind === 'move') {
    const dx = p.x - drag.start.x;
    const dy = p.y - drag.start.y;
    drag.moved ||= Math.hypot(dx, dy) * view.scale > 2;
    if (drag.moved) state.preview = new Map(drag.originals.map((s) => [s.id, moved(s, dx, dy, frame.width, frame.height)]));
  } else state.preview = new Map([[drag.original.id, reshaped(drag.original, drag.handle, p, frame.width, frame.height)]]);
  schedule();
});

function endDrag(): void {
  const d = state.drag;
  state.drag = undefined;
  const { frame } = state;
  if (!d || !frame) return;
  if (d.kind === 'box') {
    const b = boxBetween(d.start, d.end, frame.width, frame.height);
    // A click without a drag is not a box.
    if (b.width * view.scale >= 3 && b.height * view.scale >= 3) commitAdd({ id: newId(), kind: 'box', label: state.currentClass, ...b });
  } else if ((d.kind === 'move' && d.moved) || d.kind === 'reshape') {
    const changed = [...state.preview.values()];
    if (changed.length) commitUpdate(changed);
  }
  state.preview = new Map();
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
    state.viewMoved = true;
    updateSummary();
    schedule();
  },
  { passive: false },
);

// Keys that belong to a gesture in progress (not commands a user would rebind).
window.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement) return;
  if (e.key === ' ') state.spaceDown = true;
  const { draft } = state;
  if (!draft) return;
  if (e.key === 'Enter') closePolygon();
  else if (e.key === 'Escape') {
    state.draft = undefined;
    schedule();
  } else if (e.key === 'Backspace') {
    draft.points.splice(-2, 2);
    if (draft.points.length === 0) state.draft = undefined;
    schedule();
  }
});
window.addEventListener('keyup', (e) => {
  if (e.key === ' ') state.spaceDown = false;
});

/** Drops the gesture in progress, the polygon being drawn and the selection. */
export function cancelGesture(): void {
  state.draft = undefined;
  state.drag = undefined;
  state.preview = new Map();
  state.selected = new Set();
}
