// A display language for code-server without downloading a language pack: VS Code uses an
// extension's package.nls.<locale>.json and l10n bundle only when a language pack for that locale
// is installed, and none can be downloaded here. test/fixtures/locale-<locale>/ is such a pack that
// translates nothing of VS Code itself, so HAI's own text shows in that language. The e2e tests
// (Chinese UI) and `HAI_LOCALE=zh-cn npm start` install it the same way.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { installExtension } from './codeServerSession';
import { ROOT } from './paths';

/** The locales a pack exists for (a folder test/fixtures/locale-<locale>). */
export function packedLocales(): string[] {
  return readdirSync(path.join(ROOT, 'test', 'fixtures'))
    .filter((name) => name.startsWith('locale-'))
    .map((name) => name.slice('locale-'.length));
}

/** Packages the locale's pack into `outDir`, installs it and registers it, before code-server starts. */
export function installLanguagePack(bin: string, dirs: { userDataDir: string; extensionsDir: string }, locale: string, outDir: string): void {
  const source = path.join(ROOT, 'test', 'fixtures', `locale-${locale}`);
  if (!existsSync(source)) throw new Error(`There is no language pack for "${locale}" (there is for: ${packedLocales().join(', ')}).`);
  const vsix = path.join(outDir, `locale-${locale}.vsix`);
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix],
    { cwd: source, stdio: 'pipe' },
  );
  installExtension(bin, dirs, vsix);
  registerLanguagePack(locale, dirs);
}

/**
 * code-server reads the installed language packs from languagepacks.json in the user-data folder,
 * which VS Code writes only when a pack is installed from inside a running workbench; an install
 * from the command line does not. Writing it before start makes the first page load use the locale.
 */
function registerLanguagePack(locale: string, dirs: { userDataDir: string; extensionsDir: string }): void {
  const id = `hai-test.hai-test-locale-${locale}`;
  const pack = readdirSync(dirs.extensionsDir).find((name) => name.startsWith(`${id}-`));
  if (!pack) throw new Error(`the ${locale} language pack is not installed`);
  const manifest = JSON.parse(readFileSync(path.join(dirs.extensionsDir, pack, 'package.json'), 'utf8'));
  const languagePacks = {
    [locale]: {
      hash: `${id}-${manifest.version}`,
      label: manifest.contributes.localizations[0].localizedLanguageName,
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations: { vscode: path.join(dirs.extensionsDir, pack, 'translations', 'main.i18n.json') },
    },
  };
  mkdirSync(dirs.userDataDir, { recursive: true });
  writeFileSync(path.join(dirs.userDataDir, 'languagepacks.json'), JSON.stringify(languagePacks));
}
