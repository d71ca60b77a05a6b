import { writeFileAtomic } from '../storage/atomic-file.js';
import { runResultSchema, type RunRecord, type RunResult } from '../core/models/index.js';
import type { RepoStatus, StatusResult } from '../core/orchestrator-api.js';

/** Per-repo values behind one metric family; null leaves the repo out of the family. */
interface Family {
  name: string;
  help: string;
  value: (row: RepoStatus, run: RunRecord | null) => number | null;
}

const seconds = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t / 1000;
};

const FAMILIES: readonly Family[] = [
  {
    name: 'borgboi_last_backup_timestamp_seconds',
    help: 'Unix time of the last archive made by backup daily',
    value: (row) => seconds(row.last_backup),
  },
  {
    name: 'borgboi_last_run_timestamp_seconds',
    help: 'Unix time the last finished backup daily run started, whatever its result',
    value: (_, run) => seconds(run?.started_at),
  },
  {
    name: 'borgboi_last_backup_duration_seconds',
    help: 'Duration of the last finished backup daily run',
    value: (row, run) => {
      const ms = run?.duration_ms ?? row.last_duration_ms;
      return ms === null || ms === undefined ? null : ms / 1000;
    },
  },
  {
    name: 'borgboi_archive_count',
    help: 'Archives in the repository after the last prune',
    value: (row) => row.archive_count,
  },
  {
    name: 'borgboi_deduplicated_size_bytes',
    help: 'Deduplicated compressed size of the repository (borg unique_csize)',
    value: (row) => row.deduplicated_size,
  },
  {
    name: 'borgboi_last_s3_sync_timestamp_seconds',
    help: 'Unix time of the last S3 sync of the repository',
    value: (row) => seconds(row.last_s3_sync),
  },
];

const RESULT_FAMILY = 'borgboi_last_result';
const RESULTS: readonly RunResult[] = runResultSchema.options;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  const body = Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',');
  return `{${body}}`;
}

function header(name: string, help: string): string[] {
  return [
    `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`,
    `# TYPE ${name} gauge`,
  ];
}

/** The newest finished run per repo (runs may hold several per repo, in any order). */
function newestByRepo(runs: readonly RunRecord[]): Map<string, RunRecord> {
  const out = new Map<string, RunRecord>();
  for (const r of runs) {
    if (r.repo === null || r.result === 'running') continue;
    const cur = out.get(r.repo);
    if (!cur || Date.parse(r.started_at) > Date.parse(cur.started_at)) out.set(r.repo, r);
  }
  return out;
}

/**
 * Prometheus text exposition (node_exporter's textfile collector) of `status`: per-repo
 * gauges labelled {repo, host}, and the last daily result as a state set (1 for the result
 * the last finished run had, 0 for the others). `runs` are finished `backup daily` records.
 */
export function renderPrometheus(status: StatusResult, runs: readonly RunRecord[]): string {
  const lastRun = newestByRepo(runs);
  const rows = status.repos.map((row) => ({
    row,
    run: lastRun.get(row.name) ?? null,
    base: { repo: row.name, host: row.hostname },
  }));
  const out: string[] = [];
  for (const f of FAMILIES) {
    const samples = rows.flatMap(({ row, run, base }) => {
      const v = f.value(row, run);
      return v === null || !Number.isFinite(v) ? [] : [`${f.name}${labels(base)} ${v}`];
    });
    if (samples.length > 0) out.push(...header(f.name, f.help), ...samples);
  }
  const states = rows.flatMap(({ row, run, base }) => {
    const current = run?.result ?? (row.last_result === 'running' ? null : row.last_result);
    if (!current) return [];
    return RESULTS.map(
      (r) => `${RESULT_FAMILY}${labels({ ...base, result: r })} ${r === current ? 1 : 0}`,
    );
  });
  if (states.length > 0) {
    out.push(
      ...header(RESULT_FAMILY, 'Result of the last finished backup daily run (1 = this result)'),
    );
    out.push(...states);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/**
 * Writes a node_exporter textfile atomically (the store's temp + fsync + rename + fsync dir):
 * the temp file `.<name>.<hex>.tmp` sits in the same directory and is ignored by the collector,
 * which reads `*.prom` only; mode 0644 so node_exporter can read it. A scrape sees the old file
 * or the new one, never half. The directory must exist (node_exporter's textfile directory).
 */
export async function writeTextfile(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text, { mode: 0o644 });
}
