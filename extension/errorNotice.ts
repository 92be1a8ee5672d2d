// Where an actionable error meets the user: the notification gets what happened and what to do
// (core/errors.ts `reportError`), the HAI output channel gets everything, the tool's own words and
// the causes included, so that a short notice never hides the details someone will ask for.
// Messages from core/ (msg(…), core/text/message.ts) are translated here, with the template as the
// key of the l10n bundle, as the extension's own strings are.
import * as vscode from 'vscode';
import { reportError } from '../core/errors';
import { errorText as errorTextIn, isMessage, type Message, tidyChineseSpacing } from '../core/text/message';

const chinese = vscode.env.language.toLowerCase().startsWith('zh');

/** A core message in the user's language (its nested messages too). */
export function translate(message: Message): string {
  const text = vscode.l10n.t(message.template, ...message.args.map((a) => (isMessage(a) ? translate(a) : a)));
  return chinese ? tidyChineseSpacing(text) : text;
}

/** A core message or plain text (a tool's own words), in the user's language where it can be. */
export function localized(text: Message | string): string {
  return typeof text === 'string' ? text : translate(text);
}

/** What went wrong, in the user's language where core/ wrote it as a message, else as it is. */
export function errorText(err: unknown): string {
  return errorTextIn(err, translate);
}

/** Writes `context: <everything known>` to the output channel and returns the notice text. */
export function logError(output: Pick<vscode.LogOutputChannel, 'error'>, context: string, err: unknown): string {
  const report = reportError(err, translate);
  output.error(`${context}: ${report.log}`);
  return chinese ? tidyChineseSpacing(report.notice) : report.notice;
}
