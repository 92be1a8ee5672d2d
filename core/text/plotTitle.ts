// The title of a histogram drawn from expressions, in ROOT's TTree::Draw spelling: "y vs x {selection}",
// the selection being the cuts joined by && and, with a weight, the weight times them, as ROOT's
// Draw("x", "w*(cut)") is written and titled. Shared by the page, its PNG and SVG, the CSV and overlays.

export interface TitledRequest {
  readonly expression: string;
  readonly yExpression?: string;
  readonly entryCut: string;
  readonly elementCut: string;
  readonly weight?: string;
}

export function plotTitleOf(r: TitledRequest): string {
  const what = r.yExpression?.trim() ? `${r.yExpression} vs ${r.expression}` : r.expression;
  const cuts = [r.entryCut.trim(), r.elementCut.trim()].filter(Boolean).join(' && ');
  const weight = r.weight?.trim();
  // `w1 + w2 * (cut)` would read as another product: a weight that is not one name or number gets brackets.
  const factor = weight && !/^(?:[A-Za-z_$][\w.$]*(?:\[-?\d+\])?|\d+(?:\.\d*)?)$/.test(weight) ? `(${weight})` : weight;
  const selection = weight ? (cuts ? `${factor} * (${cuts})` : weight) : cuts;
  return selection ? `${what} {${selection}}` : what;
}
