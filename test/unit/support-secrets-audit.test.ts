import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  descendantPids,
  scanFiles,
  scanText,
  startSecretsAudit,
  type SecretsAudit,
} from '../support/secrets-audit.js';
import { useTempDirs } from '../support/temp.js';

const SECRET = 'hunter2-correct-horse-battery';
const OTHER = 'second-secret-value';

describe('secrets audit of a process tree', () => {
  const children: ChildProcess[] = [];
  let audit: SecretsAudit | undefined;
  afterEach(async () => {
    audit?.stop();
    for (const c of children.splice(0)) {
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
        await once(c, 'exit');
      }
    }
  });

  /** `sh` blocked on `read` until the test closes its stdin, so it lives as long as needed. */
  function blockedShell(script: string, args: string[] = [], env: Record<string, string> = {}) {
    const child = spawn('sh', ['-c', script, ...args], {
      stdio: ['pipe', 'ignore', 'inherit'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    });
    children.push(child);
    return child;
  }
  async function finish(child: ChildProcess) {
    child.stdin!.end();
    await once(child, 'exit');
  }

  it('finds the secret in argv of a child', async () => {
    const child = blockedShell('read line', [SECRET]);
    audit = startSecretsAudit({ rootPid: child.pid!, secrets: [OTHER, SECRET], intervalMs: 2 });
    await vi.waitFor(() => expect(audit!.seen.has(child.pid!)).toBe(true));
    await finish(child);
    expect(audit.stop()).toEqual([
      { pid: child.pid, command: 'sh', where: 'cmdline', field: 'argv[3]', secretIndex: 1 },
    ]);
  });

  it('finds the secret in the environment of a child', async () => {
    const child = blockedShell('read line', [], { BB_TEST_PASSPHRASE: SECRET });
    audit = startSecretsAudit({ rootPid: child.pid!, secrets: [SECRET] });
    await vi.waitFor(() => expect(audit!.seen.has(child.pid!)).toBe(true));
    await finish(child);
    expect(audit.stop()).toEqual([
      expect.objectContaining({ where: 'environ', field: 'BB_TEST_PASSPHRASE', secretIndex: 0 }),
    ]);
  });

  it('walks the ppid chain: a grandchild holding the secret is caught, its parent is not', async () => {
    // The parent reads the secret from a pipe and passes it to its own child on argv.
    const parent = blockedShell('read s; sh -c "read x" "$s"; :');
    audit = startSecretsAudit({ rootPid: process.pid, secrets: [SECRET], intervalMs: 2 });
    parent.stdin!.write(`${SECRET}\n`);
    await vi.waitFor(() => expect(audit!.hits).toHaveLength(1));
    const [hit] = audit.hits;
    expect(descendantPids(parent.pid!, 'stat')).toEqual([hit!.pid]);
    expect(descendantPids(parent.pid!, 'children')).toEqual([hit!.pid]);
    await finish(parent);
    expect(audit.stop()).toEqual([expect.objectContaining({ command: 'sh', where: 'cmdline' })]);
    expect(audit.seen.has(parent.pid!)).toBe(true);
  });

  it('does not flag a secret that only travels over a pipe', async () => {
    const child = blockedShell('read a; read b');
    audit = startSecretsAudit({ rootPid: child.pid!, secrets: [SECRET], intervalMs: 2 });
    child.stdin!.write(`${SECRET}\n`);
    const after = audit.samples;
    await vi.waitFor(() => expect(audit!.samples).toBeGreaterThan(after + 2));
    await finish(child);
    expect(audit.stop()).toEqual([]);
    expect(audit.seen.get(child.pid!)).toBe('sh');
  });

  it.each([[[]], [['short']]])('refuses unusable secrets %j', (secrets) => {
    expect(() => startSecretsAudit({ rootPid: process.pid, secrets })).toThrow(/secret/);
  });
});

describe('scanText', () => {
  it.each([
    { text: 'nothing here', hits: [] },
    { text: `pass=${SECRET}`, hits: [{ secretIndex: 0, offset: 5, line: 1 }] },
    {
      text: `a\nb ${OTHER}\n${SECRET}${SECRET}`,
      hits: [
        { secretIndex: 1, offset: 4, line: 2 },
        { secretIndex: 0, offset: 24, line: 3 },
        { secretIndex: 0, offset: 24 + SECRET.length, line: 3 },
      ],
    },
    { text: JSON.stringify({ error: { message: `bad ${SECRET}` } }), hits: [expect.anything()] },
  ])('finds every occurrence in $text', ({ text, hits }) => {
    expect(scanText(text, [SECRET, OTHER])).toEqual(hits);
  });
});

describe('scanFiles', () => {
  const tmp = useTempDirs();

  function tree() {
    const dir = tmp();
    mkdirSync(join(dir, 'passphrases'), { mode: 0o700 });
    mkdirSync(join(dir, 'logs/deep'), { recursive: true });
    writeFileSync(join(dir, 'passphrases/home.key'), SECRET, { mode: 0o600 });
    writeFileSync(join(dir, 'logs/deep/run.log'), `line 1\nline 2 ${SECRET}\n`);
    writeFileSync(join(dir, 'clean.json'), '{"ok":true}');
    // The secret straddles the 7-byte read chunks of the test, with binary noise around it.
    writeFileSync(
      join(dir, 'blob.bin'),
      Buffer.concat([Buffer.from([0, 1, 10, 255]), Buffer.from(OTHER)]),
    );
    writeFileSync(join(dir, `leak-${OTHER}.txt`), 'name only');
    symlinkSync('/etc/passwd', join(dir, 'link'));
    return dir;
  }

  it('reports content and file-name hits with line numbers, skipping only the allow-listed key file', async () => {
    const dir = tree();
    const r = await scanFiles(dir, [SECRET, OTHER], {
      allow: ['passphrases/home.key'],
      chunkBytes: 7,
    });
    expect(r.skipped).toEqual([join(dir, 'passphrases/home.key')]);
    expect(r.filesScanned).toBe(4);
    expect(r.hits).toEqual([
      { path: join(dir, 'blob.bin'), where: 'content', secretIndex: 1, offset: 4, line: 2 },
      { path: join(dir, `leak-${OTHER}.txt`), where: 'name', secretIndex: 1, offset: 0, line: 0 },
      {
        path: join(dir, 'logs/deep/run.log'),
        where: 'content',
        secretIndex: 0,
        offset: 14,
        line: 2,
      },
    ]);
  });

  it('finds the key file itself when it is not allow-listed', async () => {
    const dir = tree();
    const r = await scanFiles([dir], [SECRET], { chunkBytes: 5 });
    expect(r.skipped).toEqual([]);
    expect(r.hits.map((h) => h.path)).toEqual([
      join(dir, 'logs/deep/run.log'),
      join(dir, 'passphrases/home.key'),
    ]);
  });

  it('allow-lists a whole directory by absolute path', async () => {
    const dir = tree();
    const r = await scanFiles(dir, [SECRET], { allow: [join(dir, 'passphrases'), 'logs'] });
    expect(r.hits).toEqual([]);
    expect(r.skipped).toEqual([join(dir, 'logs'), join(dir, 'passphrases')]);
  });
});
