// Copy as Python for what an explorer page shows: the script that reproduces the drawn histogram —
// a 1-D histogram, a 2-D one or a profile of expressions (copyAsPython.ts, copyAsPython2d.ts), or a
// histogram stored in the file (storedPython.ts) — over the file or the dataset's files, with the
// fit shown appended (fitPython.ts, a 2-D one fitPython2d.ts) in the form its histogram takes there. No vscode: the session
// puts the text on the clipboard.
import { copyAsPython } from '../../core/data/copyAsPython';
import { copyAsPython2D } from '../../core/data/copyAsPython2d';
import { dataFormatOf } from '../../core/data/dataFormats';
import type { FitResult } from '../../core/data/fit/histogramFit';
import { type FitSource, withFit } from '../../core/data/fit/fitPython';
import { withFit2D } from '../../core/data/fit/fitPython2d';
import { storedPython } from '../../core/data/storedPython';
import type { StructurePayload } from '../../core/protocol/dataExplorerMessages';
import { english } from '../../core/text/message';
import type { Drawn } from './drawnHistogram';
import { yLimitsOf } from '../../core/data/profile';
import { entryRangeOf } from '../../core/data/entryRange';

export interface PythonSource {
  /** The file whose structure the page shows (a dataset's first readable one). */
  readonly file: string;
  /** A dataset's files: the script reads those the page read (the drawn result names those left out). */
  readonly files?: readonly string[];
  readonly structure: StructurePayload | undefined;
}

/** The script, or undefined for a file no script reads. */
export function drawnPython(drawn: Drawn, from: PythonSource, fit: FitResult | undefined): string | undefined {
  const format = dataFormatOf(from.file);
  if (!format) return undefined;
  const table = from.structure?.tables.find((t) => t.name === drawn.request.table);
  const known = table?.columns.map((c) => c.name) ?? [];
  const spec = {
    file: from.file,
    files: from.files,
    // The files the explorer left out are left out of the script's FILES too (uproot would stop at them).
    leftOut: drawn.result.failed.map((f) => ({ file: f.file, reason: english(f.message), ...(f.lacksName ? { lacksName: true } : {}) })),
    format,
    tree: drawn.request.table || undefined,
    expression: drawn.request.expression,
    entryCut: drawn.request.entryCut,
    elementCut: drawn.request.elementCut,
    weight: drawn.request.weight,
    definitions: drawn.request.definitions,
    axis: drawn.axis,
    range: entryRangeOf(drawn.request.firstEntry, drawn.request.entryCount),
    weightedCutflow: drawn.result.cutflowSumw !== undefined,
    // A checkpoint's tensors are reached by their keys and attributes, not by their shown names.
    access: Object.fromEntries((table?.columns ?? []).flatMap((c) => (c.access !== undefined ? [[c.name, c.access]] : []))),
    pickleClasses: from.structure?.pickleClasses,
    torchScript: from.structure?.torchScript !== undefined,
  };
  const h2 = drawn.result.histogram2d;
  const profile = drawn.result.profile;
  const plain = drawn.stored
    ? storedPython(from.file, drawn.stored)
    : h2 || profile
      ? copyAsPython2D({ ...spec, yExpression: drawn.request.yExpression, yAxis: h2?.y, profile: !!profile, profileErrors: drawn.request.profileErrors, yLimits: profile ? yLimitsOf(drawn.request.yLow, drawn.request.yHigh) : undefined }, known)
      : copyAsPython(spec, known);
  // The fit after the histogram: a hist object for ROOT and parquet (and a stored histogram), NumPy's counts otherwise; a profile's means (a stored one's too).
  const source: FitSource = profile || drawn.stored?.binEntries ? 'profile' : drawn.stored || format === 'root' || format === 'parquet' ? 'hist' : drawn.request.weight?.trim() ? 'numpyWeighted' : 'numpy';
  if (fit && h2) return withFit2D(plain, fit, drawn.stored ? 'hist' : drawn.request.weight?.trim() ? 'numpyWeighted' : 'numpy');
  return fit ? withFit(plain, fit, source) : plain;
}
