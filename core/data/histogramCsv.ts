// A histogram's bin contents as CSV, for a spreadsheet or np.loadtxt: one row per bin with its edges,
// content and error (√Σw²), the underflow and overflow as rows of their own with open edges, and
// what was histogrammed in a closing comment line; a fit's function, χ² and parameters in comment
// lines after it, at full precision; an entry cut's cut flow last, also as comment lines. A
// profile's rows hold each bin's mean, its error and entries.
import type { FitResult } from './fit/histogramFit';
import type { Bins1D, Histogram2DData } from './histogram';
import type { ProfileErrors } from '../protocol/dataExplorerMessages';

type CsvFit = Pick<FitResult, 'model' | 'method' | 'low' | 'high' | 'lowY' | 'highY' | 'names' | 'values' | 'errors' | 'chi2' | 'ndf' | 'probability' | 'minos' | 'integral' | 'contour'>;

export function histogramCsv(h: Bins1D, title: string, edges?: readonly number[], fit?: CsvFit): string {
  const { bins, low, high } = h.axis;
  const width = (high - low) / bins;
  // Variable bins (a stored histogram's) come with their edges.
  const edge = (i: number): number => (edges ? edges[i] : i === bins ? high : low + i * width);
  const lines = ['bin,low,high,content,error'];
  lines.push(`underflow,-inf,${low},${h.sumw[0]},${Math.sqrt(h.sumw2[0])}`);
  for (let i = 1; i <= bins; i++) lines.push(`${i},${edge(i - 1)},${edge(i)},${h.sumw[i]},${Math.sqrt(h.sumw2[i])}`);
  lines.push(`overflow,${high},inf,${h.sumw[bins + 1]},${Math.sqrt(h.sumw2[bins + 1])}`);
  // What was histogrammed, last: a comment first would be taken for the header by np.genfromtxt.
  // A title with a newline or a quote would break the line; it is written as JSON.
  lines.push(`# ${JSON.stringify(title)}: ${bins} bins in [${low}, ${high})`);
  if (fit) lines.push(...fitLines(fit));
  return `${lines.join('\n')}\n`;
}

/** A fit's function, method, range, χ² and parameters as comment lines (a 2-D fit's range in x and in y). */
function fitLines(fit: CsvFit): string[] {
  const range = fit.lowY === undefined || fit.highY === undefined ? `[${fit.low}, ${fit.high}]` : `[${fit.low}, ${fit.high}] × [${fit.lowY}, ${fit.highY}]`;
  // MINOS errors, when asked for, after HESSE's: `minos -0.11 +0.13`.
  const minos = (i: number): string => (fit.minos && Number.isFinite(fit.minos.lower[i]) && Number.isFinite(fit.minos.upper[i]) ? `, minos ${fit.minos.lower[i]} +${fit.minos.upper[i]}` : '');
  return [
    `# fit ${fit.model} by ${fit.method === 'chi2' ? 'least squares' : 'Poisson likelihood'}${fit.integral ? ' of its mean over each bin' : ''} in ${range}: chi2 / ndf = ${fit.chi2} / ${fit.ndf}, prob = ${fit.probability}`,
    ...fit.names.map((name, i) => `# ${name} = ${fit.values[i]} +- ${fit.errors[i]}${minos(i)}`),
    // The contour drawn: its points as "x y" pairs.
    ...(fit.contour ? [`# 68 % contour of ${fit.contour.x} and ${fit.contour.y}: ${fit.contour.points.x.map((x, i) => `${x} ${fit.contour!.points.y[i]}`).join('; ')}`] : []),
  ];
}

/** What a profile's error column holds, for each of ROOT's error options. */
const PROFILE_ERROR_WORDS: Record<ProfileErrors, string> = {
  mean: 'the error of the mean (ROOT\'s default)',
  spread: 'the spread of y (ROOT\'s option "s")',
  integer: 'the error of the mean, 1/sqrt(12 neff) without spread (ROOT\'s option "i")',
  weights: '1/sqrt(sum of weights) (ROOT\'s option "g")',
};

/**
 * A profile's bins as CSV: each x bin's mean of y, its error (as the error option gives it, said in a
 * comment line after the bins) and its entries (Σw), the flow bins as rows of their own, then what was
 * drawn and the fit, as for a histogram.
 */
export function profileCsv(h: Bins1D, binEntries: readonly number[], title: string, edges?: readonly number[], fit?: CsvFit, errors: ProfileErrors = 'mean'): string {
  const lines = histogramCsv(h, title, edges, fit).split('\n');
  lines[0] = 'bin,low,high,mean,error,entries';
  for (let i = 0; i < h.axis.bins + 2; i++) lines[i + 1] += `,${binEntries[i]}`;
  lines.splice(h.axis.bins + 4, 0, `# error: ${PROFILE_ERROR_WORDS[errors]}`);
  return lines.join('\n');
}

/** A 2-D histogram's cells as CSV: one row per cell inside both ranges, then the sum of those outside. */
export function histogram2dCsv(h: Pick<Histogram2DData, 'x' | 'y' | 'sumw' | 'sumw2'>, title: string, fit?: CsvFit): string {
  const edge = (a: Histogram2DData['x'], i: number): number => (i === a.bins ? a.high : a.low + (i * (a.high - a.low)) / a.bins);
  const nx = h.x.bins + 2;
  const lines = ['x_bin,y_bin,x_low,x_high,y_low,y_high,content,error'];
  let outside = 0;
  let outside2 = 0;
  for (let by = 0; by < h.y.bins + 2; by++) {
    for (let bx = 0; bx < nx; bx++) {
      const c = by * nx + bx;
      if (bx === 0 || by === 0 || bx > h.x.bins || by > h.y.bins) {
        outside += h.sumw[c];
        outside2 += h.sumw2[c];
        continue;
      }
      lines.push(`${bx},${by},${edge(h.x, bx - 1)},${edge(h.x, bx)},${edge(h.y, by - 1)},${edge(h.y, by)},${h.sumw[c]},${Math.sqrt(h.sumw2[c])}`);
    }
  }
  lines.push(`outside,outside,,,,,${outside},${Math.sqrt(outside2)}`);
  lines.push(`# ${JSON.stringify(title)}: ${h.x.bins} × ${h.y.bins} bins in [${h.x.low}, ${h.x.high}) × [${h.y.low}, ${h.y.high})`);
  if (fit) lines.push(...fitLines(fit));
  return `${lines.join('\n')}\n`;
}

/**
 * A cut flow (expression/cutflow.ts) as comment lines for the end of a CSV: the entries read, then each
 * condition with the entries that pass it and all before it, and with a weight per entry their sum of
 * weights. Each line is a CSV row whose first field is "#" (NumPy skips it as a comment; a spreadsheet
 * shows the table in its columns), the condition quoted as CSV quotes (a comma or a quote stays in it).
 * Empty without a cut flow.
 */
export function cutflowCsv(steps: readonly { readonly cut: string; readonly passed: number; readonly sumw?: number }[] | undefined, entriesRead: number, sumwRead?: number): string {
  if (!steps?.length) return '';
  const weighted = sumwRead !== undefined && steps.every((s) => s.sumw !== undefined);
  const lines = [
    `# cut flow: condition, entries passing it and every condition before it${weighted ? ', sum of their weights' : ''}`,
    `#,all entries,${entriesRead}${weighted ? `,${sumwRead}` : ''}`,
    ...steps.map((s) => `#,"${s.cut.replace(/"/g, '""')}",${s.passed}${weighted ? `,${s.sumw}` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}
