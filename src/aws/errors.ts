import { BorgboiError, ExitCode, isBorgboiError } from '../core/errors.js';

/** What was being done when an SDK call failed; names the resource in the message. */
export interface AwsErrorContext {
  service: 's3' | 'dynamodb';
  /** Short verb phrase: "list s3://b/repo/", "upload s3://b/repo/config", "scan table bb-repos". */
  action: string;
  bucket?: string | undefined;
  table?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string };
  $retryable?: unknown;
  cause?: unknown;
}

const CREDENTIAL_NAMES = new Set(['CredentialsProviderError', 'TokenProviderError']);
const BAD_CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
]);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AllAccessDisabled']);
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'SlowDown',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'RequestThrottledException',
  'LimitExceededException',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

function errorCode(e: SdkErrorShape): string {
  return e.Code ?? e.code ?? e.name ?? 'Error';
}

/** Node's network error code, looking through the SDK's cause chain (e.g. AggregateError). */
function networkCode(e: unknown, depth = 0): string | undefined {
  if (!e || typeof e !== 'object' || depth > 4) return undefined;
  const err = e as SdkErrorShape & { errors?: unknown[] };
  if (err.code && NETWORK_CODES.has(err.code)) return err.code;
  if (err.name === 'TimeoutError' || err.code === 'ERR_SOCKET_CONNECTION_TIMEOUT') return 'timeout';
  for (const inner of err.errors ?? []) {
    const c = networkCode(inner, depth + 1);
    if (c) return c;
  }
  return networkCode(err.cause, depth + 1);
}

/**
 * Worth another attempt: throttling, 5xx, dropped connections. The SDK does this itself for
 * every request except those with a stream body, which it cannot rewind (see s3-upload.ts).
 */
export function isRetryableAwsError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    THROTTLING.has(errorCode(e)) ||
    status === 429 ||
    status >= 500 ||
    Boolean(e.$retryable) ||
    networkCode(err) !== undefined
  );
}

function resource(ctx: AwsErrorContext): string {
  return ctx.service === 's3' ? `S3 bucket '${ctx.bucket ?? '?'}'` : `table '${ctx.table ?? '?'}'`;
}

function classify(
  e: SdkErrorShape,
  raw: unknown,
  ctx: AwsErrorContext,
): { message: string; hint: string } {
  const code = errorCode(e);
  const attempts = e.$metadata?.attempts ?? 1;
  const where = ctx.endpoint ?? (ctx.region ? `AWS ${ctx.region}` : 'AWS');
  if (CREDENTIAL_NAMES.has(e.name ?? '') || /could not load credentials/i.test(e.message ?? ''))
    return {
      message: `cannot ${ctx.action}: no AWS credentials found`,
      hint: 'set AWS_PROFILE (or aws.profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    };
  if (BAD_CREDENTIALS.has(code))
    return {
      message: `cannot ${ctx.action}: AWS rejected the credentials (${code})`,
      hint: 'check the access key of AWS_PROFILE / aws.profile, or renew the session token',
    };
  if (code === 'NoSuchBucket')
    return {
      message: `cannot ${ctx.action}: S3 bucket '${ctx.bucket ?? '?'}' does not exist`,
      hint: 'create the bucket or set aws.s3_bucket (BORGBOI_AWS__S3_BUCKET) to an existing one',
    };
  if (code === 'ResourceNotFoundException')
    return {
      message: `cannot ${ctx.action}: DynamoDB table '${ctx.table ?? '?'}' not found in ${where}`,
      hint: 'create the table or set aws.dynamodb_repos_table and the region (AWS_REGION / aws.region)',
    };
  if (ACCESS_DENIED.has(code) || e.$metadata?.httpStatusCode === 403)
    return {
      message: `cannot ${ctx.action}: access denied to ${resource(ctx)} (${code})`,
      hint: `grant this AWS identity ${ctx.service}:* on ${resource(ctx)}, or use another profile`,
    };
  if (THROTTLING.has(code) || e.$metadata?.httpStatusCode === 429)
    return {
      message: `cannot ${ctx.action}: AWS throttled the request (${code}) after ${attempts} attempts`,
      hint: 'retry later, or lower aws.s3_concurrency; AWS_MAX_ATTEMPTS raises the retry count',
    };
  const net = networkCode(raw);
  if (net)
    return {
      message: `cannot ${ctx.action}: ${where} is unreachable (${net}) after ${attempts} attempts`,
      hint: 'check the network connection, or AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB',
    };
  const text = (e.message ?? '').split('\n')[0] || code;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500)
    return {
      message: `cannot ${ctx.action}: ${where} failed with ${code} (HTTP ${e.$metadata?.httpStatusCode}) after ${attempts} attempts`,
      hint: 'a server-side AWS problem: retry later (a re-run resumes); AWS_MAX_ATTEMPTS raises the retry count',
    };
  return {
    message: `cannot ${ctx.action}: ${code}: ${text}`,
    hint: 'the AWS error code names the cause; --debug shows the full response',
  };
}

/** One-line BorgboiError('aws') (exit 1) for any SDK failure; BorgboiErrors pass through. */
export function toAwsError(err: unknown, ctx: AwsErrorContext): BorgboiError {
  if (isBorgboiError(err)) return err;
  const e = (err && typeof err === 'object' ? err : { message: String(err) }) as SdkErrorShape;
  const { message, hint } = classify(e, err, ctx);
  return new BorgboiError('aws', message, {
    hint,
    exitCode: ExitCode.failure,
    cause: err,
    details: {
      service: ctx.service,
      awsCode: errorCode(e),
      httpStatus: e.$metadata?.httpStatusCode ?? null,
      attempts: e.$metadata?.attempts ?? null,
      requestId: e.$metadata?.requestId ?? null,
    },
  });
}

/** An abort of ours (signal fired) surfaces as the signal's reason, not as an AWS failure. */
export function rethrowIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof Error) throw reason;
  throw new BorgboiError('aborted', 'the S3 transfer was cancelled', {
    hint: 'run the command again; it resumes where it stopped',
  });
}

/** Runs one SDK call and maps its failure; an abort becomes the signal's reason. */
export async function awsCall<T>(
  ctx: AwsErrorContext,
  signal: AbortSignal | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    rethrowIfAborted(signal);
    throw toAwsError(err, ctx);
  }
}
