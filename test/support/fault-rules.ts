import { createPrng, type Prng } from './prng.js';

/** What the fault proxy does to one request instead of (or while) forwarding it. */
export type Fault =
  /** Answer without forwarding: S3 500 InternalError / DynamoDB 500 InternalServerError. */
  | { kind: 'error'; status?: number; code?: string; message?: string }
  /** Answer without forwarding: S3 503 SlowDown / DynamoDB 400 ProvisionedThroughputExceeded. */
  | {
      kind: 'throttle';
      code?: 'SlowDown' | 'ProvisionedThroughputExceededException' | 'ThrottlingException';
    }
  /** Destroy the client socket once `afterBytes` of the request body arrived (never forwarded). */
  | { kind: 'reset-request'; afterBytes?: number }
  /**
   * Forward, then destroy the client socket: before anything of the response is sent when
   * `afterBytes` is undefined, else after the headers and `afterBytes` bytes of the body.
   */
  | { kind: 'reset-response'; afterBytes?: number }
  /** Wait `delayMs` before forwarding, then stream the response in `chunkBytes` pieces. */
  | { kind: 'slow'; delayMs?: number; chunkDelayMs?: number; chunkBytes?: number };

export type FaultKind = Fault['kind'];
export const FAULT_KINDS: readonly FaultKind[] = [
  'error',
  'throttle',
  'reset-request',
  'reset-response',
  'slow',
];

/**
 * A rule applies to requests matching all given selectors. It fires on every `every`-th match,
 * else with `probability` (drawn from the seeded PRNG), else on every match; at most `times`.
 */
export interface FaultRule {
  method?: string;
  /** Tested against the request URL (path and query). */
  path?: RegExp;
  /** DynamoDB `X-Amz-Target`: a string matches the whole header or its operation (`PutItem`). */
  target?: string | RegExp;
  every?: number;
  probability?: number;
  times?: number;
  fault: Fault;
}

export interface RequestFacts {
  method: string;
  url: string;
  target: string | undefined;
}

export interface Decision {
  rule: number;
  fault: Fault;
}

function matchesTarget(sel: string | RegExp, target: string | undefined): boolean {
  if (target === undefined) return false;
  if (sel instanceof RegExp) return sel.test(target);
  return sel === target || sel === target.slice(target.lastIndexOf('.') + 1);
}

function matches(rule: FaultRule, req: RequestFacts): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== req.method) return false;
  if (rule.path !== undefined && !rule.path.test(req.url)) return false;
  if (rule.target !== undefined && !matchesTarget(rule.target, req.target)) return false;
  return true;
}

function validate(rule: FaultRule, i: number): void {
  const bad = (what: string) => new Error(`fault rule ${i}: ${what}`);
  if (rule.every !== undefined && !(Number.isInteger(rule.every) && rule.every >= 1))
    throw bad(`every must be an integer >= 1, got ${rule.every}`);
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1))
    throw bad(`probability must be within [0, 1], got ${rule.probability}`);
  if (rule.every !== undefined && rule.probability !== undefined)
    throw bad('give either every or probability, not both');
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0))
    throw bad(`times must be an integer >= 0, got ${rule.times}`);
}

/**
 * Decides per request which rule fires. Deterministic for a given seed and request order: the
 * PRNG is drawn once per request for each matching probability rule still below its `times`.
 */
export class FaultScheduler {
  private rules: FaultRule[] = [];
  private matched: number[] = [];
  private fired: number[] = [];
  private prng: Prng = createPrng(0);

  constructor(rules: readonly FaultRule[], seed: number) {
    this.reset(rules, seed);
  }

  reset(rules: readonly FaultRule[], seed: number): void {
    rules.forEach(validate);
    this.rules = [...rules];
    this.matched = rules.map(() => 0);
    this.fired = rules.map(() => 0);
    this.prng = createPrng(seed);
  }

  decide(req: RequestFacts): Decision | null {
    for (const [i, rule] of this.rules.entries()) {
      if (!matches(rule, req)) continue;
      const n = ++this.matched[i]!;
      if (rule.times !== undefined && this.fired[i]! >= rule.times) continue;
      let fire: boolean;
      if (rule.every !== undefined) fire = n % rule.every === 0;
      else if (rule.probability !== undefined) fire = this.prng.next() < rule.probability;
      else fire = true;
      if (fire) {
        this.fired[i]!++;
        return { rule: i, fault: rule.fault };
      }
    }
    return null;
  }
}

export interface CannedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const DDB_NS = 'com.amazonaws.dynamodb.v20120810';
const MESSAGES: Record<string, string> = {
  InternalError: 'We encountered an internal error. Please try again.',
  SlowDown: 'Please reduce your request rate.',
  InternalServerError: 'Internal server error (injected by the fault proxy).',
  ProvisionedThroughputExceededException:
    'The level of configured provisioned throughput for the table was exceeded.',
  ThrottlingException: 'Rate of requests exceeds the allowed throughput.',
};

/** The body real S3 / DynamoDB send for this error, in the dialect of the request. */
export function cannedError(
  fault: Extract<Fault, { kind: 'error' | 'throttle' }>,
  dialect: 's3' | 'dynamodb',
  requestId: string,
): CannedResponse {
  const s3 = dialect === 's3';
  const throttle = fault.kind === 'throttle';
  const code =
    fault.code ??
    (throttle
      ? s3
        ? 'SlowDown'
        : 'ProvisionedThroughputExceededException'
      : s3
        ? 'InternalError'
        : 'InternalServerError');
  const status =
    (fault.kind === 'error' ? fault.status : undefined) ?? (throttle ? (s3 ? 503 : 400) : 500);
  const message =
    (fault.kind === 'error' ? fault.message : undefined) ?? MESSAGES[code] ?? 'Injected fault.';
  if (s3) {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${code}</Code><Message>${message}</Message>` +
      `<RequestId>${requestId}</RequestId><HostId>fault-proxy</HostId></Error>`;
    return {
      status,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
      body,
    };
  }
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-errortype': code,
      'x-amzn-requestid': requestId,
    },
    body: JSON.stringify({ __type: `${DDB_NS}#${code}`, message }),
  };
}
