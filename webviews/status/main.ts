// The server-status panel: shows what the extension posts, asks it to refresh or restart.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { PanelRequest, PanelUpdate, StatusPanelUpdates } from '../../core/protocol/statusPanelMessages';
import { messageGuard } from '../../core/protocol/webviewProtocol';
// Durations read the same here as in the Jobs view: core/text is open to webviews (docs/ARCHITECTURE.md).
import { formatBytes, formatDuration } from '../../core/text/formatting';
import { Messenger } from '../shared/messenger';

const messenger = new Messenger<PanelRequest, PanelUpdate>();
const isUpdate = messageGuard<StatusPanelUpdates>({ statusUpdate: true });
let latest: PanelUpdate | undefined;

function setText(id: string, text: string): void {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
}

function render(): void {
  if (!latest) return;
  const s = latest.status;
  setText('phase', latest.phaseText);
  setText('version', s?.version ?? '—');
  setText('pid', s ? String(s.pid) : '—');
  setText('node', s?.nodeVersion ?? '—');
  // Uptime keeps counting between updates from the time the server answered.
  setText('uptime', s ? formatDuration(s.uptimeMs + (Date.now() - latest.receivedAt)) : '—');
  setText('model', latest.modelText ?? '—');
  const lat = s?.completionLatency;
  setText('latency', lat ? `${lat.p50} / ${lat.p95} / ${lat.p99} ms (${lat.requests})` : '—');
  setText('suggestions', latest.countersText ?? '—');
  setText('context', latest.contextText ?? '—');
  setText('memory', s ? formatBytes(s.rssBytes) : '—');
  setText('restarts', String(latest.restarts));
  setText('updated', latest.receivedAt ? new Date(latest.receivedAt).toLocaleTimeString(document.documentElement.lang || undefined) : '—');
  // The exact time lets a reader (and the end-to-end test) tell one answer from the next.
  document.getElementById('updated')?.setAttribute('data-received-at', String(latest.receivedAt));
  setText('error', latest.error ?? '');
}

messenger.listen(isUpdate, (update) => {
  latest = update;
  render();
});
document.getElementById('refresh')?.addEventListener('click', () => messenger.send({ type: 'refresh' }));
document.getElementById('restart')?.addEventListener('click', () => messenger.send({ type: 'restartServer' }));
setInterval(render, 1000);
messenger.send({ type: 'ready' });
