// The one list of every command the extension contributes. extension/commands.ts must register a
// handler for each (the compiler checks it), and a unit test checks this list against package.json.
export const COMMANDS = {
  showServerStatus: 'hai.showServerStatus',
  restartServer: 'hai.restartServer',
  showOutput: 'hai.showOutput',
  refreshDataFiles: 'hai.refreshDataFiles',
} as const;

export type CommandKey = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandKey];
