// A histogram's bin contents as CSV, for a spreadsheet or np.loadtxt: one row per bin with its edges,
// content and error (√Σw²), the underflow and overflow as rows of their own with open edges, and
// what was histogrammed in a closing comment line.
import type { Histogram1DData } from './histogram';

export function histogramCsv(h: Pick<Histogram1DData, 'axis' | 'sumw' | 'sumw2'>, title: string): string {
  const { bins, low, high } = h.axis;
  const width = (high - low) / bins;
  const edge = (i: number): number => (i === bins ? high : low + i * width);
  const lines = ['bin,low,high,content,error'];
  lines.push(`underflow,-inf,${low},${h.sumw[0]},${Math.sqrt(h.sumw2[0])}`);
  for (let i = 1; i <= bins; i++) lines.push(`${i},${edge(i - 1)},${edge(i)},${h.sumw[i]},${Math.sqrt(h.sumw2[i])}`);
  lines.push(`overflow,${high},inf,${h.sumw[bins + 1]},${Math.sqrt(h.sumw2[bins + 1])}`);
  // What was histogrammed, last: a comment first would be taken for the header by np.genfromtxt.
  // A title with a newline or a quote would break the line; it is written as JSON.
  lines.push(`# ${JSON.stringify(title)}: ${bins} bins in [${low}, ${high})`);
  return `${lines.join('\n')}\n`;
}
