import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp.js';
import { renderConfigurationMarkdown } from './docs.js';
import { loadConfig } from './load.js';
import { makeConfigSchema } from './schema.js';
import { configKeyDocs, typeLabel } from './schema-doc.js';
import { describeOf, leafPaths, schemaAt } from './schema-walk.js';
import { renderDefaultConfig } from './template.js';
import { writeFileAtomic } from './write-file.js';

const tmp = useTempDirs();

describe('renderDefaultConfig', () => {
  it('loads back to exactly the defaults, every key coming from the file', async () => {
    const home = tmp();
    const base = join(home, '.borgboi');
    await writeFileAtomic(join(base, 'config.yaml'), renderDefaultConfig(base), {
      overwrite: false,
    });
    const c = await loadConfig({ env: { BORGBOI_HOME: home }, cwd: home, platform: 'linux' });
    expect(c.config).toEqual(makeConfigSchema(base).parse({}));
    expect(c.warnings).toEqual([]);
    expect(Object.values(c.sources).every((s) => s === 'file')).toBe(true);
  });

  it('puts each key description above the key as a comment', () => {
    const text = renderDefaultConfig('/b');
    const schema = makeConfigSchema('/b');
    expect(text).toMatch(/^# borgboi configuration, written by 'borgboi config init'/);
    expect(text).toContain('    # Archives kept per day by prune\n    keep_daily: 7\n');
    expect(text).toContain('  # borg --compression spec\n  compression: zstd,6\n');
    expect(text).toContain(
      '# AWS: the S3 mirror and the DynamoDB repo table (used only when online)\naws:\n',
    );
    for (const path of leafPaths(schema)) {
      const d = describeOf(schemaAt(schema, path)!);
      if (d) expect(text).toContain(`# ${d}\n`);
    }
    expect(parse(text)).toMatchObject({ offline: true, checks: [], aws: { profile: null } });
  });
});

describe('writeFileAtomic', () => {
  it('refuses to replace a file unless asked, leaving nothing behind', async () => {
    const dir = tmp();
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'old: 1\n');
    await expect(writeFileAtomic(file, 'new: 1\n', { overwrite: false })).rejects.toMatchObject({
      code: 'already-exists',
      exitCode: 2,
      message: `config file ${file} already exists`,
    });
    expect(readFileSync(file, 'utf8')).toBe('old: 1\n');
    expect(readdirSync(dir)).toEqual(['config.yaml']);
    await writeFileAtomic(file, 'new: 1\n', { overwrite: true });
    expect(readFileSync(file, 'utf8')).toBe('new: 1\n');
    expect(readdirSync(dir)).toEqual(['config.yaml']);
  });

  it('of two concurrent no-clobber writers exactly one wins; the file is whole', async () => {
    const file = join(tmp(), 'sub', 'config.yaml');
    const results = await Promise.allSettled([
      writeFileAtomic(file, 'a: 1\n'.repeat(1000), { overwrite: false }),
      writeFileAtomic(file, 'b: 2\n'.repeat(1000), { overwrite: false }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(['a: 1\n'.repeat(1000), 'b: 2\n'.repeat(1000)]).toContain(readFileSync(file, 'utf8'));
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe('configuration docs', () => {
  it('has a row per key with type, default and env name', () => {
    const md = renderConfigurationMarkdown();
    const schema = makeConfigSchema('~/.borgboi');
    for (const d of configKeyDocs(schema, schema.parse({}))) {
      expect(md).toContain(`| \`${d.key}\` | `);
    }
    expect(md).toContain(
      '| `borg.retention.keep_daily` | integer 0–10000 | `7` | `BORGBOI_BORG__RETENTION__KEEP_DAILY` | Archives kept per day by prune |',
    );
    expect(md).toContain('| `borg.default_repo_path` | string | `~/.borgboi/repositories` |');
    expect(md).toContain('| `checks[].kind` | one of: repository, archives, data, spot |  |  |');
    expect(md).toContain(
      '| `logging.level` | one of: debug, info, warning, error, critical | `info` |',
    );
  });

  it.each([
    [['aws', 'profile'], 'string or null'],
    [['monitoring', 'ping_timeout'], 'number 0.1–120'],
    [['offline'], 'boolean'],
    [['hooks', 'on_error'], 'list'],
  ])('typeLabel(%j) = %s', (path, label) => {
    expect(typeLabel(schemaAt(makeConfigSchema('/b'), path)!)).toBe(label);
  });
});
