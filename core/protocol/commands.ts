// The one list of every command the extension contributes. extension/commands.ts must register a
// handler for each (the compiler checks it), and a unit test checks this list against package.json.
export const COMMANDS = {
  showServerStatus: 'hai.showServerStatus',
  restartServer: 'hai.restartServer',
  showOutput: 'hai.showOutput',
  refreshDataFiles: 'hai.refreshDataFiles',
  openDataExplorer: 'hai.openDataExplorer',
  openDataset: 'hai.openDataset',
  histogramDataColumn: 'hai.histogramDataColumn',
  refreshHub: 'hai.refreshHub',
  filterHub: 'hai.filterHub',
  download: 'hai.downloadFromHub',
  openModelCard: 'hai.openModelCard',
  useForCompletion: 'hai.useForCompletion',
  copyLoadCode: 'hai.copyLoadCode',
  revealDownload: 'hai.revealDownload',
  extractArchive: 'hai.extractArchive',
  deleteExtractedArchive: 'hai.deleteExtractedArchive',
  submitJob: 'hai.submitJob',
  newJobFromTemplate: 'hai.newJobFromTemplate',
  refreshJobs: 'hai.refreshJobs',
  cancelJob: 'hai.cancelJob',
  resubmitJob: 'hai.resubmitJob',
  showJobLog: 'hai.showJobLog',
  loadEarlierLog: 'hai.loadEarlierLog',
  openJobMetrics: 'hai.openJobMetrics',
  openJobFolder: 'hai.openJobFolder',
  removeJob: 'hai.removeJob',
  setSlurmToken: 'hai.setSlurmToken',
} as const;

export type CommandKey = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandKey];
