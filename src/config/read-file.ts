import { existsSync, readFileSync } from 'node:fs';
import type * as Yaml from 'yaml';
import { BorgboiError } from '../core/errors.js';

type YamlModule = typeof Yaml;

/**
 * Parses one YAML (or JSON) config file into a plain object; errors name file and line.
 * yaml is imported here, not at the top: most runs have no config file, and the parser is a
 * fifth of the code every start-up would compile otherwise.
 */
export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BorgboiError('config-invalid', `cannot read config file ${file} (${code ?? e})`, {
      hint: 'check the path given with --config and its permissions',
      details: { file },
    });
  }
  // yaml is CommonJS: once bundled into a lazily loaded chunk its exports sit on `default`.
  const yaml = (await import('yaml')) as YamlModule & { default?: YamlModule };
  const parseDocument = yaml.parseDocument ?? yaml.default!.parseDocument;
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw new BorgboiError(
      'config-invalid',
      `config file ${file} is not valid YAML${line ? ` (line ${line})` : ''}: ${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      {
        hint: `fix the file or move it away; 'borgboi config init --force' writes a fresh one`,
        details: { file },
      },
    );
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new BorgboiError('config-invalid', `config file ${file} must hold a mapping of keys`, {
      hint: `start from 'borgboi config init' for the expected layout`,
      details: { file },
    });
  }
  return value as Record<string, unknown>;
}

export const fileExists = (p: string) => existsSync(p);
