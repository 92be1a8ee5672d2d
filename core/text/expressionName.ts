// How a column is written in an explorer expression: a name the expression syntax reads as it is
// (letters, digits, _, $, dots between such parts, as ROOT's split branches: Jet.Px), else in
// backquotes — a checkpoint's `model.0.conv.weight`, a dataset named `jet pt [GeV]`.

/** A bare name in an expression (core/data/expression/syntax.ts reads names by this pattern). */
export const BARE_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/;

export function expressionName(name: string): string {
  const bare = BARE_NAME.exec(name);
  return bare?.[0] === name || name.includes('`') ? name : `\`${name}\``;
}
