// Service tier: a slurmrestd address that answers with a redirect. Two real HTTP servers on
// 127.0.0.1: the configured one redirects every request to the other, which answers like slurmrestd
// and records what reaches it. The token (X-SLURM-USER-TOKEN) and the job script must never get
// there, and the user must be told what happened and what to do.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackendError } from '../../core/jobs/backend';
import { SlurmRest } from '../../core/jobs/slurmRest';

interface Server {
  readonly base: string;
  readonly requests: { method: string; url: string; token: string | undefined; body: string }[];
  close(): Promise<void>;
}

async function listen(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): Promise<Server> {
  const requests: Server['requests'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', token: req.headers['x-slurm-user-token'] as string | undefined, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a call ended with, resolved or rejected, so that the other host is checked first. */
function outcome(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => v,
    (e: unknown) => e,
  );
}

describe('slurm-rest: slurmrestd that redirects', function () {
  this.timeout(30_000);
  const TOKEN = 'secret-token-that-must-stay-home';
  let elsewhere: Server;
  let redirecting: Server;
  let status = 307;
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'hai-rest-redirect-'));

  before(async () => {
    // Answers like slurmrestd v0.0.38, so that a followed redirect would look like success.
    elsewhere = await listen((req, res, _body) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/job/submit')) res.end(JSON.stringify({ job_id: 4242, errors: [] }));
      else if (req.url?.endsWith('/partitions')) res.end(JSON.stringify({ partitions: [{ name: 'stolen', flags: ['DEFAULT'], state: 'UP' }] }));
      else if (req.url?.endsWith('/nodes')) res.end(JSON.stringify({ nodes: [] }));
      else res.end(JSON.stringify({ pings: [{ hostname: 'elsewhere', ping: 'UP' }], errors: [] }));
    });
    redirecting = await listen((req, res) => {
      res.writeHead(status, { location: `${elsewhere.base}${req.url ?? '/'}` });
      res.end();
    });
  });
  after(async () => {
    await redirecting?.close();
    await elsewhere?.close();
    rmSync(workdir, { recursive: true, force: true });
  });

  const rest = (): SlurmRest => new SlurmRest({ url: redirecting.base, user: 'alice', version: 'v0.0.38', token: async () => TOKEN });

  for (const code of [301, 302, 307, 308]) {
    it(`does not follow a ${code}: ping, partitions, submit and cancel say what happened, and nothing reaches the other host`, async () => {
      status = code;
      const before = redirecting.requests.length;
      const outcomes = [
        await outcome(rest().ping()),
        await outcome(rest().partitions()),
        await outcome(rest().submit({ id: `r${code}`, spec: { name: `r${code}`, command: ['echo', 'the job script'] }, workdir, jobDir: path.join(workdir, `r${code}`) })),
        await outcome(rest().cancel({ id: 'c', name: 'c', backend: 'slurm-rest', backendId: '12', workdir, jobDir: workdir, logPath: path.join(workdir, 'x.log'), weaverLog: true, submittedAt: 1, state: 'running' })),
      ];
      assert.deepEqual(elsewhere.requests.map((r) => `${r.method} ${r.url} token=${r.token ? 'yes' : 'no'}`), [], 'the other host received requests');
      assert.ok(redirecting.requests.length > before, 'the configured address was asked');
      for (const err of outcomes) {
        assert.ok(err instanceof BackendError, `expected a BackendError, got ${JSON.stringify(err)}`);
        assert.match(err.message, new RegExp(`slurmrestd at ${redirecting.base} answered with a redirect to ${elsewhere.base}`));
        assert.match(err.message, /hai\.jobs\.slurmrestUrl/);
        assert.ok(!err.message.includes(TOKEN));
        assert.equal(err.kind, 'invalid');
      }
    });
  }
});
