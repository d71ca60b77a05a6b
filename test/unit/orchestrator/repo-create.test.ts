import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST, NOW, PASS, useHarness } from '../../support/fakes/harness.js';

const harness = useHarness();

describe('createRepo', () => {
  it('saves a key file, runs borg init with the config defaults, writes exclusions, records', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'docs');
    const res = await h.orch.createRepo({ name: 'docs', path, backupTarget: h.target });

    expect(h.borg.verbs()).toEqual(['init', 'info']);
    const generated = h.store.passphrases.keys.get('docs');
    expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(h.borg.calls[0]).toMatchObject({
      repo: path,
      passphrase: generated,
      opts: { encryption: 'repokey', storageQuota: '100G', additionalFreeSpace: '2G' },
    });
    expect(res).toMatchObject({
      passphraseSource: 'generated',
      keyFile: h.store.passphrases.keyFilePath('docs'),
      warnings: [],
    });
    expect(res.repo).toMatchObject({
      name: 'docs',
      path,
      backup_target: h.target,
      hostname: HOST,
      os_platform: 'Linux',
      created_at: NOW,
      last_backup: null,
      passphrase: null,
      passphrase_file_path: h.store.passphrases.keyFilePath('docs'),
      passphrase_migrated: true,
    });
    expect(res.repo.metadata?.encryption.mode).toBe('repokey');
    expect(await h.store.metadata.getByName('docs')).toEqual(res.repo);
    const excl = await h.store.exclusions.show('docs');
    expect(excl.source).toBe('repo');
    expect(excl.lines.every((l) => l.startsWith('#'))).toBe(true);
    expect(JSON.stringify(res)).not.toContain(generated);
  });

  it('takes the passphrase, quota and encryption it is given', async () => {
    const h = harness();
    const res = await h.orch.createRepo({
      name: 'b2',
      path: join(h.root, 'repos', 'b2'),
      backupTarget: h.target,
      encryption: 'repokey-blake2',
      quota: '1.5t',
      passphrase: { cliValue: PASS },
    });
    expect(res.passphraseSource).toBe('cli');
    expect(h.borg.calls[0]).toMatchObject({
      passphrase: PASS,
      opts: { encryption: 'repokey-blake2', storageQuota: '1.5T' },
    });
  });

  it('makes an unencrypted repo without any passphrase or key file', async () => {
    const h = harness();
    const res = await h.orch.createRepo({
      name: 'open',
      path: join(h.root, 'repos', 'open'),
      backupTarget: h.target,
      encryption: 'none',
    });
    expect(res).toMatchObject({ passphraseSource: null, keyFile: null });
    expect(h.borg.calls[0]?.passphrase).toBeNull();
    expect(h.store.passphrases.keys.size).toBe(0);
    expect(res.repo.passphrase_file_path).toBeNull();
  });

  it('accepts an existing empty directory as the repo path', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'empty');
    mkdirSync(path);
    await h.orch.createRepo({ name: 'empty', path, backupTarget: h.target });
    expect(existsSync(join(path, 'config'))).toBe(true);
  });

  it('leaves a shared excludes.txt in charge instead of writing a repo file', async () => {
    const h = harness();
    h.store.exclusions.shared = ['*.tmp'];
    await h.orch.createRepo({
      name: 'x',
      path: join(h.root, 'repos', 'x'),
      backupTarget: h.target,
    });
    expect(h.store.exclusions.files.has('x')).toBe(false);
  });

  it('leaves nothing of ours when borg init fails', async () => {
    const h = harness();
    h.borg.failOn('init');
    const before = h.store.dump();
    await expect(
      h.orch.createRepo({
        name: 'docs',
        path: join(h.root, 'repos', 'docs'),
        backupTarget: h.target,
      }),
    ).rejects.toMatchObject({ code: 'borg' });
    expect(h.store.dump()).toBe(before);
  });

  it('makes missing parent dirs (borg init would refuse them), keeps existing ones', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'deep', 'er', 'docs');
    await h.orch.createRepo({ name: 'docs', path, backupTarget: h.target });
    expect(existsSync(join(path, 'config'))).toBe(true);
    h.borg.failOn('init');
    const other = join(h.root, 'repos', 'new', 'docs2');
    await expect(
      h.orch.createRepo({ name: 'docs2', path: other, backupTarget: h.target }),
    ).rejects.toMatchObject({ code: 'borg' });
    expect(existsSync(join(h.root, 'repos', 'new'))).toBe(false);
    expect(existsSync(join(h.root, 'repos', 'deep'))).toBe(true);
  });

  it('keeps a key file that existed before a failed init', async () => {
    const h = harness();
    h.store.passphrases.keys.set('docs', 'kept');
    h.borg.failOn('init');
    await expect(
      h.orch.createRepo({
        name: 'docs',
        path: join(h.root, 'repos', 'docs'),
        backupTarget: h.target,
      }),
    ).rejects.toThrow();
    expect(h.store.passphrases.keys.get('docs')).toBe('kept');
  });

  it('removes the new repo again when the record cannot be saved', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'docs');
    h.store.metadata.failNext('transaction');
    await expect(
      h.orch.createRepo({ name: 'docs', path, backupTarget: h.target }),
    ).rejects.toMatchObject({
      code: 'io',
    });
    expect(existsSync(path)).toBe(false);
    expect(h.store.passphrases.keys.has('docs')).toBe(false);
    expect(await h.store.metadata.list()).toEqual([]);
  });

  it('empties (not removes) a pre-existing empty dir when the record cannot be saved', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'docs');
    mkdirSync(path);
    h.store.metadata.failNext('transaction');
    await expect(
      h.orch.createRepo({ name: 'docs', path, backupTarget: h.target }),
    ).rejects.toThrow();
    expect(readdirSync(path)).toEqual([]);
  });

  it('writes the new record through to the table online; a table failure is only a warning', async () => {
    const h = harness({ online: true });
    await h.orch.createRepo({
      name: 'a',
      path: join(h.root, 'repos', 'a'),
      backupTarget: h.target,
    });
    expect(await h.remote.table.getByName('a')).toMatchObject({ name: 'a', hostname: HOST });
    h.remote.table.failNext('upsert');
    const res = await h.orch.createRepo({
      name: 'b',
      path: join(h.root, 'repos', 'b'),
      backupTarget: h.target,
    });
    expect(res.warnings.join()).toMatch(/DynamoDB table was not updated for 'b'/);
    expect(await h.store.metadata.getByName('b')).not.toBeNull();
  });
});

