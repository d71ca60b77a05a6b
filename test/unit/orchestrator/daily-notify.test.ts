import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/core/errors.js';
import { FakeFetch, FakeHookRunner } from '../../support/fakes/fake-ops.js';
import { HOST, PASS, useHarness } from '../../support/fakes/harness.js';
import { parseExposition } from '../../support/prom-parse.js';
import { useTempDirs } from '../../support/temp.js';

const harness = useHarness();
const tmp = useTempDirs();
const ref = (name: string) => ({ kind: 'name' as const, name });
const URL_ = 'https://hc.example/ping/uuid-1';

function setup(monitoring: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const net = new FakeFetch();
  const h = harness({
    config: { monitoring: { ping_url: URL_, ...monitoring }, ...extra },
    deps: { fetch: net.fetch, hooks: new FakeHookRunner() },
  });
  return { h, net };
}

describe('daily pings', () => {
  it('pings /start and then success with the summary (notify_on_success, the default)', async () => {
    const { h, net } = setup();
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res.exitCode).toBe(0);
    expect(net.calls.map((c) => [c.url, c.method])).toEqual([
      [`${URL_}/start`, 'GET'],
      [URL_, 'POST'],
    ]);
    expect(net.calls[1]?.body).toBe(
      `borgboi backup daily on ${HOST}: ok (1 success)\ndocs: success (exit 0), archive ${res.archive}\n`,
    );
  });

  it('stays quiet on success without notify_on_success', async () => {
    const { h, net } = setup({ notify_on_success: false });
    await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    expect(net.calls).toEqual([]);
  });

  it.each([true, false])('always pings /fail with the error (notify_on_success %s)', async (on) => {
    const { h, net } = setup({ notify_on_success: on });
    await h.addRepo('docs');
    h.borg.failOn('create', 'unknown', Infinity, 'No space left on device');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res.exitCode).toBe(1);
    expect(net.kinds()).toEqual(on ? ['start', 'fail'] : ['fail']);
    expect(net.calls.at(-1)?.body).toContain('docs: failed (exit 1): No space left on device');
    expect(JSON.stringify(net.calls)).not.toContain(PASS);
  });

  it('pings once on recovery when quiet, then stays quiet again', async () => {
    const { h, net } = setup({ notify_on_success: false });
    await h.addRepo('docs');
    const day = async () => {
      h.clock.advance(86_400_000);
      net.calls.length = 0;
      await h.orch.dailyBackup({ ref: ref('docs') });
      return net.kinds();
    };
    h.borg.failOn('compact', 'unknown', 1);
    expect(await day()).toEqual(['fail']);
    expect(await day()).toEqual(['success']);
    expect(net.calls[0]?.body).toContain('recovered after a failed run');
    expect(await day()).toEqual([]);
    expect(await day()).toEqual([]);
  });

  it.each([
    ['an HTTP 503', 503, /answered HTTP 503 to the success ping/],
    [
      'a network error',
      new TypeError('fetch failed'),
      /success ping to hc.example failed \(fetch failed\)/,
    ],
  ])('a ping failing with %s is a warning, never a failed backup', async (_, reply, expected) => {
    const { h, net } = setup();
    await h.addRepo('docs');
    net.answer(200, reply);
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'success', exitCode: 0 });
    expect(res.warnings).toEqual([expect.stringMatching(expected)]);
    expect(h.store.runLog.records.at(-1)).toMatchObject({ result: 'success', warnings: [] });
  });

  it('reports the ping as step notify to the observer', async () => {
    const { h } = setup();
    await h.addRepo('docs');
    const steps: string[] = [];
    await h.orch.dailyBackup({
      ref: ref('docs'),
      observer: { stepFinished: (e) => steps.push(`${e.step} ${e.result}`) },
    });
    expect(steps.at(-1)).toBe('notify ok');
  });

  it('does not ping for a pre-flight error of a single repo (exit 2, nothing ran)', async () => {
    const { h, net } = setup();
    await expect(h.orch.dailyBackup({ ref: ref('nope') })).rejects.toMatchObject({ exitCode: 2 });
    expect(net.calls).toEqual([]);
  });

  it('sends nothing without a ping_url', async () => {
    const { h, net } = setup({ ping_url: null });
    await h.addRepo('docs');
    h.borg.failOn('create');
    await h.orch.dailyBackup({ ref: ref('docs') });
    expect(net.calls).toEqual([]);
  });
});

