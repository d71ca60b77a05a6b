import { describe, expect, it } from 'vitest';
import { parseListPage } from '../../../src/aws/s3-list-page.js';

const entry = (key: string, size = '3') =>
  `<Contents><Key>${key}</Key><LastModified>2026-12-01T10:00:00.000Z</LastModified>` +
  `<ETag>&quot;acbd18db4cc2f85cedef654fccc4a4d8&quot;</ETag><Size>${size}</Size>` +
  `<StorageClass>STANDARD</StorageClass></Contents>`;
const doc = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n` +
  `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</ListBucketResult>`;

describe('parseListPage', () => {
  it('reads keys, sizes, ETags, dates and the continuation token', () => {
    const page = parseListPage(
      doc(
        `<Name>b</Name><KeyCount>2</KeyCount><IsTruncated>true</IsTruncated>` +
          `<NextContinuationToken>tok&amp;1</NextContinuationToken>` +
          entry('r/a&amp;b&#x1F600;&#233;') +
          entry('r/data/0/1', '1048576'),
      ),
    );
    expect(page).toEqual({
      nextToken: 'tok&1',
      contents: [
        {
          Key: 'r/a&b😀é',
          Size: 3,
          ETag: '"acbd18db4cc2f85cedef654fccc4a4d8"',
          LastModified: new Date('2026-12-01T10:00:00.000Z'),
          StorageClass: 'STANDARD',
        },
        expect.objectContaining({ Key: 'r/data/0/1', Size: 1048576 }),
      ],
    });
  });

  it('an empty, complete page', () => {
    expect(parseListPage(doc('<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated>'))).toEqual({
      contents: [],
      nextToken: undefined,
    });
  });

  it.each([
    ['not a listing', '<Error><Code>NoSuchBucket</Code></Error>'],
    ['a delimiter listing', doc(`<CommonPrefixes><Prefix>r/</Prefix></CommonPrefixes>`)],
    ['KeyCount that does not match', doc(`<KeyCount>2</KeyCount>${entry('r/a')}`)],
    ['truncated without a token', doc(`<IsTruncated>true</IsTruncated>${entry('r/a')}`)],
    ['an entry without a key', doc('<Contents><Size>1</Size></Contents>')],
    ['a size that is not a number', doc(entry('r/a', 'x'))],
    ['a date that does not parse', doc(entry('r/a').replace('2026-12-01T10:00:00.000Z', 'soon'))],
  ])('%s: null, the SDK parses it instead', (_, xml) => {
    expect(parseListPage(xml)).toBeNull();
  });
});
