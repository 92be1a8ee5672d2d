// Where an actionable error meets the user: the notification gets what happened and what to do
// (core/errors.ts `reportError`), the HAI output channel gets everything, the tool's own words and
// the causes included, so that a short notice never hides the details someone will ask for.
import type * as vscode from 'vscode';
import { reportError } from '../core/errors';

/** Writes `context: <everything known>` to the output channel and returns the notice text. */
export function logError(output: Pick<vscode.LogOutputChannel, 'error'>, context: string, err: unknown): string {
  const report = reportError(err);
  output.error(`${context}: ${report.log}`);
  return report.notice;
}
