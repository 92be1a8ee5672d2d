// The folder a folder command works on: the one it was given (the Explorer's context menu), else one
// the user picks, starting at the workspace. Only folders on this machine: `remoteMessage` says so
// in the command's own words.
import * as vscode from 'vscode';

export async function pickLocalFolder(given: vscode.Uri | undefined, dialog: { readonly title: string; readonly openLabel: string }, remoteMessage: (uri: string) => string): Promise<vscode.Uri | undefined> {
  const chosen = given ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri, ...dialog }))?.[0];
  if (!chosen) return undefined;
  if (chosen.scheme !== 'file') {
    void vscode.window.showErrorMessage(remoteMessage(chosen.toString()));
    return undefined;
  }
  return chosen;
}
