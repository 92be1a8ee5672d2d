// A network-block snippet as stored in snippets/<language>/<id>.json (schema: snippets/snippet.schema.json).

export type SnippetContext = 'module' | 'weaver-data-config';

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

const LABELS = {
  en: { input: 'Input', output: 'Output', imports: 'Imports', paper: 'Paper' },
  'zh-cn': { input: '输入', output: '输出', imports: '导入', paper: '论文' },
} as const;

/**
 * The documentation shown with the completion item: explanation, shapes, imports, paper. The
 * labels follow the editor's language (en, zh-cn); the explanations are written in English.
 */
export function snippetMarkdown(s: Snippet, locale = 'en'): string {
  const l = locale.toLowerCase().startsWith('zh') ? LABELS['zh-cn'] : LABELS.en;
  const lines = [s.explanation, '', `- **${l.input}:** ${s.shapes.input}`, `- **${l.output}:** ${s.shapes.output}`];
  if (s.imports.length) lines.push(`- **${l.imports}:** ${s.imports.map((i) => `\`import ${i}\``).join(', ')}`);
  lines.push(`- **${l.paper}:** [${s.paper.title}](https://arxiv.org/abs/${s.paper.arxiv}) (arXiv:${s.paper.arxiv})`);
  return lines.join('\n');
}
