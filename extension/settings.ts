// The one module that reads `hai.*` settings. Types and defaults live in core/protocol/settings.ts.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { coerceSetting, resolveSettingPath, type SettingKey, type SettingPath, type Settings } from '../core/protocol/settings';

export function readSetting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): Settings[K] {
  return coerceSetting(key, vscode.workspace.getConfiguration(undefined, scope).get<unknown>(key));
}

/** The settings whose value is one path, and those whose value is a list of paths. */
type PathKey = { [K in SettingKey]: Settings[K] extends string ? K : never }[SettingKey];
type PathListKey = { [K in SettingKey]: Settings[K] extends readonly string[] ? K : never }[SettingKey];

/**
 * Where relative paths point: the first workspace folder, and only while the workspace is trusted;
 * `~` is the home folder. The settings' descriptions say the same.
 */
function pathBase() {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return {
    home: os.homedir(),
    base: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
    baseTrusted: vscode.workspace.isTrusted,
    isAbsolute: path.isAbsolute,
    resolve: path.resolve,
  };
}

/** A path setting as an absolute path ('' when unset), or why it is not followed (see refusedPathText). */
export function readPathSetting(key: PathKey, scope?: vscode.ConfigurationScope): SettingPath {
  return resolveSettingPath(readSetting(key, scope), pathBase());
}

/** Each entry of a list-of-paths setting, resolved as readPathSetting does. */
export function readPathListSetting(key: PathListKey, scope?: vscode.ConfigurationScope): SettingPath[] {
  const base = pathBase();
  return readSetting(key, scope).map((entry) => resolveSettingPath(entry, base));
}

/** What to tell the user about a path setting that is not followed, with what to do. */
export function refusedPathText(key: SettingKey, refused: Extract<SettingPath, { refused: string }>): string {
  return refused.refused === 'untrusted'
    ? vscode.l10n.t('{0} is the relative path "{1}", and this workspace is not trusted, so it is not followed. Set an absolute path, or trust the workspace.', key, refused.relative)
    : vscode.l10n.t('{0} is the relative path "{1}", and no folder is open to resolve it against. Set an absolute path.', key, refused.relative);
}

/** Calls `listener` when any of `keys` changes; returns the subscription. */
export function onSettingsChanged(keys: readonly SettingKey[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (keys.some((key) => event.affectsConfiguration(key))) listener();
  });
}
