import type { Command } from 'commander';
import { z } from 'zod';
import { ExitCode } from '../../../core/errors.js';
import type { S3VerifyResult } from '../../../core/orchestrator-api.js';
import { formatBytes } from '../../format.js';
import { emit, printLine, warn } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
} from '../../verb-options.js';
import { restoreJson, restoreJsonSchema } from './shared.js';

export const optionsSchema = z.lazy(() =>
  z.object({ ...repoCallShape }).refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    ok: z.boolean(),
    restore: restoreJsonSchema,
    check: z.strictObject({
      ok: z.boolean(),
      rc: z.number().int(),
      problems: z.array(z.string()),
    }),
  }),
);

export function toJson(r: S3VerifyResult): z.infer<typeof jsonSchema> {
  return {
    repo: r.repo,
    ok: r.ok,
    restore: restoreJson(r.restore),
    check: { ok: r.check.ok, rc: r.check.rc, problems: r.check.problems },
  };
}

/** The restore drill: download into a temp dir, borg check it. Exit 1 when it fails. */
export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt);
  let result: S3VerifyResult;
  try {
    result = await orch.verifyS3(repoCall(rt, opts, progress.observer));
  } finally {
    progress.stop();
  }
  if (!result.ok) rt.exitCode = ExitCode.failure;
  emit(rt, result, {
    json: toJson,
    text: (r) => {
      for (const p of r.check.problems) warn(rt, p);
      const got = `${r.restore.files} files (${formatBytes(r.restore.bytes)})`;
      printLine(
        rt,
        `S3 copy of '${r.repo}': ${r.ok ? 'ok' : 'FAILED'} (downloaded ${got}, borg check ${r.check.ok ? 'passed' : 'found problems'})`,
      );
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('verify')
    .description('Restore drill: download the S3 copy into a temp dir and borg check it');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
