import { join } from 'node:path';
import { describe } from 'vitest';
import { useHarness } from '../../support/fakes/harness.js';
import { archived, docs, itRefusesUnchanged, type Row } from './refusal.js';

const harness = useHarness();

const rows: Row[] = [
  [
    'unknown repo',
    (h) => h.orch.dailyBackup({ ref: { kind: 'name', name: 'nope' } }),
    { code: 'not-found', exitCode: 2, message: /^repository 'nope' not found$/ },
  ],
  [
    'unknown repo path',
    (h) => h.orch.listArchives({ ref: { kind: 'path', path: '/nowhere' } }),
    { code: 'not-found', exitCode: 2, message: /no repository is registered at \/nowhere/ },
  ],
  [
    'duplicate name',
    (h) =>
      h.orch.createRepo({ name: 'docs', path: join(h.root, 'repos', 'x'), backupTarget: h.target }),
    { code: 'already-exists', exitCode: 2, message: /repository 'docs' already exists/ },
  ],
  [
    'existing path',
    (h) => h.orch.createRepo({ name: 'x', path: h.target, backupTarget: h.root }),
    { code: 'validation', exitCode: 2, message: /already exists and is not empty/ },
  ],
  [
    'path already registered',
    (h) =>
      h.orch.importRepo({ name: 'x', path: join(h.root, 'repos', 'docs'), backupTarget: h.target }),
    { code: 'already-exists', exitCode: 2, message: /is already registered as repository 'docs'/ },
  ],
  [
    'missing target',
    (h) =>
      h.orch.createRepo({
        name: 'x',
        path: join(h.root, 'repos', 'x'),
        backupTarget: join(h.root, 'gone'),
      }),
    { code: 'validation', exitCode: 2, message: /backup target .*gone does not exist/ },
  ],
  [
    'bad repo name and bad quota at once',
    (h) =>
      h.orch.createRepo({
        name: '-bad name',
        path: join(h.root, 'x'),
        backupTarget: h.target,
        quota: 'lots',
      }),
    {
      code: 'validation',
      exitCode: 2,
      message: /repository name '-bad name' starts with '-'.*; quota 'lots' is not a size/,
    },
  ],
  [
    'bad archive name',
    (h) => h.orch.restoreArchive({ ref: docs, archive: 'a/b', target: join(h.root, 'out') }),
    { code: 'validation', exitCode: 2, message: /archive name 'a\/b' contains '\/'/ },
  ],
  [
    'non-empty restore target',
    (h) => h.orch.restoreArchive({ ref: docs, archive: 'a1', target: h.target }),
    { code: 'validation', exitCode: 2, message: /restore target .* is not empty/ },
    { setup: archived },
  ],
  [
    'restore target is a file',
    (h) =>
      h.orch.restoreArchive({ ref: docs, archive: 'a1', target: join(h.target, 'docs', 'a.txt') }),
    { code: 'validation', exitCode: 2, message: /is not a directory/ },
  ],
  [
    'bad pattern',
    (h) => h.orch.addExclusion(docs, 're:(unclosed'),
    { code: 'validation', exitCode: 2, message: /not a valid regular expression/ },
  ],
  [
    'bad find glob',
    (h) => h.orch.findInArchives({ ref: docs, glob: 'docs/[abc' }),
    { code: 'validation', exitCode: 2, message: /unclosed '\['/ },
  ],
  [
    'retention keeping nothing',
    (h) =>
      h.orch.setRetention({
        ref: docs,
        policy: { keep_daily: 0, keep_weekly: 0, keep_monthly: 0, keep_yearly: 0 },
      }),
    { code: 'validation', exitCode: 2, message: /keeps nothing/ },
  ],
  [
    'bad quota',
    (h) => h.orch.setQuota({ ref: docs, quota: '12 GB' }),
    { code: 'validation', exitCode: 2, message: /quota '12 GB' is not a size/ },
  ],
  [
    'one archive of a diff',
    (h) => h.orch.diffArchives({ ref: docs, archive1: 'a1' }),
    { code: 'usage', exitCode: 2, message: /give both archives/ },
  ],
  [
    'recreate changing nothing',
    (h) => h.orch.recreateArchive({ ref: docs, archive: 'a1' }),
    {
      code: 'usage',
      exitCode: 2,
      message: /needs --exclude PATTERN, --recompress or --compression SPEC/,
    },
  ],
  [
    'repair of a spot check',
    (h) => h.orch.checkRepo({ ref: docs, kind: 'spot', repair: true, confirmed: true }),
    { code: 'usage', exitCode: 2, message: /--repair works with borg checks/ },
  ],
  [
    'move onto a non-empty dir',
    (h) => h.orch.moveRepo({ ref: docs, to: h.target }),
    { code: 'validation', exitCode: 2, message: /already exists and is not empty/ },
  ],
  [
    'rename onto a taken name',
    (h) => h.orch.renameRepo({ ref: docs, to: 'other' }),
    { code: 'already-exists', exitCode: 2, message: /repository 'other' already exists/ },
    { setup: async (h) => void (await h.addRepo('other')) },
  ],
  [
    'status with a bad max age',
    (h) => h.orch.status({ maxAgeMs: -5 }),
    { code: 'validation', exitCode: 2, message: /--max-age must be a positive duration/ },
  ],
];

describe('bad input is refused before anything changes', () => {
  itRefusesUnchanged(harness, rows);
});
