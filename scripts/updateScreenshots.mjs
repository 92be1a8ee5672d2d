// `npm run screenshots:update`: copies the screenshots of the last end-to-end run
// (test-results/screenshots/, where test/e2e/workbench.ts writes them) over the README's copies in
// docs/screenshots/. Tests never write into the tracked tree; changing the README's pictures is a
// decision someone makes, so it is this script, run on purpose. Each file is written to a temporary
// name and renamed, so an interrupted run leaves every picture whole.
// `--from DIR --to DIR` choose other folders (the unit test uses them).
import { copyFileSync, existsSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : fallback;
}

const from = option('--from', path.join(ROOT, 'test-results', 'screenshots'));
const to = option('--to', path.join(ROOT, 'docs', 'screenshots'));

const shots = existsSync(from) ? readdirSync(from).filter((f) => f.endsWith('.png')).sort() : [];
if (shots.length === 0) {
  console.error(`No screenshots in ${path.relative(ROOT, from) || from}. Run the end-to-end tier first: node scripts/test.mjs e2e`);
  process.exit(1);
}
if (!existsSync(to)) {
  console.error(`${to} does not exist: run this from a checkout of the repository, or pass --to with an existing folder.`);
  process.exit(1);
}

for (const name of shots) {
  const target = path.join(to, name);
  const temp = `${target}.${process.pid}.tmp`;
  copyFileSync(path.join(from, name), temp);
  renameSync(temp, target);
}
const kept = readdirSync(to).filter((f) => f.endsWith('.png') && !shots.includes(f)).sort();
console.log(`Updated ${shots.length} screenshot(s) in ${path.relative(ROOT, to) || to}: ${shots.join(', ')}`);
if (kept.length > 0) console.log(`Not taken by the last run, kept as they were: ${kept.join(', ')}`);
console.log('Review them (git diff --stat docs/screenshots) and commit the ones you mean to change.');
