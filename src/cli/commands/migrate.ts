import type { Command } from 'commander';
import { z } from 'zod';
import type { MigrationReport } from '../../storage/types.js';
import { renderTable } from '../format.js';
import { emit, note, printLine } from '../output.js';
import { parseOptions } from '../parse-options.js';
import type { CliRuntime } from '../runtime.js';
import { printWarnings } from '../text-blocks.js';
import { orchestrator } from '../verb-options.js';
import { COMMAND_SUMMARIES } from '../command-summaries.js';

export const optionsSchema = z.lazy(() => z.object({ dryRun: z.boolean().default(false) }));
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
  const report = await (await orchestrator(rt)).migrate({ dryRun: opts.dryRun });
  emit(rt, report, { json: toJson, text: (r) => renderText(rt, r) });
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
  const count = (s: string) => r.rows.filter((x) => x.status === s).length;
  const done = r.dryRun
    ? `${count('would-migrate')} would migrate`
    : `${count('migrated')} migrated`;
  printLine(rt, `${done}, ${count('already')} already, ${count('skipped')} skipped`);
  if (r.dryRun) note(rt, 'Dry run: nothing was written.');
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('migrate')
    .description(COMMAND_SUMMARIES.migrate.description)
    .option('--dry-run', 'show what would be migrated')
    .action((raw, c: Command) => runF(parseOptions(optionsSchema, raw, c), rt));
}
