import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BorgEvent } from '../../src/borg/types.js';
import {
  archiveInfoResultSchema,
  archiveItemSchema,
  archiveListSchema,
  createResultSchema,
  diffEntrySchema,
  repoInfoSchema,
  repositorySchema,
  type Repository,
} from '../../src/core/models/index.js';

/** Real borg 1.2.4 output (test/fixtures/borg, see its README), parsed with our models. */

const dir = fileURLToPath(new URL('../fixtures/borg/', import.meta.url));
export const fixtureText = (name: string) => readFileSync(`${dir}${name}`, 'utf8');
const json = (name: string): unknown => JSON.parse(fixtureText(name));
const lines = (name: string): unknown[] =>
  fixtureText(name)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));

export const repoInfo = repoInfoSchema.parse(json('info-repo.json'));
export const archiveList = archiveListSchema.parse(json('list-repo.json'));
export const archiveInfo = archiveInfoResultSchema.parse(json('info-archive.json'));
export const createResult = createResultSchema.parse(json('create.json'));
export const archiveItems = lines('list-archive.jsonl').map((l) => archiveItemSchema.parse(l));
export const diffEntries = lines('diff.jsonl').map((l) => diffEntrySchema.parse(l));
/** `borg create --log-json --progress --list` stderr (1 GiB sample, trimmed). */
export const createEvents = lines('create-log-json-progress.jsonl') as BorgEvent[];
/** `borg compact --log-json --progress -v` stderr. */
export const compactEvents = lines('compact-progress-log-json.jsonl') as BorgEvent[];
export const checkReport = fixtureText('check-repository-only.txt').trimEnd().split('\n');
export const paperKey = fixtureText('key-export-paper.txt');

/** A DB-stored legacy passphrase on the sample record: it must never reach any output. */
export const LEGACY_DB_SECRET = 'legacy-db-secret-4f9c2e';

export function sampleRepo(name = 'alpha', overrides: Record<string, unknown> = {}): Repository {
  return repositorySchema.parse({
    name,
    path: `/srv/borg/${name}`,
    backup_target: '/home/user',
    hostname: 'testhost',
    os_platform: 'linux',
    created_at: '2026-11-20T06:00:00Z',
    last_backup: '2026-11-26T05:37:41Z',
    metadata: repoInfo,
    passphrase: LEGACY_DB_SECRET,
    passphrase_file_path: `/home/test/.borgboi/passphrases/${name}.key`,
    passphrase_migrated: true,
    ...overrides,
  });
}
