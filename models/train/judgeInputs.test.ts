// judge_inputs.py: the weights a lent GPU returned in 15 MiB parts, over several device calls, joined
// into the checkpoints it trained, or a stop that says which part to fetch again, before judge.sh spends
// an hour measuring the wrong model. Real torch checkpoints, cut into parts as device.sh cuts them.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'judge_inputs.py');

// Two sizes whose names share a prefix (25m, 25m-kv2), as a device run returns them; each checkpoint
// cut into three parts. Also a logs.tar.gz with a training log and a member that would land outside
// the run folder if it were extracted as named.
const MAKE = `
import io, sys, tarfile, torch
root = sys.argv[1]
for size, n in (("25m", 6000), ("25m-kv2", 5000)):
    buf = io.BytesIO()
    torch.save({"config": {"layers": 1, "size": size}, "model": {"w": torch.arange(float(n))}, "tokens": n}, buf)
    data = buf.getvalue()
    open(f"{root}/{size}.pt", "wb").write(data)
    third = len(data) // 3 + 1
    for i in range(3):
        open(f"{root}/parts/weights-{size}.pt.part-{i:02d}", "wb").write(data[i * third:(i + 1) * third])
with tarfile.open(f"{root}/logs.tar.gz", "w:gz") as tar:
    for name, text in (("./train-25m.log.jsonl", b'{"event": "stop"}\\n'), ("../outside.txt", b"no")):
        info = tarfile.TarInfo(name); info.size = len(text); tar.addfile(info, io.BytesIO(text))
`;

interface Setup {
  root: string;
  runDir: string;
  work: string;
  a: string;
  b: string;
}

async function setup(): Promise<Setup> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hai-judge-inputs-'));
  mkdirSync(path.join(root, 'parts'));
  await run(PYTHON, ['-c', MAKE, root]);
  // Call 3 brought part 00 and 01 of the 25m and the logs, call 4 the rest.
  const a = path.join(root, 'call3');
  const b = path.join(root, 'call4');
  const runDir = path.join(root, 'runs', 'gpu-run');
  const work = path.join(root, 'work');
  for (const d of [a, b, runDir, work]) mkdirSync(d, { recursive: true });
  const move = (name: string, to: string) => writeFileSync(path.join(to, name), readFileSync(path.join(root, 'parts', name)));
  move('weights-25m.pt.part-00', a);
  move('weights-25m.pt.part-01', a);
  move('weights-25m.pt.part-02', b);
  for (const i of ['00', '01', '02']) move(`weights-25m-kv2.pt.part-${i}`, b);
  writeFileSync(path.join(a, 'logs.tar.gz'), readFileSync(path.join(root, 'logs.tar.gz')));
  writeFileSync(path.join(root, 'shipped.onnx'), 'the shipped file');
  writeFileSync(path.join(root, 'scripts.jsonl'), '{"text": "import numpy"}\n');
  return { root, runDir, work, a, b };
}

