// The settings tables in README.md and docs/extension-readme.md are generated from the manifest
// (scripts/settingsReference.mjs); these tests fail when a committed table no longer matches it, and
// pin down the table format so that no description can break a row.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';

interface SettingsReference {
  readonly BEGIN: string;
  readonly END: string;
  readonly TARGETS: readonly string[];
  renderSettings(manifest: unknown, nls: Record<string, string>): string;
  replaceRegion(text: string, region: string, name?: string): string;
  regionOf(text: string, name?: string): string;
  staleFiles(root: string): string[];
  updateFiles(root: string): string[];
}

const SCRIPT = path.join(ROOT, 'scripts', 'settingsReference.mjs');

async function load(): Promise<SettingsReference> {
  return (await import(SCRIPT)) as SettingsReference;
}

const readJson = (file: string): any => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
const manifest = (): any => readJson('package.json');
const nls = (): Record<string, string> => readJson('package.nls.json');

function settingKeys(pkg: any): string[] {
  const configuration = pkg.contributes.configuration;
  const sections: any[] = Array.isArray(configuration) ? configuration : [configuration];
  return sections.flatMap((s) => Object.keys(s.properties ?? {}));
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The table rows (lines starting with a `|` and a backticked key) whose first cell names `key`. */
function rowsOf(rendered: string, key: string): string[] {
  const row = new RegExp(`^\\| \`${escapeRegExp(key)}\`[ |]`);
  return rendered.split('\n').filter((line) => row.test(line));
}

/** The cells of a table row, split where GitHub splits them: at every `|` not escaped by a backslash. */
function cells(row: string): string[] {
  assert.match(row, /^\| .* \|$/, `not a table row: ${row}`);
  return row.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
}

describe('settings reference (npm run docs:settings)', function () {
  this.timeout(30_000);

  it('README.md and docs/extension-readme.md show the tables the manifest renders now', async () => {
    const ref = await load();
    const rendered = ref.renderSettings(manifest(), nls());
    assert.deepEqual([...ref.TARGETS], ['README.md', 'docs/extension-readme.md']);
    for (const file of ref.TARGETS) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      assert.equal(ref.regionOf(text, file), rendered, `${file} has a stale settings table: run \`npm run docs:settings\``);
    }
    assert.deepEqual(ref.staleFiles(ROOT), [], 'run `npm run docs:settings`');
  });

  it('`node scripts/settingsReference.mjs --check` exits 0 on the committed tree and changes nothing', () => {
    const before = ['README.md', 'docs/extension-readme.md'].map((f) => readFileSync(path.join(ROOT, f), 'utf8'));
    const r = spawnSync(process.execPath, [SCRIPT, '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}\nrun \`npm run docs:settings\``);
    const after = ['README.md', 'docs/extension-readme.md'].map((f) => readFileSync(path.join(ROOT, f), 'utf8'));
    assert.deepEqual(after, before);
  });

  it('every hai.* setting of the manifest is exactly one table row, and every restricted one says so', async () => {
    const ref = await load();
    const pkg = manifest();
    const rendered = ref.renderSettings(pkg, nls());
    const keys = settingKeys(pkg).filter((k) => k.startsWith('hai.'));
    assert.ok(keys.length > 20, `only ${keys.length} hai.* settings found in package.json`);
    for (const key of keys) {
      const rows = rowsOf(rendered, key);
      assert.equal(rows.length, 1, `${key}: ${rows.length} rows`);
      assert.equal(cells(rows[0]).length, 3, rows[0]);
      assert.doesNotMatch(cells(rows[0])[2], /%[\w.]+%/, `${key}: an unresolved nls placeholder`);
    }
    const allRows = rendered.split('\n').filter((line) => /^\| `/.test(line));
    assert.equal(allRows.length, keys.length, 'no rows for settings the manifest does not have');
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.ok(restricted.length > 0);
    for (const key of restricted) {
      const rows = rowsOf(rendered, key);
      assert.equal(rows.length, 1, `restricted ${key} is not a setting in contributes.configuration`);
      assert.match(cells(rows[0])[0], /\*restricted\*/, rows[0]);
    }
    for (const key of keys.filter((k) => !restricted.includes(k))) {
      assert.doesNotMatch(cells(rowsOf(rendered, key)[0])[0], /restricted/, key);
    }
  });

  it('groups follow the key’s second segment in manifest order, with type, scope, default and range', async () => {
    const ref = await load();
    const fake = {
      contributes: {
        configuration: [
          {
            title: 'A',
            properties: {
              'hai.jobs.x': { type: 'integer', default: 3, minimum: 1, maximum: 9, description: '%x%' },
              'hai.hub.y': { type: 'array', default: [], scope: 'machine', description: 'Y.' },
            },
          },
          {
            title: 'B',
            properties: {
              'hai.jobs.z': { type: 'string', default: '', scope: 'machine-overridable', markdownDescription: 'Z *md*.', description: 'plain' },
              'hai.widgets.w': {
                type: 'string',
                default: 'a',
                enum: ['a', 'b'],
                enumDescriptions: ['%w.a%', 'Bee.'],
                description: 'W.',
              },
            },
          },
        ],
      },
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: ['hai.jobs.z'] } },
    };
    const rendered = ref.renderSettings(fake, { x: 'Ex.', 'w.a': 'Ay.' });
    const headings = rendered.split('\n').filter((l) => l.startsWith('### '));
    assert.deepEqual(headings, ['### Jobs', '### Hub', '### Widgets']);
    assert.deepEqual(cells(rowsOf(rendered, 'hai.jobs.x')[0]), ['`hai.jobs.x` (*integer*)', '`3`', 'Ex. (1–9)']);
    assert.deepEqual(cells(rowsOf(rendered, 'hai.hub.y')[0]), ['`hai.hub.y` (*array*, *machine*)', '`[]`', 'Y.']);
    assert.deepEqual(cells(rowsOf(rendered, 'hai.jobs.z')[0]), [
      '`hai.jobs.z` (*string*, *machine*, *restricted*)',
      '*empty*',
      'Z *md*.',
    ]);
    assert.deepEqual(cells(rowsOf(rendered, 'hai.widgets.w')[0]), ['`hai.widgets.w` (*string*)', '`"a"`', 'W. `a`: Ay; `b`: Bee.']);
    assert.ok(rendered.indexOf('hai.jobs.x') < rendered.indexOf('hai.jobs.z'), 'manifest order within a group');
    assert.equal(ref.renderSettings(fake, { x: 'Ex.', 'w.a': 'Ay.' }), rendered, 'the same manifest renders the same text');
  });

  it('a changed description or a new setting renders differently, so the committed tables go stale', async () => {
    const ref = await load();
    const pkg = manifest();
    const strings = nls();
    const committed = ref.renderSettings(pkg, strings);

    const key = settingKeys(pkg).find((k) => /^%.+%$/.test(pkg.contributes.configuration.properties?.[k]?.description ?? ''));
    assert.ok(key, 'a setting whose description comes from package.nls.json');
    const nlsKey = pkg.contributes.configuration.properties[key].description.slice(1, -1);
    const changedNls = ref.renderSettings(pkg, { ...strings, [nlsKey]: `${strings[nlsKey]} (changed)` });
    assert.notEqual(changedNls, committed);
    assert.match(rowsOf(changedNls, key)[0], /\(changed\)/);

    const added = structuredClone(pkg);
    added.contributes.configuration.properties['hai.jobs.brandNew'] = { type: 'boolean', default: false, description: 'New.' };
    const withNew = ref.renderSettings(added, strings);
    assert.notEqual(withNew, committed);
    assert.equal(rowsOf(withNew, 'hai.jobs.brandNew').length, 1);
  });

  it('staleFiles and the rewrite find and fix every stale document of a copied tree', async () => {
    const ref = await load();
    const base = mkdtempSync(path.join(os.tmpdir(), 'hai-settings-'));
    try {
      mkdirSync(path.join(base, 'docs'));
      for (const f of ['package.json', 'package.nls.json', ...ref.TARGETS]) cpSync(path.join(ROOT, f), path.join(base, f));
      assert.deepEqual(ref.staleFiles(base), []);

      const strings = nls();
      const nlsKey = Object.keys(strings).find((k) => k.startsWith('config.'));
      assert.ok(nlsKey);
      writeFileSync(path.join(base, 'package.nls.json'), JSON.stringify({ ...strings, [nlsKey]: 'Changed | text.' }, null, 2));
      assert.deepEqual(ref.staleFiles(base), [...ref.TARGETS]);
      const readme = readFileSync(path.join(base, 'README.md'), 'utf8');

      assert.deepEqual(ref.updateFiles(base), [...ref.TARGETS]);
      assert.deepEqual(ref.staleFiles(base), []);
      assert.deepEqual(ref.updateFiles(base), [], 'an up-to-date document is not rewritten');
      const updated = readFileSync(path.join(base, 'README.md'), 'utf8');
      assert.match(updated, /Changed \\\| text\./);
      const outside = (t: string): string[] => [t.slice(0, t.indexOf(ref.BEGIN)), t.slice(t.indexOf(ref.END))];
      assert.deepEqual(outside(updated), outside(readme));

      writeFileSync(path.join(base, 'docs', 'extension-readme.md'), '# No markers here\n');
      assert.throws(() => ref.staleFiles(base), /docs\/extension-readme\.md/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('replaceRegion throws without markers and keeps every byte outside them', async () => {
    const ref = await load();
    assert.throws(() => ref.replaceRegion('# Title\n\nNo markers.\n', 'x', 'NOTES.md'), /NOTES\.md/);
    assert.throws(() => ref.replaceRegion(`a\n${ref.BEGIN}\nb\n`, 'x'), /settings:end/);
    assert.throws(() => ref.replaceRegion(`a\n${ref.END}\nb\n`, 'x'), /settings:begin/);
    assert.throws(() => ref.replaceRegion(`${ref.END}\n${ref.BEGIN}\n`, 'x'));

    const before = 'Intro  \t\nwith trailing spaces   \n\n';
    const after = '\n\nAfter, no final newline';
    const text = `${before}${ref.BEGIN}\nold table\nmore old\n${ref.END}${after}`;
    const out = ref.replaceRegion(text, '| new | table |');
    assert.equal(out, `${before}${ref.BEGIN}\n| new | table |\n${ref.END}${after}`);
    assert.equal(ref.regionOf(out), '| new | table |');
    assert.equal(ref.replaceRegion(out, '| new | table |'), out, 'replacing with the same region changes nothing');

    const crlf = `a\r\n${ref.BEGIN}\r\n${ref.END}\r\nb\r\n`;
    assert.equal(ref.replaceRegion(crlf, 'x\ny'), `a\r\n${ref.BEGIN}\r\nx\r\ny\r\n${ref.END}\r\nb\r\n`);
  });

  it('a description with `|` and a newline stays one table row of three cells', async () => {
    const ref = await load();
    const fake = {
      contributes: {
        configuration: {
          title: 'HAI',
          properties: {
            'hai.data.odd': {
              type: 'string',
              default: 'a|b',
              enum: ['a|b', 'c'],
              enumDescriptions: ['Pipe | in\nan enum.', 'C.'],
              description: '%odd%',
            },
          },
        },
      },
    };
    const rendered = ref.renderSettings(fake, { odd: 'First line | still\nsecond line\r\n\nthird <folder>.' });
    const rows = rowsOf(rendered, 'hai.data.odd');
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.equal(cells(row).length, 3, row);
    assert.equal(cells(row)[1], '`"a\\|b"`');
    assert.match(cells(row)[2], /^First line \\\| still second line third \\<folder\\>\. /);
    assert.match(cells(row)[2], /`a\\\|b`: Pipe \\\| in an enum; `c`: C\.$/);
    const lines = rendered.split('\n');
    const header = lines.findIndex((l) => l === '| Setting | Default | Description |');
    assert.deepEqual(lines.slice(header + 1), ['| --- | --- | --- |', row], 'the row follows the header directly, on one line');
  });
});
