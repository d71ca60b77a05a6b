import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BorgboiError, errorMessage, ValidationError } from '../../core/errors.js';
import type { StatusResult } from '../../core/orchestrator-api.js';
import { renderPrometheus, writeTextfile } from '../../ops/prometheus.js';
import { note, warn } from '../output.js';
import type { CliRuntime } from '../runtime.js';
import { countOf } from '../text-blocks.js';

/**
 * `status --output FILE`: the absolute path, checked before anything is read so a typo fails
 * with exit 2 (nothing written). node_exporter's textfile collector reads only `*.prom`.
 */
export function textfileTarget(rt: CliRuntime, output: string): string {
  const file = resolve(rt.cwd, output);
  const dir = dirname(file);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new ValidationError(
      [`--output ${file}: the directory ${dir} does not exist`],
      "create it, or point --output at node_exporter's --collector.textfile.directory",
    );
  }
  if (!file.endsWith('.prom')) {
    warn(rt, `${file} does not end in .prom; node_exporter's textfile collector reads only *.prom`);
  }
  return file;
}

/** The exposition text on stdout, or written atomically to `file` (a scrape never sees half). */
export async function emitPrometheus(
  rt: CliRuntime,
  result: StatusResult,
  file: string | undefined,
): Promise<void> {
  const text = renderPrometheus(result, result.lastRuns ?? []);
  if (file === undefined) {
    rt.io.stdout.write(text);
    return;
  }
  try {
    await writeTextfile(file, text);
  } catch (err) {
    throw new BorgboiError('io', `cannot write ${file}: ${errorMessage(err)}`, {
      hint: 'check that this user may write to that directory',
      cause: err,
    });
  }
  note(rt, `wrote ${file} (${countOf(result.repos.length, 'repository', 'repositories')})`);
}
