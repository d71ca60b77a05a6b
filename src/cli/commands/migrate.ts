import type { Command } from 'commander';
import { z } from 'zod';
import type { LegacyTableMigrationReport } from '../../aws/types.js';
import type { MigrationReport } from '../../storage/types.js';
import { renderTable } from '../format.js';
import { emit, note, printLine } from '../output.js';
import { parseOptions } from '../parse-options.js';
import type { CliRuntime } from '../runtime.js';
import { printWarnings } from '../text-blocks.js';
import { orchestrator } from '../verb-options.js';
import { COMMAND_SUMMARIES } from '../command-summaries.js';

export const optionsSchema = z.lazy(() =>
  z.object({
    dryRun: z.boolean().default(false),
    /** `true` when given without a name (commander's optional value). */
    legacyTable: z
      .union([z.literal(true), z.string().trim().min(1, 'must name a table')])
      .optional(),
  }),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    dry_run: z.boolean(),
    base_dir: z.string(),
    rows: z.array(
      z.strictObject({
        name: z.string(),
        source: z.enum(['legacy', 'a54', 'sqlite']),
        status: z.enum(['migrated', 'already', 'skipped', 'would-migrate']),
        reason: z.string().nullable(),
        moved: z.array(z.string()),
      }),
    ),
    warnings: z.array(z.string()),
  }),
);

/** `migrate --legacy-table`: the rows of the table copy. */
export const legacyTableJsonSchema = z.lazy(() =>
  z.strictObject({
    dry_run: z.boolean(),
    from: z.string(),
    to: z.string(),
    rows: z.array(
      z.strictObject({
        name: z.string(),
        status: z.enum(['migrated', 'already', 'skipped', 'would-migrate']),
        reason: z.string().nullable(),
      }),
    ),
  }),
);

export function legacyTableJson(
  r: LegacyTableMigrationReport,
): z.infer<typeof legacyTableJsonSchema> {
  const rows = r.rows.map((x) => ({ name: x.name, status: x.status, reason: x.reason ?? null }));
  return { dry_run: r.dryRun, from: r.from, to: r.to, rows };
}

export function toJson(r: MigrationReport): z.infer<typeof jsonSchema> {
  return {
    dry_run: r.dryRun,
    base_dir: r.baseDir,
    rows: r.rows.map((x) => ({
      name: x.name,
      source: x.source,
      status: x.status,
      reason: x.reason ?? null,
      moved: x.moved,
    })),
    warnings: r.warnings,
  };
}

/** Imports Python borgboi data; idempotent, never deletes the old files. */
export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  if (opts.legacyTable !== undefined) {
    // Without a name the online layer copies Python's terraform table `borgboi-repos`.
    const from = opts.legacyTable === true ? undefined : opts.legacyTable;
    const report = await orch.migrateLegacyTable({ from, dryRun: opts.dryRun });
    emit(rt, report, { json: legacyTableJson, text: (r) => renderTableCopy(rt, r) });
    return;
  }
  const report = await orch.migrate({ dryRun: opts.dryRun });
  emit(rt, report, { json: toJson, text: (r) => renderText(rt, r) });
}

function renderTableCopy(rt: CliRuntime, r: LegacyTableMigrationReport): void {
  if (r.rows.length === 0) {
    note(rt, `The table ${r.from} holds no items.`);
    return;
  }
  printLine(
    rt,
    renderTable(r.rows, [
      { header: 'Name', value: (x) => x.name },
      { header: 'Status', value: (x) => x.status },
      { header: 'Detail', value: (x) => x.reason ?? '' },
    ]),
  );
  printCounts(rt, r.rows, r.dryRun, `from ${r.from} into ${r.to}`);
}

function renderText(rt: CliRuntime, r: MigrationReport): void {
  printWarnings(rt, r.warnings);
  if (r.rows.length === 0) {
    note(rt, `No Python borgboi data found under ${r.baseDir}.`);
    return;
  }
  printLine(
    rt,
    renderTable(r.rows, [
      { header: 'Name', value: (x) => x.name },
      { header: 'From', value: (x) => x.source },
      { header: 'Status', value: (x) => x.status },
      { header: 'Detail', value: (x) => x.reason ?? x.moved.join(', ') },
    ]),
  );
  printCounts(rt, r.rows, r.dryRun);
}

function printCounts(
  rt: CliRuntime,
  rows: ReadonlyArray<{ status: string }>,
  dryRun: boolean,
  where = '',
): void {
  const count = (s: string) => rows.filter((x) => x.status === s).length;
  const done = dryRun ? `${count('would-migrate')} would migrate` : `${count('migrated')} migrated`;
  const suffix = where ? ` ${where}` : '';
  printLine(rt, `${done}, ${count('already')} already, ${count('skipped')} skipped${suffix}`);
  if (dryRun) note(rt, 'Dry run: nothing was written.');
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('migrate')
    .description(COMMAND_SUMMARIES.migrate.description)
    .option('--dry-run', 'show what would be migrated')
    .option(
      '--legacy-table [name]',
      "copy Python's LEGACY DynamoDB table (default borgboi-repos) into aws.dynamodb_repos_table (online)",
    )
    .action((raw, c: Command) => runF(parseOptions(optionsSchema, raw, c), rt));
}
