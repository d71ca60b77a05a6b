import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../../core/errors.js';
import type { SchedulerContext } from '../../../schedule/installed.js';
import { execaRunner, nodeScheduleFs } from '../../../schedule/runner.js';
import type { CliRuntime } from '../../runtime.js';

/** Options every schedule verb takes: which unit directory. */
export const scopeShape = {
  user: z.boolean().default(false),
  unitDir: z.string().min(1, 'must not be empty').optional(),
};

export const SYSTEM_UNIT_DIR = '/etc/systemd/system';

/** systemd is PID 1 (sd_booted): decides the default kind. */
export const systemdBooted = () => existsSync('/run/systemd/system');

export function userUnitDir(env: CliRuntime['env']): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'systemd', 'user');
}

/**
 * Root units go to /etc/systemd/system, `--user` units to ~/.config/systemd/user, `--unit-dir`
 * anywhere (files only: systemctl is then never called).
 */
export function schedulerContext(
  rt: CliRuntime,
  opts: { user: boolean; unitDir?: string | undefined },
  purpose: 'install' | 'inspect',
): SchedulerContext {
  const deps = rt.deps();
  const root = deps.uid === 0;
  if (purpose === 'install' && !opts.user && !root && !opts.unitDir) {
    throw new UsageError(
      'installing a system timer needs root',
      'pass --user for a timer of your own user, or run with sudo',
    );
  }
  const scope = opts.user || !root ? 'user' : 'system';
  return {
    unitDir: opts.unitDir
      ? resolve(rt.cwd, opts.unitDir)
      : scope === 'user'
        ? userUnitDir(rt.env)
        : SYSTEM_UNIT_DIR,
    scope,
    manageSystemd: !opts.unitDir,
    runner: execaRunner,
    fs: nodeScheduleFs,
    now: () => deps.clock.now(),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-02 02:30 (local)`: when a local-time schedule fires. */
export function formatLocal(iso: string | null): string {
  if (!iso) return 'unknown';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())} (local)`;
}
