// The labels of one open image as the editor holds them: shapes with ids (the page names them in its
// edits), suggestions from the assists (pending until accepted, never saved), and edits that can be
// undone and redone in any order VS Code's edit stack asks. Each edit records every shape it touches
// before and after, with its place in the list, so undo puts a deleted shape back where it was.
// Pure: the custom editor (extension/annotation/) turns requests into edits and edits into undo stops.
import type { WireShape } from '../protocol/annotationMessages';
import { traceOutlines } from './outline';
import type { Shape } from './shapes';

export interface Suggestion {
  readonly score: number;
  /** What suggested it: the model's file name, "spots", "fill". */
  readonly source: string;
}

export interface Entry {
  readonly id: string;
  readonly shape: Shape;
  readonly suggestion?: Suggestion;
}

interface Side {
  readonly entry: Entry;
  readonly index: number;
}

interface Change {
  readonly id: string;
  readonly before?: Side;
  readonly after?: Side;
}

export interface LabelEdit {
  /** What the edit did, for VS Code's undo/redo labels ("Add box", "Move 3 shapes"). */
  readonly label: string;
  readonly changes: readonly Change[];
}

export class LabelState {
  private list: Entry[];

  constructor(entries: readonly Entry[]) {
    this.list = [...entries];
  }

  get entries(): readonly Entry[] {
    return this.list;
  }

  /** The shapes a label file gets: everything but suggestions. */
  get labels(): Shape[] {
    return this.list.filter((e) => !e.suggestion).map((e) => e.shape);
  }

  has(id: string): boolean {
    return this.list.some((e) => e.id === id);
  }

  apply(edit: LabelEdit): void {
    this.run(edit.changes.map((c) => ({ id: c.id, from: c.before, to: c.after })));
  }

  revert(edit: LabelEdit): void {
    this.run(edit.changes.map((c) => ({ id: c.id, from: c.after, to: c.before })));
  }

  private run(steps: readonly { id: string; from?: Side; to?: Side }[]): void {
    // Removals first (highest place first, so earlier places hold), then insertions and replacements
    // in place order: each shape lands exactly where the edit's other side had it.
    // One pass each for removals and replacements: an edit may touch every shape, and a pass per
    // shape made edits of 20,000 shapes take tens of seconds.
    const removed = new Set(steps.filter((s) => s.from && !s.to).map((s) => s.id));
    if (removed.size) this.list = this.list.filter((e) => !removed.has(e.id));
    const replaced = new Map(steps.filter((x) => x.to && x.from).map((s) => [s.id, s.to!.entry]));
    if (replaced.size) this.list = this.list.map((e) => replaced.get(e.id) ?? e);
    const inserts = steps.filter((s) => s.to && !s.from).sort((a, b) => a.to!.index - b.to!.index);
    for (const s of inserts) this.list.splice(Math.min(s.to!.index, this.list.length), 0, s.to!.entry);
  }

  /** An edit adding entries at the end; undefined when an id is already taken. */
  add(entries: readonly Entry[], label: string): LabelEdit | undefined {
    const ids = new Set(this.list.map((e) => e.id));
    if (entries.some((e) => ids.has(e.id))) return undefined;
    return { label, changes: entries.map((entry, i) => ({ id: entry.id, after: { entry, index: this.list.length + i } })) };
  }

  /** An edit replacing entries by id (unknown ids and unchanged entries are left out); undefined when nothing changes. */
  replace(entries: readonly Entry[], label: string): LabelEdit | undefined {
    const changes: Change[] = [];
    const places = new Map(this.list.map((e, i) => [e.id, i]));
    for (const entry of entries) {
      const index = places.get(entry.id) ?? -1;
      if (index < 0 || JSON.stringify(this.list[index]) === JSON.stringify(entry)) continue;
      changes.push({ id: entry.id, before: { entry: this.list[index], index }, after: { entry, index } });
    }
    return changes.length ? { label, changes } : undefined;
  }

  /** An edit removing entries by id (unknown ids ignored); undefined when none is there. */
  remove(ids: readonly string[], label: string): LabelEdit | undefined {
    const wanted = new Set(ids);
    const changes: Change[] = [];
    this.list.forEach((entry, index) => {
      if (wanted.has(entry.id)) changes.push({ id: entry.id, before: { entry, index } });
    });
    return changes.length ? { label, changes } : undefined;
  }

