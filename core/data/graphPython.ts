// Copy as Python for a graph stored in a ROOT file: uproot reads its members as ROOT names them (fX,
// fY, and fEX/fEY or fEXlow/fEXhigh/fEYlow/fEYhigh for the errors), and matplotlib draws it as the
// page does: the points joined in their stored order (when the page joins them), with error bars. A
// TEfficiency's script computes its intervals (efficiencyPython.ts).
import * as path from 'node:path';
import type { GraphPayload } from '../protocol/dataExplorerMessages';
import { efficiencyPython } from './efficiencyPython';
import { type GraphView, plotLines } from './graphPlotPython';
import { GRAPH_ERROR_MEMBERS } from './root/storedGraph';


export function graphPython(file: string, g: GraphPayload, options: GraphView): string {
  if (g.efficiency) return efficiencyPython(file, { ...g, efficiency: g.efficiency }, options);
  const members = GRAPH_ERROR_MEMBERS[g.className];
  // matplotlib takes one array for equal errors, a [below, above] pair otherwise.
  const errors = (names: readonly [string, string] | undefined): string => (!names ? 'None' : names[0] === names[1] ? `g.member("${names[0]}")` : `[${names.map((n) => `g.member("${n}")`).join(', ')}]`);
  return [
    `# ${g.className} ${JSON.stringify(g.name)} from ${JSON.stringify(path.basename(file))}, as stored: uproot reads its points, matplotlib draws them.`,
    'import matplotlib.pyplot as plt',
    'import uproot',
    '',
    `with uproot.open(${JSON.stringify(file)}) as f:`,
    `    g = f[${JSON.stringify(g.name)}]`,
    '    x = g.member("fX")',
    '    y = g.member("fY")',
    `    xerr = ${errors(members?.ex)}`,
    `    yerr = ${errors(members?.ey)}`,
    ...plotLines(g, options, { x: 'x', y: 'y', xerr: 'xerr', yerr: 'yerr' }),
  ].join('\n');
}
