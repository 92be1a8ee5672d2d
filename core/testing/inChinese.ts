// For tests: a core message as a Chinese user reads it: looked up in the extension's own bundle and filled in,
// as extension/errorNotice.ts `translate` does through vscode.l10n (which tests cannot load), spacing tidied as there.
// A template missing from the bundle stays English, as VS Code shows it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fill, isMessage, type Message, tidyChineseSpacing } from '../text/message';

let bundle: Record<string, string> | undefined;

export function inChinese(message: Message): string {
  bundle ??= JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  return tidyChineseSpacing(fill(bundle[message.template] ?? message.template, message.args.map((a) => (isMessage(a) ? inChinese(a) : String(a)))));
}
