import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Harness, HarnessOptions } from '../../support/fakes/harness.js';

export const docs = { kind: 'name' as const, name: 'docs' };

/** Every file under dir with its size: equal before and after = nothing changed on disk. */
export function tree(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = join(rel, e.name);
    return e.isDirectory() ? [`${p}/`, ...tree(dir, p)] : [`${p} ${statSync(join(dir, p)).size}`];
  });
}

/** [what, the call, the error it must raise, harness options and setup]. */
export type Row = [
  string,
  (h: Harness) => Promise<unknown>,
  { code: string; exitCode: number; message: RegExp },
  { online?: boolean; setup?: (h: Harness) => Promise<void> }?,
];

/** Repo 'docs' with one archive 'a1'. */
export const archived = async (h: Harness): Promise<void> => {
  await h.orch.backupRepo({ ref: docs, archiveName: 'a1' });
};

/**
 * One test per row: with repo 'docs' registered, the call fails with the expected error and
 * leaves the store, the disk and S3 exactly as they were, with no writing borg call made.
 */
export function itRefusesUnchanged(harness: (o?: HarnessOptions) => Harness, rows: Row[]): void {
  it.each(rows)('%s', async (_name, call, expected, opts = {}) => {
    const h = harness({ online: opts.online ?? false });
    await h.addRepo('docs');
    await opts.setup?.(h);
    h.borg.calls.length = 0;
    const store = h.store.dump();
    const disk = tree(h.root);
    const s3 = [...h.remote.s3.objects.keys()];

    const err = await call(h).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: expected.code, exitCode: expected.exitCode });
    expect((err as Error).message).toMatch(expected.message);
    const reads = ['info', 'list', 'config-get'];
    expect(h.borg.calls.filter((c) => !reads.includes(c.verb))).toEqual([]);
    expect(h.store.dump()).toBe(store);
    expect(tree(h.root)).toEqual(disk);
    expect([...h.remote.s3.objects.keys()]).toEqual(s3);
  });
}
