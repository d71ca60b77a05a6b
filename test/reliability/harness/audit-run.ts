import { expect } from 'vitest';
import type { CliResult } from '../../support/cli.js';
import {
  scanText,
  startSecretsAudit,
  type ProcessHit,
  type SecretsAudit,
} from '../../support/secrets-audit.js';
import { startBorgboi } from './live-cli.js';

/**
 * Runs borgboi scenarios under one /proc audit of the test's whole process tree and keeps every
 * byte they print. A user may put a passphrase on borgboi's own argv (`--passphrase VALUE`) or
 * in its environment (`BORG_PASSPHRASE` with `--passphrase-env`): those hits, on that borgboi
 * process only, are the user's choice; one in borg's argv or environment never is.
 */
export interface AuditedRun {
  label: string;
  args: readonly string[];
  result: CliResult;
}

export interface AllowedOnBorgboi {
  /** `--passphrase VALUE` on argv, or BORG_PASSPHRASE in borgboi's environment. */
  where: ProcessHit['where'];
  secret: string;
}

export class AuditedSession {
  readonly runs: AuditedRun[] = [];
  private readonly allowed = new Map<number, AllowedOnBorgboi>();
  private readonly forkImages = new Set<string>();
  private readonly audit: SecretsAudit;

  constructor(
    private readonly secrets: readonly string[],
    private readonly env: Record<string, string>,
  ) {
    this.audit = startSecretsAudit({ rootPid: process.pid, secrets, intervalMs: 3 });
  }

  async run(
    label: string,
    args: readonly string[],
    opts: { env?: Record<string, string>; allow?: AllowedOnBorgboi; expectCode?: number } = {},
  ): Promise<CliResult> {
    const live = startBorgboi(args, { ...this.env, ...opts.env });
    if (opts.allow) {
      const a = opts.allow;
      this.allowed.set(live.proc.pid!, a);
      const field =
        a.where === 'cmdline' ? `argv[${2 + args.indexOf(a.secret)}]` : 'BORG_PASSPHRASE';
      this.forkImages.add(`${a.where}|${field}|${this.secrets.indexOf(a.secret)}`);
    }
    const result = await live.done;
    this.runs.push({ label, args, result });
    expect(result.code, `${label}: ${result.stderr}`).toBe(opts.expectCode ?? 0);
    return result;
  }

  /** Stops sampling; returns the hits no user choice explains, and what was seen. */
  finish(): { hits: ProcessHit[]; seen: string[]; samples: number } {
    const hits = this.audit.stop().filter((h) => {
      const a = this.allowed.get(h.pid);
      if (a && a.where === h.where && this.secrets[h.secretIndex] === a.secret) return false;
      // Between fork and exec a child of borgboi still shows borgboi's own argv and environment:
      // the same node binary, the secret in the same field. That is borgboi's image, not borg's.
      const image = this.forkImages.has(`${h.where}|${h.field}|${h.secretIndex}`);
      return !(image && h.command === process.execPath);
    });
    return { hits, seen: [...this.audit.seen.values()], samples: this.audit.samples };
  }

  /** Every stdout/stderr byte of every run: zero occurrences of any secret. */
  textHits(): Array<{ label: string; stream: string; secretIndex: number; line: number }> {
    return this.runs.flatMap((r) =>
      (['stdout', 'stderr'] as const).flatMap((stream) =>
        scanText(r.result[stream], this.secrets).map((h) => ({
          label: r.label,
          stream,
          secretIndex: h.secretIndex,
          line: h.line,
        })),
      ),
    );
  }
}
