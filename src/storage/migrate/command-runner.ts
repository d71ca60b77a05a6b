import { execFile } from 'node:child_process';

export interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The program is not installed (ENOENT). */
  notFound: boolean;
}

/** Runs a program without a shell; injected so tests can stand in for a missing tool. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

export const execFileRunner: CommandRunner = (command, args) =>
  new Promise((resolve) => {
    execFile(command, [...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error && 'code' in error ? error.code : 0;
      resolve({
        exitCode: typeof code === 'number' ? code : error ? null : 0,
        stdout: String(stdout),
        stderr: String(stderr),
        notFound: code === 'ENOENT',
      });
    });
  });
