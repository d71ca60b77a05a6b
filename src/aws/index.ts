import {
  createDocumentClient,
  createS3Client,
  lazy,
  resolveAwsSettings,
  type AwsSettings,
} from './clients.js';
import { migrateLegacyTable } from './dynamo-migrate.js';
import { DynamoMetadataStore } from './dynamo-table.js';
import { SdkS3Mirror } from './s3-mirror.js';
import type { CreateRemote, Remote, RemoteOptions } from './types.js';

/** Python's LEGACY table name (terraform `borgboi-repos`). */
export const LEGACY_TABLE = 'borgboi-repos';

/**
 * The online layer. Only ever loaded through `await import('./aws/index.js')` so the offline
 * CLI never loads the AWS SDK; the SDK clients themselves are built on first use.
 */
export const createRemote: CreateRemote = async (opts: RemoteOptions): Promise<Remote> => {
  const settings: AwsSettings = resolveAwsSettings(opts.config, opts.env);
  const aws = opts.config.aws;
  const doc = lazy(() => createDocumentClient(settings));
  const table = new DynamoMetadataStore({
    client: doc,
    table: aws.dynamodb_repos_table,
    hostname: opts.hostname,
    region: settings.region,
    endpoint: settings.dynamodbEndpoint,
  });
  const s3 = new SdkS3Mirror({
    client: lazy(() => createS3Client(settings)),
    bucket: aws.s3_bucket,
    storageClass: aws.s3_storage_class,
    concurrency: aws.s3_concurrency,
    partSizeMb: aws.s3_part_size_mb,
    maxAttempts: settings.maxAttempts,
    region: settings.region,
    endpoint: settings.s3Endpoint,
  });
  return {
    s3,
    table,
    migrateLegacyTable: ({ from, dryRun }) =>
      migrateLegacyTable({
        doc: doc(),
        from: from ?? LEGACY_TABLE,
        to: aws.dynamodb_repos_table,
        hostname: opts.hostname,
        dryRun,
        region: settings.region,
        endpoint: settings.dynamodbEndpoint,
      }),
  };
};

export { resolveAwsSettings, createS3Client, createDocumentClient } from './clients.js';
export { DynamoMetadataStore, NAME_INDEX } from './dynamo-table.js';
export { SdkS3Mirror } from './s3-mirror.js';
export { toAwsError } from './errors.js';
