import { createHash, randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../support/fault-proxy.js';
import { createPrng } from '../support/prng.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function s3Client(endpoint: string, maxAttempts = 5): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts,
  });
}

describe('fault proxy in front of s3rver (AWS SDK S3Client)', () => {
  const bucket = `fp-${randomUUID().slice(0, 8)}`;
  let proxy: FaultProxy | undefined;

  beforeAll(async () => {
    await s3Client(inject('s3Endpoint')).send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  async function via(schedule: FaultRule[], seed = 20): Promise<FaultProxy> {
    proxy = await startFaultProxy({ target: inject('s3Endpoint'), seed, schedule });
    return proxy;
  }

  async function roundTrip(client: S3Client, key: string, body: Buffer): Promise<string> {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return sha(await got.Body!.transformToByteArray());
  }

  it('with 20% HTTP 500s the SDK retries and every object round-trips byte-equal', async () => {
    const p = await via([{ probability: 0.2, fault: { kind: 'error' } }]);
    const client = s3Client(p.endpoint);
    const prng = createPrng(5);
    for (let i = 0; i < 10; i++) {
      const body = prng.bytes(prng.int(1, 300_000));
      expect(await roundTrip(client, `flaky/${i}.bin`, body)).toBe(sha(body));
    }
    expect(p.stats.faults.error).toBeGreaterThan(0);
    // Each fault cost exactly one extra attempt: 20 operations plus one retry per fault.
    expect(p.stats.requests).toBe(20 + p.stats.faults.error);
  });

  it.each([
    {
      name: '500 InternalError',
      fault: { kind: 'error' },
      error: /^InternalError$/,
      message: /internal error/,
    },
    {
      name: '503 SlowDown',
      fault: { kind: 'throttle' },
      error: /^SlowDown$/,
      message: /reduce your request rate/,
    },
    {
      name: 'connection reset',
      fault: { kind: 'reset-request' },
      error: /^TimeoutError$/,
      message: /socket hang up/,
    },
  ] as const)(
    'with 100% $name the SDK gives up with a clear error',
    async ({ fault, error, message }) => {
      const p = await via([{ fault }]);
      const err = await s3Client(p.endpoint, 2)
        .send(new PutObjectCommand({ Bucket: bucket, Key: 'never', Body: 'x' }))
        .catch((e: Error & { $metadata?: { attempts?: number } }) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).name).toMatch(error);
      expect((err as Error).message).toMatch(message);
      expect((err as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(2);
      expect(p.stats.requests).toBe(2);
      expect(p.stats.forwarded).toBe(0);
    },
  );

  it('retries a PutObject whose connection was reset mid-upload', async () => {
    const p = await via([
      { method: 'PUT', times: 1, fault: { kind: 'reset-request', afterBytes: 64 * 1024 } },
    ]);
    const body = createPrng(9).bytes(1024 * 1024);
    expect(await roundTrip(s3Client(p.endpoint), 'reset/put.bin', body)).toBe(sha(body));
    expect(p.stats.faults['reset-request']).toBe(1);
    expect(p.stats.byMethod.PUT).toBe(2);
  });

  it('completes a multipart upload when one part is reset mid-upload', async () => {
    const p = await via([
      { path: /partNumber=2/, times: 1, fault: { kind: 'reset-request', afterBytes: 256 * 1024 } },
    ]);
    const client = s3Client(p.endpoint);
    const body = createPrng(10).bytes(6 * 1024 * 1024);
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: 'reset/multi.bin', Body: body },
      partSize: 5 * 1024 * 1024,
      queueSize: 1,
    });
    await upload.done();
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'reset/multi.bin' }));
    expect(sha(await got.Body!.transformToByteArray())).toBe(sha(body));
    expect(p.stats.injected).toHaveLength(1);
    expect(p.stats.injected[0]?.url).toMatch(/partNumber=2/);
  });

  it('retries a GetObject reset before its response and survives a slow one', async () => {
    const body = createPrng(11).bytes(200_000);
    const p = await via([
      { method: 'GET', every: 1, times: 1, fault: { kind: 'reset-response' } },
      {
        method: 'GET',
        fault: { kind: 'slow', delayMs: 5, chunkBytes: 32 * 1024, chunkDelayMs: 1 },
      },
    ]);
    expect(await roundTrip(s3Client(p.endpoint), 'reset/get.bin', body)).toBe(sha(body));
    expect(p.stats.faults).toMatchObject({ 'reset-response': 1, slow: 1 });
    expect(await roundTrip(s3Client(p.endpoint), 'reset/get.bin', body)).toBe(sha(body));
    expect(p.stats.faults.slow).toBe(2);
  });
});

describe('fault proxy in front of DynamoDB Local', () => {
  const table = `fp-${randomUUID().slice(0, 8)}`;
  let proxy: FaultProxy | undefined;
  const client = (endpoint: string, maxAttempts = 5) =>
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' },
      maxAttempts,
    });

  beforeAll(async () => {
    await client(inject('ddbEndpoint')).send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('retries PutItem throttled with ProvisionedThroughputExceededException', async () => {
    proxy = await startFaultProxy({
      target: inject('ddbEndpoint'),
      schedule: [{ target: 'PutItem', every: 2, fault: { kind: 'throttle' } }],
    });
    const ddb = client(proxy.endpoint);
    for (let i = 0; i < 3; i++) {
      await ddb.send(
        new PutItemCommand({ TableName: table, Item: { k: { S: `k${i}` }, v: { N: `${i}` } } }),
      );
    }
    const got = await ddb.send(new GetItemCommand({ TableName: table, Key: { k: { S: 'k2' } } }));
    expect(got.Item?.v).toEqual({ N: '2' });
    expect(proxy.stats.byTarget).toEqual({ PutItem: 3 + proxy.stats.faults.throttle, GetItem: 1 });
    expect(proxy.stats.faults.throttle).toBeGreaterThan(0);
  });

  it('fails clearly when every request is throttled', async () => {
    proxy = await startFaultProxy({
      target: inject('ddbEndpoint'),
      schedule: [{ fault: { kind: 'throttle', code: 'ThrottlingException' } }],
    });
    const err = await client(proxy.endpoint, 2)
      .send(new GetItemCommand({ TableName: table, Key: { k: { S: 'k0' } } }))
      .catch((e: Error) => e);
    expect((err as Error).name).toBe('ThrottlingException');
    expect((err as Error).message).toMatch(/Rate of requests exceeds/);
  });
});
