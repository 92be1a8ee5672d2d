// The one list of every command the extension contributes. extension/commands.ts must register a
// handler for each (the compiler checks it), and a unit test checks this list against package.json.
export const COMMANDS = {
  showServerStatus: 'hai.showServerStatus',
  restartServer: 'hai.restartServer',
  showOutput: 'hai.showOutput',
  refreshDataFiles: 'hai.refreshDataFiles',
  refreshHub: 'hai.hub.refresh',
  filterHub: 'hai.hub.filter',
  download: 'hai.hub.download',
  openModelCard: 'hai.hub.openModelCard',
  copyLoadCode: 'hai.hub.copyLoadCode',
  revealDownload: 'hai.hub.revealDownload',
} as const;

export type CommandKey = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandKey];
