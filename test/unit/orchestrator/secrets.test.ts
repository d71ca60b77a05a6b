import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { S3Progress } from '../../../src/aws/types.js';
import { PASS, useHarness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = { kind: 'name' as const, name: 'docs' };

describe('the passphrase stays secret', () => {
  it('is piped to borg but never appears in results, notices, records, the run log or errors', async () => {
    const h = harness({ online: true });
    const seen: unknown[] = [];
    const progress: S3Progress[] = [];
    const observer = {
      notice: (m: string) => seen.push(m),
      stepFinished: (e: unknown) => seen.push(e),
      s3: (p: S3Progress) => progress.push(p),
    };
    seen.push(
      await h.orch.createRepo({
        name: 'docs',
        path: join(h.root, 'repos', 'docs'),
        backupTarget: h.target,
        passphrase: { cliValue: PASS },
      }),
    );
    seen.push(await h.orch.dailyBackup({ ref, observer }));
    seen.push(await h.orch.repoInfo({ ref }));
    seen.push(await h.orch.listArchives({ ref }));
    seen.push(await h.orch.status({}));
    seen.push(await h.orch.exportKey({ ref, output: '-' }));
    seen.push(await h.orch.deleteRepo({ ref, dryRun: true, confirmed: false }));
    seen.push(
      await h.orch.dailyBackup({ ref, passphrase: { cliValue: 'wrong one' } }).catch((e) => e),
    );
    seen.push(h.store.runLog.records, await h.store.metadata.list(), await h.remote.table.list());

    expect(h.borg.calls.filter((c) => c.passphrase === PASS).length).toBeGreaterThan(5);
    expect(progress.length).toBeGreaterThan(0);
    const text = JSON.stringify(seen, (_k, v: unknown) =>
      v instanceof Error ? { ...v, message: v.message } : v,
    );
    expect(text).not.toContain(PASS);
    expect(text).not.toContain('wrong one');
  });
});
