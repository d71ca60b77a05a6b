import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import type { RepoRef } from '../core/orchestrator-api.js';

export type { RepoRef };

/** The shared `-n/--name` and `-p/--path` options, merged into each verb's zod schema. */
export const repoAddressShape = {
  name: z.string().min(1, 'must not be empty').optional(),
  path: z.string().min(1, 'must not be empty').optional(),
};

export function repoRef(opts: { name?: string | undefined; path?: string | undefined }): RepoRef {
  if (opts.name !== undefined && opts.path !== undefined) {
    throw new UsageError('give either --name or --path, not both', 'use -n NAME or -p PATH');
  }
  if (opts.name !== undefined) return { kind: 'name', name: opts.name };
  if (opts.path !== undefined) return { kind: 'path', path: opts.path };
  return { kind: 'default' };
}

export function describeRef(ref: RepoRef): string {
  if (ref.kind === 'name') return `repository '${ref.name}'`;
  if (ref.kind === 'path') return `repository at ${ref.path}`;
  return 'the default repository';
}
