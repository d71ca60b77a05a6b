import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBorgboi } from '../support/cli.js';
import { borgRows } from './bad-input-borg.js';
import { fileRows } from './bad-input-files.js';
import { nameAndPathRows } from './bad-input-names-paths.js';
import { patternRows } from './bad-input-patterns.js';
import { usageRows } from './bad-input-usage.js';
import {
  buildBaseline,
  removeBaseline,
  rowFixture,
  runRow,
  type BadRow,
  type Fx,
} from './harness/bad-input.js';

/**
 * Spec §10 bad input: one table across all verbs. Every row → exit 1 or 2, exactly one
 * `Error: <problem>; <fix>` line, nothing on stdout, no stack trace, and a snapshot of
 * BORGBOI_HOME, the repos, the data, the user's HOME and the odd paths proves nothing changed
 * (the one row that legitimately records a failed run says exactly what changed).
 */
const rows: BadRow[] = [...usageRows, ...nameAndPathRows, ...patternRows, ...fileRows, ...borgRows];
const indexed = rows.map((row, i) => ({ ...row, i }));

describe('bad input: a clear one-line error, the right exit code, nothing changed', () => {
  let baseline: Omit<Fx, 'home' | 'base' | 'scratch'>;
  beforeAll(async () => {
    baseline = await buildBaseline();
  });
  afterAll(() => baseline && removeBaseline(baseline.root));

  it('the table has at least 60 rows with distinct names', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(indexed)('$name → exit $code', async (row) => {
    await runRow(row, rowFixture(baseline, row.i));
  });

  it('after the quota row: the repo still checks clean and lists no archive', async () => {
    const env = { BORGBOI_HOME: join(baseline.root, 'baseline'), HOME: baseline.userHome };
    const check = await runBorgboi(['repo', 'check', '-n', 'tiny'], { env });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout + check.stderr).toMatch(/Check \(repository\) of 'tiny': ok/);
    const list = await runBorgboi(['backup', 'list', '-n', 'tiny', '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).archives).toEqual([]);
  });
});
