import { describe, expect, it } from 'vitest';
import { createTestIo } from '../../../src/cli/io.js';
import { buildProgram } from '../../../src/cli/program.js';
import { CliRuntime } from '../../../src/cli/runtime.js';
import { fakeDeps } from '../../support/fake-deps.js';
import { createFakeOrchestrator } from '../../support/fake-orchestrator.js';
import { runCmd } from './harness.js';

const rt = () =>
  new CliRuntime({
    io: createTestIo(),
    env: {},
    cwd: '/',
    signal: new AbortController().signal,
    makeDeps: () => fakeDeps(createFakeOrchestrator()),
  });

describe('root --help from the command summaries', () => {
  it('is exactly the help of the whole command tree', async () => {
    const whole = (await buildProgram(rt())).helpInformation();
    const summaries = await buildProgram(rt(), ['--help']);
    expect(summaries.commands.some((c) => c.commands.length > 0)).toBe(false);
    expect(summaries.helpInformation()).toBe(whole);
  });

  it.each([[['--help']], [['-h']], [['--json', '--config', 'x.yaml', '--help']]])(
    '%j prints it and exits 0',
    async (args) => {
      const r = await runCmd(args);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: borgboi \[options\] <command>/);
      expect(r.out).toMatch(/\n {2}status \[options\] +Every repository/);
      expect(r.out).toMatch(/\n {2}completion <shell> +Print a shell completion script/);
    },
  );

  it.each([
    [['repo', '--help'], /Usage: borgboi repo/],
    [['status', '--help'], /--max-age/],
  ])('%j still loads the group and shows its own help', async (args, shows) => {
    const r = await runCmd(args);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(shows);
  });
});
