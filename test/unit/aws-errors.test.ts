import {
  DynamoDBClient,
  DynamoDBServiceException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  ListObjectsV2Command,
  NoSuchBucket,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMetadataStore } from '../../src/aws/dynamo-table.js';
import { SdkS3Mirror } from '../../src/aws/s3-mirror.js';
import { useTempDirs } from '../support/temp.js';

const tempDir = useTempDirs();

const creds = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

function mirrorOn(client: S3Client, bucket = 'bkt'): SdkS3Mirror {
  return new SdkS3Mirror({
    client,
    bucket,
    storageClass: 'STANDARD',
    concurrency: 2,
    partSizeMb: 8,
  });
}

function storeOn(client: DynamoDBClient): DynamoMetadataStore {
  return new DynamoMetadataStore({
    client: DynamoDBDocumentClient.from(client),
    table: 'bb-repos',
    hostname: 'h',
    region: 'eu-west-1',
  });
}

/** A request handler answering from a script: the real SDK stack (signing, retries) runs. */
function scripted(
  responses: (() => { statusCode: number; headers: Record<string, string>; body: string })[],
  opts: { drain?: boolean } = {},
) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    handler: {
      handle: async (request: { body?: unknown }) => {
        const body = request.body as { resume?: () => void } | undefined;
        if (opts.drain !== false) body?.resume?.(); // drain a streamed upload body
        const r = responses[Math.min(calls++, responses.length - 1)]!();
        return { response: { ...r, body: Readable.from([Buffer.from(r.body)]) } };
      },
    },
  };
}

const slowDown = () => ({
  statusCode: 503,
  headers: { 'content-type': 'application/xml' },
  body: '<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
});
const putOk = () => ({ statusCode: 200, headers: { etag: '"abc"' }, body: '' });
const emptyListing = () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/xml' },
  body: '<?xml version="1.0"?><ListBucketResult><Name>bkt</Name><Prefix>r/</Prefix><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>',
});

