import { once } from 'node:events';
import type http from 'node:http';
import type { Fault } from './fault-rules.js';

/** How the fault proxy passes bodies on: streamed, cut short, or slowed down. */

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

export function endToEndHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads and discards the request body; settles on end or on a client abort. */
export function drain(req: http.IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.resume();
  });
}

export function resetRequest(req: http.IncomingMessage, afterBytes: number): void {
  let seen = 0;
  const kill = () => void req.socket.destroy();
  if (afterBytes <= 0) return kill();
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen >= afterBytes) kill();
  });
  req.on('end', kill);
}

export async function relayResponse(
  upRes: http.IncomingMessage,
  res: http.ServerResponse,
  fault: Fault | undefined,
): Promise<void> {
  if (fault?.kind === 'reset-response' && fault.afterBytes === undefined) {
    upRes.destroy();
    res.socket?.destroy();
    return;
  }
  res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, endToEndHeaders(upRes.rawHeaders));
  if (fault?.kind === 'reset-response') return relayThenReset(upRes, res, fault.afterBytes ?? 0);
  if (fault?.kind === 'slow' && (fault.chunkDelayMs || fault.chunkBytes)) {
    return relaySlowly(upRes, res, fault.chunkBytes ?? 16 * 1024, fault.chunkDelayMs ?? 0);
  }
  upRes.pipe(res);
}

async function relayThenReset(
  upRes: http.IncomingMessage,
  res: http.ServerResponse,
  afterBytes: number,
): Promise<void> {
  let sent = 0;
  for await (const chunk of upRes as AsyncIterable<Buffer>) {
    const take = Math.min(chunk.length, afterBytes - sent);
    sent += take;
    if (sent >= afterBytes) {
      const socket = res.socket;
      res.write(chunk.subarray(0, take), () => socket?.destroy());
      upRes.destroy();
      return;
    }
    res.write(chunk);
  }
  // The body was shorter than afterBytes: still cut the connection instead of ending cleanly.
  res.socket?.destroy();
}

async function relaySlowly(
  upRes: http.IncomingMessage,
  res: http.ServerResponse,
  chunkBytes: number,
  delayMs: number,
): Promise<void> {
  for await (const chunk of upRes as AsyncIterable<Buffer>) {
    for (let off = 0; off < chunk.length; off += chunkBytes) {
      if (delayMs) await sleep(delayMs);
      if (res.destroyed) return void upRes.destroy();
      if (!res.write(chunk.subarray(off, off + chunkBytes))) await once(res, 'drain');
    }
  }
  res.end();
}
