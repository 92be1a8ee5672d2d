// A histogram's bin contents as CSV, for a spreadsheet or np.loadtxt: one row per bin with its edges,
// content and error (√Σw²), the underflow and overflow as rows of their own with open edges.
import type { Histogram1DData } from './histogram';

export function histogramCsv(h: Pick<Histogram1DData, 'axis' | 'sumw' | 'sumw2'>, title: string): string {
  const { bins, low, high } = h.axis;
  const width = (high - low) / bins;
  const edge = (i: number): number => (i === bins ? high : low + i * width);
  // A title with a newline or a quote would break the comment line; it is written as JSON.
  const lines = [`# ${JSON.stringify(title)}: ${bins} bins in [${low}, ${high})`, 'bin,low,high,content,error'];
  lines.push(`underflow,-inf,${low},${h.sumw[0]},${Math.sqrt(h.sumw2[0])}`);
  for (let i = 1; i <= bins; i++) lines.push(`${i},${edge(i - 1)},${edge(i)},${h.sumw[i]},${Math.sqrt(h.sumw2[i])}`);
  lines.push(`overflow,${high},inf,${h.sumw[bins + 1]},${Math.sqrt(h.sumw2[bins + 1])}`);
  return `${lines.join('\n')}\n`;
}
