// The end of every stored graph's Python (graphPython.ts, efficiencyPython.ts): matplotlib's errorbar of
// what the script read or computed, joined or not and on log axes as the page shows it, with the
// graph's titles as the page shows them.
import type { GraphPayload } from '../protocol/dataExplorerMessages';
import { rootLatexText } from '../text/rootLatex';

/** How the page shows a graph: its points joined or not, its axes log or not. */
export interface GraphView {
  readonly line: boolean;
  readonly logX: boolean;
  readonly logY: boolean;
}

/** `x`, `y`, `xerr` and `yerr` are the script's Python expressions for them. */
export function plotLines(g: GraphPayload, view: GraphView, args: { readonly x: string; readonly y: string; readonly xerr: string; readonly yerr: string }): string[] {
  return [
    `print(len(${args.x}), "points")`,
    `plt.errorbar(${args.x}, ${args.y}, xerr=${args.xerr}, yerr=${args.yerr}, fmt="${view.line ? 'o-' : 'o'}", markersize=3)`,
    ...(view.logX ? ['plt.xscale("log")'] : []),
    ...(view.logY ? ['plt.yscale("log")'] : []),
    // The titles as the page shows them: ROOT's TLatex as text (matplotlib would print "#sigma").
    `plt.title(${JSON.stringify(rootLatexText(g.title) || g.name)})`,
    `plt.xlabel(${JSON.stringify(rootLatexText(g.xTitle))})`,
    `plt.ylabel(${JSON.stringify(rootLatexText(g.yTitle))})`,
    'plt.show()',
    '',
  ];
}
