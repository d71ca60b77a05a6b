import {
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  type S3Client,
  type _Object,
} from '@aws-sdk/client-s3';

/**
 * ListObjectsV2 pages read by a small parser instead of the SDK's XML deserializer, which
 * spends ~0.1 ms of CPU per key (about as long as s3rver takes to produce the key, and the two
 * run one after the other): a no-op sync of 1,000 files spent a third of its time there
 * (docs/performance.md, S3 sync). The request still goes through the client's whole stack
 * (signing, retries, errors); only a 200 body is parsed here, and a body this parser does not
 * fully understand goes to the SDK as it came.
 */

export interface ListPage {
  contents: _Object[];
  nextToken: string | undefined;
}

const EMPTY_RESULT = Buffer.from('<ListBucketResult></ListBucketResult>');
const CONTENTS = /<Contents>([\s\S]*?)<\/Contents>/g;
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, e: string) => {
    if (e[0] !== '#') return NAMED[e] as string;
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

const tagRe = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`);
const TAGS = {
  key: tagRe('Key'),
  size: tagRe('Size'),
  etag: tagRe('ETag'),
  lastModified: tagRe('LastModified'),
  storageClass: tagRe('StorageClass'),
  keyCount: tagRe('KeyCount'),
  truncated: tagRe('IsTruncated'),
  token: tagRe('NextContinuationToken'),
};

const field = (xml: string, re: RegExp): string | undefined => {
  const m = re.exec(xml);
  return m ? decode(m[1] as string) : undefined;
};

/** The page, or null for anything but a plain ListObjectsV2 result whose counts add up. */
export function parseListPage(xml: string): ListPage | null {
  if (!xml.includes('<ListBucketResult') || xml.includes('<CommonPrefixes>')) return null;
  const contents: _Object[] = [];
  for (const m of xml.matchAll(CONTENTS)) {
    const body = m[1] as string;
    const key = field(body, TAGS.key);
    const size = Number(field(body, TAGS.size));
    const modified = field(body, TAGS.lastModified);
    const date = modified === undefined ? undefined : new Date(modified);
    if (key === undefined || !Number.isSafeInteger(size) || (date && isNaN(date.getTime()))) {
      return null;
    }
    contents.push({
      Key: key,
      Size: size,
      ETag: field(body, TAGS.etag),
      LastModified: date,
      StorageClass: field(body, TAGS.storageClass) as _Object['StorageClass'],
    });
  }
  const outside = xml.replace(CONTENTS, '');
  const keyCount = field(outside, TAGS.keyCount);
  if (keyCount !== undefined && Number(keyCount) !== contents.length) return null;
  const truncated = field(outside, TAGS.truncated) === 'true';
  const nextToken = truncated ? field(outside, TAGS.token) : undefined;
  if (truncated && !nextToken) return null;
  return { contents, nextToken };
}

type RawResponse = { statusCode?: number; body?: unknown };

async function bodyText(body: unknown): Promise<string | null> {
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    return null;
  }
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

/** One ListObjectsV2 request through `client`, its 200 body parsed by parseListPage. */
export async function sendListPage(
  client: S3Client,
  input: ListObjectsV2CommandInput,
  signal?: AbortSignal,
): Promise<ListPage> {
  const cmd = new ListObjectsV2Command(input);
  const got: { page: ListPage | null } = { page: null };
  // priority 'low' puts this inside the SDK's deserializer: it sees the raw response first.
  cmd.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const res = out.response as RawResponse;
      got.page = null; // a retried attempt starts over
      if (res.statusCode !== 200) return out;
      const text = await bodyText(res.body);
      if (text === null) return out;
      got.page = parseListPage(text);
      res.body = got.page ? EMPTY_RESULT : Buffer.from(text);
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'borgboiListPage' },
  );
  const sdk = await client.send(cmd, { abortSignal: signal });
  if (got.page) return got.page;
  return {
    contents: sdk.Contents ?? [],
    nextToken: sdk.IsTruncated ? sdk.NextContinuationToken : undefined,
  };
}
