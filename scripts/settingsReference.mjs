// `npm run docs:settings`: the settings tables in README.md and docs/extension-readme.md are rendered
// from package.json (and package.nls.json), so the manifest stays the one place a setting is described;
// `--check` and test/architecture/settingsReference.test.ts fail when a committed table is stale.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BEGIN = '<!-- settings:begin -->';
export const END = '<!-- settings:end -->';
/** The documents that carry a settings region, relative to the repository root. */
export const TARGETS = ['README.md', 'docs/extension-readme.md'];

const NOTICE = '<!-- Generated from package.json by `npm run docs:settings`: edit the manifest, not this table. -->';

/** The manifest's `%key%` placeholders resolve only when they are the whole string, as in VS Code. */
function localize(value, nls, where) {
  if (typeof value !== 'string') return value;
  const m = /^%(.+)%$/.exec(value);
  if (!m) return value;
  if (!Object.prototype.hasOwnProperty.call(nls, m[1])) {
    throw new Error(`package.nls.json has no "${m[1]}" (used by ${where})`);
  }
  return nls[m[1]];
}

function groupTitle(group) {
  return group.charAt(0).toUpperCase() + group.slice(1);
}

/** A table cell is one line, and a `|` in it would end the cell early (even inside a code span). */
function cell(text) {
  return String(text).replace(/\s*\r?\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

// Plain descriptions are plain text in VS Code; in markdown `<folder>` would vanish as an HTML tag and
// `model*.onnx` could start emphasis. Text in backticks is left alone: the manifest uses it for code.
function plainToMarkdown(text) {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_~<>[\]]/g, (c) => `\\${c}`)))
    .join('');
}

function code(text) {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function describe(key, schema, nls, field) {
  const md = localize(schema[`markdown${field[0].toUpperCase()}${field.slice(1)}`], nls, key);
  if (typeof md === 'string') return md;
  const plain = localize(schema[field], nls, key);
  return typeof plain === 'string' ? plainToMarkdown(plain) : '';
}

function enumText(key, schema, nls) {
  if (!Array.isArray(schema.enum)) return '';
  const md = schema.markdownEnumDescriptions;
  const plain = schema.enumDescriptions;
  const values = schema.enum.map((value, i) => {
    const shown = code(typeof value === 'string' ? value : JSON.stringify(value));
    let text = '';
    if (Array.isArray(md) && typeof md[i] === 'string') text = localize(md[i], nls, key);
    else if (Array.isArray(plain) && typeof plain[i] === 'string') text = plainToMarkdown(localize(plain[i], nls, key));
    // The list is joined with semicolons, so a description's own full stop would double up.
    return text ? `${shown}: ${text.trim().replace(/\.$/, '')}` : shown;
  });
  const described = values.some((v) => v.includes(': '));
  return described ? `${values.join('; ')}.` : `One of ${values.join(', ')}.`;
}

function rangeText(schema) {
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  if (min !== undefined && max !== undefined) return `(${min}–${max})`;
  if (min !== undefined) return `(at least ${min})`;
  if (max !== undefined) return `(at most ${max})`;
  return '';
}

function defaultText(schema) {
  if (!('default' in schema)) return '*none*';
  if (schema.default === '') return '*empty*';
  return code(JSON.stringify(schema.default));
}

function notes(key, schema, restricted) {
  const out = [];
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 0) out.push(types.join(' or '));
  if (schema.scope === 'machine' || schema.scope === 'machine-overridable') out.push('machine');
  if (restricted.has(key)) out.push('restricted');
  return out.length > 0 ? ` (${out.map((n) => `*${n}*`).join(', ')})` : '';
}

/** The configuration's settings in manifest order, whether `contributes.configuration` is one object or a list. */
export function settingsOf(manifest) {
  const configuration = manifest?.contributes?.configuration;
  const sections = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  return sections.flatMap((section) => Object.entries(section?.properties ?? {}));
}

