import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { BorgboiError, UsageError, ValidationError } from '../../../core/errors.js';
import { emit, note } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { repoAddressShape, repoRef } from '../../repo-address.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoAddressOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
} from '../../verb-options.js';
import { exclusionsJson, exclusionsJsonSchema, renderExclusions } from './shared.js';

export const optionsSchema = z.lazy(() =>
  z.object({ ...repoAddressShape }).refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  exclusionsJsonSchema.unwrap().extend({ changed: z.boolean() }),
);

/** Runs `$VISUAL`/`$EDITOR` (which may carry arguments, e.g. `code --wait`) on the terminal. */
function runEditor(editor: string, file: string, signal: AbortSignal): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'sh', file], {
      stdio: 'inherit',
      signal,
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

/** Lines as the editor left them: trailing blanks trimmed, empty lines dropped. */
export function editedLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  if (!rt.io.isStdinTTY || !rt.io.isStderrTTY) {
    throw new UsageError(
      'exclusions edit needs a terminal for the editor',
      "use 'exclusions add PATTERN', 'exclusions remove LINE' or 'exclusions create --from FILE --replace'",
    );
  }
  const orch = await orchestrator(rt);
  const before = await orch.showExclusions(repoRef(opts));
  const dir = await mkdtemp(join(tmpdir(), 'borgboi-edit-'));
  const file = join(dir, `${before.repo}-exclusions.txt`);
  let keep = false;
  try {
    await writeFile(file, before.lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    const editor = rt.env.VISUAL || rt.env.EDITOR || 'vi';
    const code = await runEditor(editor, file, rt.signal);
    if (code !== 0) {
      throw new BorgboiError('aborted', `editor '${editor}' exited with status ${code}`, {
        hint: 'nothing was saved; set VISUAL or EDITOR to an editor that exits 0',
      });
    }
    const lines = editedLines(await readFile(file, 'utf8'));
    if (lines.join('\n') === before.lines.join('\n')) {
      note(rt, 'No changes.');
      emit(rt, before, {
        json: (v) => ({ ...exclusionsJson(v), changed: false }),
        text: () => undefined,
      });
      return;
    }
    const ref = { kind: 'name', name: before.repo } as const;
    const after = await orch.writeExclusions(ref, lines).catch((e: unknown) => {
      if (!(e instanceof ValidationError)) throw e;
      keep = true;
      throw new ValidationError(
        e.issues,
        `your edit is kept in ${file}; fix it, then run 'borgboi exclusions create -n ${before.repo} --from ${file} --replace'`,
      );
    });
    emit(rt, after, {
      json: (v) => ({ ...exclusionsJson(v), changed: true }),
      text: (v) => renderExclusions(rt, v),
    });
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('edit')
    .description('Edit the patterns in $VISUAL/$EDITOR; saved only when they are all valid');
  return addRepoAddressOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
