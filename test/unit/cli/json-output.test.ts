import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as bContents from '../../../src/cli/commands/backup/contents.js';
import * as bDaily from '../../../src/cli/commands/backup/daily.js';
import * as bDelete from '../../../src/cli/commands/backup/delete.js';
import * as bDiff from '../../../src/cli/commands/backup/diff.js';
import * as bFind from '../../../src/cli/commands/backup/find.js';
import * as bInfo from '../../../src/cli/commands/backup/info.js';
import * as bList from '../../../src/cli/commands/backup/list.js';
import * as bPrune from '../../../src/cli/commands/backup/prune.js';
import * as bRecreate from '../../../src/cli/commands/backup/recreate.js';
import * as bRestore from '../../../src/cli/commands/backup/restore.js';
import * as bRun from '../../../src/cli/commands/backup/run.js';
import * as exAdd from '../../../src/cli/commands/exclusions/add.js';
import * as exCreate from '../../../src/cli/commands/exclusions/create.js';
import * as exRemove from '../../../src/cli/commands/exclusions/remove.js';
import * as exShow from '../../../src/cli/commands/exclusions/show.js';
import * as migrate from '../../../src/cli/commands/migrate.js';
import * as rCheck from '../../../src/cli/commands/repo/check.js';
import * as rCreate from '../../../src/cli/commands/repo/create.js';
import * as rDelete from '../../../src/cli/commands/repo/delete.js';
import * as rExportKey from '../../../src/cli/commands/repo/export-key.js';
import * as rImport from '../../../src/cli/commands/repo/import.js';
import * as rInfo from '../../../src/cli/commands/repo/info.js';
import * as rList from '../../../src/cli/commands/repo/list.js';
import * as rMove from '../../../src/cli/commands/repo/move.js';
import * as rRename from '../../../src/cli/commands/repo/rename.js';
import * as rSetQuota from '../../../src/cli/commands/repo/set-quota.js';
import * as rSetRetention from '../../../src/cli/commands/repo/set-retention.js';
import * as s3Delete from '../../../src/cli/commands/s3/delete.js';
import * as s3Restore from '../../../src/cli/commands/s3/restore.js';
import * as s3Stats from '../../../src/cli/commands/s3/stats.js';
import * as s3Sync from '../../../src/cli/commands/s3/sync.js';
import * as s3Verify from '../../../src/cli/commands/s3/verify.js';
import * as status from '../../../src/cli/commands/status.js';
import { createTestIo } from '../../../src/cli/io.js';
import { errorDocumentSchema } from '../../../src/cli/json-shapes.js';
import { buildProgram } from '../../../src/cli/program.js';
import { CliRuntime } from '../../../src/cli/runtime.js';
import { LEGACY_DB_SECRET } from '../../support/recorded-borg.js';
import { fakeDeps } from '../../support/fake-deps.js';
import { createFakeOrchestrator } from '../../support/fake-orchestrator.js';
import { runCmd } from './harness.js';

const DOC = readFileSync(new URL('../../../docs/json-output.md', import.meta.url), 'utf8');

