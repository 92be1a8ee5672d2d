export declare class Viewport {
    scale: number;
    offsetX: number;
    offsetY: number;
    toImage(sx: number, sy: number): {
        x: number;
        y: number;
    };
    toScreen(x: number, y: number): {
        x: number;
        y: number;
    };
    fit(imageWidth: number, imageHeight: number, viewWidth: number, viewHeight: number): void;
    /** Zooms by `factor` about the screen point (sx, sy); the scale stays within 1/64 … 64 screen pixels per image pixel. */
    zoomAt(factor: number, sx: number, sy: number): void;
    /** One image pixel to one screen pixel, about the view's centre. */
    actualSize(viewWidth: number, viewHeight: number): void;
    pan(dx: number, dy: number): void;
}