/** The settings reference as markdown: one `### Group` heading and table per key group, in manifest order. */
export function renderSettings(manifest, nls = {}) {
  const restricted = new Set(manifest?.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
  const groups = new Map();
  for (const [key, schema] of settingsOf(manifest)) {
    const group = key.split('.')[1] || 'general';
    if (!groups.has(group)) groups.set(group, []);
    const description = [describe(key, schema, nls, 'description'), enumText(key, schema, nls), rangeText(schema)];
    const deprecated = describe(key, schema, nls, 'deprecationMessage');
    if (deprecated) description.push(`Deprecated: ${deprecated}`);
    const row = [
      `${code(key)}${notes(key, schema, restricted)}`,
      defaultText(schema),
      description.filter((part) => part !== '').join(' '),
    ];
    groups.get(group).push(`| ${row.map(cell).join(' | ')} |`);
  }
  const blocks = [NOTICE];
  for (const [group, rows] of groups) {
    blocks.push([`### ${groupTitle(group)}`, '', '| Setting | Default | Description |', '| --- | --- | --- |', ...rows].join('\n'));
  }
  return blocks.join('\n\n');
}

function markers(text, name) {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const where = name ? `${name}: ` : '';
  if (begin < 0) throw new Error(`${where}no ${BEGIN} marker`);
  if (end < 0) throw new Error(`${where}no ${END} marker`);
  if (text.indexOf(BEGIN, begin + 1) >= 0 || text.indexOf(END, end + 1) >= 0) throw new Error(`${where}the settings markers appear more than once`);
  if (end < begin) throw new Error(`${where}${END} comes before ${BEGIN}`);
  return { from: begin + BEGIN.length, to: end };
}

/** The text between the markers, without the line breaks that frame it. */
export function regionOf(text, name) {
  const { from, to } = markers(text, name);
  return text.slice(from, to).replace(/^\r?\n/, '').replace(/\r?\n$/, '');
}

/** `text` with the region between the markers replaced; every byte outside them is kept. Throws without markers. */
export function replaceRegion(text, region, name) {
  const { from, to } = markers(text, name);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = region.replace(/\r?\n/g, eol).replace(/(\r?\n)+$/, '');
  return `${text.slice(0, from)}${eol}${body}${body ? eol : ''}${text.slice(to)}`;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The rendered reference of the manifest under `root`. */
export function renderAt(root) {
  return renderSettings(readJson(path.join(root, 'package.json')), readJson(path.join(root, 'package.nls.json')));
}

/** Each target under `root` with the region as the manifest renders it now: `{ file, text, updated }`. */
function plan(root) {
  const region = renderAt(root);
  return TARGETS.map((file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    return { file, text, updated: replaceRegion(text, region, file) };
  });
}

/** The targets under `root` whose settings region differs from what the manifest renders. */
export function staleFiles(root = ROOT) {
  return plan(root)
    .filter((t) => t.updated !== t.text)
    .map((t) => t.file);
}

// A temporary name in the same folder and a rename, so a reader never sees half a README.
function writeAtomically(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Rewrites the stale regions under `root`; returns the files it changed. */
export function updateFiles(root = ROOT) {
  const changed = [];
  for (const t of plan(root)) {
    if (t.updated === t.text) continue;
    writeAtomically(path.join(root, t.file), t.updated);
    changed.push(t.file);
  }
  return changed;
}

function main(argv) {
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument(s): ${unknown.join(' ')} (usage: node scripts/settingsReference.mjs [--check])`);
    return 2;
  }
  try {
    if (argv.includes('--check')) {
      const stale = staleFiles(ROOT);
      if (stale.length === 0) {
        console.log('settings reference is up to date');
        return 0;
      }
      console.error(`settings reference is stale in ${stale.join(', ')}: run \`npm run docs:settings\``);
      return 1;
    }
    const changed = updateFiles(ROOT);
    console.log(changed.length > 0 ? `updated ${changed.join(', ')}` : 'settings reference already up to date');
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