describe('AWS failures become one-line errors with a fix (real SDK stack)', () => {
  it('throttling is retried with backoff and succeeds when the server recovers', async () => {
    const s = scripted([slowDown, slowDown, emptyListing]);
    const client = new S3Client({
      region: 'us-east-1',
      credentials: creds,
      maxAttempts: 3,
      requestHandler: s.handler,
    });
    await expect(mirrorOn(client).prefixStats('r')).resolves.toEqual({
      total_size_bytes: 0,
      object_count: 0,
      last_modified: null,
    });
    expect(s.calls).toBe(3);
  });

  it('throttling that outlasts the retries names the attempts and the fix', async () => {
    const s = scripted([slowDown]);
    const client = new S3Client({
      region: 'us-east-1',
      credentials: creds,
      maxAttempts: 2,
      requestHandler: s.handler,
    });
    await expect(mirrorOn(client).prefixStats('r')).rejects.toMatchObject({
      code: 'aws',
      exitCode: 1,
      message: 'cannot list s3://bkt/r/: AWS throttled the request (SlowDown) after 2 attempts',
      hint: expect.stringContaining('aws.s3_concurrency'),
    });
    expect(s.calls).toBe(2);
  });

  it.each([
    ['503, 503, 200: retried, uploaded', [slowDown, slowDown, putOk], 3, null],
    [
      '503 throughout: clear error',
      [slowDown],
      3,
      'AWS throttled the request (SlowDown) after 3 attempts',
    ],
  ])('streamed PutObject (1 MiB < size <= part size), %s', async (_l, script, calls, message) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data', '0'), { recursive: true });
    writeFileSync(join(dir, 'config'), 'x');
    writeFileSync(join(dir, 'data', '0', '1'), Buffer.alloc(2 * 1024 * 1024, 7));
    const s = scripted([emptyListing, ...script]);
    const client = new S3Client({
      region: 'us-east-1',
      credentials: creds,
      maxAttempts: 3,
      requestHandler: s.handler,
    });
    const mirror = new SdkS3Mirror({
      client,
      bucket: 'bkt',
      storageClass: 'STANDARD',
      concurrency: 1,
      partSizeMb: 8,
      maxAttempts: 3,
    });
    const run = mirror.sync(dir, 'r', {});
    if (message === null)
      await expect(run).resolves.toMatchObject({
        uploaded: [{ key: 'r/config' }, { key: 'r/data/0/1' }],
      });
    else
      await expect(run).rejects.toMatchObject({
        message: `cannot upload s3://bkt/r/data/0/1: ${message}`,
      });
    // one listing, then the segment's attempts (config never goes up after a failed segment)
    expect(s.calls).toBe(1 + calls + (message === null ? 2 : 0));
  });

  it('a streamed PutObject answered before its body was read leaves no file open', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data', '0'), { recursive: true });
    writeFileSync(join(dir, 'config'), 'x');
    const segment = join(dir, 'data', '0', '1');
    writeFileSync(segment, Buffer.alloc(2 * 1024 * 1024, 7));
    // S3 may answer an error before it reads the body; such a stream is never read to its end.
    const s = scripted([emptyListing, slowDown], { drain: false });
    const client = new S3Client({
      region: 'us-east-1',
      credentials: creds,
      maxAttempts: 2,
      requestHandler: s.handler,
    });
    const mirror = new SdkS3Mirror({
      client,
      bucket: 'bkt',
      storageClass: 'STANDARD',
      concurrency: 1,
      partSizeMb: 8,
      maxAttempts: 2,
    });
    await expect(mirror.sync(dir, 'r', {})).rejects.toMatchObject({ code: 'aws' });
    // An open, unread stream would also raise an uncaught error once the file is gone.
    await expect.poll(() => openFdsOf(segment), { timeout: 5000 }).toBe(0);
  });

  it('a 5xx that outlasts the retries names the server error, the attempts and the fix', async () => {
    const s = scripted([
      () => ({
        statusCode: 500,
        headers: { 'content-type': 'application/xml' },
        body: '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
      }),
    ]);
    const client = new S3Client({
      region: 'us-east-1',
      credentials: creds,
      maxAttempts: 2,
      requestHandler: s.handler,
    });
    await expect(mirrorOn(client).prefixStats('r')).rejects.toMatchObject({
      code: 'aws',
      exitCode: 1,
      message: 'cannot list s3://bkt/r/: AWS failed with InternalError (HTTP 500) after 2 attempts',
      hint: expect.stringMatching(/^a server-side AWS problem: retry later/),
    });
    expect(s.calls).toBe(2);
  });

  it('DynamoDB throttling (ProvisionedThroughputExceeded) after retries', async () => {
    const s = scripted([
      () => ({
        statusCode: 400,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        }),
      }),
    ]);
    const client = new DynamoDBClient({
      region: 'eu-west-1',
      credentials: creds,
      maxAttempts: 2,
      requestHandler: s.handler,
    });
    await expect(storeOn(client).list()).rejects.toMatchObject({
      message:
        'cannot scan table bb-repos: AWS throttled the request (ProvisionedThroughputExceededException) after 2 attempts',
    });
    expect(s.calls).toBe(2);
  });

  it('missing credentials: one line saying where credentials come from', async () => {
    const client = new S3Client({
      region: 'us-east-1',
      credentials: async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        });
      },
    });
    await expect(mirrorOn(client).bucketStats()).rejects.toMatchObject({
      code: 'aws',
      message: 'cannot list s3://bkt/: no AWS credentials found',
      hint: expect.stringContaining('AWS_PROFILE'),
    });
  });

  describe('network down', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      // Grab a free port, then close it: connecting there is refused.
      server = createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
      await new Promise<void>((r) => server.close(() => r()));
    });

    it.each([
      [
        'S3',
        () =>
          mirrorOn(
            new S3Client({
              region: 'us-east-1',
              credentials: creds,
              maxAttempts: 2,
              endpoint: `http://127.0.0.1:${port}`,
              forcePathStyle: true,
            }),
            'bkt',
          ).prefixStats('r'),
      ],
      [
        'DynamoDB',
        () =>
          new DynamoMetadataStore({
            client: DynamoDBDocumentClient.from(
              new DynamoDBClient({
                region: 'eu-west-1',
                credentials: creds,
                maxAttempts: 2,
                endpoint: `http://127.0.0.1:${port}`,
              }),
            ),
            table: 'bb-repos',
            hostname: 'h',
            endpoint: `http://127.0.0.1:${port}`,
          }).list(),
      ],
    ])('%s: connection refused is named with the endpoint, after the retries', async (_s, call) => {
      await expect(call()).rejects.toMatchObject({
        code: 'aws',
        exitCode: 1,
        message: expect.stringMatching(/is unreachable \(ECONNREFUSED\) after 2 attempts$/),
        hint: expect.stringContaining('network'),
      });
    });
  });
});

