// A second window, as a process: extracts one archive with core/hub/extract.ts and prints what
// happened (that it has begun, that it waits for another process, the result or the error as JSON).
// Given a "go" file, it stops at its first progress report, holding the extraction, until that file
// exists: the two-process test thereby makes both extractions overlap without guessing at times.
import { existsSync } from 'node:fs';
import { archiveKindOf, extractArchive } from '../../core/hub/extract';

const [archive, goFile] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));
let told = false;
extractArchive(archive, archiveKindOf(archive)!, {
  onProgress: () => {
    if (told) return;
    told = true;
    console.log('extracting');
    // Blocks this process (its event loop too), as a slow disk would, until the test says go.
    while (goFile && !existsSync(goFile)) Atomics.wait(pause, 0, 0, 10);
  },
  onWaiting: (holder) => console.log(`waiting ${holder?.pid ?? '?'}`),
}).then(
  (result) => console.log(`done ${JSON.stringify(result)}`),
  (err: unknown) => {
    const e = err as { kind?: string; message?: string };
    console.log(`failed ${JSON.stringify({ kind: e.kind ?? 'raw', message: String(e.message) })}`);
    process.exitCode = 1;
  },
);
