import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Passphrase } from '../../src/core/secret.js';
import { makeBorgClient } from '../support/borg.js';

// Only borg 1.2.4 is installed here, so other releases are played by small scripts that answer
// the way those releases do: `--version`, the `--show-version` log line, an argparse error.
const root = mkdtempSync(join(tmpdir(), 'bb-borg-ver-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ctx = { passphrase: Passphrase.of('unused') };

function fakeBorg(name: string, body: string): string {
  const path = join(root, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const showVersion = (v: string) =>
  `echo '{"type": "log_message", "time": 1, "message": "borgbackup version ${v}", "levelname": "INFO", "name": "borg.output.show-version"}' >&2`;

describe('BorgClient: only borg 1.2 to < 2 is used', () => {
  it('version(): an old borg is borg-unsupported, naming the supported range', async () => {
    const exe = fakeBorg('borg-1.1', 'echo "borg 1.1.18"');
    await expect(makeBorgClient(root, { executable: exe }).version()).rejects.toMatchObject({
      code: 'borg-unsupported',
      message: expect.stringMatching(
        /borg 1\.1\.18 .* not supported; borgboi needs borg >= 1\.2\.0 and < 2\.0/,
      ),
    });
  });

  it('an unsupported --show-version line stops that borg at once', async () => {
    const exe = fakeBorg('borg-1.1-run', `${showVersion('1.1.18')}\nexec sleep 60`);
    const client = makeBorgClient(root, { executable: exe });
    await expect(client.listArchives(join(root, 'repo'), ctx)).rejects.toMatchObject({
      code: 'borg-unsupported',
    });
    // Known now: the next call fails without starting anything.
    await expect(client.compact(join(root, 'repo'), ctx)).rejects.toMatchObject({
      code: 'borg-unsupported',
    });
  });

  it('a borg 2 that rejects 1.x argv is reported as unsupported, not as its usage error', async () => {
    const exe = fakeBorg(
      'borg-2',
      '[ "$1" = "--version" ] && { echo "borg 2.0.0b14"; exit 0; }\necho "borg: error: unrecognized arguments" >&2\nexit 2',
    );
    await expect(
      makeBorgClient(root, { executable: exe }).listArchives('/r', ctx),
    ).rejects.toMatchObject({
      code: 'borg-unsupported',
      message: expect.stringMatching(/borg 2\.0\.0b14/),
    });
  });

  it('the installed borg: no extra `borg --version` start, the first call tells the version', async () => {
    const calls = join(root, 'calls.txt');
    const exe = fakeBorg('borg-counting', `echo "$*" >> ${calls}\nexec borg "$@"`);
    const client = makeBorgClient(join(root, 'base'), { executable: exe });
    await client.listArchives(join(root, 'missing'), ctx).catch(() => undefined);
    expect(await client.version()).toMatchObject({ major: 1, minor: 2 });
    await client.listArchives(join(root, 'missing'), ctx).catch(() => undefined);
    const argvs = readFileSync(calls, 'utf8').trim().split('\n');
    expect(argvs).toHaveLength(2);
    expect(argvs[0]).toMatch(/^list --log-json --show-version /);
    expect(argvs[1]).not.toMatch(/--show-version/);
  });
});
