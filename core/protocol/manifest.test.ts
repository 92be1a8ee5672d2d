// Checks package.json's contributions against the typed lists in core/protocol, so that a command,
// a setting or a view cannot be added on one side only, and against both UI languages.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from './commands';
import { SETTINGS } from './settings';
import { VIEW_CONTAINER, VIEWS } from './views';
import { DEMO_OPENED_CONTEXT, DEMO_RESUME_MARKER, SNIPPET_INSERTED_CONTEXT, WALKTHROUGH_ID, WALKTHROUGH_STEPS } from './walkthrough';

const root = path.resolve(__dirname, '..', '..');
const readJson = (file: string): Record<string, any> => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const pkg = readJson('package.json');
const nls = { en: readJson('package.nls.json'), zh: readJson('package.nls.zh-cn.json') };
const contributes = pkg.contributes;

/** The %key% placeholders used anywhere in the manifest. */
function nlsKeysUsed(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) found.add(m[1]);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) nlsKeysUsed(v, found);
  }
  return found;
}

describe('package.json', () => {
  it('contributes exactly the commands in core/protocol/commands.ts, each under the HAI category', () => {
    const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const c of contributes.commands) {
      assert.equal(c.category, 'HAI', c.command);
      assert.match(c.command, /^hai\.[a-z]+[A-Z][A-Za-z]*$/, `${c.command} is named hai.verbNoun`);
    }
  });

  it('contributes exactly the settings in core/protocol/settings.ts, with the same types and defaults', () => {
    const props: Record<string, any> = contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), Object.keys(SETTINGS).sort());
    for (const [key, spec] of Object.entries(SETTINGS)) {
      assert.match(key, /^hai\.[a-z]+\.[a-zA-Z]+$/, `${key} is named hai.<area>.<name>`);
      assert.equal(props[key].type, spec.type, `${key} type`);
      assert.deepEqual(props[key].default, spec.default, `${key} default`);
      assert.deepEqual(props[key].enum, 'enum' in spec ? spec.enum : undefined, `${key} enum`);
      assert.equal(props[key].minimum, 'minimum' in spec ? spec.minimum : undefined, `${key} minimum`);
      assert.equal(props[key].maximum, 'maximum' in spec ? spec.maximum : undefined, `${key} maximum`);
    }
  });

  it('gives every number setting a maximum, so that no value can exhaust the machine', () => {
    const props: Record<string, any> = contributes.configuration.properties;
    const unbounded = Object.keys(props).filter((key) => ['number', 'integer'].includes(props[key].type) && typeof props[key].maximum !== 'number');
    assert.deepEqual(unbounded, []);
  });

  it('keeps an untrusted workspace from setting paths, programs and what costs CPU or memory', () => {
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    // The settings.ts table says which settings are restricted; the manifest must list exactly those.
    const marked = Object.entries(SETTINGS).filter(([, spec]) => 'restricted' in spec && spec.restricted).map(([key]) => key);
    assert.deepEqual([...restricted].sort(), marked.sort(), 'restrictedConfigurations = the settings marked restricted in core/protocol/settings.ts');
    for (const key of ['hai.completion.modelPath', 'hai.completion.threads', 'hai.completion.maxTokens', 'hai.jobs.logTailKB', 'hai.hub.downloadDir', 'hai.jobs.python']) {
      assert.ok(restricted.includes(key), `${key} is restricted`);
    }
    // Any setting that names a path, folder, program or address is restricted.
    for (const key of Object.keys(SETTINGS).filter((k) => /(Path|Dir|Folders|Url|python|sources)$/.test(k))) {
      assert.ok(restricted.includes(key), `${key} names a path or an address, so it is restricted`);
    }
  });

  it('has the HAI activity-bar container with the Hub, Data and Jobs views, each with a welcome text', () => {
    assert.deepEqual(
      contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id),
      [VIEW_CONTAINER],
    );
    const views = contributes.views[VIEW_CONTAINER].map((v: { id: string }) => v.id);
    assert.deepEqual(views, [VIEWS.hub, VIEWS.data, VIEWS.jobs]);
    const welcomed = contributes.viewsWelcome.map((w: { view: string }) => w.view);
    assert.deepEqual(welcomed.sort(), [...views].sort());
  });

  it('activates lazily and targets the VS Code that code-server 4.100 carries', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(!pkg.activationEvents.includes('onStartupFinished'));
    assert.equal(pkg.engines.vscode, '^1.91.0');
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('translates every manifest string into English and Simplified Chinese', () => {
    const used = nlsKeysUsed(pkg);
    assert.ok(used.size > 10);
    for (const key of used) {
      assert.ok(typeof nls.en[key] === 'string' && nls.en[key].length > 0, `package.nls.json lacks ${key}`);
      assert.ok(typeof nls.zh[key] === 'string' && nls.zh[key].length > 0, `package.nls.zh-cn.json lacks ${key}`);
    }
    assert.deepEqual(Object.keys(nls.zh).sort(), Object.keys(nls.en).sort(), 'both languages have the same keys');
    for (const key of Object.keys(nls.en)) assert.ok(used.has(key), `${key} is not used by package.json`);
  });

  it('gives the Chinese UI Chinese text, not copies of the English', () => {
    const copied = Object.keys(nls.en).filter(
      (k) => nls.en[k] === nls.zh[k] && !['displayName', 'viewsContainer.hai'].includes(k),
    );
    assert.deepEqual(copied, []);
  });

  it('has a walkthrough of the demo whose steps, pictures and buttons all exist, in both languages', () => {
    const [walkthrough, ...others] = contributes.walkthroughs;
    assert.equal(others.length, 0);
    assert.equal(walkthrough.id, WALKTHROUGH_ID);
    // The window that opens a demo just copied activates on its marker and resumes the walkthrough.
    assert.ok(pkg.activationEvents.includes(`workspaceContains:${DEMO_RESUME_MARKER}`));
    assert.deepEqual(walkthrough.steps.map((s: { id: string }) => s.id), [...WALKTHROUGH_STEPS]);
    // What a button may run: our commands, the views' focus commands, and Quick Open on a demo file.
    const ours = new Set<string>([...Object.values(COMMANDS), ...Object.values(VIEWS).map((v) => `${v}.focus`)]);
    for (const step of walkthrough.steps) {
      // Each language its own picture (the Chinese ones show HAI in Chinese), and both there.
      const images = (['en', 'zh'] as const).map((lang) => nls[lang][step.media.image.slice(1, -1)]);
      for (const image of images) assert.ok(image && existsSync(path.join(root, image)), `${step.id}: ${image} exists`);
      assert.notEqual(images[0], images[1], `${step.id}: the Chinese walkthrough has its own picture`);
      const links = (lang: 'en' | 'zh'): string[] =>
        [...nls[lang][step.description.slice(1, -1)].matchAll(/\]\(command:([^)]+)\)/g)].map((m) => m[1]);
      assert.equal(links('en').length, 1, `${step.id} has one button`);
      assert.deepEqual(links('zh'), links('en'), `${step.id}: the Chinese button runs the same command`);
      const [command, arg] = links('en')[0].split('?');
      if (command === 'workbench.action.quickOpen') {
        const file = JSON.parse(decodeURIComponent(arg));
        assert.ok(existsSync(path.join(root, 'demo', file)) || existsSync(path.join(root, 'demo', 'data', file)) || existsSync(path.join(root, 'demo', 'frames', 'images', file)), `${step.id}: the demo has ${file}`);
      } else {
        assert.ok(ours.has(command), `${step.id}: ${command} is one of ours`);
      }
      if (step.id === 'demo') assert.deepEqual(step.completionEvents, ['onCommand:hai.openDemo', `onContext:${DEMO_OPENED_CONTEXT}`]);
      if (step.id === 'snippet') assert.deepEqual(step.completionEvents, [`onContext:${SNIPPET_INSERTED_CONTEXT}`]);
      for (const event of step.completionEvents ?? []) {
        const m = /^onCommand:(.+)$|^onView:(.+)$/.exec(event);
        if (m?.[1]?.startsWith('hai.')) assert.ok(ours.has(m[1]), event);
        if (m?.[2]) assert.ok(Object.values(VIEWS).includes(m[2] as never), event);
      }
    }
  });
});
