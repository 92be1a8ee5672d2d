// The test file server in a process of its own, so that a benchmark's client does not share its
// event loop with the server. Prints one JSON line {base, sha256, bytes} and serves until killed.
import { startFileServer } from '../test/support/fileServer';

const mib = Number(process.argv[2] ?? '256');
void startFileServer(mib * 1024 * 1024).then((server) => {
  console.log(JSON.stringify({ base: server.base, sha256: server.sha256, bytes: server.data.length }));
});