  /** An edit turning suggestions into labels. */
  accept(ids: readonly string[], label: string): LabelEdit | undefined {
    const wanted = new Set(ids);
    return this.replace(
      this.list.filter((e) => wanted.has(e.id) && e.suggestion).map((e) => ({ id: e.id, shape: e.shape })),
      label,
    );
  }

  /** An edit removing suggestions (labels among the ids are kept). */
  reject(ids: readonly string[], label: string): LabelEdit | undefined {
    const wanted = new Set(ids);
    return this.remove(this.list.filter((e) => wanted.has(e.id) && e.suggestion).map((e) => e.id), label);
  }
}

/**
 * The suggestions an image with `existing` shapes can take, at most `max` shapes in all: the
 * strongest, in their order. The page names every shape in one message (Reject All, Delete) and the
 * host takes at most MAX_SHAPES ids at once, so more shapes would be removed on the page but not here.
 */
export function roomFor<T extends { readonly score: number }>(found: readonly T[], existing: number, max: number): T[] {
  const room = Math.max(0, max - existing);
  if (found.length <= room) return [...found];
  const kept = new Set([...found].sort((a, b) => b.score - a.score).slice(0, room));
  return found.filter((f) => kept.has(f));
}

/**
 * The outline each mask was drawn with: the page is sent every shape after each edit, and tracing a
 * large mask again each time made every edit slow. Masks are never changed in place.
 */
const outlines = new WeakMap<object, number[]>();

/** A shape as the page draws it; a mask is shown by its outline and cannot be reshaped (locked). */
export function toWire(entry: Entry): WireShape {
  const { id, shape, suggestion } = entry;
  const extra = suggestion ? { score: suggestion.score, source: suggestion.source } : {};
  switch (shape.kind) {
    case 'box':
      return { id, kind: 'box', label: shape.label, x: shape.x, y: shape.y, width: shape.width, height: shape.height, ...extra };
    case 'point':
      return { id, kind: 'point', label: shape.label, x: shape.x, y: shape.y, ...extra };
    case 'polygon':
      return { id, kind: 'polygon', label: shape.label, points: shape.points.flat(), ...extra };
    case 'mask': {
      let points = outlines.get(shape.mask);
      if (!points) {
        const outline = traceOutlines(shape.mask)[0] ?? [[shape.mask.x, shape.mask.y], [shape.mask.x + 1, shape.mask.y], [shape.mask.x + 1, shape.mask.y + 1]];
        points = outline.flat();
        outlines.set(shape.mask, points);
      }
      return { id, kind: 'polygon', label: shape.label, points: [...points], locked: true, ...extra };
    }
  }
}

/**
 * The entry a page's shape makes: a new one, or `previous` changed. What the page does not see (the
 * group, the format's extra, a mask's pixels) is kept from `previous`; a locked mask takes only the
 * new label.
 */
export function fromWire(wire: WireShape, previous?: Entry): Entry {
  const base = previous?.shape;
  const keep = base ? { ...(base.group !== undefined ? { group: base.group } : {}), ...(base.extra ? { extra: base.extra } : {}) } : {};
  const suggestion = previous?.suggestion;
  const entry = (shape: Shape): Entry => (suggestion ? { id: wire.id, shape, suggestion } : { id: wire.id, shape });
  if (base?.kind === 'mask') return entry({ ...base, label: wire.label });
  switch (wire.kind) {
    case 'box':
      return entry({ kind: 'box', label: wire.label, x: wire.x!, y: wire.y!, width: wire.width!, height: wire.height!, ...keep });
    case 'point':
      return entry({ kind: 'point', label: wire.label, x: wire.x!, y: wire.y!, ...keep });
    case 'polygon': {
      const points: [number, number][] = [];
      for (let i = 0; i < wire.points!.length; i += 2) points.push([wire.points![i], wire.points![i + 1]]);
      return entry({ kind: 'polygon', label: wire.label, points, ...keep });
    }
  }
}
