// Entry point of the bundled server (dist/server.js): an LSP connection over stdio.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './languageServer';

// esbuild replaces this with the version in package.json at build time.
declare const __HAI_VERSION__: string;

const connection = createConnection(ProposedFeatures.all);
startLanguageServer(connection, { version: __HAI_VERSION__ });