describe('service errors (aws-sdk-client-mock)', () => {
  // Mocked only here: the class-wide mock must not reach the real-stack tests above.
  const mockS3 = () => mockClient(S3Client);
  const mockDoc = () => mockClient(DynamoDBDocumentClient);
  let s3: ReturnType<typeof mockS3>;
  let ddb: ReturnType<typeof mockDoc>;
  beforeAll(() => {
    s3 = mockS3();
    ddb = mockDoc();
  });
  afterEach(() => {
    s3.reset();
    ddb.reset();
  });
  afterAll(() => {
    s3.restore();
    ddb.restore();
  });
  const meta = (httpStatusCode: number) => ({ httpStatusCode, attempts: 1, requestId: 'req-1' });

  it.each([
    [
      'NoSuchBucket',
      new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: meta(404) }),
      "cannot list s3://bkt/r/: S3 bucket 'bkt' does not exist",
      'aws.s3_bucket',
    ],
    [
      'AccessDenied',
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: meta(403),
        message: 'Access Denied',
      }),
      "cannot list s3://bkt/r/: access denied to S3 bucket 'bkt' (AccessDenied)",
      's3:*',
    ],
    [
      'InvalidAccessKeyId',
      new S3ServiceException({
        name: 'InvalidAccessKeyId',
        $fault: 'client',
        $metadata: meta(403),
        message: 'bad key',
      }),
      'cannot list s3://bkt/r/: AWS rejected the credentials (InvalidAccessKeyId)',
      'access key',
    ],
  ])('S3 %s', async (_n, error, message, hint) => {
    s3.on(ListObjectsV2Command).rejects(error);
    const err = await mirrorOn(new S3Client({ region: 'us-east-1', credentials: creds }))
      .prefixStats('r')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'aws',
      exitCode: 1,
      message,
      hint: expect.stringContaining(hint),
    });
    expect((err as Error).message).not.toContain('\n');
  });

  it.each([
    [
      'ResourceNotFoundException',
      new ResourceNotFoundException({
        message: 'Requested resource not found',
        $metadata: meta(400),
      }),
      "cannot scan table bb-repos: DynamoDB table 'bb-repos' not found in AWS eu-west-1",
    ],
    [
      'AccessDeniedException',
      new DynamoDBServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: meta(400),
        message: 'not authorized',
      }),
      "cannot scan table bb-repos: access denied to table 'bb-repos' (AccessDeniedException)",
    ],
  ])('DynamoDB %s', async (_n, error, message) => {
    ddb.on(ScanCommand).rejects(error);
    await expect(
      storeOn(new DynamoDBClient({ region: 'eu-west-1', credentials: creds })).scanAll(),
    ).rejects.toMatchObject({
      code: 'aws',
      exitCode: 1,
      message,
      details: expect.objectContaining({ requestId: 'req-1' }),
    });
  });
});

/** How many of this process's file descriptors point at path (Linux /proc). */
function openFdsOf(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}
