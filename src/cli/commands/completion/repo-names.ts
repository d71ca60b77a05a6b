import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** Where shell completion gets repository names from (the lead re-wires it to the store). */
export interface RepoNameSource {
  listRepoNames(): Promise<string[]>;
}

const indexSchema = z.object({
  version: z.number(),
  repositories: z.array(z.looseObject({ name: z.string() })),
});

/**
 * Reads names from `<base>/data/repositories.json` (`{version, repositories:[{name,…}]}`).
 * Completion must never fail noisily: a missing or unreadable index gives no names.
 */
export function indexFileRepoNames(indexFile: string): RepoNameSource {
  return {
    async listRepoNames() {
      let text: string;
      try {
        text = await readFile(indexFile, 'utf8');
      } catch {
        return [];
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return [];
      }
      const parsed = indexSchema.safeParse(json);
      if (!parsed.success) return [];
      return [...new Set(parsed.data.repositories.map((r) => r.name))].sort();
    },
  };
}
