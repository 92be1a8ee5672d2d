import type { WireShape } from '../../core/protocol/annotationMessages';
import type { Viewport } from './viewport';
/** Tableau 10: distinct classes stay distinct, in light and dark themes. */
export declare const CLASS_COLOURS: string[];
export declare function classColour(classes: readonly string[], label: string): string;
export interface Scene {
    readonly bitmap?: CanvasImageSource;
    readonly imageWidth: number;
    readonly imageHeight: number;
    readonly shapes: readonly WireShape[];
    readonly selected: ReadonlySet<string>;
    readonly classes: readonly string[];
    /** What is being drawn: a box's rectangle or a polygon's vertices so far, and the cursor. */
    readonly draft?: {
        readonly kind: 'box';
        readonly x: number;
        readonly y: number;
        readonly width: number;
        readonly height: number;
    } | {
        readonly kind: 'polygon';
        readonly points: readonly number[];
        readonly cursor?: {
            x: number;
            y: number;
        };
    };
    readonly draftColour: string;
}
export declare function drawScene(ctx: CanvasRenderingContext2D, view: Viewport, scene: Scene, cssWidth: number, cssHeight: number): void;
