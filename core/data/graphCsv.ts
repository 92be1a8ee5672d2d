// A stored graph's points as CSV, for a spreadsheet or np.loadtxt: one row per point in its stored
// order, its errors as columns (one each for a TGraphErrors' equal errors, below and above for
// asymmetric ones; a TEfficiency's passed and total events too), then the graph's class, name and
// titles (and a TEfficiency's interval) in closing comment lines.
import type { GraphPayload } from '../protocol/dataExplorerMessages';
import { ASKED } from './efficiencyPython';
import { GRAPH_ERROR_MEMBERS } from './root/storedGraph';

export function graphCsv(g: GraphPayload): string {
  // A TGraphErrors' errors are one number each (one member for both sides); other classes keep them below and above.
  const members = GRAPH_ERROR_MEMBERS[g.className];
  const columns: [string, readonly number[]][] = [
    ['x', g.x],
    ['y', g.y],
  ];
  for (const [axis, e] of [['x', g.ex], ['y', g.ey]] as const) {
    if (!e) continue;
    const names = members?.[axis === 'x' ? 'ex' : 'ey'];
    if (names && names[0] === names[1]) columns.push([`error_${axis}`, e.low]);
    else columns.push([`error_${axis}_low`, e.low], [`error_${axis}_high`, e.high]);
  }
  // A TEfficiency's events per point, and how its intervals were found.
  if (g.efficiency) columns.push(['passed', g.efficiency.passed], ['total', g.efficiency.total]);
  const lines = [columns.map(([name]) => name).join(',')];
  for (let i = 0; i < g.x.length; i++) lines.push(columns.map(([, values]) => String(values[i])).join(','));
  // Last: a comment first would be taken for the header by np.genfromtxt. Titles are written as JSON (a quote or newline would break the line).
  lines.push(`# ${g.className} ${JSON.stringify(g.name)}: ${JSON.stringify(g.title)}; x: ${JSON.stringify(g.xTitle)}; y: ${JSON.stringify(g.yTitle)}; ${g.x.length} points`);
  const e = g.efficiency;
  if (e) {
    const prior = e.binPriors ? ' prior Beta of each bin' : e.prior ? ` prior Beta(${e.prior[0]}, ${e.prior[1]})` : '';
    const point = e.prior ? (e.posteriorMode ? ' posterior mode' : ' posterior mean') : '';
    lines.push(`# interval: ${e.statistic}${prior}${point}${e.weighted ? ' weighted' : ''} at ${e.level}${e.asked ? ` (the object asks for ${ASKED[e.asked]})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