describe('importRepo', () => {
  it('proves access with borg info and a key export, then saves the key file and the record', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'legacy');
    await h.borg.seedRepo(path, { passphrase: PASS });
    const res = await h.orch.importRepo({
      name: 'legacy',
      path,
      backupTarget: h.target,
      passphrase: { cliValue: PASS },
    });
    expect(h.borg.verbs()).toEqual(['info', 'export-key']);
    expect(h.borg.calls.every((c) => c.passphrase === PASS && c.allowUnknownUnencrypted)).toBe(
      true,
    );
    expect(res).toMatchObject({
      encryption: 'repokey',
      keyFile: h.store.passphrases.keyFilePath('legacy'),
    });
    expect(h.store.passphrases.keys.get('legacy')).toBe(PASS);
    expect(await h.store.metadata.getByName('legacy')).toMatchObject({
      path,
      passphrase_migrated: true,
      passphrase_file_path: res.keyFile,
    });
  });

  it('imports an unencrypted repo borg has not seen (no key export, no key file)', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'plain');
    await h.borg.seedRepo(path, { encryption: 'none', known: false });
    const res = await h.orch.importRepo({ name: 'plain', path, backupTarget: h.target });
    expect(h.borg.verbs()).toEqual(['info']);
    expect(res).toMatchObject({ encryption: 'none', keyFile: null });
    expect(h.store.passphrases.keys.size).toBe(0);
  });

  it('uses an existing key file without rewriting it', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'k');
    await h.borg.seedRepo(path, { passphrase: 'in-file' });
    h.store.passphrases.keys.set('k', 'in-file');
    const res = await h.orch.importRepo({ name: 'k', path, backupTarget: h.target });
    expect(res.keyFile).toBe(h.store.passphrases.keyFilePath('k'));
    expect(h.borg.calls[0]?.passphrase).toBe('in-file');
  });

  it('registers nothing when the passphrase is wrong', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'legacy');
    await h.borg.seedRepo(path, { passphrase: PASS });
    const before = h.store.dump();
    await expect(
      h.orch.importRepo({
        name: 'legacy',
        path,
        backupTarget: h.target,
        passphrase: { cliValue: 'nope' },
      }),
    ).rejects.toMatchObject({ code: 'borg', kind: 'passphrase-wrong' });
    expect(h.store.dump()).toBe(before);
  });
});
