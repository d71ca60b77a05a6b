import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editedLines } from '../../../src/cli/commands/exclusions/edit.js';
import { ValidationError } from '../../../src/core/errors.js';
import { createFakeOrchestrator } from '../../support/fake-orchestrator.js';
import { useTempDirs } from '../../support/temp.js';
import { runCmd } from './harness.js';

describe('exclusions edit', () => {
  const tmp = useTempDirs();
  /** An "editor" that runs a shell snippet on the file ($1 = the last argument). */
  const editor = (body: string) => {
    const file = join(tmp(), 'editor.sh');
    writeFileSync(file, `#!/bin/sh\nfor f; do :; done; set -- "$f"\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const writes = (r: Awaited<ReturnType<typeof runCmd>>) =>
    r.orch.calls.filter((c) => c.method === 'writeExclusions').map((c) => c.args[1]);

  it('without a terminal: exit 2, pointing at add/remove/create', async () => {
    const r = await runCmd(['exclusions', 'edit', '-n', 'alpha']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /exclusions edit needs a terminal for the editor; use 'exclusions add PATTERN'/,
    );
    expect(r.orch.calls).toEqual([]);
  });

  it('saves the edited patterns through the orchestrator ($EDITOR with arguments works)', async () => {
    const ed = editor('printf "*.iso\\n\\n" >> "$1"');
    const r = await runCmd(['exclusions', 'edit', '-n', 'alpha', '--json'], {
      tty: true,
      env: { EDITOR: `${ed} --wait` },
    });
    expect(r.code).toBe(0);
    expect(writes(r)).toEqual([['*.tmp', '/data/logs/app.log', '*.iso']]);
    expect(JSON.parse(r.out)).toMatchObject({ repo: 'alpha', changed: true });
  });

  it('$VISUAL wins over $EDITOR; unchanged text saves nothing', async () => {
    const r = await runCmd(['exclusions', 'edit'], {
      tty: true,
      env: { VISUAL: editor('true'), EDITOR: editor('echo x >> "$1"') },
    });
    expect(r.code).toBe(0);
    expect(writes(r)).toEqual([]);
    expect(r.err).toBe('No changes.\n');
  });

  it('an editor that fails: exit 1, nothing saved', async () => {
    const r = await runCmd(['exclusions', 'edit'], {
      tty: true,
      env: { EDITOR: editor('echo x >> "$1"; exit 3') },
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/editor '.*' exited with status 3; nothing was saved/);
    expect(writes(r)).toEqual([]);
  });

  it('an invalid pattern: exit 2, the edit is kept for the next try', async () => {
    const orch = createFakeOrchestrator({
      writeExclusions: async () => {
        throw new ValidationError(["line 3: 'xx:bad' has an unknown pattern style"]);
      },
    });
    const r = await runCmd(['exclusions', 'edit'], {
      tty: true,
      orch,
      env: { EDITOR: editor('echo "xx:bad" >> "$1"') },
    });
    expect(r.code).toBe(2);
    const kept = /your edit is kept in (\S+);/.exec(r.err)?.[1];
    expect(kept).toBeDefined();
    expect(existsSync(kept!)).toBe(true);
    rmSync(dirname(kept!), { recursive: true });
    expect(r.err).toContain(`borgboi exclusions create -n alpha --from ${kept} --replace`);
  });

  it.each([
    ['*.tmp\n\n  \n/data/x  \n', ['*.tmp', '/data/x']],
    ['', []],
    ['a\nb', ['a', 'b']],
  ])('editedLines(%j)', (text, lines) => expect(editedLines(text)).toEqual(lines));
});
