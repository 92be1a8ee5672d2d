// Hover text of hub entries in the tree, as markdown. Catalog text is untrusted: written as markdown
// as it is, `![x](https://…)` or `<img>` would make VS Code fetch a remote image (telling the hub who
// looks at what) and `[x](command:…)` would show a link of the hub's choosing. So every ASCII
// punctuation character of it is backslash-escaped, which CommonMark and GFM define as literal
// text: no markup, no HTML, no autolink can form. The view renders it untrusted, without HTML.

/** Catalog text as literal markdown text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** A name is one line: a line break in it would end the bold heading and start a paragraph. */
const oneLine = (text: string): string => escapeMarkdown(text.replace(/\s+/g, ' ').trim());

/** `**name**`, then the description as its own paragraph. */
export function modelTooltip(model: { readonly name: string; readonly description: string }): string {
  return `**${oneLine(model.name)}**\n\n${escapeMarkdown(model.description)}`;
}

/** `**name** (version)`, then the description. */
export function datasetTooltip(dataset: { readonly name: string; readonly version?: string; readonly description: string }): string {
  const version = dataset.version ? ` ${escapeMarkdown(`(${dataset.version})`)}` : '';
  return `**${oneLine(dataset.name)}**${version}\n\n${escapeMarkdown(dataset.description)}`;
}
