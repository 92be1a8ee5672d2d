// The one module that reads `hai.*` settings. Types and defaults live in core/protocol/settings.ts.
import * as vscode from 'vscode';
import { coerceSetting, type SettingKey, type Settings } from '../core/protocol/settings';

export function readSetting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): Settings[K] {
  return coerceSetting(key, vscode.workspace.getConfiguration(undefined, scope).get<unknown>(key));
}

/** Calls `listener` when any of `keys` changes; returns the subscription. */
export function onSettingsChanged(keys: readonly SettingKey[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (keys.some((key) => event.affectsConfiguration(key))) listener();
  });
}
