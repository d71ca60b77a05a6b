import { describe, expect, it } from 'vitest';
import { useHarness } from '../../support/fakes/harness.js';
import { archived, docs, itRefusesUnchanged, type Row } from './refusal.js';

const harness = useHarness();

/** Destructive calls without the CLI's confirmation, and online-only verbs offline. */
const rows: Row[] = [
  [
    'unconfirmed repo delete',
    (h) => h.orch.deleteRepo({ ref: docs, confirmed: false }),
    {
      code: 'confirmation-required',
      exitCode: 2,
      message: /deleting a repository needs confirmation/,
    },
  ],
  [
    'unconfirmed archive delete',
    (h) => h.orch.deleteArchive({ ref: docs, archive: 'a1', confirmed: false }),
    {
      code: 'confirmation-required',
      exitCode: 2,
      message: /deleting archive 'a1' needs confirmation/,
    },
    { setup: archived },
  ],
  [
    'unconfirmed S3 delete',
    (h) => h.orch.deleteFromS3({ ref: docs, confirmed: false }),
    {
      code: 'confirmation-required',
      exitCode: 2,
      message: /deleting the S3 copy needs confirmation/,
    },
    { online: true },
  ],
  [
    'unconfirmed repair',
    (h) => h.orch.checkRepo({ ref: docs, repair: true }),
    {
      code: 'confirmation-required',
      exitCode: 2,
      message: /repairing a repository needs confirmation/,
    },
  ],
  [
    's3 sync offline',
    (h) => h.orch.syncRepo({ ref: docs }),
    { code: 'usage', exitCode: 2, message: /^'s3 sync' needs online mode$/ },
  ],
  [
    's3 sync --all offline',
    (h) => h.orch.syncAll({}),
    { code: 'usage', exitCode: 2, message: /'s3 sync' needs online mode/ },
  ],
  [
    's3 restore offline',
    (h) => h.orch.restoreRepoFromS3({ ref: docs, force: true }),
    { code: 'usage', exitCode: 2, message: /'s3 restore' needs online mode/ },
  ],
  [
    's3 verify offline',
    (h) => h.orch.verifyS3({ ref: docs }),
    { code: 'usage', exitCode: 2, message: /'s3 verify' needs online mode/ },
  ],
  [
    's3 stats offline',
    (h) => h.orch.s3Stats({}),
    { code: 'usage', exitCode: 2, message: /'s3 stats' needs online mode/ },
  ],
  [
    's3 delete offline',
    (h) => h.orch.deleteFromS3({ ref: docs, confirmed: true }),
    { code: 'usage', exitCode: 2, message: /'s3 delete' needs online mode/ },
  ],
  [
    'repo delete --delete-from-s3 offline',
    (h) => h.orch.deleteRepo({ ref: docs, deleteFromS3: true, confirmed: true }),
    { code: 'usage', exitCode: 2, message: /--delete-from-s3' needs online mode/ },
  ],
  [
    'status --all-hosts offline',
    (h) => h.orch.status({ allHosts: true }),
    { code: 'usage', exitCode: 2, message: /'status --all-hosts' needs online mode/ },
  ],
];

describe('refused without confirmation or online mode, nothing changed', () => {
  itRefusesUnchanged(harness, rows);

  it('names the fix in the hint of the errors users meet most', async () => {
    const h = harness();
    await h.addRepo('docs');
    await expect(h.orch.dailyBackup({ ref: { kind: 'name', name: 'x' } })).rejects.toMatchObject({
      hint: "see 'borgboi repo list'",
    });
    await expect(h.orch.syncRepo({ ref: docs })).rejects.toMatchObject({
      hint: 'pass --online or set offline: false',
    });
  });
});