type Row = [string, z.ZodType];
/** One row per verb (and per output variant); `edit` needs a TTY and has its own test. */
const rows: Row[] = [
  ['repo create -p /r -b /h -n gamma', rCreate.jsonSchema],
  ['repo import -p /r -b /h -n gamma', rImport.jsonSchema],
  ['repo list', rList.jsonSchema],
  ['repo list --all-hosts', rList.jsonSchema],
  ['repo info -n alpha', rInfo.jsonSchema],
  ['repo info -n alpha --raw', rInfo.rawJsonSchema],
  ['repo move -n alpha --to /new', rMove.jsonSchema],
  ['repo rename -n alpha --to gamma', rRename.jsonSchema],
  ['repo delete -n alpha', rDelete.jsonSchema],
  ['repo delete -n alpha --dry-run --delete-from-s3', rDelete.jsonSchema],
  ['repo check -n alpha', rCheck.jsonSchema],
  ['repo check -n alpha --repair', rCheck.jsonSchema],
  ['repo export-key -n alpha', rExportKey.jsonSchema],
  ['repo export-key -n alpha -o - --paper', rExportKey.jsonSchema],
  ['repo set-retention -n alpha --daily 3', rSetRetention.jsonSchema],
  ['repo set-retention -n alpha --clear', rSetRetention.jsonSchema],
  ['repo set-quota -n alpha 200G', rSetQuota.jsonSchema],
  ['repo exclusions show -n alpha', exShow.jsonSchema],
  ['exclusions show -n alpha', exShow.jsonSchema],
  ['exclusions add -n alpha *.iso', exAdd.jsonSchema],
  ['exclusions remove -n alpha 1', exRemove.jsonSchema],
  ['exclusions create -n alpha --from /x.txt', exCreate.jsonSchema],
  ['backup run -n alpha', bRun.jsonSchema],
  ['backup run -n alpha --dry-run', bRun.jsonSchema],
  ['backup daily -n alpha', bDaily.jsonSchema],
  ['backup daily --all', bDaily.jsonSchema],
  ['backup list -n alpha', bList.jsonSchema],
  ['backup contents -n alpha -a second', bContents.jsonSchema],
  ['backup find -n alpha **/a.txt', bFind.jsonSchema],
  ['backup info -n alpha -a second', bInfo.jsonSchema],
  ['backup restore -n alpha -a second --target /t', bRestore.jsonSchema],
  ['backup diff -n alpha', bDiff.jsonSchema],
  ['backup recreate -n alpha -a second --recompress', bRecreate.jsonSchema],
  ['backup delete -n alpha -a first', bDelete.jsonSchema],
  ['backup prune -n alpha --dry-run', bPrune.jsonSchema],
  ['s3 sync -n alpha', s3Sync.jsonSchema],
  ['s3 sync --all', s3Sync.jsonSchema],
  ['s3 restore -n alpha', s3Restore.jsonSchema],
  ['s3 stats', s3Stats.jsonSchema],
  ['s3 stats --refresh', s3Stats.jsonSchema],
  ['s3 delete -n alpha', s3Delete.jsonSchema],
  ['s3 verify -n alpha', s3Verify.jsonSchema],
  ['migrate', migrate.jsonSchema],
  ['migrate --legacy-table', migrate.legacyTableJsonSchema],
  ['status --max-age 26h', status.jsonSchema],
];

describe('--json: exactly one document per verb, matching its documented schema', () => {
  it.each(rows)('%s', async (line, schema) => {
    const r = await runCmd([...line.split(' '), '--json', '--yes']);
    expect(r.err).not.toMatch(/Error:/);
    const doc = JSON.parse(r.out);
    const parsed = schema.safeParse(doc);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(r.out).not.toContain(LEGACY_DB_SECRET);
    // docs/json-output.md names every top-level key of the command's document.
    const command = line.split(' -')[0]!.replace(/^repo exclusions/, 'exclusions');
    const docRow = DOC.split('\n').find((l) => new RegExp(`^\\| *\`${command}\` *\\|`).test(l));
    expect(docRow, `docs/json-output.md has no row for ${command}`).toBeDefined();
    for (const key of Object.keys(doc)) expect(docRow).toMatch(new RegExp(`\\b${key}\\b`));
  });

  it('an error is one {"error":{code,message,hint}} document', async () => {
    const r = await runCmd(['repo', 'info', '-n', 'nope', '--json']);
    expect(r.code).toBe(2);
    const doc = errorDocumentSchema.parse(JSON.parse(r.out));
    expect(doc.error).toMatchObject({ code: 'not-found', hint: "see 'borgboi repo list'" });
  });

  it('every verb of repo, exclusions, backup, s3, migrate and status has a row', async () => {
    const rt = new CliRuntime({
      io: createTestIo(),
      env: {},
      cwd: '/',
      signal: new AbortController().signal,
      makeDeps: () => fakeDeps(createFakeOrchestrator()),
    });
    const leaves = (c: Command, path: string[]): string[] =>
      c.commands.length === 0
        ? [path.join(' ')]
        : c.commands
            .filter((s) => !(s as unknown as { _hidden: boolean })._hidden)
            .flatMap((s) => leaves(s, [...path, s.name()]));
    const mine = leaves(await buildProgram(rt), []).filter((p) =>
      /^(repo|exclusions|backup|s3|migrate|status)\b/.test(p),
    );
    const commandOf = (line: string) => line.split(' -')[0]!.split(' ').slice(0, 3).join(' ');
    const covered = new Set(rows.map(([line]) => commandOf(line)));
    // `repo exclusions X` is the same verb module as `exclusions X`; edit has its own test.
    const missing = mine
      .map((p) => p.replace(/^repo exclusions/, 'exclusions'))
      .filter((p) => p !== 'exclusions edit' && ![...covered].some((c) => c.startsWith(p)));
    expect(missing).toEqual([]);
  });
});
