import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseListPage, sendListPage } from '../../src/aws/s3-list-page.js';
import { createBucket, testS3Client } from '../support/aws.js';

// Keys an XML parser must decode: entities, quotes, non-ASCII, astral characters, spaces.
const KEYS = ['p/a&b', 'p/x<y>z', `p/q"uo'te`, 'p/ü/€', 'p/😀 smile', 'p/data/0/10', 'p/data/0/9'];

describe('ListObjectsV2 pages parsed without the SDK deserializer (s3rver)', () => {
  const client = testS3Client(inject('s3Endpoint'));
  let bucket: string;

  beforeAll(async () => {
    bucket = await createBucket(client, 'listpage');
    for (const [i, key] of KEYS.entries()) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x'.repeat(i) }));
    }
  });

  it('the raw body is parsed by parseListPage, to what the SDK makes of it', async () => {
    const cmd = new ListObjectsV2Command({ Bucket: bucket, Prefix: 'p/' });
    let raw = '';
    cmd.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        const res = out.response as { body: AsyncIterable<Buffer> };
        const chunks: Buffer[] = [];
        for await (const c of res.body) chunks.push(Buffer.from(c));
        raw = Buffer.concat(chunks).toString('utf8');
        (out.response as { body: unknown }).body = Buffer.from(raw);
        return out;
      },
      { step: 'deserialize', priority: 'low', name: 'capture' },
    );
    const sdk = await client.send(cmd);
    const ours = parseListPage(raw);
    expect(ours).not.toBeNull();
    expect(ours!.contents).toEqual(
      (sdk.Contents ?? []).map((o) => ({
        Key: o.Key,
        Size: o.Size,
        ETag: o.ETag,
        LastModified: o.LastModified,
        StorageClass: o.StorageClass,
      })),
    );
    expect(ours!.contents.map((o) => o.Key).sort()).toEqual([...KEYS].sort());
  });

  it('pages through continuation tokens like the SDK', async () => {
    const viaSdk: string[] = [];
    const viaUs: string[] = [];
    let token: string | undefined;
    do {
      const input = { Bucket: bucket, Prefix: 'p/', MaxKeys: 2, ContinuationToken: token };
      const page = await sendListPage(client, input);
      viaUs.push(...page.contents.map((o) => `${o.Key} ${o.Size}`));
      token = page.nextToken;
    } while (token);
    do {
      const input = { Bucket: bucket, Prefix: 'p/', MaxKeys: 2, ContinuationToken: token };
      const page = await client.send(new ListObjectsV2Command(input));
      viaSdk.push(...(page.Contents ?? []).map((o) => `${o.Key} ${o.Size}`));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(viaUs).toEqual(viaSdk);
    expect(viaUs).toHaveLength(KEYS.length);
  });

  it('an error response still becomes the SDK error', async () => {
    await expect(sendListPage(client, { Bucket: `${bucket}-missing` })).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
  });
});
