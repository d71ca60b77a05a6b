import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BorgboiPaths } from '../../../src/config/paths.js';
import { BorgboiError, ValidationError } from '../../../src/core/errors.js';
import type { Validator } from '../../../src/core/validator.js';
import type * as S from '../../../src/storage/types.js';

/**
 * Exclusions as maps: the repo file (`data/exclusions/{name}.txt`), Python's per-repo file and
 * the shared `excludes.txt` as read-only fallbacks. `#` comment lines are kept unvalidated
 * (borg's pattern files allow them).
 */
export class MemoryExclusions implements S.ExclusionsStore {
  readonly files = new Map<string, string[]>();
  readonly python = new Map<string, string[]>();
  shared: string[] | null = null;

  constructor(
    private readonly paths: BorgboiPaths,
    private readonly validator: Validator,
  ) {}

  private validate(lines: readonly string[]): string[] {
    return lines.map((l) => (l.startsWith('#') ? l : this.validator.exclusionPattern(l)));
  }

  repoFile(name: string) {
    return join(this.paths.exclusionsDir, `${name}.txt`);
  }

  async show(name: string): Promise<S.ExclusionsView> {
    const own = this.files.get(name);
    if (own) return { file: this.repoFile(name), source: 'repo', lines: [...own] };
    const py = this.python.get(name);
    if (py)
      return {
        file: join(this.paths.baseDir, `${name}_excludes.txt`),
        source: 'python-repo',
        lines: [...py],
      };
    if (this.shared)
      return {
        file: join(this.paths.baseDir, 'excludes.txt'),
        source: 'shared',
        lines: [...this.shared],
      };
    return { file: null, source: 'none', lines: [] };
  }

  async effectiveFile(name: string) {
    return (await this.show(name)).file;
  }

  async add(name: string, pattern: string) {
    const [line] = this.validate([pattern]);
    this.files.set(name, [...(this.files.get(name) ?? []), line ?? pattern]);
    return this.show(name);
  }

  async remove(name: string, line: number) {
    const lines = this.files.get(name) ?? [];
    const removed = lines[line - 1];
    if (!Number.isInteger(line) || removed === undefined) {
      throw new ValidationError([
        `line ${line} does not exist (the file has ${lines.length} lines)`,
      ]);
    }
    this.files.set(
      name,
      lines.filter((_, i) => i !== line - 1),
    );
    return { ...(await this.show(name)), removed };
  }

  async createFrom(name: string, sourceFile: string, opts: { replace?: boolean | undefined } = {}) {
    if (this.files.has(name) && !opts.replace) {
      throw new BorgboiError('already-exists', `exclusions of '${name}' already exist`);
    }
    const text = await readFile(sourceFile, 'utf8');
    this.files.set(name, this.validate(text.split('\n').filter((l) => l.trim() !== '')));
    return this.show(name);
  }

  async write(name: string, lines: readonly string[]) {
    this.files.set(name, this.validate(lines));
    return this.show(name);
  }

  async rename(oldName: string, newName: string) {
    const lines = this.files.get(oldName);
    if (!lines) return;
    this.files.delete(oldName);
    this.files.set(newName, lines);
  }

  async removeAll(name: string) {
    this.files.delete(name);
  }
}
