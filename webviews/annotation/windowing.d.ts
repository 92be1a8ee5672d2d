export type Scale = 'linear' | 'log' | 'gamma';
export type ColourMap = 'grey' | 'inverted' | 'viridis' | 'hot';
export interface DisplayWindow {
    readonly low: number;
    readonly high: number;
    readonly scale: Scale;
    /** The exponent of the gamma scale (t^gamma; below 1 brightens faint values). */
    readonly gamma: number;
    readonly colourMap: ColourMap;
}
export interface FrameSamples {
    readonly width: number;
    readonly height: number;
    readonly channels: number;
    readonly samples: ArrayLike<number>;
}
export interface FrameStats {
    readonly min: number;
    readonly max: number;
    /** Finite samples counted (NaN and ±Infinity in a float frame are left out). */
    readonly count: number;
    /** Up to SAMPLED finite values, evenly strided over the frame, sorted: exact enough for percentiles. */
    readonly sorted: Float64Array;
}
/** Values kept for percentiles: a quarter million, sorted in a few tens of milliseconds. */
export declare const SAMPLED = 262144;
export declare function frameStats(f: FrameSamples): FrameStats;
/** The value below which `fraction` (0…1) of the (sampled) finite values lie, interpolated by rank. */
export declare function percentile(stats: FrameStats, fraction: number): number;
/**
 * The automatic window: the 0.5th to the 99.8th percentile, so that a few hot or masked pixels (an
 * Eiger frame's 2^32−1) do not squash everything else into black.
 */
export declare function autoWindow(stats: FrameStats): {
    low: number;
    high: number;
};
/** The 256 RGB colours of a map, flat (r, g, b, r, g, b…). */
export declare function colourTable(map: ColourMap): Uint8Array;
/** Where a value lands on the screen's 0…255 scale under a window. */
export declare function level(v: number, w: DisplayWindow): number;
/**
 * Writes the frame as RGBA through the window. Grey frames go through the colour map; RGB frames keep
 * their colours, each channel windowed alike. 8- and 16-bit integers use a table of every value.
 */
export declare function renderWindow(f: FrameSamples & {
    readonly bitDepth: number;
    readonly sampleFormat: string;
}, w: DisplayWindow, out: Uint8ClampedArray): void;
