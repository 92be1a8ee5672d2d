// Names only the project knows: small made-up physics projects (bench/quality/crossFileNames.json), each a
// module with functions, classes or constants of its own and a file that uses one of them, the cursor
// after the start of its name (`clusters.merge_`). A suggestion counts when it goes on with the rest of
// that name. The module is on disk in the server's workspace folder and not open, so the workspace
// context (similar chunks from the index, the imported modules' signatures, or both) is the only way the
// model can know the name. The quality bench's cases seldom hinge on one such name; this does, on purpose.
// The cases were written before either 25m model was run on them (2026-12-04), and are left as written.
// `--project-names on,off` runs each with hai.completion.projectNames on and off (after `module.`, only
// the module's names: server/completion/memberNames.ts), to compare them in one run.
// Prints JSON: per model and setting, how many of the cases it got, and every answer.
// Run: npm run bench:names [-- --models label=DIR,...] [--settings similar,imports,all] [--project-names on,off] [--out FILE]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { ROOT } from '../scripts/paths';
import { arg, type Conn, report, startServer, suggestOnce } from './lspSession';

interface Fixture {
  readonly modules: Record<string, string>;
  readonly cases: readonly { readonly module: string; readonly user: string; readonly prefix: string; readonly want: string }[];
}

/** Waits until the server's first walk of the workspace folder is over, so the similar chunks can be found. */
async function indexed(conn: Conn): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const context = (await conn.sendRequest(ServerStatusRequest)).workspaceContext;
    if (context && context.indexing === false) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the server did not finish indexing the projects in 30 s');
}

async function main(): Promise<void> {
  const fixture = JSON.parse(readFileSync(path.join(__dirname, 'quality', 'crossFileNames.json'), 'utf8')) as Fixture;
  const models = arg('models', `built-in=${path.join(ROOT, 'models', 'code-model')}`)
    .split(',')
    .map((m) => ({ label: m.split('=')[0], dir: path.resolve(m.slice(m.indexOf('=') + 1)) }));
  const settings = arg('settings', 'similar,imports,all').split(',');
  const projectNames = arg('project-names', 'on').split(',');
  if (projectNames.some((p) => p !== 'on' && p !== 'off')) throw new Error('--project-names takes on, off or on,off');
  const root = mkdtempSync(path.join(os.tmpdir(), 'hai-cross-file-'));
  try {
    for (const [file, code] of Object.entries(fixture.modules)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), code);
    }
    const runs = [];
    for (const model of models) {
      for (const setting of settings) {
        for (const names of projectNames) {
          const session = await startServer({ modelPath: model.dir, threads: 1, workspaceContext: setting, repeatedLines: false, projectNames: names === 'on' }, [root]);
          try {
            if (setting !== 'imports') await indexed(session.conn);
            const answers = [];
            for (const c of fixture.cases) {
              const text = await suggestOnce(session.conn, pathToFileURL(path.join(root, c.user)).href, c.prefix);
              answers.push({ user: c.user, at: c.prefix.split('\n').pop(), want: c.want, answer: text, named: text.startsWith(c.want) });
            }
            runs.push({ model: model.label, setting, projectNames: names, named: answers.filter((a) => a.named).length, cases: answers.length, answers });
          } finally {
            session.dispose();
          }
        }
      }
    }
    const summary = Object.fromEntries(runs.map((r) => [`${r.model}+${r.setting}${projectNames.length > 1 ? `+names-${r.projectNames}` : ''}`, `${r.named}/${r.cases}`]));
    report({ bench: 'cross-file-names', summary, runs });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
