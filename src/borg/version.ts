import { BorgboiError } from '../core/errors.js';

export interface BorgVersion {
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

/** The borg releases this client speaks to (borg 1.x syntax, `borg compact`, `--log-json` msgids). */
export const SUPPORTED_BORG_RANGE = '>= 1.2.0 and < 2.0';

/** Parses `borg --version` output such as `borg 1.2.4`. */
export function parseBorgVersion(text: string): BorgVersion | null {
  const m = /(\d+)\.(\d+)\.(\d+)\S*/.exec(text);
  if (!m) return null;
  return { raw: m[0], major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** The `--show-version` log line (`borgbackup version 1.2.4`), or null for any other message. */
export function parseShowVersionMessage(message: string): BorgVersion | null {
  const m = /^borgbackup version (\S+)/.exec(message);
  return m ? parseBorgVersion(m[1]!) : null;
}

export function isSupportedBorgVersion(v: BorgVersion): boolean {
  return v.major === 1 && v.minor >= 2;
}

/** Throws borg-unsupported for a borg outside SUPPORTED_BORG_RANGE; returns it otherwise. */
export function assertSupportedBorgVersion(v: BorgVersion, executable: string): BorgVersion {
  if (isSupportedBorgVersion(v)) return v;
  throw new BorgboiError(
    'borg-unsupported',
    `borg ${v.raw} (${executable}) is not supported; borgboi needs borg ${SUPPORTED_BORG_RANGE}`,
    {
      hint: 'install borg 1.2.x or 1.4.x (apt-get install borgbackup) or point borg.executable_path at one',
      details: { version: v.raw, supported: SUPPORTED_BORG_RANGE },
    },
  );
}

export function borgMissingError(executable: string, cause?: unknown): BorgboiError {
  return new BorgboiError('borg-missing', `borg executable '${executable}' was not found`, {
    hint: 'install borgbackup (apt-get install borgbackup) or set borg.executable_path',
    cause,
  });
}

/** Runs `<executable> --version`; a missing binary is a clear borg-missing error. */
export async function detectBorgVersion(executable: string): Promise<BorgVersion> {
  // Imported here: the client's other calls do not use execa (see runner.ts).
  const { execa } = await import('execa');
  const r = await execa(executable, ['--version'], { reject: false, stdin: 'ignore' });
  if (r.failed && (r.code === 'ENOENT' || r.exitCode === undefined)) {
    throw borgMissingError(executable, r.code);
  }
  const v = parseBorgVersion(`${r.stdout}\n${r.stderr}`);
  if (r.exitCode !== 0 || !v) {
    throw new BorgboiError('borg-missing', `'${executable} --version' did not report a version`, {
      hint: `check borg.executable_path points at borg`,
    });
  }
  return v;
}
