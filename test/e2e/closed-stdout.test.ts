import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';
import { useTempDirs } from '../support/temp.js';

const tmp = useTempDirs();

/** Runs the CLI with the read end of its stdout closed before it writes (`| head -0`). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const home = tmp('bb-epipe-');
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, BORGBOI_HOME: home, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('a reader that goes away (borgboi … | head)', () => {
  it.each([[['--help']], [['completion', 'bash']]])(
    '%j ends normally, without a stack trace',
    async (args) => {
      const r = await runWithClosedStdout(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    },
  );
});
