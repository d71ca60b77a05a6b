import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });

/** Dated archives: `backup run` with borg's --timestamp, names from the timestamp. */
async function dated(h: Harness, ...timestamps: string[]): Promise<void> {
  for (const timestamp of timestamps) await h.orch.backupRepo({ ref: ref('docs'), timestamp });
  h.borg.calls.length = 0;
}

describe('checkRepo', () => {
  it('runs the borg check of the kind asked and records it', async () => {
    const h = harness();
    await h.addRepo('docs');
    const res = await h.orch.checkRepo({ ref: ref('docs'), kind: 'data' });
    expect(res).toMatchObject({ kind: 'data', ok: true, problems: [] });
    expect(h.borg.calls[0]?.opts).toEqual({ kind: 'data', repair: undefined });
    expect(h.store.runLog.records.at(-1)).toMatchObject({
      command: 'repo check',
      steps: [{ name: 'check:data', result: 'ok' }],
    });
  });

  it('reports problems of a damaged repo and repairs only when confirmed', async () => {
    const h = harness();
    const repo = await h.addRepo('docs');
    const state = h.borg.stateAt(repo.path);
    if (state) state.corrupt = true;
    const found = await h.orch.checkRepo({ ref: ref('docs') });
    expect(found).toMatchObject({
      kind: 'repository',
      ok: false,
      problems: [expect.stringContaining('Data integrity error')],
    });
    await expect(h.orch.checkRepo({ ref: ref('docs'), repair: true })).rejects.toMatchObject({
      code: 'confirmation-required',
    });
    expect((await h.orch.checkRepo({ ref: ref('docs'), repair: true, confirmed: true })).ok).toBe(
      true,
    );
  });

  it('spot check: same sample for the same seed, passes on an unchanged source', async () => {
    const h = harness();
    await h.addRepo('docs');
    for (let i = 0; i < 20; i++) writeFileSync(join(h.target, `f${i}.txt`), `file ${i}`);
    await dated(h, '2026-01-01T00:00:00');
    const a = await h.orch.checkRepo({ ref: ref('docs'), kind: 'spot', sampleSize: 5, seed: 7 });
    const sampledA = h.borg.calls.filter((c) => c.verb === 'extract-file').map((c) => c.opts);
    h.borg.calls.length = 0;
    await h.orch.checkRepo({ ref: ref('docs'), kind: 'spot', sampleSize: 5, seed: 7 });
    const sampledB = h.borg.calls.filter((c) => c.verb === 'extract-file').map((c) => c.opts);
    expect(a).toMatchObject({ ok: true, spot: { sampled: 5, mismatched: [], tolerance: 0 } });
    expect(sampledB).toEqual(sampledA);
    expect(a.report[1]).toBe(`files: 23 in the archive, 23 in ${h.target} now`);
  });

  it('spot check fails above the tolerance and lists the changed paths', async () => {
    const h = harness({ config: { checks: [{ kind: 'spot', sample_size: 50, tolerance: 0 }] } });
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    writeFileSync(join(h.target, 'docs', 'a.txt'), 'ALPHA\n');
    writeFileSync(join(h.target, 'docs', 'b.txt'), 'short');
    const res = await h.orch.checkRepo({ ref: ref('docs'), kind: 'spot' });
    expect(res.ok).toBe(false);
    expect(res.spot?.mismatched).toEqual([
      { path: join(h.target, 'docs', 'a.txt'), reason: 'content differs' },
      { path: join(h.target, 'docs', 'b.txt'), reason: 'size differs (archive 12 B, source 5 B)' },
    ]);
    expect(res.problems).toHaveLength(2);
  });

  it('spot check tolerates a fraction of differing files when configured', async () => {
    const h = harness({ config: { checks: [{ kind: 'spot', tolerance: 0.5 }] } });
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    mkdirSync(join(h.target, 'extra'));
    writeFileSync(join(h.target, 'docs', 'a.txt'), 'ALPHA\n');
    const res = await h.orch.checkRepo({ ref: ref('docs'), kind: 'spot' });
    expect(res).toMatchObject({ ok: true, spot: { sampled: 3, tolerance: 0.5 } });
    expect(res.spot?.mismatched.map((m) => m.reason)).toEqual(['content differs']);
  });
});
