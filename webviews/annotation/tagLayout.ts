// Where the class tags of shapes go on the canvas. A tag sits above its shape's top-left corner, as
// labelme and CVAT draw them; where a tag placed before already covers that spot (suggestions of a
// detector crowd around one streak), it goes inside the shape's top edge, below its bottom edge, above
// its right end, or higher up, the first of these that is free and on the canvas. Labels choose
// before suggestions, and suggestions by score, so that the tags most worth reading keep their place.

/** Height of a tag on the canvas, in CSS pixels. */
export const TAG_HEIGHT = 14;
/** Tags stacked above a shape at most before one is drawn over another. */
const MAX_STACK = 4;

/** A shape's extent on the canvas (CSS pixels), its tag's width and how much it matters. */
export interface TagRequest {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  /** Higher places first: a label above every suggestion, a suggestion by its score. */
  readonly priority: number;
}

/** A tag's top-left corner. */
export interface TagPlace {
  readonly x: number;
  readonly y: number;
}

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + TAG_HEIGHT && b.y < a.y + TAG_HEIGHT;

/** Where each tag goes (in the order of `requests`), on a canvas `width` × `height`. */
export function placeTags(requests: readonly TagRequest[], width: number, height: number): TagPlace[] {
  const order = requests.map((_, i) => i).sort((a, b) => requests[b].priority - requests[a].priority || a - b);
  const placed: Rect[] = [];
  const places: TagPlace[] = new Array<TagPlace>(requests.length);
  for (const i of order) {
    const r = requests[i];
    const candidates: TagPlace[] = [
      { x: r.left, y: r.top - TAG_HEIGHT },
      { x: r.left, y: r.top },
      { x: r.left, y: r.bottom },
      { x: r.right - r.width, y: r.top - TAG_HEIGHT },
    ];
    for (let k = 2; k <= MAX_STACK; k++) candidates.push({ x: r.left, y: r.top - k * TAG_HEIGHT });
    const onCanvas = (p: TagPlace): boolean => p.y >= 0 && p.y + TAG_HEIGHT <= height && p.x + r.width > 0 && p.x < width;
    const free = candidates.find((p) => onCanvas(p) && !placed.some((q) => overlaps({ ...p, width: r.width }, q)));
    // Nowhere free: the usual place, or inside the top edge where the usual one is off the canvas.
    const place = free ?? (onCanvas(candidates[0]) ? candidates[0] : candidates[1]);
    places[i] = place;
    placed.push({ ...place, width: r.width });
  }
  return places;
}
