import { execa } from 'execa';
import { BorgboiError } from '../core/errors.js';

export interface BorgVersion {
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

/** Parses `borg --version` output such as `borg 1.2.4`. */
export function parseBorgVersion(text: string): BorgVersion | null {
  const m = /(\d+)\.(\d+)\.(\d+)\S*/.exec(text);
  if (!m) return null;
  return { raw: m[0], major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** Runs `<executable> --version`; a missing binary is a clear borg-missing error. */
export async function detectBorgVersion(executable: string): Promise<BorgVersion> {
  const r = await execa(executable, ['--version'], { reject: false, stdin: 'ignore' });
  if (r.failed && (r.code === 'ENOENT' || r.exitCode === undefined)) {
    throw new BorgboiError('borg-missing', `borg executable '${executable}' was not found`, {
      hint: `install borgbackup (apt-get install borgbackup) or set borg.executable_path`,
    });
  }
  const v = parseBorgVersion(`${r.stdout}\n${r.stderr}`);
  if (r.exitCode !== 0 || !v) {
    throw new BorgboiError('borg-missing', `'${executable} --version' did not report a version`, {
      hint: `check borg.executable_path points at borg`,
    });
  }
  return v;
}
