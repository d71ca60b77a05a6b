import { createInterface } from 'node:readline/promises';
import { BorgboiError } from '../core/errors.js';
import type { CliRuntime } from './runtime.js';

export interface ConfirmOptions {
  /** When set, the user must type exactly this text (e.g. the repo name) instead of y/N. */
  typeToConfirm?: string;
}

/**
 * Asks before a destructive action. `--yes` answers it; without a TTY and without `--yes` it is
 * a usage error (exit 2) so a cron job never hangs or deletes by surprise. Returns false when
 * the user declines.
 */
export async function confirm(
  rt: CliRuntime,
  question: string,
  opts: ConfirmOptions = {},
): Promise<boolean> {
  if (rt.globals.yes) return true;
  if (!rt.canPrompt || !rt.io.stdin) {
    throw new BorgboiError(
      'confirmation-required',
      `${question.replace(/\?$/, '')}: confirmation needed`,
      {
        hint: 'pass --yes to confirm when stdin is not a terminal',
      },
    );
  }
  const rl = createInterface({ input: rt.io.stdin, output: rt.io.stderr as NodeJS.WritableStream });
  try {
    const prompt = opts.typeToConfirm
      ? `${question} Type '${opts.typeToConfirm}' to confirm: `
      : `${question} [y/N] `;
    const answer = (await rl.question(prompt)).trim();
    return opts.typeToConfirm ? answer === opts.typeToConfirm : /^y(es)?$/i.test(answer);
  } finally {
    rl.close();
  }
}
