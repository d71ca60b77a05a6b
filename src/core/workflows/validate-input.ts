import { ValidationError, type BorgboiError } from '../errors.js';
import type { Repository } from '../models/index.js';
import type { WorkflowContext } from './context.js';
import { alreadyExists } from './guards.js';

/**
 * Runs several Validator checks and reports every failing field at once (one ValidationError
 * listing all issues) instead of stopping at the first.
 */
export function validateAll<T extends Record<string, () => unknown>>(
  checks: T,
): { [K in keyof T]: ReturnType<T[K]> } {
  const out: Record<string, unknown> = {};
  const issues: string[] = [];
  const hints: string[] = [];
  for (const [key, check] of Object.entries(checks)) {
    try {
      out[key] = check();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      issues.push(...err.issues);
      if (err.hint) hints.push(err.hint);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, hints.join('; ') || undefined);
  return out as { [K in keyof T]: ReturnType<T[K]> };
}

/** The already-exists error for a new record clashing by name or by (path, host), else null. */
export function uniquenessError(
  name: string,
  path: string,
  sameName: Repository | null,
  samePath: Repository | null,
): BorgboiError | null {
  if (sameName) {
    return alreadyExists(
      `repository '${name}' already exists (at ${sameName.path} on ${sameName.hostname})`,
      `choose another name, or see 'borgboi repo list'`,
    );
  }
  if (samePath) {
    return alreadyExists(
      `${path} is already registered as repository '${samePath.name}'`,
      `use -n ${samePath.name}, or pick another path`,
    );
  }
  return null;
}

/** A new record must be unique by name and by (path, this host). */
export async function assertUnique(
  ctx: WorkflowContext,
  name: string,
  path: string,
): Promise<void> {
  const err = uniquenessError(
    name,
    path,
    await ctx.store.metadata.getByName(name),
    await ctx.store.metadata.getByPath(path, ctx.hostname),
  );
  if (err) throw err;
}
