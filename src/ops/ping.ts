/** Healthchecks-style pings: `<url>/start`, `<url>` (success), `<url>/fail` (with the summary). */
export type PingKind = 'start' | 'success' | 'fail';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Healthchecks keeps the first 100 kB of a ping body; the summary stays well below. */
export const PING_BODY_MAX = 10_000;

/** The URL of a ping: the suffix goes onto the path, a query string (`?create=1`) is kept. */
export function pingTarget(url: string, kind: PingKind): string {
  const u = new URL(url);
  if (kind !== 'success') u.pathname = `${u.pathname.replace(/\/+$/, '')}/${kind}`;
  return u.toString();
}

/** The host only: a ping URL's path holds its secret (the check's uuid), so messages omit it. */
export function pingHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the ping URL';
  }
}

export interface PingRequest {
  fetch: FetchLike;
  url: string;
  kind: PingKind;
  /** Sent as a POST body (text/plain); `start` sends none. */
  body?: string | undefined;
  timeoutMs: number;
}

/**
 * Sends one ping. Never throws: a ping that fails (bad URL, network, timeout, HTTP error)
 * comes back as a warning line, because monitoring must never fail the backup it watches.
 */
export async function sendPing(req: PingRequest): Promise<string | null> {
  const host = pingHost(req.url);
  let target: string;
  try {
    target = pingTarget(req.url, req.kind);
  } catch {
    return `ping: monitoring.ping_url is not a URL; the ${req.kind} ping was not sent`;
  }
  const body = req.body === undefined ? undefined : req.body.slice(0, PING_BODY_MAX);
  try {
    const res = await req.fetch(target, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined
        ? {}
        : { body, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    await res.body?.cancel();
    if (res.ok) return null;
    return `ping: ${host} answered HTTP ${res.status} to the ${req.kind} ping`;
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    const why = timedOut
      ? `no answer within ${req.timeoutMs / 1000} s`
      : err instanceof Error
        ? (causeText(err) ?? err.message)
        : String(err);
    return `ping: the ${req.kind} ping to ${host} failed (${why})`;
  }
}

/** fetch reports "fetch failed" and hides the reason (ECONNREFUSED …) in `cause`. */
function causeText(err: Error): string | null {
  const cause: unknown = err.cause;
  if (cause instanceof Error) return `${err.message}: ${cause.message}`;
  return null;
}
