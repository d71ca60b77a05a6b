import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../../test/support/fakes/fake-ops.js';
import { PING_BODY_MAX, pingTarget, sendPing, type FetchLike } from './ping.js';

const URL_ = 'https://hc-ping.com/0f3c-secret-uuid';

describe('pingTarget', () => {
  it.each([
    [URL_, 'start', 'https://hc-ping.com/0f3c-secret-uuid/start'],
    [URL_, 'success', 'https://hc-ping.com/0f3c-secret-uuid'],
    [URL_, 'fail', 'https://hc-ping.com/0f3c-secret-uuid/fail'],
    [`${URL_}/`, 'fail', 'https://hc-ping.com/0f3c-secret-uuid/fail'],
    [
      'http://127.0.0.1:8000/ping/abc?create=1',
      'start',
      'http://127.0.0.1:8000/ping/abc/start?create=1',
    ],
    ['https://hc.example/', 'fail', 'https://hc.example/fail'],
  ] as const)('%s + %s → %s', (url, kind, expected) =>
    expect(pingTarget(url, kind)).toBe(expected),
  );
});

describe('sendPing', () => {
  const base = { url: URL_, timeoutMs: 1000 };

  it('GETs /start without a body and POSTs the summary as text to the end pings', async () => {
    const f = new FakeFetch();
    expect(await sendPing({ ...base, fetch: f.fetch, kind: 'start' })).toBeNull();
    expect(
      await sendPing({ ...base, fetch: f.fetch, kind: 'fail', body: 'docs: failed' }),
    ).toBeNull();
    expect(f.calls).toEqual([
      { url: `${URL_}/start`, method: 'GET', body: null },
      { url: `${URL_}/fail`, method: 'POST', body: 'docs: failed' },
    ]);
  });

  it(`cuts the body at ${PING_BODY_MAX} characters`, async () => {
    const f = new FakeFetch();
    await sendPing({
      ...base,
      fetch: f.fetch,
      kind: 'success',
      body: 'x'.repeat(PING_BODY_MAX * 2),
    });
    expect(f.calls[0]?.body).toHaveLength(PING_BODY_MAX);
  });

  const refused = Object.assign(new TypeError('fetch failed'), {
    cause: new Error('connect ECONNREFUSED 127.0.0.1:9'),
  });
  it.each<[string, FetchLike | number, RegExp]>([
    ['an HTTP error', 500, /^ping: hc-ping.com answered HTTP 500 to the fail ping$/],
    ['a 404 (unknown check)', 404, /answered HTTP 404/],
    [
      'a refused connection',
      async () => Promise.reject(refused),
      /fail ping to hc-ping.com failed \(fetch failed: connect ECONNREFUSED/,
    ],
  ])('turns %s into a warning that never shows the uuid', async (_, reply, expected) => {
    const f = new FakeFetch();
    if (typeof reply === 'number') f.answer(reply);
    const fetch = typeof reply === 'number' ? f.fetch : reply;
    const warning = await sendPing({ ...base, fetch, kind: 'fail', body: 'b' });
    expect(warning).toMatch(expected);
    expect(warning).not.toContain('secret-uuid');
  });

  it('gives up after the timeout with a warning', async () => {
    const hanging: FetchLike = (_url, init) =>
      new Promise((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const warning = await sendPing({ ...base, timeoutMs: 20, fetch: hanging, kind: 'start' });
    expect(warning).toBe('ping: the start ping to hc-ping.com failed (no answer within 0.02 s)');
  });

  it('refuses a ping URL that is not a URL, without sending', async () => {
    const f = new FakeFetch();
    const warning = await sendPing({
      ...base,
      url: 'hc-ping.com/uuid',
      fetch: f.fetch,
      kind: 'fail',
    });
    expect(warning).toBe('ping: monitoring.ping_url is not a URL; the fail ping was not sent');
    expect(f.calls).toEqual([]);
  });
});
