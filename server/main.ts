// Entry point of the bundled server (dist/server.js): an LSP connection over stdio.
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './languageServer';

// esbuild replaces this with the version in package.json at build time.
declare const __HAI_VERSION__: string;

const connection = createConnection(ProposedFeatures.all);
// A promise whose failure nothing awaited would end the process on Node 20 (and with it completion,
// once the editor stops restarting the server): it is logged instead. Every path known to fail is
// caught where it fails; this is for the one that is not.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`Unexpected error, the server goes on: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});
// The bundle lives in <extension>/dist/, the default code model in <extension>/models/code-model/,
// the snippets in <extension>/snippets/.
const root = path.join(__dirname, '..');
startLanguageServer(connection, {
  version: __HAI_VERSION__,
  builtInModelDir: path.join(root, 'models', 'code-model'),
  snippetsDir: path.join(root, 'snippets'),
});
