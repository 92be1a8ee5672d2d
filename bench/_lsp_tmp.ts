import * as path from 'node:path';
import { cpSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { startServer, suggestOnce } from './lspSession';
async function main() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'walk-'));
  cpSync(path.join(__dirname, '..', 'demo'), root, { recursive: true });
  const s = await startServer({ modelPath: path.join(__dirname, '..', 'models', 'code-model'), threads: 1, projectNames: true }, [root]);
  const head = 'import numpy as np\nimport uproot\n\nevents = uproot.open("data/uproot-HZZ.root")["events"].arrays()\n';
  const uri = pathToFileURL(path.join(root, 'met.py')).href;
  for (const [typed, after] of [['met = np.hypot(events.MET_px, events.MET_p', ')\n'], ['met = np.hypot(events.MET_px, events.MET_p', '\n'], ['n = events.NPrimaryV', '\n'], ['n = events["NPrimaryV', '"]\n']]) {
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: head + typed + after } });
    for (let i = 0; i < 100 && (await s.conn.sendRequest(ServerStatusRequest)).workspaceContext?.preparing !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500));
    console.log(JSON.stringify(typed), JSON.stringify(after), '→', JSON.stringify(await suggestOnce(s.conn, uri, head + typed + after, (head + typed).length)));
  }
  s.dispose();
}
void main();