describe('daily --all pings', () => {
  it('sends one start and one fail for a batch where one repo fails, listing every repo', async () => {
    const { h, net } = setup();
    await h.addRepo('a');
    await h.addRepo('b');
    await h.addRepo('c');
    await h.store.exclusions.removeAll('b');
    const all = await h.orch.dailyBackupAll({});
    expect(all.results.map((r) => r.result)).toEqual(['success', 'failed', 'success']);
    expect(net.kinds()).toEqual(['start', 'fail']);
    const body = net.calls[1]?.body ?? '';
    expect(body.split('\n').slice(0, 4)).toEqual([
      `borgboi backup daily on ${HOST}: failed (2 success, 1 failed)`,
      expect.stringMatching(/^a: success \(exit 0\), archive /),
      expect.stringMatching(/^b: failed \(exit 2\): .*exclusions/),
      expect.stringMatching(/^c: success \(exit 0\), archive /),
    ]);
  });

  it('fails the ping when an interrupt between repos keeps some from starting', async () => {
    const { h, net } = setup({ notify_on_success: false });
    await h.addRepo('a');
    await h.addRepo('b');
    const ac = new AbortController();
    const observer = {
      stepFinished: (e: { repo: string; step: string }) => {
        if (e.repo === 'a' && e.step === 'table') ac.abort(new InterruptedError('SIGINT'));
      },
    };
    const all = await h.orch.dailyBackupAll({ signal: ac.signal, observer });
    expect(all.results.map((r) => [r.repo, r.result])).toEqual([['a', 'success']]);
    expect(net.kinds()).toEqual(['fail']);
    expect(net.calls[0]?.body).toContain('not run (interrupted): b');
  });

  it('returns ping problems as batch warnings', async () => {
    const { h, net } = setup();
    await h.addRepo('a');
    net.answer(new TypeError('fetch failed'));
    const all = await h.orch.dailyBackupAll({});
    expect(all.exitCode).toBe(0);
    expect(all.warnings).toEqual([
      expect.stringMatching(/^ping: the start ping to hc.example failed/),
    ]);
  });
});

describe('daily textfile', () => {
  it('writes monitoring.textfile after the run; it parses and shows the run', async () => {
    const file = join(tmp('bb-textfile-'), 'borgboi.prom');
    const h = harness({ config: { monitoring: { textfile: file } } });
    await h.addRepo('docs');
    h.borg.failOn('compact', 'unknown', 1);
    await h.orch.dailyBackup({ ref: ref('docs') });
    const families = parseExposition(readFileSync(file, 'utf8'));
    const result = families.find((f) => f.name === 'borgboi_last_result');
    expect(result?.samples.filter((s) => s.value === 1).map((s) => s.labels)).toEqual([
      { repo: 'docs', host: HOST, result: 'partial' },
    ]);
    expect(families.find((f) => f.name === 'borgboi_archive_count')?.samples[0]?.value).toBe(1);
    await h.orch.dailyBackup({ ref: ref('docs') });
    const again = parseExposition(readFileSync(file, 'utf8'));
    const now = again
      .find((f) => f.name === 'borgboi_last_result')
      ?.samples.find((s) => s.value === 1);
    expect(now?.labels.result).toBe('success');
  });

  it('a textfile that cannot be written is a warning', async () => {
    const h = harness({ config: { monitoring: { textfile: '/nonexistent-dir/borgboi.prom' } } });
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'success', exitCode: 0 });
    expect(res.warnings).toEqual([
      expect.stringMatching(/^textfile: \/nonexistent-dir\/borgboi.prom was not written \(ENOENT/),
    ]);
  });
});
