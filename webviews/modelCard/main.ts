// The model card: the host renders the content; this script loads the vscode-elements it uses and
// turns button clicks into the requests of core/protocol/modelCardMessages.ts.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import type { ModelCardRequest } from '../../core/protocol/modelCardMessages';
import { Messenger } from '../shared/messenger';

// The card only sends: its host posts nothing (ModelCardUpdates is empty).
const messenger = new Messenger<ModelCardRequest, never>();

document.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement | null)?.closest('[data-action]');
  if (!button) return;
  const action = button.getAttribute('data-action');
  const file = button.getAttribute('data-file') ?? '';
  if (action === 'download' || action === 'copyLoadCode') messenger.send({ type: action, file });
  else if (action === 'copyRecipe') messenger.send({ type: 'copyRecipe' });
});
