import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ValidationError } from '../../../src/core/errors.js';
import type { RetentionInput, Validator } from '../../../src/core/validator.js';

const bad = (issue: string, hint?: string) => new ValidationError([issue], hint);
const inside = (p: string, parent: string) => {
  const rel = relative(parent, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const absolutePath = (path: string, cwd: string, what: string) => {
  if (!path || path.includes('\0')) throw bad(`${what} must not be empty`);
  return resolve(cwd, path);
};

/**
 * The Validator contract's documented rules over the real file system, for tests of the
 * Orchestrator (the real Validator is built in another layer).
 */
const rules: Validator = {
  repoName(name) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) {
      throw bad(
        `repository name '${name}' is invalid`,
        'use 1-64 letters, digits, _ or -, starting with a letter or digit',
      );
    }
    return name;
  },
  archiveName(name) {
    if (!name || name.includes('/') || name.includes('::') || /[\0\n]/.test(name)) {
      throw bad(`archive name '${name}' is invalid`, "no '/', '::' or newlines");
    }
    return name;
  },
  retention(policy: RetentionInput) {
    const values = Object.values(policy);
    if (values.some((v) => !Number.isInteger(v) || v < 0 || v > 10_000))
      throw bad('retention values must be whole numbers 0-10000');
    if (values.every((v) => v === 0)) throw bad('retention keeps nothing');
    return policy;
  },
  compression(spec) {
    if (!/^(none|lz4|zstd(,\d{1,2})?|zlib(,\d)?|lzma(,\d)?|auto,.+)$/.test(spec))
      throw bad(`compression '${spec}' is invalid`);
    return spec;
  },
  quota(value) {
    if (!/^\d+(\.\d+)?[KMGTP]?$/i.test(value))
      throw bad(`quota '${value}' is invalid`, 'e.g. 100G, 1.5T or 500M');
    return value.toUpperCase();
  },
  exclusionPattern(pattern) {
    if (!pattern.trim() || pattern.includes('\0') || pattern.includes('\n'))
      throw bad(`pattern '${pattern}' is invalid`);
    const style = /^[+\-!]?\s*([a-z]{2}):/.exec(pattern)?.[1];
    if (style && !['fm', 'sh', 're', 'pp', 'pf'].includes(style))
      throw bad(`pattern style '${style}:' is unknown`);
    if (style === 're') {
      try {
        new RegExp(pattern.replace(/^[+\-!]?\s*re:/, ''));
      } catch {
        throw bad(`pattern '${pattern}' is not a valid regular expression`);
      }
    }
    return pattern;
  },
  absolutePath,
  existingDir(path, cwd, what) {
    const abs = absolutePath(path, cwd, what);
    if (!existsSync(abs) || !statSync(abs).isDirectory())
      throw bad(`${what} ${abs} is not an existing directory`);
    return abs;
  },
  newRepoPath(path, cwd) {
    const abs = absolutePath(path, cwd, 'repository path');
    if (existsSync(abs) && (!statSync(abs).isDirectory() || readdirSync(abs).length > 0)) {
      throw bad(
        `repository path ${abs} already exists and is not an empty directory`,
        'pick a new path',
      );
    }
    return abs;
  },
  backupTarget(target, repoPath, cwd) {
    const abs = absolutePath(target, cwd, 'backup target');
    if (!existsSync(abs)) throw bad(`backup target ${abs} does not exist`, 'create it or fix -b');
    if (inside(abs, repoPath)) throw bad(`backup target ${abs} lies inside the repository`);
    return abs;
  },
};

export function createFakeValidator(): Validator {
  return { ...rules };
}
