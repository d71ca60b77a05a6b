import { readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../core/errors.js';
import { fsyncDir, removeStaleTemps, writeFileAtomic } from './atomic-file.js';
import { fileSafeName, type StoreLayout } from './layout.js';
import { withFileLock, type LockOptions } from './lock.js';
import { alreadyExistsError, ioError, isErrnoCode } from './store-errors.js';
import type { ExclusionsStore, ExclusionsView } from './types.js';

/** Pattern-grammar check (the Validator's `exclusionPattern`); returns the normalised pattern. */
export type PatternValidator = (pattern: string) => string;

/** borg's --exclude-from skips blank lines and `#` comments; we keep them and skip validating them. */
const isPatternLine = (line: string) => line.trim() !== '' && !line.trimStart().startsWith('#');

async function readLines(file: string): Promise<string[] | null> {
  try {
    const text = await readFile(file, 'utf8');
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    return lines;
  } catch (e) {
    if (isErrnoCode(e, 'ENOENT')) return null;
    throw ioError(`cannot read ${file}`, e);
  }
}

/**
 * Per-repo borg pattern files `data/exclusions/{repo}.txt`. Reads fall back to Python's
 * `{repo}_excludes.txt`, then the shared `excludes.txt`; writes only ever go to the repo file
 * (seeded from whatever applied before), so Python's files are never changed.
 */
export class FileExclusionsStore implements ExclusionsStore {
  private readonly layout: StoreLayout;
  private readonly validate: PatternValidator;
  private readonly lock: LockOptions;

  constructor(layout: StoreLayout, validate: PatternValidator, lock: LockOptions) {
    this.layout = layout;
    this.validate = validate;
    this.lock = lock;
  }

  repoFile(name: string): string {
    return join(this.layout.exclusionsDir, `${fileSafeName(name)}.txt`);
  }

  async show(name: string): Promise<ExclusionsView> {
    const candidates: [string, ExclusionsView['source']][] = [
      [this.repoFile(name), 'repo'],
      [this.layout.pythonExcludes(name), 'python-repo'],
      [this.layout.sharedExcludes, 'shared'],
    ];
    for (const [file, source] of candidates) {
      const lines = await readLines(file);
      if (lines !== null) return { file, source, lines };
    }
    return { file: null, source: 'none', lines: [] };
  }

  async effectiveFile(name: string): Promise<string | null> {
    return (await this.show(name)).file;
  }

  async add(name: string, pattern: string): Promise<ExclusionsView> {
    const checked = this.checkLines([pattern], false)[0] as string;
    return this.update(name, (view) => [...view.lines, checked]);
  }

  async remove(name: string, line: number): Promise<ExclusionsView & { removed: string }> {
    let removed = '';
    const view = await this.update(name, (current) => {
      if (!Number.isInteger(line) || line < 1 || line > current.lines.length) {
        throw new ValidationError(
          [
            `line ${line} is out of range: the exclusions of '${name}' have ${current.lines.length} lines`,
          ],
          `see the numbered lines with 'borgboi exclusions show -n ${name}'`,
        );
      }
      removed = current.lines[line - 1] as string;
      return current.lines.filter((_, i) => i !== line - 1);
    });
    return { ...view, removed };
  }

  async createFrom(
    name: string,
    sourceFile: string,
    opts: { replace?: boolean | undefined } = {},
  ): Promise<ExclusionsView> {
    const lines = await readLines(sourceFile).catch(() => null);
    if (lines === null) {
      throw new ValidationError(
        [`cannot read the pattern file ${sourceFile}`],
        'pass an existing, readable text file with one borg pattern per line',
      );
    }
    const checked = this.checkLines(lines, true);
    // A file with no pattern yet (the header `repo create` writes) is not worth protecting:
    // replacing it keeps create-repo → create-exclusions, Python's documented flow, working.
    return this.update(name, (view, exists) => {
      if (exists && !opts.replace && view.lines.some(isPatternLine)) {
        throw alreadyExistsError(
          `repository '${name}' already has an exclusions file (${this.repoFile(name)})`,
          `change it with 'borgboi exclusions edit -n ${name}' or add/remove single patterns`,
        );
      }
      return checked;
    });
  }

  async write(name: string, lines: readonly string[]): Promise<ExclusionsView> {
    const checked = this.checkLines(lines, true);
    return this.update(name, () => checked);
  }

  async rename(oldName: string, newName: string): Promise<void> {
    const target = this.repoFile(newName);
    await withFileLock(target, this.lock, async () => {
      if ((await readLines(target)) !== null) {
        throw alreadyExistsError(
          `exclusions for '${newName}' already exist (${target})`,
          'remove that file first or choose another name',
        );
      }
      const view = await this.show(oldName);
      if (view.source === 'repo') {
        await rename(this.repoFile(oldName), target);
        await fsyncDir(this.layout.exclusionsDir);
      } else if (view.source === 'python-repo') await this.writeLines(target, view.lines);
    });
  }

  /**
   * Copies a Python exclusions file verbatim (Python never validated patterns; borg reads the
   * file as it is) unless the repo already has its own file. Returns whether it copied.
   */
  async importFile(name: string, sourceFile: string): Promise<boolean> {
    const lines = await readLines(sourceFile);
    if (lines === null) return false;
    const file = this.repoFile(name);
    return withFileLock(file, this.lock, async () => {
      if ((await readLines(file)) !== null) return false;
      await this.writeLines(file, lines);
      return true;
    });
  }

  async removeAll(name: string): Promise<void> {
    await unlink(this.repoFile(name)).catch((e: unknown) => {
      if (!isErrnoCode(e, 'ENOENT')) throw ioError(`cannot remove ${this.repoFile(name)}`, e);
    });
  }

  /** Read-modify-write of the repo file under its lock; `change` sees the effective view. */
  private async update(
    name: string,
    change: (view: ExclusionsView, repoFileExists: boolean) => string[],
  ): Promise<ExclusionsView> {
    const file = this.repoFile(name);
    return withFileLock(file, this.lock, async () => {
      await removeStaleTemps(file);
      const view = await this.show(name);
      const lines = change(view, view.source === 'repo');
      await this.writeLines(file, lines);
      return { file, source: 'repo', lines };
    });
  }

  private async writeLines(file: string, lines: readonly string[]): Promise<void> {
    const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    await writeFileAtomic(file, text, { mode: 0o600, dirMode: 0o700 }).catch((e: unknown) => {
      throw ioError(`cannot write ${file}`, e);
    });
  }

  /**
   * Storage invariants (one pattern per line) always; the pattern grammar through the injected
   * validator. Every bad line is reported, none is written.
   */
  private checkLines(lines: readonly string[], allowComments: boolean): string[] {
    const issues: string[] = [];
    const out = lines.map((line, i) => {
      const where = lines.length > 1 ? `line ${i + 1}: ` : '';
      if (/[\n\r\0]/.test(line)) {
        issues.push(`${where}a pattern cannot contain a line break or NUL`);
        return line;
      }
      if (allowComments && !isPatternLine(line)) return line;
      try {
        return this.validate(line);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        issues.push(`${where}${e.issues.join('; ')}`);
        return line;
      }
    });
    if (issues.length > 0) {
      throw new ValidationError(issues, 'fix the pattern(s); see `borg help patterns`');
    }
    return out;
  }
}
