// Writes docs/commands.md and docs/configuration.md from the built CLI (`borgboi __docs …`),
// so the checked-in docs always match the commander tree and the zod config schema.
// Run by `npm run docs` (after the build); an e2e test fails when they are out of date.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'bb-docs-'));
try {
  for (const kind of ['commands', 'configuration']) {
    const text = execFileSync(process.execPath, [join(root, 'bin', 'borgboi.js'), '__docs', kind], {
      // A clean environment: the developer's own config or BORGBOI_* never leak into the docs.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', BORGBOI_HOME: home, LANG: 'C.UTF-8' },
      encoding: 'utf8',
    });
    writeFileSync(join(root, 'docs', `${kind}.md`), text);
    console.log(`wrote docs/${kind}.md`);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
