// Zoom and pan: the map between image pixels and the canvas's CSS pixels (screen = image × scale +
// offset). Zoom keeps the point under the cursor still; fit shows the whole frame.

export class Viewport {
  scale = 1;
  offsetX = 0;
  offsetY = 0;

  toImage(sx: number, sy: number): { x: number; y: number } {
    return { x: (sx - this.offsetX) / this.scale, y: (sy - this.offsetY) / this.scale };
  }

  toScreen(x: number, y: number): { x: number; y: number } {
    return { x: x * this.scale + this.offsetX, y: y * this.scale + this.offsetY };
  }

  fit(imageWidth: number, imageHeight: number, viewWidth: number, viewHeight: number): void {
    const margin = 8;
    this.scale = Math.max(1e-3, Math.min((viewWidth - 2 * margin) / imageWidth, (viewHeight - 2 * margin) / imageHeight));
    this.offsetX = (viewWidth - imageWidth * this.scale) / 2;
    this.offsetY = (viewHeight - imageHeight * this.scale) / 2;
  }

  /** Zooms by `factor` about the screen point (sx, sy); the scale stays within 1/64 … 64 screen pixels per image pixel. */
  zoomAt(factor: number, sx: number, sy: number): void {
    const next = Math.min(64, Math.max(1 / 64, this.scale * factor));
    const k = next / this.scale;
    this.offsetX = sx - (sx - this.offsetX) * k;
    this.offsetY = sy - (sy - this.offsetY) * k;
    this.scale = next;
  }

  /** One image pixel to one screen pixel, about the view's centre. */
  actualSize(viewWidth: number, viewHeight: number): void {
    this.zoomAt(1 / this.scale, viewWidth / 2, viewHeight / 2);
  }

  pan(dx: number, dy: number): void {
    this.offsetX += dx;
    this.offsetY += dy;
  }
}
