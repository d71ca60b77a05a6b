import { ValidationError } from '../errors.js';
import type { FindInput, FindMatch, FindResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { archivesOf } from './archives.js';
import { globToRegExp, literalPrefix, normalizeGlob } from './glob.js';
import { openRepo } from './resolve.js';

/**
 * `backup find GLOB`: which archives (newest first) hold a path matching the glob, with its
 * size and mtime. Each listing is streamed and filtered on the fly, never held whole.
 */
export async function findInArchives(ctx: WorkflowContext, input: FindInput): Promise<FindResult> {
  const glob = normalizeGlob(input.glob);
  const re = globToRegExp(glob);
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1)) {
    throw new ValidationError([`--limit must be a whole number of at least 1, not ${input.limit}`]);
  }
  const opened = await openRepo(ctx, input);
  const archives = (await archivesOf(ctx, opened)).slice(0, input.limit);
  const prefix = literalPrefix(glob);
  const matches: FindMatch[] = [];
  for (const archive of archives) {
    const items = ctx.borg.listContents(
      opened.repo.path,
      archive.name,
      prefix ? { paths: [prefix] } : {},
      opened.borg(),
    );
    for await (const item of items) {
      if (!re.test(item.path)) continue;
      matches.push({
        archive: archive.name,
        start: archive.start,
        path: item.path,
        type: item.type,
        size: item.size,
        mtime: item.mtime,
      });
    }
  }
  return { repo: opened.repo.name, glob, archivesSearched: archives.length, matches };
}
