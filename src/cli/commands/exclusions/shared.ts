import { z } from 'zod';
import type { ExclusionsView } from '../../../storage/types.js';
import { note, printLine } from '../../output.js';
import type { CliRuntime } from '../../runtime.js';

/** The document every exclusions verb prints with --json. */
export const exclusionsJsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    file: z.string().nullable(),
    source: z.enum(['repo', 'python-repo', 'shared', 'none']),
    lines: z.array(z.string()),
  }),
);
export type ExclusionsJson = z.infer<typeof exclusionsJsonSchema>;

export function exclusionsJson(v: ExclusionsView & { repo: string }): ExclusionsJson {
  return { repo: v.repo, file: v.file, source: v.source, lines: v.lines };
}

const SOURCE: Record<ExclusionsView['source'], string> = {
  repo: '',
  'python-repo': ' (Python borgboi file)',
  shared: ' (shared excludes.txt: no file of its own yet)',
  none: '',
};

/** Numbered pattern lines on stdout (the numbers are what `exclusions remove` takes). */
export function renderExclusions(
  rt: CliRuntime,
  v: ExclusionsView & { repo: string },
  highlight?: number,
): void {
  if (v.source === 'none' || v.file === null) {
    note(
      rt,
      `No exclusions for '${v.repo}'; add one with 'borgboi exclusions add -n ${v.repo} PATTERN'.`,
    );
    return;
  }
  note(rt, `Exclusions of '${v.repo}' from ${v.file}${SOURCE[v.source]}:`);
  const width = String(v.lines.length).length;
  v.lines.forEach((line, i) => {
    const n = String(i + 1).padStart(width);
    const text = i + 1 === highlight ? rt.style.green(`${line}  (new)`) : line;
    printLine(rt, `${n}  ${text}`);
  });
}
