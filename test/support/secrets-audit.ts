import { readdirSync, readFileSync } from 'node:fs';
import { checkSecrets } from './secrets-scan.js';

export {
  scanFiles,
  scanText,
  type FileHit,
  type ScanFilesOptions,
  type ScanFilesResult,
  type TextHit,
} from './secrets-scan.js';

/** Where a secret showed up; the secret itself is never copied into a hit. */
export interface ProcessHit {
  pid: number;
  /** argv[0] of the process at the time of the sample. */
  command: string;
  where: 'cmdline' | 'environ';
  /** `argv[N]` for cmdline hits, the variable name for environ hits. */
  field: string;
  secretIndex: number;
}

export interface SecretsAuditOptions {
  /**
   * Root of the audited tree. `process.pid` in a vitest worker covers everything the test
   * spawns (the shared servers belong to the main vitest process, not to the worker).
   */
  rootPid: number;
  secrets: readonly string[];
  intervalMs?: number;
  /** Also sample rootPid itself (default true). */
  includeRoot?: boolean;
}

export interface SecretsAudit {
  readonly hits: readonly ProcessHit[];
  /** Every pid sampled at least once (proof the audit saw the processes it claims to clear). */
  readonly seen: ReadonlyMap<number, string>;
  readonly samples: number;
  /** Takes a last sample, stops sampling and returns the hits. */
  stop(): ProcessHit[];
}

function readProc(pid: number, file: string): Buffer | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`);
  } catch {
    return null; // the process exited between listing and reading
  }
}

export type WalkMethod = 'stat' | 'children';

/** Direct children from the ppid field of every `/proc/<pid>/stat` (works on any kernel). */
function childrenByStat(): (pid: number) => number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(Number(name), 'stat')?.toString();
    if (!stat) continue;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  return (pid) => children.get(pid) ?? [];
}

/** Direct children from `/proc/<pid>/task/<tid>/children` of every thread (CONFIG_PROC_CHILDREN). */
function childrenByTask(pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tids) {
    const list = readProc(pid, `task/${tid}/children`)?.toString().trim();
    if (list) out.push(...list.split(' ').map(Number));
  }
  return out;
}

let childrenFiles: boolean | undefined;
function defaultMethod(): WalkMethod {
  childrenFiles ??= readProc(process.pid, `task/${process.pid}/children`) !== null;
  return childrenFiles ? 'children' : 'stat';
}

/**
 * All live descendants of root. `children` reads only the tree's own /proc files (about 10x
 * cheaper than `stat`, which reads every process's stat file); both see the same tree.
 */
export function descendantPids(root: number, method: WalkMethod = defaultMethod()): number[] {
  const childrenOf = method === 'stat' ? childrenByStat() : childrenByTask;
  const out: number[] = [];
  const queue = [...childrenOf(root)];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...childrenOf(pid));
  }
  return out;
}

/**
 * Samples argv and environment of rootPid's process tree every `intervalMs` until stopped.
 * Reads are synchronous and cheap (a few dozen small /proc files), so a sample is atomic with
 * respect to the test's own event loop.
 */
export function startSecretsAudit(opts: SecretsAuditOptions): SecretsAudit {
  checkSecrets(opts.secrets);
  const needles = opts.secrets.map((s) => Buffer.from(s));
  const hits: ProcessHit[] = [];
  const keys = new Set<string>();
  const seen = new Map<number, string>();
  let samples = 0;
  let timer: NodeJS.Timeout | undefined;

  const record = (hit: ProcessHit) => {
    const key = `${hit.pid}|${hit.where}|${hit.field}|${hit.secretIndex}`;
    if (keys.has(key)) return;
    keys.add(key);
    hits.push(hit);
  };
  const inspect = (pid: number) => {
    const cmdline = readProc(pid, 'cmdline');
    const environ = readProc(pid, 'environ');
    if (cmdline === null || cmdline.length === 0) return; // gone, or a zombie
    const command = cmdline.toString().split('\0')[0] ?? '';
    seen.set(pid, command);
    for (const [where, buf] of [
      ['cmdline', cmdline],
      ['environ', environ],
    ] as const) {
      if (!buf) continue;
      const fields = buf.toString().split('\0');
      needles.forEach((needle, secretIndex) => {
        if (!buf.includes(needle)) return;
        fields.forEach((f, i) => {
          if (!f.includes(opts.secrets[secretIndex]!)) return;
          const field =
            where === 'cmdline' ? `argv[${i}]` : f.slice(0, Math.max(0, f.indexOf('=')));
          record({ pid, command, where, field, secretIndex });
        });
      });
    }
  };
  const sample = () => {
    const pids = descendantPids(opts.rootPid);
    if (opts.includeRoot !== false) pids.unshift(opts.rootPid);
    pids.forEach(inspect);
    samples++;
  };
  const tick = () => {
    sample();
    timer = setTimeout(tick, opts.intervalMs ?? 5);
  };
  tick();

  return {
    hits,
    seen,
    get samples() {
      return samples;
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      sample();
      return [...hits];
    },
  };
}
