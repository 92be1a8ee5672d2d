import type { FitHistogram, FitResult } from '../../core/data/fit/histogramFit';
export declare const PYTHON = "/usr/bin/python3";
export declare function poissonHistogram(bins: number, low: number, high: number, shape: (x: number) => number, seed: number): FitHistogram;
/** Runs Copy as Python's fit code on the histogram's counts in `dir`; the parameters and χ² it prints. */
export declare function minuit(h: FitHistogram, fit: FitResult, dir: string): {
    values: Map<string, [number, number]>;
    chi2: number;
    ndf: number;
};
/** HAI's fit as MINUIT's from the same start: values within 0.05 σ, errors within 3 %, the same χ² and ndf. */
export declare function assertAsMinuit(h: FitHistogram, fit: FitResult, dir: string): void;