async function judge(s: Setup, folders: string[], cases = 20, scripts = path.join(s.root, 'scripts.jsonl')): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = [SCRIPT, '--run', s.runDir, '--work', s.work, '--shipped', path.join(s.root, 'shipped.onnx'), '--scripts', scripts, '--cases', String(cases), ...folders];
  try {
    const { stdout, stderr } = await run(PYTHON, argv);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('judge_inputs.py: the weight parts a lent GPU returned, joined or refused', function () {
  this.timeout(60_000);
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(() => rmSync(s.root, { recursive: true, force: true }));

  it('joins each size from parts spread over two calls into the checkpoint it was cut from', async () => {
    const r = await judge(s, [s.a, s.b]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['25m', '25m-kv2']);
    for (const size of ['25m', '25m-kv2']) {
      const joined = readFileSync(path.join(s.work, 'h200', `weights-${size}-gpu-run.pt`));
      assert.ok(joined.equals(readFileSync(path.join(s.root, `${size}.pt`))), `weights-${size} joined wrong`);
    }
    const inputs = JSON.parse(readFileSync(path.join(s.runDir, 'judged', 'inputs.json'), 'utf8'));
    assert.deepEqual(Object.keys(inputs.candidates), ['v2-25m', 'v2-25m-kv2']);
    assert.equal(inputs.cases, 20);
    // The training log is unpacked into the run folder; a member named to land outside it is not.
    assert.equal(readFileSync(path.join(s.runDir, 'train-25m.log.jsonl'), 'utf8'), '{"event": "stop"}\n');
    assert.ok(!existsSync(path.join(s.runDir, '..', 'outside.txt')));
    assert.ok(!readdirSync(s.runDir).includes('outside.txt'), 'a member with .. in its name was extracted');
    assert.match(r.stderr, /weights-25m\.pt: 3 parts/);
  });

  it('runs again on the same inputs, and stops on other ones instead of mixing two sittings', async () => {
    assert.equal((await judge(s, [s.a, s.b])).code, 0);
    // The same bytes by another path are the same input.
    const again = await judge(s, [s.a, s.b], 20, path.relative(process.cwd(), path.join(s.root, 'scripts.jsonl')));
    assert.equal(again.code, 0, again.stderr);
    // The other sitting's logs came too: the run folder keeps the measured sitting's.
    const otherLogs = 'import io, sys, tarfile\nwith tarfile.open(sys.argv[1], "w:gz") as t:\n    i = tarfile.TarInfo("./train-25m.log.jsonl"); i.size = 5; t.addfile(i, io.BytesIO(b"other"))';
    await run(PYTHON, ['-c', otherLogs, path.join(s.a, 'logs.tar.gz')]);
    const other = await judge(s, [s.a, s.b], 400);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /holds measurements of other inputs \(cases changed since\)/);
    assert.equal(readFileSync(path.join(s.runDir, 'train-25m.log.jsonl'), 'utf8'), '{"event": "stop"}\n');
  });

  it('stops on parts of another run joined into the same name before', async () => {
    assert.equal((await judge(s, [s.a, s.b])).code, 0);
    rmSync(path.join(s.runDir, 'judged', 'inputs.json'));
    // Another valid checkpoint under the kv2's names: the 25m's parts.
    for (const i of ['00', '01', '02']) writeFileSync(path.join(s.b, `weights-25m-kv2.pt.part-${i}`), readFileSync(path.join(s.root, 'parts', `weights-25m.pt.part-${i}`)));
    const r = await judge(s, [s.a, s.b]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /weights-25m-kv2-gpu-run\.pt was joined before from other parts: these are another run's/);
    assert.ok(readFileSync(path.join(s.work, 'h200', 'weights-25m-kv2-gpu-run.pt')).equals(readFileSync(path.join(s.root, '25m-kv2.pt'))), 'the first join was overwritten');
  });

  it('names a part that did not come back', async () => {
    const r = await judge(s, [s.b]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /weights-25m\.pt\.part-00, part-01 did not come back: fetch them \(device\.sh --fetch 'weights-25m\.pt\*'\)/);
    // Checked before anything is joined: the kv2, complete, waits too.
    assert.ok(!existsSync(path.join(s.work, 'h200', 'weights-25m-kv2-gpu-run.pt')));
  });

  it('says so when a size came in more parts than it reads in order', async () => {
    writeFileSync(path.join(s.b, 'weights-25m.pt.part-9000'), 'the 91st part');
    const r = await judge(s, [s.a, s.b]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /weights-25m\.pt\.part-9000: more than 90 parts of one size/);
  });

  it('refuses a part fetched twice with other bytes', async () => {
    const copy = path.join(s.root, 'again');
    mkdirSync(copy);
    writeFileSync(path.join(copy, 'weights-25m.pt.part-01'), Buffer.from('not the same bytes'));
    const r = await judge(s, [s.a, s.b, copy]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /weights-25m\.pt\.part-01 and .*again\/weights-25m\.pt\.part-01 differ/);
  });

  it('says a checkpoint cut short cannot be read, and leaves nothing joined', async () => {
    const last = path.join(s.b, 'weights-25m.pt.part-02');
    const data = readFileSync(last);
    writeFileSync(last, data.subarray(0, data.length - 200));
    const r = await judge(s, [s.a, s.b]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /the 3 parts of weights-25m\.pt do not make a checkpoint .* fetch them again/);
    assert.ok(!existsSync(path.join(s.work, 'h200', 'weights-25m-gpu-run.pt')));
    assert.ok(!existsSync(path.join(s.work, 'h200', 'weights-25m-gpu-run.pt.tmp')));
  });
});
