// Waits for the language server's idle-time reading (hai/status `preparing`: imports, names lists,
// Hydra configs, data files), which a request does not wait for, so that a test asks once it is done.
import * as assert from 'node:assert/strict';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../../core/protocol/serverStatus';

/** Resolves once the server has nothing left to prepare; fails after `timeoutMs`, saying `what` was not read. */
export async function nothingPreparing(conn: ProtocolConnection, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let preparing = (await conn.sendRequest(ServerStatusRequest)).workspaceContext?.preparing;
  while (preparing !== 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    preparing = (await conn.sendRequest(ServerStatusRequest)).workspaceContext?.preparing;
  }
  assert.equal(preparing, 0, `${what} read within ${timeoutMs / 1000} s`);
}
