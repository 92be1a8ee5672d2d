// Counted nouns in the user's language. vscode.l10n has no plural forms, so each noun has two literal
// strings, one for exactly 1 and one for any other count, and a sentence takes the phrase as an
// argument ("Converted the labels of {0} to {1}." with "1 image" or "3 images"); Chinese has no plural
// and translates both alike.
import * as vscode from 'vscode';

export const imageCount = (n: number): string => (n === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', n));
export const fileCount = (n: number): string => (n === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', n));
export const labelCount = (n: number): string => (n === 1 ? vscode.l10n.t('1 label') : vscode.l10n.t('{0} labels', n));
export const suggestionCount = (n: number): string => (n === 1 ? vscode.l10n.t('1 suggestion') : vscode.l10n.t('{0} suggestions', n));
export const classCount = (n: number): string => (n === 1 ? vscode.l10n.t('1 class') : vscode.l10n.t('{0} classes', n));

/** A count with its English noun, for the output channel, which is not translated: `1 image`, `3 images`. */
export function englishCount(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
