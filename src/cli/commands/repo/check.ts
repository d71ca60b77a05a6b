import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { CheckRepoResult } from '../../../core/orchestrator-api.js';
import { ExitCode } from '../../../core/errors.js';
import { emit, printLine, warn } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import { repoRef } from '../../repo-address.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  confirmOrAbort,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
} from '../../verb-options.js';

const KINDS = ['repository', 'archives', 'data', 'spot'] as const;

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoCallShape,
      kind: z.enum(KINDS).optional(),
      repair: z.boolean().default(false),
    })
    .refine(oneAddress, ONE_ADDRESS)
    .refine((o) => !(o.repair && o.kind === 'spot'), {
      message: '--repair cannot be combined with --kind spot (a spot check only reads)',
    }),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    kind: z.enum(KINDS),
    ok: z.boolean(),
    problems: z.array(z.string()),
    report: z.array(z.string()),
    spot: z
      .strictObject({
        sampled: z.number(),
        mismatched: z.array(z.strictObject({ path: z.string(), reason: z.string() })),
        tolerance: z.number(),
      })
      .nullable(),
  }),
);

export function toJson(r: CheckRepoResult): z.infer<typeof jsonSchema> {
  return {
    repo: r.repo,
    kind: r.kind,
    ok: r.ok,
    problems: r.problems,
    report: r.report,
    spot: r.spot ?? null,
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  let ref = repoRef(opts);
  if (opts.repair) {
    const repo = await orch.resolveRepo(ref);
    await confirmOrAbort(
      rt,
      `borg check --repair may drop damaged data for good. Repair repository '${repo.name}'?`,
      `repository '${repo.name}' was not repaired`,
    );
    ref = { kind: 'name', name: repo.name };
  }
  const progress = await startProgress(rt);
  let result: CheckRepoResult;
  try {
    result = await orch.checkRepo({
      ...repoCall(rt, opts, progress.observer),
      ref,
      kind: opts.kind,
      repair: opts.repair,
      confirmed: opts.repair,
    });
  } finally {
    progress.stop();
  }
  if (!result.ok) rt.exitCode = ExitCode.failure;
  emit(rt, result, { json: toJson, text: (r) => renderText(rt, r) });
}

function renderText(rt: CliRuntime, r: CheckRepoResult): void {
  for (const line of r.report) printLine(rt, line);
  if (r.spot) {
    printLine(
      rt,
      `Spot check: ${r.spot.sampled} files compared, ${r.spot.mismatched.length} differ`,
    );
    for (const m of r.spot.mismatched) printLine(rt, `  ${m.path}: ${m.reason}`);
  }
  for (const p of r.problems) warn(rt, p);
  printLine(rt, `Check (${r.kind}) of '${r.repo}': ${r.ok ? 'ok' : 'problems found'}`);
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('check')
    .description('Verify a repository with borg check (or a spot check against the source)')
    .addOption(new Option('--kind <kind>', 'what to check').choices(KINDS))
    .option('--repair', 'let borg repair what it finds (asks first)');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
