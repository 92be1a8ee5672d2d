// Graphs stored in a ROOT file (TGraph, TGraphErrors, TGraphAsymmErrors, TGraphBentErrors, TCutG) as
// plain data, from the objects jsroot streams: the points in their stored order (ROOT joins them in
// that order), each point's errors as distances below and above it, and the titles as ROOT draws them.
import { RootError } from './rootError';
import { rootTitleParts } from '../../text/rootLatex';
import { msg } from '../../text/message';
import type { GraphPayload } from '../../protocol/dataExplorerMessages';

/**
 * The graph classes drawn, and which of their members hold the errors below and above each point (one
 * member for both: a TGraphErrors' equal errors). The CSV's columns and Copy as Python follow it.
 */
export const GRAPH_ERROR_MEMBERS: Readonly<Record<string, { readonly ex?: readonly [string, string]; readonly ey?: readonly [string, string] }>> = {
  TGraph: {},
  TCutG: {},
  TGraphErrors: { ex: ['fEX', 'fEX'], ey: ['fEY', 'fEY'] },
  TGraphAsymmErrors: { ex: ['fEXlow', 'fEXhigh'], ey: ['fEYlow', 'fEYhigh'] },
  // A bent error's end is moved along the other axis too (fEXlowd…); drawn straight, it reaches as far along its own.
  TGraphBentErrors: { ex: ['fEXlow', 'fEXhigh'], ey: ['fEYlow', 'fEYhigh'] },
};

export const GRAPH_CLASSES: ReadonlySet<string> = new Set(Object.keys(GRAPH_ERROR_MEMBERS));

/**
 * More points than this are refused: the page is sent every point as JSON (a TGraphAsymmErrors of
 * 250 000 points is some 30 MB) and draws each; a larger graph is for uproot.
 */
export const MAX_GRAPH_POINTS = 250_000;

export interface StoredGraph extends GraphPayload {
  readonly kind: 'graph';
}

interface JsAxis {
  fTitle?: unknown;
}
export interface JsGraph {
  _typename: string;
  fTitle?: unknown;
  fNpoints?: number;
  fX?: ArrayLike<number>;
  fY?: ArrayLike<number>;
  /** The frame histogram, kept when the graph was drawn or its axes titled before it was written. */
  fHistogram?: { fXaxis?: JsAxis; fYaxis?: JsAxis } | null;
  /** A TCutG's variables: its axes. */
  fVarX?: unknown;
  fVarY?: unknown;
  [errors: string]: unknown;
}

/** The plain data of a stored graph object; anything but a graph is refused. */
export function storedGraphOf(name: string, g: JsGraph): StoredGraph {
  const errors = GRAPH_ERROR_MEMBERS[g._typename];
  if (!errors) throw new RootError(msg('"{0}" is a {1}: only histograms, profiles and graphs are drawn.', name, g._typename));
  const n = g.fNpoints;
  if (!Number.isInteger(n) || n! < 0 || n! > MAX_GRAPH_POINTS) {
    throw new RootError(msg('"{0}" says it has {1} points: it is damaged, or has more points than the explorer draws ({2}).', name, String(n), MAX_GRAPH_POINTS));
  }
  const column = (field: string): number[] => {
    const values = g[field] as ArrayLike<number> | null | undefined;
    // A graph of no points stores no arrays; otherwise each holds at least its points (ROOT may keep more room).
    if (n === 0) return [];
    if (!values || typeof values.length !== 'number' || values.length < n!) {
      throw new RootError(msg('"{0}" says it has {1} points but its {2} holds {3}: it is damaged.', name, n!, field, values?.length ?? 0));
    }
    return Array.from({ length: n! }, (_, i) => Number(values[i]));
  };
  const pair = (fields?: readonly [string, string]) => {
    if (!fields) return undefined;
    const low = column(fields[0]);
    return { low, high: fields[1] === fields[0] ? low : column(fields[1]) };
  };
  const ex = pair(errors.ex);
  const ey = pair(errors.ey);
  // ROOT's "title;x title;y title": TGraph::SetTitle keeps it whole, and the frame histogram's axes win when titled.
  // Text only: a forged file may put anything where ROOT puts a title.
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const [title, xPart, yPart] = rootTitleParts(g.fTitle);
  const xTitle = text(g.fHistogram?.fXaxis?.fTitle) || xPart || text(g.fVarX);
  const yTitle = text(g.fHistogram?.fYaxis?.fTitle) || yPart || text(g.fVarY);
  return {
    kind: 'graph',
    name,
    className: g._typename,
    title,
    xTitle,
    yTitle,
    x: column('fX'),
    y: column('fY'),
    ...(ex ? { ex } : {}),
    ...(ey ? { ey } : {}),
  };
}
