import type { WireShape } from '../../core/protocol/annotationMessages';
export interface Point {
    readonly x: number;
    readonly y: number;
}
/** A box's eight handles, named by compass point; a polygon's vertices by index. */
export type Handle = {
    readonly kind: 'corner';
    readonly name: 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
} | {
    readonly kind: 'vertex';
    readonly index: number;
};
export declare function boxHandles(s: WireShape): {
    readonly handle: Handle;
    readonly at: Point;
}[];
/** The handle of `s` within `radius` image pixels of `p`, the nearest. */
export declare function handleAt(s: WireShape, p: Point, radius: number): Handle | undefined;
export declare function insidePolygon(points: readonly number[], p: Point): boolean;
/** The index of the polygon edge (from vertex i to i+1) nearest to `p` within `radius`, for inserting a vertex. */
export declare function edgeAt(points: readonly number[], p: Point, radius: number): number | undefined;
/**
 * Whether `p` hits the shape: inside a box or polygon, or within `radius` of its outline or of a
 * point. Returns a rank, smaller for a better hit (a point or edge beats an inside), or undefined.
 */
export declare function hitRank(s: WireShape, p: Point, radius: number): number | undefined;
export declare function polygonArea(points: readonly number[]): number;
/** The topmost (last drawn) best hit among shapes: what a click selects. */
export declare function shapeAt(shapes: readonly WireShape[], p: Point, radius: number): WireShape | undefined;
/** The shape moved by (dx, dy), kept inside the image when it fits. */
export declare function moved(s: WireShape, dx: number, dy: number, width: number, height: number): WireShape;
export declare function bounds(s: WireShape): {
    x0: number;
    y0: number;
    x1: number;
    y1: number;
};
/** The shape with a handle dragged to `p` (clamped to the image); a box dragged past its opposite side flips. */
export declare function reshaped(s: WireShape, handle: Handle, p: Point, width: number, height: number): WireShape;
/** The box spanned by two corners, clamped to the image. */
export declare function boxBetween(a: Point, b: Point, width: number, height: number): {
    x: number;
    y: number;
    width: number;
    height: number;
};
/** The polygon with a vertex inserted after `edge` at `p`, or the vertex `index` removed (never below 3). */
export declare function withVertex(s: WireShape, edge: number, p: Point): WireShape;
export declare function withoutVertex(s: WireShape, index: number): WireShape | undefined;
