// "HAI: Open Demo Project" and "HAI: Get Started". The demo workspace ships in the extension as
// committed (dist/demo); it is copied into a new folder inside one the user picks and opened there.
// Opening a folder reloads the window (or opens a new one), so the walkthrough is reopened at its
// next step by the extension in that window: a marker file in the copy says so, and activates it.
// The marker lives in the folder it concerns, not in global state, which windows would overwrite.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { type CommandKey } from '../../core/protocol/commands';
import { DEMO_OPENED_CONTEXT, DEMO_RESUME_MARKER, freeDemoFolderName, WALKTHROUGH_ID, type WalkthroughStep } from '../../core/protocol/walkthrough';

type Handlers = { readonly [K in Extract<CommandKey, 'openDemo' | 'openWalkthrough'>]: () => Promise<void> };

export function walkthroughCommands(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Handlers {
  return {
    openDemo: () => openDemoProject(context, output),
    openWalkthrough: () => openWalkthrough(context),
  };
}

async function openWalkthrough(context: vscode.ExtensionContext, step?: WalkthroughStep): Promise<void> {
  const category = `${context.extension.id}#${WALKTHROUGH_ID}`;
  // VS Code joins the two into the step's full id (`<category>#<step>`).
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', step ? { category, step } : category, false);
}

async function openDemoProject(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    // Home rather than the open workspace: the demo is a project of its own, not part of another.
    defaultUri: vscode.Uri.file(os.homedir()),
    title: vscode.l10n.t('Where should the demo go? A new folder {0} is made inside the one you choose.', freeDemoFolderName(new Set())),
    openLabel: vscode.l10n.t('Copy Demo Here'),
  });
  const parent = picked?.[0];
  if (!parent) return;
  let target: vscode.Uri | undefined;
  try {
    const taken = new Set((await vscode.workspace.fs.readDirectory(parent)).map(([name]) => name));
    target = vscode.Uri.joinPath(parent, freeDemoFolderName(taken));
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(context.extensionUri, 'dist', 'demo'), target, { overwrite: false });
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, DEMO_RESUME_MARKER), new Uint8Array());
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    // The folder was free before the copy began: what a failed copy (a full disk) left in it is ours.
    if (target && !(err instanceof vscode.FileSystemError && err.code === 'FileExists')) {
      await Promise.resolve(vscode.workspace.fs.delete(target, { recursive: true, useTrash: false })).catch(() => undefined);
    }
    output.error(`Demo project: copying into ${parent.toString(true)} failed: ${reason}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The demo could not be copied into {0}: {1}. Choose a folder you can write to.', parent.fsPath, reason),
    );
    return;
  }
  output.info(`Demo project copied to ${target.toString(true)}`);
  // A desktop window with a folder keeps it: the demo opens beside it. In a browser (code-server) a
  // new window is a pop-up, which browsers block this long after the click: the tab moves instead.
  const forceNewWindow = vscode.env.uiKind === vscode.UIKind.Desktop && (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow });
}

/** In the window that opened the demo just copied: its step ticked, and the walkthrough again at the next one. */
export async function resumeWalkthrough(context: vscode.ExtensionContext): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const marker = vscode.Uri.joinPath(folder.uri, DEMO_RESUME_MARKER);
  try {
    await vscode.workspace.fs.delete(marker, { useTrash: false });
  } catch {
    return; // no marker (any other folder), or another window on this folder took it first
  }
  await openWalkthrough(context, 'completion');
  // After the walkthrough is open: VS Code reads its steps when it first shows one, and a key already
  // set then never ticks its step.
  await vscode.commands.executeCommand('setContext', DEMO_OPENED_CONTEXT, true);
}
