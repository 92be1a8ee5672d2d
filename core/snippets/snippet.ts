// A network-block snippet as stored in snippets/<language>/<id>.json (schema: snippets/snippet.schema.json).

export type SnippetContext = 'module' | 'statement' | 'weaver-data-config';

export type SnippetTest =
  | { readonly construct: string; readonly inputs: readonly string[]; readonly outputShapes: readonly (readonly number[])[] }
  | { readonly script: readonly string[] }
  | { readonly yaml: { readonly inputGroups: Readonly<Record<string, number>>; readonly labels: number } };

export interface Snippet {
  readonly id: string;
  readonly prefix: string;
  readonly title: string;
  readonly group: 'attention' | 'csp' | 'neck' | 'particle' | 'vision' | 'workflow';
  readonly language: 'python' | 'yaml';
  readonly context: SnippetContext;
  readonly explanation: string;
  readonly shapes: { readonly input: string; readonly output: string };
  /** As written after `import`: "torch", "torch.nn as nn". */
  readonly imports: readonly string[];
  readonly paper: { readonly title: string; readonly arxiv: string };
  readonly body: readonly string[];
  readonly test: SnippetTest;
}

/** The name an import statement binds: "torch.nn as nn" → nn, "torch.nn" → torch. */
export function boundName(importSpec: string): string {
  const alias = / as ([A-Za-z_]\w*)$/.exec(importSpec);
  return alias ? alias[1] : importSpec.split('.')[0];
}

/** The documentation shown with the completion item: explanation, shapes, imports, paper. */
export function snippetMarkdown(s: Snippet): string {
  const lines = [
    `**${s.title}**`,
    '',
    s.explanation,
    '',
    `- **Input:** ${s.shapes.input}`,
    `- **Output:** ${s.shapes.output}`,
  ];
  if (s.imports.length) lines.push(`- **Imports:** ${s.imports.map((i) => `\`import ${i}\``).join(', ')}`);
  lines.push(`- **Paper:** [${s.paper.title}](https://arxiv.org/abs/${s.paper.arxiv}) (arXiv:${s.paper.arxiv})`);
  return lines.join('\n');
}
