import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp.js';
import type { LoadedConfig } from './load.js';
import { borgboiPaths } from './paths.js';
import { makeConfigSchema } from './schema.js';
import { validateConfig, type ConfigProbes } from './validate.js';
import { makeWhich } from './which.js';

const paths = borgboiPaths('/home/u');

function loaded(values: Record<string, unknown>, warnings: string[] = []): LoadedConfig {
  const config = makeConfigSchema(paths.baseDir).parse(values);
  return { config, paths, file: null, sources: {}, envNames: {}, warnings };
}

const found: ConfigProbes = {
  which: (exe) => (exe === 'missing-tool' || exe === '/opt/nope/borg' ? null : `/usr/bin/${exe}`),
};

describe('validateConfig', () => {
  it('accepts the defaults (offline, borg on PATH)', () => {
    expect(validateConfig(loaded({}), found)).toEqual({ problems: [], warnings: [] });
  });

  it.each([
    [
      { borg: { executable_path: 'missing-tool' } },
      'borg.executable_path',
      /borg executable 'missing-tool' was not found on PATH; install borgbackup/,
    ],
    [
      { borg: { executable_path: '/opt/nope/borg' } },
      'borg.executable_path',
      /\/opt\/nope\/borg does not exist or is not executable/,
    ],
    [
      { borg: { compression: 'zstd,99' } },
      'borg.compression',
      /compression 'zstd,99': zstd level '99' is not 1-22/,
    ],
    [
      { borg: { retention: { keep_daily: 0, keep_weekly: 0, keep_monthly: 0 } } },
      'borg.retention',
      /keeps nothing/,
    ],
    [
      { borg: { storage_quota: '5M' } },
      'borg.storage_quota',
      /below borg's minimum; use at least 10M/,
    ],
    [
      { borg: { default_repo_path: 'relative/repos' } },
      'borg.default_repo_path',
      /is not absolute/,
    ],
    [
      { offline: false, aws: { s3_bucket: '' } },
      'aws.s3_bucket',
      /aws.s3_bucket is empty but borgboi is online; set aws.s3_bucket \(or BORGBOI_AWS__S3_BUCKET\), or run offline/,
    ],
    [
      { offline: false, aws: { dynamodb_repos_table: ' ' } },
      'aws.dynamodb_repos_table',
      /is empty but borgboi is online/,
    ],
    [{ offline: false, aws: { region: '' } }, 'aws.region', /aws.region is empty/],
    [
      { checks: [{ kind: 'data' }, { kind: 'data', frequency: '1 month' }] },
      'checks[1].kind',
      /the 'data' check is listed twice/,
    ],
    [
      { hooks: { after_backup: [['logger', '{repo} {status}']] } },
      'hooks.after_backup[0]',
      /unknown placeholder \{status\}; use \{repo\}, \{archive\} or \{result\}/,
    ],
    [
      { monitoring: { ping_url: 'hc-ping.com/abc' } },
      'monitoring.ping_url',
      /not an http\(s\) URL/,
    ],
    [{ monitoring: { textfile: 'metrics.prom' } }, 'monitoring.textfile', /is not absolute/],
  ])('%j → problem at %s', (values, key, message) => {
    const { problems } = validateConfig(loaded(values), found);
    expect(problems).toEqual([{ key, message: expect.stringMatching(message) }]);
  });

  it('AWS settings are not required offline', () => {
    const r = validateConfig(loaded({ offline: true, aws: { s3_bucket: '', region: '' } }), found);
    expect(r.problems).toEqual([]);
  });

  it('AWS_REGION stands in for an empty aws.region', () => {
    const r = validateConfig(loaded({ offline: false, aws: { region: '' } }), found, {
      AWS_REGION: 'eu-west-1',
    });
    expect(r.problems).toEqual([]);
  });

  it('reports every problem at once and passes loader warnings through', () => {
    const r = validateConfig(
      loaded(
        {
          borg: { executable_path: 'missing-tool', compression: 'gzip' },
          offline: false,
          aws: { s3_bucket: '' },
          hooks: { on_error: [['missing-tool', '{result}']] },
          monitoring: { textfile: '/var/lib/node_exporter/borgboi.txt' },
        },
        ["unknown key 'x' in f is ignored"],
      ),
      found,
    );
    expect(r.problems.map((p) => p.key)).toEqual([
      'borg.executable_path',
      'borg.compression',
      'aws.s3_bucket',
    ]);
    expect(r.warnings).toEqual([
      "unknown key 'x' in f is ignored",
      "hooks.on_error[0]: program 'missing-tool' is not found on PATH here; hooks run it as given",
      expect.stringMatching(/does not end in \.prom; node_exporter reads only \*\.prom files/),
    ]);
  });
});

describe('makeWhich', () => {
  const tmp = useTempDirs();
  it('finds executables on PATH, honours explicit paths, skips non-executables', () => {
    const a = tmp();
    const b = tmp();
    writeFileSync(join(a, 'tool'), '#!/bin/sh\n');
    writeFileSync(join(b, 'tool'), '#!/bin/sh\n');
    chmodSync(join(b, 'tool'), 0o755);
    mkdirSync(join(a, 'dir'));
    const which = makeWhich(`${a}::${b}`, '/');
    expect(which('tool')).toBe(join(b, 'tool'));
    expect(which('dir')).toBeNull();
    expect(which('absent')).toBeNull();
    expect(which(join(b, 'tool'))).toBe(join(b, 'tool'));
    expect(which(join(a, 'tool'))).toBeNull();
    expect(makeWhich(undefined, '/')('tool')).toBeNull();
  });
});
