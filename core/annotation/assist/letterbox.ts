// The letterbox geometry of Ultralytics YOLOv5 and YOLOv8/11 (their `letterbox` / `LetterBox`):
// the image scaled by one factor to fit the model input (upscaling allowed), centred, and padded
// with grey. A detector trained by those projects sees its images this way, so boxes only come
// out right when the editor prepares frames identically and maps the boxes back through the same
// numbers. Python's round() (half to even) is used where they use it, because JavaScript's
// Math.round differs exactly at the halves that small images hit.

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Letterbox {
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** Image pixels → model input pixels: r = min(H / h, W / w). */
  readonly scale: number;
  /** The resized image inside the input: round(w · r) × round(h · r). */
  readonly width: number;
  readonly height: number;
  /** Grey columns on the left and rows on the top: round(dw − 0.1), round(dh − 0.1). */
  readonly left: number;
  readonly top: number;
}

/** Python 3's round(): to the nearest integer, halves to the even one. */
export function pyRound(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export function letterboxGeometry(imageWidth: number, imageHeight: number, inputWidth: number, inputHeight: number): Letterbox {
  for (const [name, v] of [['image width', imageWidth], ['image height', imageHeight], ['input width', inputWidth], ['input height', inputHeight]] as const) {
    if (!(Number.isInteger(v) && v > 0)) throw new RangeError(`letterbox: ${name} must be a positive integer, not ${v}`);
  }
  const scale = Math.min(inputHeight / imageHeight, inputWidth / imageWidth);
  // A sliver image can round to zero pixels wide; one pixel keeps it visible to the model.
  const width = Math.max(1, pyRound(imageWidth * scale));
  const height = Math.max(1, pyRound(imageHeight * scale));
  const dw = (inputWidth - width) / 2;
  const dh = (inputHeight - height) / 2;
  return { imageWidth, imageHeight, inputWidth, inputHeight, scale, width, height, left: pyRound(dw - 0.1), top: pyRound(dh - 0.1) };
}

/** A box in image pixels → model input pixels (what the model should answer for it). */
export function boxToInput(box: Box, lb: Letterbox): Box {
  return { x: box.x * lb.scale + lb.left, y: box.y * lb.scale + lb.top, width: box.width * lb.scale, height: box.height * lb.scale };
}

/**
 * A box in model input pixels → image pixels: (x − left) / r, its corners clamped to the image (a
 * detection can reach into the grey padding).
 */
export function boxToImage(box: Box, lb: Letterbox): Box {
  const clamp = (v: number, hi: number): number => Math.min(hi, Math.max(0, v));
  const x1 = clamp((box.x - lb.left) / lb.scale, lb.imageWidth);
  const y1 = clamp((box.y - lb.top) / lb.scale, lb.imageHeight);
  const x2 = clamp((box.x + box.width - lb.left) / lb.scale, lb.imageWidth);
  const y2 = clamp((box.y + box.height - lb.top) / lb.scale, lb.imageHeight);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}
