// Localised words for the language server's state, shared by the status bar and the output channel.
import * as vscode from 'vscode';
import type { CompletionCounters, CompletionModelState, WorkspaceContextStatus } from '../core/protocol/serverStatus';
import type { ClientPhase } from '../core/protocol/statusPanelMessages';
import { formatBytes } from '../core/text/formatting';
import { translate } from './errorNotice';
import { fileCount } from './plural';
import { isMessage } from '../core/text/message';

export function phaseLabel(phase: ClientPhase): string {
  switch (phase) {
    case 'starting':
      return vscode.l10n.t('starting');
    case 'running':
      return vscode.l10n.t('ready');
    case 'restarting':
      return vscode.l10n.t('restarting');
    case 'stopped':
      return vscode.l10n.t('stopped');
  }
}

export function modelLabel(model: CompletionModelState): string {
  switch (model.state) {
    case 'none':
      return vscode.l10n.t('none loaded');
    case 'loading':
      return vscode.l10n.t('loading {0}', model.name);
    case 'loaded':
      return vscode.l10n.t(
        '{0} ({1}, {2}, {3}); loaded in {4} ms; {5} ms per generated token, {6} ms per prompt token',
        model.name,
        model.dtype,
        formatBytes(model.bytes),
        model.prompt,
        model.loadMs,
        model.msPerToken,
        model.prefillMsPerToken,
      );
    case 'error':
      return vscode.l10n.t('{0} failed to load: {1}', model.name, isMessage(model.text) ? translate(model.text) : model.message);
  }
}

/** What of the workspace the server puts into prompts (hai.completion.workspaceContext / workspaceCache). */
export function contextLabel(context: WorkspaceContextStatus): string {
  const sources =
    context.sources === 'all'
      ? vscode.l10n.t('definitions of imported local modules and similar chunks of the project’s files')
      : context.sources === 'imports'
        ? vscode.l10n.t('definitions of imported local modules')
        : context.sources === 'similar'
          ? vscode.l10n.t('similar chunks of the project’s files')
          : vscode.l10n.t('off');
  const budget =
    context.sources === 'off'
      ? sources
      : context.tokens === 0
        ? vscode.l10n.t('{0}, but the model’s context leaves no room for it', sources)
        : context.tokensAuto
        ? vscode.l10n.t('{0}, up to {1} tokens (sized to this machine)', sources, context.tokens)
        : vscode.l10n.t('{0}, up to {1} tokens', sources, context.tokens);
  const cache = context.cache ? vscode.l10n.t('on, {0} tokens counted', context.cacheTokens) : vscode.l10n.t('off');
  const modules = context.modules === 1 ? vscode.l10n.t('1 local module') : vscode.l10n.t('{0} local modules', context.modules);
  return vscode.l10n.t('{0}; {1} read; {2} indexed; workspace cache {3}', budget, modules, fileCount(context.indexedFiles), cache);
}

/** The completion requests since the model loaded: how many a line the project repeats answered, and what the model ran. */
export function countersLabel(counters: CompletionCounters | undefined): string {
  if (!counters || counters.requests === 0) return vscode.l10n.t('none yet');
  return vscode.l10n.t(
    '{0}, {1} answered with a line repeated from the project; the model read {2} prompt tokens and generated {3} ({4} of them guessed from the text before them, a step saved each)',
    counters.requests === 1 ? vscode.l10n.t('1 request') : vscode.l10n.t('{0} requests', counters.requests),
    counters.repeatedLines,
    counters.prefillTokens,
    counters.decodeTokens,
    counters.guessedTokens,
  );
}
