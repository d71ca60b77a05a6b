import { planPings, summaryText, type RepoOutcome } from '../../ops/notify.js';
import { sendPing } from '../../ops/ping.js';
import { renderPrometheus, writeTextfile } from '../../ops/prometheus.js';

import { errorMessage } from '../errors.js';
import type { RunRecord } from '../models/index.js';
import type { DailyResult, RepoStatus, WorkflowObserver } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { DAILY_COMMAND } from './daily-repo.js';
import { repoStatus } from './status.js';
import { StepRecorder } from './steps.js';

/**
 * What one `backup daily` invocation (one repo, or `--all`) tells the outside world: one
 * healthchecks-style ping pair for the whole invocation (so a failing repo is not hidden by a
 * later success) and the Prometheus textfile. Nothing here can fail the backup: problems come
 * back as warnings.
 */
export class DailyNotifier {
  private readonly warnings: string[] = [];
  private readonly steps: StepRecorder;

  constructor(
    private readonly ctx: WorkflowContext,
    label: string,
    observer: WorkflowObserver | undefined,
  ) {
    this.steps = new StepRecorder(ctx.clock, label, observer);
  }

  /** `/start`, when successes are pinged too (see planPings). */
  async start(): Promise<void> {
    const { ping_url: url, notify_on_success: onSuccess } = this.ctx.config.monitoring;
    if (!url || !planPings([], onSuccess).start) return;
    const warning = await sendPing({ ...this.pingBase(url), kind: 'start' });
    if (warning) this.warnings.push(warning);
  }

  /**
   * The closing ping (when the noise rules want one), then the textfile; the warnings.
   * `notRun`: repos of `--all` an interrupt kept from starting.
   */
  async finish(results: readonly DailyResult[], notRun: readonly string[] = []): Promise<string[]> {
    await this.ping(results, notRun);
    await this.textfile();
    return [...this.warnings];
  }

  private pingBase(url: string) {
    return {
      fetch: this.ctx.fetch,
      url,
      timeoutMs: this.ctx.config.monitoring.ping_timeout * 1000,
    };
  }

  private async ping(results: readonly DailyResult[], notRun: readonly string[]): Promise<void> {
    const { ping_url: url, notify_on_success: onSuccess } = this.ctx.config.monitoring;
    if (!url) return;
    const outcomes = results.map(outcomeOf);
    const { finish } = planPings(outcomes, onSuccess, notRun.length > 0);
    if (!finish) return;
    const body = summaryText(this.ctx.hostname, outcomes, notRun);
    const warning = await this.steps.run(
      'notify',
      () => sendPing({ ...this.pingBase(url), kind: finish, body }),
      (w) =>
        w ? { result: 'warning', message: w } : { result: 'ok', message: `${finish} ping sent` },
    );
    if (warning) this.warnings.push(warning);
  }

  private async textfile(): Promise<void> {
    const path = this.ctx.config.monitoring.textfile;
    if (!path) return;
    try {
      await this.steps.run('textfile', async () =>
        writeTextfile(path, await prometheusText(this.ctx)),
      );
    } catch (err) {
      this.warnings.push(`textfile: ${path} was not written (${errorMessage(err)})`);
    }
  }
}

function outcomeOf(r: DailyResult): RepoOutcome {
  return {
    repo: r.repo,
    result: r.result,
    exitCode: r.exitCode,
    archive: r.archive,
    recovered: r.recovered ?? false,
    warnings: r.warnings,
    error: r.error,
  };
}

/**
 * `status` of this host's repos plus each one's last finished daily, as exposition text: the
 * rows `status` shows, built here so each repo costs two run-log reads, not three.
 */
export async function prometheusText(ctx: WorkflowContext): Promise<string> {
  const repos = await ctx.store.metadata.list({ hostname: ctx.hostname });
  const now = ctx.clock.now().getTime();
  const rows: RepoStatus[] = [];
  const runs: RunRecord[] = [];
  for (const repo of repos) {
    const last = await ctx.store.runLog.last(repo.name);
    const finished = await ctx.store.runLog.last(repo.name, DAILY_COMMAND);
    rows.push(repoStatus(repo, last, finished, now, null));
    if (finished) runs.push(finished);
  }
  return renderPrometheus({ repos: rows, stale: [], maxAgeMs: null, source: 'local' }, runs);
}
