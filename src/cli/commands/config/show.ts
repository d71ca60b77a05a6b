import { Option, type Command } from 'commander';
import { Document, isMap, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import { z } from 'zod';
import type { LoadedConfig } from '../../../config/load.js';
import { describeSources, redactConfig, type SourceInfo } from '../../../config/redact.js';
import { printJson, warn } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';

export const optionsSchema = z.object({ format: z.enum(['yaml', 'json']).default('yaml') });
export type Options = z.infer<typeof optionsSchema>;

export interface ShowResult {
  file: string | null;
  config: Record<string, unknown>;
  sources: Record<string, SourceInfo>;
  warnings: string[];
}

export function buildShowResult(loaded: LoadedConfig): ShowResult {
  return {
    file: loaded.file,
    config: redactConfig(loaded.config),
    sources: describeSources(loaded),
    warnings: loaded.warnings,
  };
}

const label = (s: SourceInfo) => (s.source === 'env' ? `env ${s.env}` : s.source);

/** The effective config as YAML, each value followed by a comment saying where it came from. */
export function renderShowYaml(result: ShowResult): string {
  const doc = new Document(result.config);
  for (const [key, info] of Object.entries(result.sources)) {
    const path = key.split('.');
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    if (!isMap(parent)) continue;
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1)) as
      | Pair<Scalar, unknown>
      | undefined;
    if (!pair) continue;
    const value = pair.value;
    if (isSeq(value) && value.items.length === 0) value.flow = true;
    if (isScalar(value) || (isSeq(value) && value.flow)) value.comment = ` ${label(info)}`;
    else pair.key.comment = ` ${label(info)}`;
  }
  const from =
    result.file ?? "defaults and environment (no config file; 'borgboi config init' writes one)";
  return `# Configuration from: ${from}\n${doc.toString({ lineWidth: 0 })}`;
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = buildShowResult(await rt.deps().config());
  for (const w of result.warnings) warn(rt, w);
  if (rt.globals.json || opts.format === 'json') printJson(rt, result);
  else rt.io.stdout.write(renderShowYaml(result));
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('show')
    .description("Print the effective config and each value's source (secrets redacted)")
    .addOption(
      new Option('-f, --format <format>', 'yaml (with source comments) or json')
        .choices(['yaml', 'json'])
        .default('yaml'),
    )
    .action(async (raw, cmd: Command) => runF(parseOptions(optionsSchema, raw, cmd), rt));
}
