// Registers every command in core/protocol/commands.ts. The mapped type makes a missing handler a
// compile error, so the list, the handlers and package.json (checked by a unit test) stay in step.
import * as vscode from 'vscode';
import { COMMANDS, type CommandKey } from '../core/protocol/commands';

export type CommandHandlers = { readonly [K in CommandKey]: (...args: unknown[]) => unknown };

export function registerCommands(handlers: CommandHandlers): vscode.Disposable[] {
  return (Object.keys(COMMANDS) as CommandKey[]).map((key) =>
    vscode.commands.registerCommand(COMMANDS[key], handlers[key]),
  );
}
