import { mkdir, readFile, rm } from 'node:fs/promises';
import { execa } from 'execa';
import { writeFileAtomic } from '../config/write-file.js';

/** The outcome of one external command (systemctl, crontab). */
export interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The program does not exist on this machine. */
  missing: boolean;
}

/** Runs systemctl/crontab; injected so tests never touch the machine's scheduler. */
export interface ScheduleRunner {
  run(command: string, args: readonly string[], input?: string): Promise<CommandResult>;
}

/** File access of the scheduler; writes are atomic and never replace an existing file. */
export interface ScheduleFs {
  read(path: string): Promise<string | null>;
  create(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
  ensureDir(path: string): Promise<void>;
}

export const execaRunner: ScheduleRunner = {
  async run(command, args, input) {
    const r = await execa(command, args, {
      reject: false,
      timeout: 60_000,
      ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    });
    return {
      exitCode: r.exitCode ?? null,
      stdout: r.stdout,
      stderr: r.stderr,
      missing: r.code === 'ENOENT',
    };
  },
};

export const nodeScheduleFs: ScheduleFs = {
  async read(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  },
  create: (path, text) =>
    writeFileAtomic(path, text, {
      overwrite: false,
      mode: 0o644,
      what: 'unit file',
      existsHint: "see 'borgboi schedule show'; remove it with 'borgboi schedule remove'",
    }),
  remove: (path) => rm(path, { force: true }),
  ensureDir: async (path) => void (await mkdir(path, { recursive: true })),
};
