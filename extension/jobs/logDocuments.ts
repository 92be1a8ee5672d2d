// Live job logs as read-only documents (scheme hai-log, language hai-log for the grammar in
// syntaxes/). Only the log's end is loaded (hai.jobs.logTailKB); a CodeLens on the first line loads
// earlier parts on demand, so a 1 GB log opens at once. While a log is open it is followed (LiveFile:
// file-change events, and polling for network file systems): new bytes are appended, and an editor
// scrolled to the end stays at the end. A Slurm job's log, which Slurm writes and which says how the
// job ended only for some ends, shows under it, once the job is over, a line of HAI's saying how
// (core/jobs/endLine.ts); a local job's log has its own end line, written by the runner.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/protocol/commands';
import { endNote } from '../../core/jobs/endLine';
import { LiveFile, readTail } from '../../core/jobs/fileFollower';
import { shownText } from '../../core/jobs/jobRecord';
import { appendLog } from '../../core/jobs/logView';
import { formatBytes } from '../../core/text/formatting';
import { localized, translate } from '../errorNotice';
import { readSetting } from '../settings';
import { stateLabel } from '../views/jobsView';
import type { JobsController } from './jobsController';

export const LOG_SCHEME = 'hai-log';
/** The kept text is cut back to this many times the tail size as the log grows. */
const KEEP_FACTOR = 4;

interface OpenLog {
  readonly jobId: string;
  readonly file: string;
  text: string;
  /** Byte offset of `text` in the file. */
  start: number;
  window: number;
  live?: LiveFile;
  missing: boolean;
  /** HAI's line under a Slurm job's log once the job is over ('' before). */
  note: string;
}

export function logUri(jobId: string, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${jobId}/${name}.hai-log` });
}

function jobIdOf(uri: vscode.Uri): string {
  return uri.path.split('/')[1] ?? '';
}

export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly logs = new Map<string, OpenLog>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly lensChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensChanged.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly jobs: JobsController) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme !== LOG_SCHEME) return;
        this.logs.get(doc.uri.toString())?.live?.dispose();
        this.logs.delete(doc.uri.toString());
      }),
      // A job that ends while its log is open: the line saying how comes under the log.
      jobs.onDidChange(() => {
        for (const [key, log] of this.logs) {
          const note = this.noteFor(log.jobId);
          if (note === log.note) continue;
          log.note = note;
          this.changed.fire(vscode.Uri.parse(key));
        }
      }),
    );
  }

  private noteFor(jobId: string): string {
    const job = this.jobs.get(jobId);
    const note = job && endNote(job, stateLabel(job.state), shownText(job.reason, job.reasonText, translate));
    return note ? localized(note) : '';
  }

  async show(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job) return;
    const uri = logUri(job.id, job.name);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'hai-log') await vscode.languages.setTextDocumentLanguage(doc, 'hai-log');
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const end = doc.lineCount - 1;
    editor.revealRange(new vscode.Range(end, 0, end, 0), vscode.TextEditorRevealType.Default);
    editor.selection = new vscode.Selection(end, 0, end, 0);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = uri.toString();
    let log = this.logs.get(key);
    if (!log) {
      const job = this.jobs.get(jobIdOf(uri));
      if (!job) return vscode.l10n.t('This job is no longer in the job list.');
      log = { jobId: job.id, file: job.logPath, text: '', start: 0, window: readSetting('hai.jobs.logTailKB') * 1024, missing: true, note: this.noteFor(job.id) };
      this.logs.set(key, log);
      await this.load(key, log);
    }
    const text = log.missing ? vscode.l10n.t('The log {0} does not exist yet: the job has not started writing. It will appear here.', log.file) : log.text;
    if (!log.note) return text;
    // Below the log's last line, even an open one (a progress bar the job left).
    return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${log.note}\n`;
  }

  /** Reads the last `window` bytes (or all of a smaller file), then follows the file from there. */
  private async load(key: string, log: OpenLog): Promise<void> {
    log.live?.dispose();
    let from = 0;
    try {
      const tail = await readTail(log.file, log.window);
      ({ text: log.text, start: log.start } = appendLog({ text: '', start: tail.start }, tail.text, log.window * KEEP_FACTOR));
      log.missing = false;
      from = tail.size;
    } catch {
      log.missing = true;
    }
    log.live = new LiveFile(log.file, from, (text, restarted) => this.append(key, log, text, restarted));
  }

  private append(key: string, log: OpenLog, text: string, restarted: boolean): void {
    // tqdm's \r rewrites show as their latest state, and a line without \n is cut too (core/jobs/logView.ts).
    const from = restarted || log.missing ? { text: '', start: 0 } : log;
    ({ text: log.text, start: log.start } = appendLog(from, text, log.window * KEEP_FACTOR));
    log.missing = false;
    const followers = vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === key && atEnd(e));
    this.changed.fire(vscode.Uri.parse(key));
    this.lensChanged.fire();
    if (followers.length) {
      setTimeout(() => {
        for (const e of followers) {
          const end = e.document.lineCount - 1;
          e.revealRange(new vscode.Range(end, 0, end, 0), vscode.TextEditorRevealType.Default);
        }
      }, 50);
    }
  }

  async loadEarlier(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const log = this.logs.get(key);
    if (!log || log.start === 0) return;
    log.window *= 4;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
    const linesBefore = editor?.document.lineCount ?? 0;
    await this.load(key, log);
    this.changed.fire(uri);
    this.lensChanged.fire();
    // Keep the user's place: the lines they were looking at moved down by the lines added on top.
    if (editor) {
      setTimeout(() => {
        const added = editor.document.lineCount - linesBefore;
        editor.revealRange(new vscode.Range(Math.max(0, added), 0, Math.max(0, added), 0), vscode.TextEditorRevealType.AtTop);
      }, 50);
    }
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const log = this.logs.get(doc.uri.toString());
    if (!log || log.start === 0) return [];
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: vscode.l10n.t('$(fold-up) {0} earlier in {1} not shown — load more', formatBytes(log.start), path.basename(log.file)),
        command: COMMANDS.loadEarlierLog,
        arguments: [doc.uri],
      }),
    ];
  }

  dispose(): void {
    for (const log of this.logs.values()) log.live?.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.lensChanged.dispose();
  }
}

/** Whether the editor shows the document's last lines (then it follows the log). */
function atEnd(e: vscode.TextEditor): boolean {
  const last = e.visibleRanges.at(-1)?.end.line ?? 0;
  return last >= e.document.lineCount - 2;
}
