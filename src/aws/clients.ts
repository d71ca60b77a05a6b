import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config/schema.js';

type Env = Readonly<Record<string, string | undefined>>;
type ChecksumMode = 'WHEN_REQUIRED' | 'WHEN_SUPPORTED';

/** Everything the SDK clients are built from, resolved once from config + the passed-in env. */
export interface AwsSettings {
  region: string;
  profile: string | undefined;
  s3Endpoint: string | undefined;
  dynamodbEndpoint: string | undefined;
  requestChecksumCalculation: ChecksumMode | undefined;
  responseChecksumValidation: ChecksumMode | undefined;
  maxAttempts: number;
  credentials:
    | { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined }
    | undefined;
}

const DEFAULT_MAX_ATTEMPTS = 5;

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function checksumMode(v: string | undefined): ChecksumMode | undefined {
  const s = nonEmpty(v)?.toUpperCase();
  return s === 'WHEN_REQUIRED' || s === 'WHEN_SUPPORTED' ? s : undefined;
}

/**
 * The SDK would read most of these from `process.env` itself; we resolve them from the env we
 * were given so the lower layer never depends on the process and tests see exactly what they set.
 */
export function resolveAwsSettings(config: Config, env: Env): AwsSettings {
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  const attempts = Number.parseInt(env.AWS_MAX_ATTEMPTS ?? '', 10);
  return {
    region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? config.aws.region,
    profile: nonEmpty(env.AWS_PROFILE) ?? config.aws.profile ?? undefined,
    s3Endpoint: nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL),
    dynamodbEndpoint: nonEmpty(env.AWS_ENDPOINT_URL_DYNAMODB) ?? nonEmpty(env.AWS_ENDPOINT_URL),
    requestChecksumCalculation: checksumMode(env.AWS_REQUEST_CHECKSUM_CALCULATION),
    responseChecksumValidation: checksumMode(env.AWS_RESPONSE_CHECKSUM_VALIDATION),
    maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : DEFAULT_MAX_ATTEMPTS,
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) }
        : undefined,
  };
}

function common(s: AwsSettings) {
  return {
    region: s.region,
    maxAttempts: s.maxAttempts,
    retryMode: 'standard',
    ...(s.credentials ? { credentials: s.credentials } : {}),
    ...(s.profile && !s.credentials ? { profile: s.profile } : {}),
  };
}

export function createS3Client(s: AwsSettings): S3Client {
  return new S3Client({
    ...common(s),
    ...(s.s3Endpoint ? { endpoint: s.s3Endpoint, forcePathStyle: true } : {}),
    ...(s.requestChecksumCalculation
      ? { requestChecksumCalculation: s.requestChecksumCalculation }
      : {}),
    ...(s.responseChecksumValidation
      ? { responseChecksumValidation: s.responseChecksumValidation }
      : {}),
  });
}

export function createDocumentClient(s: AwsSettings): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...common(s),
    ...(s.dynamodbEndpoint ? { endpoint: s.dynamodbEndpoint } : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** A value built on first use only (the SDK clients of a Remote). */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}
