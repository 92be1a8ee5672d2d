// The table's expressions as TTree::Scan takes them: separated by colons (a pure function: its test
// runs without a page).

/** The expressions typed for the table, separated by colons as TTree::Scan's (a colon in a backquoted name stays). */
export function scanExpressions(text: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let current = '';
  for (const c of text) {
    if (c === '`') quoted = !quoted;
    if (c === ':' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean).slice(0, 16);
}
