import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../support/fault-proxy.js';
import { createPrng } from '../support/prng.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const blob = (n: number) => createPrng(n).bytes(n);

/** Tiny upstream: `/blob/N` returns N seeded bytes, anything else echoes what it received. */
function startUpstream() {
  const seen: Array<{ method: string; url: string; bytes: number; sha: string }> = [];
  const server = http.createServer((req, res) => {
    const m = /^\/blob\/(\d+)$/.exec(req.url ?? '');
    if (m) {
      const body = blob(Number(m[1]));
      seen.push({ method: req.method!, url: req.url!, bytes: 0, sha: '' });
      res.writeHead(200, { 'content-length': body.length, 'x-up': 'blob' }).end(body);
      return;
    }
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      seen.push({ method: req.method!, url: req.url!, bytes: body.length, sha: sha(body) });
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'x-up': 'echo' });
      res.end(
        JSON.stringify({ bytes: body.length, sha: sha(body), target: req.headers['x-amz-target'] }),
      );
    });
  });
  return { server, seen };
}

function send(
  endpoint: string,
  opts: { method?: string; path?: string; headers?: http.OutgoingHttpHeaders; body?: Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${endpoint}${opts.path ?? '/'}`, {
      method: opts.method ?? 'GET',
      headers: opts.headers,
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }),
      );
    });
    req.end(opts.body);
  });
}

const ddb = (op: string) => ({
  method: 'POST',
  headers: {
    'x-amz-target': `DynamoDB_20120810.${op}`,
    'content-type': 'application/x-amz-json-1.0',
  },
  body: Buffer.from('{"TableName":"t"}'),
});

describe('fault proxy (against a local HTTP server)', () => {
  const up = startUpstream();
  let upstream = '';
  let proxy: FaultProxy;

  beforeAll(async () => {
    up.server.listen(0, '127.0.0.1');
    await once(up.server, 'listening');
    upstream = `http://127.0.0.1:${(up.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => up.server.close(r)));
  afterEach(async () => {
    await proxy?.stop();
    up.seen.length = 0;
  });
  const start = async (schedule: FaultRule[] = [], seed = 7) =>
    (proxy = await startFaultProxy({ target: upstream, seed, schedule }));

  it('forwards method, path, headers, status and bodies unchanged', async () => {
    await start();
    const body = blob(300_000);
    const r = await send(proxy.endpoint, { method: 'PUT', path: '/missing', body });
    expect(r.status).toBe(404);
    expect(r.headers['x-up']).toBe('echo');
    expect(JSON.parse(r.body.toString())).toMatchObject({ bytes: body.length, sha: sha(body) });
    const g = await send(proxy.endpoint, { path: '/blob/200000' });
    expect(sha(g.body)).toBe(sha(blob(200_000)));
    expect(up.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'PUT /missing',
      'GET /blob/200000',
    ]);
  });

  it('streams a request body through before the client has finished sending it', async () => {
    await start();
    const req = http.request(`${proxy.endpoint}/upload`, { method: 'PUT', agent: false });
    const reply = new Promise<http.IncomingMessage>((r) => req.on('response', r));
    let upstreamBytes = 0;
    up.server.prependOnceListener('request', (ureq: http.IncomingMessage) =>
      ureq.on('data', (c: Buffer) => (upstreamBytes += c.length)),
    );
    req.write(blob(64 * 1024));
    // A proxy that buffered the whole body would never pass these bytes on before end().
    await vi.waitFor(() => expect(upstreamBytes).toBe(64 * 1024), { timeout: 5000 });
    req.end(blob(1024));
    expect((await reply).statusCode).toBe(200);
    expect(up.seen[0]?.bytes).toBe(65 * 1024);
  });

  it('fails every Nth matching request and counts it', async () => {
    await start([{ method: 'GET', every: 3, fault: { kind: 'error' } }]);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await send(proxy.endpoint, { path: '/x' })).status);
    await send(proxy.endpoint, { method: 'PUT', path: '/x', body: Buffer.from('y') });
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500, 200]);
    expect(proxy.stats.faults.error).toBe(2);
    expect(proxy.stats.byMethod).toEqual({ GET: 7, PUT: 1 });
    expect(proxy.stats.forwarded).toBe(6);
    expect(proxy.stats.injected.map((f) => f.seq)).toEqual([3, 6]);
  });

  it('draws probabilities from the seed: same seed same schedule, other seed other schedule', async () => {
    const run = async (seed: number) => {
      await start([{ probability: 0.3, fault: { kind: 'error' } }], seed);
      let pattern = '';
      for (let i = 0; i < 30; i++)
        pattern += (await send(proxy.endpoint, { path: '/p' })).status === 500 ? 'x' : '.';
      await proxy.stop();
      return pattern;
    };
    const a = await run(11);
    expect(await run(11)).toBe(a);
    expect(await run(12)).not.toBe(a);
    expect(a).toMatch(/x/);
    expect(a).toMatch(/\./);
  });

  it('stops after `times` injections', async () => {
    await start([{ path: /^\/t/, times: 2, fault: { kind: 'throttle' } }]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(proxy.endpoint, { path: '/t' })).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });

  it.each([
    {
      name: 'S3 500',
      rule: { kind: 'error' },
      req: { path: '/b/k' },
      status: 500,
      code: /<Code>InternalError<\/Code>/,
    },
    {
      name: 'S3 503 SlowDown',
      rule: { kind: 'throttle' },
      req: { path: '/b/k' },
      status: 503,
      code: /<Code>SlowDown<\/Code>/,
    },
    {
      name: 'DynamoDB 500',
      rule: { kind: 'error' },
      req: ddb('PutItem'),
      status: 500,
      code: /#InternalServerError"/,
      type: 'InternalServerError',
    },
    {
      name: 'DynamoDB throughput',
      rule: { kind: 'throttle' },
      req: ddb('PutItem'),
      status: 400,
      code: /#ProvisionedThroughputExceededException"/,
      type: 'ProvisionedThroughputExceededException',
    },
    {
      name: 'DynamoDB throttling',
      rule: { kind: 'throttle', code: 'ThrottlingException' },
      req: ddb('Query'),
      status: 400,
      code: /#ThrottlingException"/,
      type: 'ThrottlingException',
    },
  ] as const)(
    'answers $name in the service dialect',
    async ({ rule, req, status, code, ...rest }) => {
      await start([{ fault: rule }]);
      const r = await send(proxy.endpoint, req);
      expect(r.status).toBe(status);
      expect(r.body.toString()).toMatch(code);
      if ('type' in rest) expect(r.headers['x-amzn-errortype']).toBe(rest.type);
      expect(up.seen).toEqual([]);
    },
  );

  it('targets DynamoDB operations by X-Amz-Target and counts them', async () => {
    await start([{ target: 'PutItem', fault: { kind: 'throttle' } }]);
    expect((await send(proxy.endpoint, ddb('PutItem'))).status).toBe(400);
    expect((await send(proxy.endpoint, ddb('GetItem'))).status).toBe(200);
    expect((await send(proxy.endpoint, ddb('PutItem'))).status).toBe(400);
    expect(proxy.stats.byTarget).toEqual({ PutItem: 2, GetItem: 1 });
    proxy.setSchedule([{ target: /\.GetItem$/, fault: { kind: 'error' } }]);
    expect((await send(proxy.endpoint, ddb('PutItem'))).status).toBe(200);
    expect((await send(proxy.endpoint, ddb('GetItem'))).status).toBe(500);
  });

  it('resets the connection mid-upload without forwarding anything', async () => {
    await start([{ method: 'PUT', fault: { kind: 'reset-request', afterBytes: 64 * 1024 } }]);
    const err = await send(proxy.endpoint, {
      method: 'PUT',
      path: '/u',
      body: blob(512 * 1024),
    }).catch((e: NodeJS.ErrnoException) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as NodeJS.ErrnoException).code).toMatch(/ECONNRESET|EPIPE/);
    expect(up.seen).toEqual([]);
    expect(proxy.stats.faults['reset-request']).toBe(1);
  });

  it('resets mid-response after exactly the given bytes', async () => {
    await start([{ fault: { kind: 'reset-response', afterBytes: 1000 } }]);
    const req = http.get(`${proxy.endpoint}/blob/100000`, { agent: false });
    const res = (await once(req, 'response'))[0] as http.IncomingMessage;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe('100000');
    let got = 0;
    res.on('data', (c: Buffer) => (got += c.length));
    const [err] = (await once(res, 'error').catch((e: unknown) => [e])) as [Error];
    expect(err.message).toMatch(/aborted/);
    expect(got).toBe(1000);
    expect(up.seen).toHaveLength(1);
  });

  it('resets before the response when no byte count is given (the request still reached upstream)', async () => {
    await start([{ fault: { kind: 'reset-response' } }]);
    const err = await send(proxy.endpoint, {
      method: 'PUT',
      path: '/r',
      body: Buffer.from('z'),
    }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/socket hang up/);
    expect(up.seen).toHaveLength(1);
  });

  it('holds a slow request back before forwarding it', async () => {
    await start([{ fault: { kind: 'slow', delayMs: 60_000 } }]);
    const req = http.get(`${proxy.endpoint}/blob/10`, { agent: false });
    req.on('error', () => undefined);
    await vi.waitFor(() => expect(proxy.stats.faults.slow).toBe(1));
    expect(up.seen).toEqual([]);
    req.destroy();
  });

  it('streams a slow response in small pieces and still delivers every byte', async () => {
    await start([{ fault: { kind: 'slow', delayMs: 5, chunkDelayMs: 2, chunkBytes: 4096 } }]);
    const r = await send(proxy.endpoint, { path: '/blob/40000' });
    expect(r.status).toBe(200);
    expect(sha(r.body)).toBe(sha(blob(40_000)));
  });

  it('resetStats zeroes the counters', async () => {
    await start([{ fault: { kind: 'error' } }]);
    await send(proxy.endpoint);
    proxy.resetStats();
    expect(proxy.stats).toMatchObject({ requests: 0, byMethod: {}, injected: [] });
  });

  it.each([
    [{ every: 0 }, /every must be an integer >= 1/],
    [{ probability: 1.5 }, /probability must be within/],
    [{ every: 2, probability: 0.5 }, /either every or probability/],
    [{ times: -1 }, /times must be an integer >= 0/],
  ])('rejects the rule %o', async (bad, message) => {
    await expect(
      startFaultProxy({ target: upstream, schedule: [{ ...bad, fault: { kind: 'error' } }] }),
    ).rejects.toThrow(message);
  });
});
