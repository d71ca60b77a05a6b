import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  cannedError,
  FAULT_KINDS,
  FaultScheduler,
  type Fault,
  type FaultKind,
  type FaultRule,
} from './fault-rules.js';
import { drain, endToEndHeaders, relayResponse, resetRequest, sleep } from './fault-relay.js';

export type { Fault, FaultKind, FaultRule } from './fault-rules.js';

export interface InjectedFault {
  seq: number;
  method: string;
  url: string;
  target: string | undefined;
  rule: number;
  kind: FaultKind;
}

export interface FaultStats {
  requests: number;
  byMethod: Record<string, number>;
  /** DynamoDB operations (`X-Amz-Target` after the dot), e.g. `PutItem`. */
  byTarget: Record<string, number>;
  faults: Record<FaultKind, number>;
  injected: InjectedFault[];
  /** Requests passed to the upstream server (including reset-response and slow ones). */
  forwarded: number;
}

export interface FaultProxyOptions {
  /** Upstream base URL, e.g. the s3rver or DynamoDB Local endpoint. */
  target: string;
  seed?: number;
  schedule?: readonly FaultRule[];
}

export interface FaultProxy {
  endpoint: string;
  /** Live counters; `resetStats()` zeroes them. */
  readonly stats: FaultStats;
  /** Replaces the rules and restarts their counters and the PRNG (same seed unless given). */
  setSchedule(rules: readonly FaultRule[], seed?: number): void;
  resetStats(): void;
  stop(): Promise<void>;
}

function emptyStats(): FaultStats {
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  return { requests: 0, byMethod: {}, byTarget: {}, faults, injected: [], forwarded: 0 };
}

/**
 * A loopback HTTP proxy that forwards to `target` and injects faults on a seeded schedule.
 * Bodies are streamed in both directions; nothing is buffered whole.
 */
export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(opts.target);
  const agent = new http.Agent({ keepAlive: true });
  let seed = opts.seed ?? 1;
  const scheduler = new FaultScheduler(opts.schedule ?? [], seed);
  let stats = emptyStats();

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const targetHeader = req.headers['x-amz-target'];
    const target = Array.isArray(targetHeader) ? targetHeader[0] : targetHeader;
    const seq = ++stats.requests;
    stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
    if (target) {
      const op = target.slice(target.lastIndexOf('.') + 1);
      stats.byTarget[op] = (stats.byTarget[op] ?? 0) + 1;
    }
    const decision = scheduler.decide({ method, url, target });
    if (decision) {
      const kind = decision.fault.kind;
      stats.faults[kind]++;
      stats.injected.push({ seq, method, url, target, rule: decision.rule, kind });
    }
    const dialect = target ? 'dynamodb' : 's3';
    void applyFault(req, res, decision?.fault, dialect, `fp-${seq}`).catch(() => res.destroy());
  });

  async function applyFault(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fault: Fault | undefined,
    dialect: 's3' | 'dynamodb',
    requestId: string,
  ): Promise<void> {
    if (fault?.kind === 'error' || fault?.kind === 'throttle') {
      await drain(req);
      if (res.destroyed) return;
      const canned = cannedError(fault, dialect, requestId);
      res.writeHead(canned.status, canned.headers);
      res.end(req.method === 'HEAD' ? undefined : canned.body);
      return;
    }
    if (fault?.kind === 'reset-request') return resetRequest(req, fault.afterBytes ?? 0);
    if (fault?.kind === 'slow' && fault.delayMs) await sleep(fault.delayMs);
    if (res.destroyed) return;
    forward(req, res, fault);
  }

  function forward(req: http.IncomingMessage, res: http.ServerResponse, fault?: Fault): void {
    stats.forwarded++;
    const up = http.request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: endToEndHeaders(req.rawHeaders),
        agent,
      },
      (upRes) => void relayResponse(upRes, res, fault).catch(() => res.destroy()),
    );
    up.on('error', (err) => {
      if (res.destroyed) return;
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'content-type': 'text/plain' }).end(`fault proxy: ${err.message}`);
    });
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  }

  const proxy: FaultProxy = {
    endpoint: '',
    get stats() {
      return stats;
    },
    setSchedule(rules, newSeed) {
      if (newSeed !== undefined) seed = newSeed;
      scheduler.reset(rules, seed);
    },
    resetStats() {
      stats = emptyStats();
    },
    async stop() {
      const closed = new Promise((r) => server.close(r));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
