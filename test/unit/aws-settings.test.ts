import { describe, expect, it } from 'vitest';
import { createS3Client, resolveAwsSettings } from '../../src/aws/clients.js';
import { multipartLimits } from '../../src/aws/s3-mirror.js';
import {
  classifyRepoFile,
  copySource,
  isIgnoredRepoPath,
  prefixRoot,
  relativeKey,
} from '../../src/aws/s3-keys.js';
import { testConfig } from '../support/aws.js';

const config = testConfig({ region: 'eu-central-1', profile: 'cfg-profile' });

describe('resolveAwsSettings: the standard AWS env wins over config', () => {
  it.each([
    [{}, { region: 'eu-central-1', profile: 'cfg-profile', s3Endpoint: undefined, maxAttempts: 5 }],
    [
      { AWS_REGION: 'us-east-2', AWS_PROFILE: 'env-profile', AWS_MAX_ATTEMPTS: '2' },
      { region: 'us-east-2', profile: 'env-profile', maxAttempts: 2 },
    ],
    [{ AWS_DEFAULT_REGION: 'ap-south-1' }, { region: 'ap-south-1' }],
    [{ AWS_REGION: '  ' }, { region: 'eu-central-1' }],
    [{ AWS_MAX_ATTEMPTS: 'zero' }, { maxAttempts: 5 }],
    [
      { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000', AWS_ENDPOINT_URL: 'http://other:1' },
      { s3Endpoint: 'http://127.0.0.1:9000', dynamodbEndpoint: 'http://other:1' },
    ],
    [
      {
        AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
        AWS_RESPONSE_CHECKSUM_VALIDATION: 'bogus',
      },
      { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: undefined },
    ],
    [
      { AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK', AWS_SESSION_TOKEN: 'ST' },
      { credentials: { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST' } },
    ],
    [{ AWS_ACCESS_KEY_ID: 'AK' }, { credentials: undefined }],
  ])('%j', (env, expected) => {
    expect(resolveAwsSettings(config, env)).toMatchObject(expected);
  });

  it('an endpoint turns on path-style addressing; standard retries always', async () => {
    const s = resolveAwsSettings(config, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' });
    const client = createS3Client(s);
    expect(client.config.forcePathStyle).toBe(true);
    expect((await client.config.retryStrategy()).constructor.name).toBe('StandardRetryStrategy');
    expect(await client.config.maxAttempts()).toBe(5);
    expect(await client.config.region()).toBe('eu-central-1');
  });
});

describe('borg repository keys', () => {
  it.each([
    ['data/0/17', 'segment'],
    ['data/12/12034', 'segment'],
    ['index.17', 'state'],
    ['hints.17', 'state'],
    ['integrity.17', 'state'],
    ['nonce', 'state'],
    ['config', 'config'],
    ['README', 'other'],
    ['data/0/17.tmp', 'other'],
  ])('%s is a %s file', (rel, kind) => {
    expect(classifyRepoFile(rel)).toBe(kind);
  });

  it.each([
    ['lock.roster', true],
    ['lock.exclusive', true],
    ['lock.exclusive/host.1-2', true],
    ['lock.exclusive.k3Xq9a/vm@1.42-0', true],
    ['lock.roster.42.tmp', true],
    ['data/0/3.bb-part', true],
    ['.borgboi-restore-incomplete', true],
    ['lock.rosterx', false],
    ['config', false],
  ])('%s ignored: %s', (rel, ignored) => {
    expect(isIgnoredRepoPath(rel)).toBe(ignored);
  });

  it.each([
    ['name/config', 'config'],
    ['name/data/0/1', 'data/0/1'],
    ['name2/config', null],
    ['name/', null],
    ['name/data/', null],
    ['name/../etc/passwd', null],
    ['name//x', null],
    ['name/./x', null],
  ])('relativeKey(name/, %s) = %j', (key, rel) => {
    expect(relativeKey(prefixRoot('name'), key)).toBe(rel);
  });

  it('CopySource encodes each key segment', () => {
    expect(copySource('b', 'my repo/da+ta/0/1')).toBe('b/my%20repo/da%2Bta/0/1');
  });

  it.each([
    [16, { queueSize: 2, slots: 2 }],
    [5, { queueSize: 4, slots: 3 }],
    [64, { queueSize: 1, slots: 1 }],
  ])('multipart buffers for %i MiB parts stay bounded: %j', (mb, limits) => {
    expect(multipartLimits(mb * 1024 * 1024)).toEqual(limits);
  });
});
