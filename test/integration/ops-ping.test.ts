import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useHarness } from '../support/fakes/harness.js';
import { useTempDirs } from '../support/temp.js';

/** A healthchecks stand-in on 127.0.0.1: records each ping; `reply` decides the answer. */
async function pingServer(reply: (req: IncomingMessage, res: ServerResponse) => void = ok) {
  const seen: Array<{ method: string; path: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', body });
      reply(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${port}/ping/0f3c-uuid`, seen, close };
}

function ok(_req: IncomingMessage, res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
}

const harness = useHarness();
const tmp = useTempDirs();
const ref = (name: string) => ({ kind: 'name' as const, name });
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** Real hooks appending to a log file through sh, reading only the BORGBOI_* variables. */
function hooks(log: string) {
  const line = (tag: string) => [
    'sh',
    '-c',
    `echo "${tag} $BORGBOI_REPO $BORGBOI_ARCHIVE $BORGBOI_RESULT" >> '${log}'`,
  ];
  return {
    before_backup: [line('before'), ['sh', '-c', `echo "argv {repo} {result}" >> '${log}'`]],
    after_backup: [line('after')],
    on_error: [line('error')],
    on_recovered: [line('recovered')],
  };
}

async function setup(reply?: (req: IncomingMessage, res: ServerResponse) => void, monitoring = {}) {
  const srv = await pingServer(reply);
  closers.push(srv.close);
  const log = join(tmp('bb-hooks-'), 'hooks.log');
  const h = harness({
    config: {
      monitoring: { ping_url: srv.url, ping_timeout: 5, ...monitoring },
      hooks: hooks(log),
    },
  });
  await h.addRepo('docs');
  const lines = () => readFileSync(log, 'utf8').trimEnd().split('\n');
  return { h, srv, lines };
}

describe('daily backup with a real ping server and real hooks', () => {
  it('pings /start, then success with the summary; hooks ran in order with their values', async () => {
    const { h, srv, lines } = await setup();
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'success', exitCode: 0, warnings: [] });
    expect(srv.seen.map((r) => [r.method, r.path])).toEqual([
      ['GET', '/ping/0f3c-uuid/start'],
      ['POST', '/ping/0f3c-uuid'],
    ]);
    expect(srv.seen[1]?.body).toMatch(
      /^borgboi backup daily on testhost: ok \(1 success\)\ndocs: success/,
    );
    expect(lines()).toEqual([
      'before docs  running',
      'argv docs running',
      `after docs ${res.archive} success`,
    ]);
  });

  it('pings /fail with the error as body when the backup fails, and runs on_error', async () => {
    const { h, srv, lines } = await setup();
    h.borg.failOn('create', 'unknown', 1, 'Repository /x does not exist.');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res.exitCode).toBe(1);
    expect(srv.seen.map((r) => r.path)).toEqual(['/ping/0f3c-uuid/start', '/ping/0f3c-uuid/fail']);
    expect(srv.seen[1]).toMatchObject({ method: 'POST' });
    expect(srv.seen[1]?.body).toContain('docs: failed (exit 1): Repository /x does not exist.');
    expect(lines().slice(2)).toEqual(['error docs  failed']);
    h.clock.advance(86_400_000);
    const next = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(next.recovered).toBe(true);
    expect(lines().slice(3)).toEqual([
      'before docs  running',
      'argv docs running',
      `after docs ${next.archive} success`,
      `recovered docs ${next.archive} success`,
    ]);
  });

  it('a failing before_backup command aborts with its output in the run record', async () => {
    const srv = await pingServer();
    closers.push(srv.close);
    const h = harness({
      config: {
        monitoring: { ping_url: srv.url, notify_on_success: false },
        hooks: {
          before_backup: [['sh', '-c', 'echo dumping; echo "pg_dump: no route" >&2; exit 4']],
        },
      },
    });
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'failed', exitCode: 1 });
    expect(res.error?.message).toMatch(
      /exited with 4 \(last output: pg_dump: no route\); the backup did not run$/,
    );
    expect(h.store.runLog.records.at(-1)?.steps[1]).toMatchObject({
      name: 'hooks:before',
      result: 'failed',
      output: [expect.stringMatching(/^\$ sh -c /), 'dumping', 'pg_dump: no route'],
    });
    expect(srv.seen.map((r) => r.path)).toEqual(['/ping/0f3c-uuid/fail']);
    expect(h.borg.verbs()).toEqual([]);
  });

  it.each([
    [
      'answers 500',
      (_: IncomingMessage, res: ServerResponse) => void res.writeHead(500).end(),
      /answered HTTP 500 to the start ping/,
    ],
    [
      'never answers',
      () => undefined,
      /the start ping to 127\.0\.0\.1:\d+ failed \(no answer within 0\.2 s\)/,
    ],
  ])(
    'a ping server that %s gives warnings; the backup still succeeds',
    async (_, reply, expected) => {
      const { h, srv } = await setup(reply, { ping_timeout: 0.2 });
      const res = await h.orch.dailyBackup({ ref: ref('docs') });
      expect(res).toMatchObject({ result: 'success', exitCode: 0 });
      expect(res.warnings).toHaveLength(2);
      expect(res.warnings[0]).toMatch(expected);
      expect(res.warnings.join('\n')).not.toContain('0f3c-uuid');
      expect(srv.seen).toHaveLength(2);
    },
  );

  it('a ping URL where nothing listens is a warning too', async () => {
    const { h, srv } = await setup();
    await srv.close();
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res.exitCode).toBe(0);
    expect(res.warnings[0]).toMatch(
      /start ping to 127\.0\.0\.1:\d+ failed \(fetch failed: connect ECONNREFUSED/,
    );
  });
});
