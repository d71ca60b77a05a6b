import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** test/fixtures/borg: real borg 1.2.4 output (see its README for the command of each file). */
export const BORG_FIXTURES = fileURLToPath(new URL('../fixtures/borg/', import.meta.url));

export function borgFixture(name: string): string {
  return readFileSync(`${BORG_FIXTURES}${name}`, 'utf8');
}

export function borgFixtureLines(name: string): string[] {
  return borgFixture(name)
    .split('\n')
    .filter((l) => l.length > 0);
}

/** Every captured output file (not the README). */
export function allBorgFixtures(): string[] {
  return readdirSync(BORG_FIXTURES)
    .filter((f) => f !== 'README.md')
    .sort();
}
