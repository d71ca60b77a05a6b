import { linkSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/storage/atomic-file.js';
import { useTempDirs } from '../../support/temp.js';

describe('writeFileAtomic with a backup', () => {
  const tmp = useTempDirs();

  it('keeps the replaced content as the backup and leaves no temp file', async () => {
    const dir = tmp();
    const file = join(dir, 'index.json');
    writeFileSync(file, 'v1');
    await writeFileAtomic(file, 'v2', { backupPath: `${file}.bak` });
    expect(readFileSync(file, 'utf8')).toBe('v2');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('v1');
    expect(readdirSync(dir).sort()).toEqual(['index.json', 'index.json.bak']);
  });

  it('leaves no temp file when the backup already is the same file (a writer killed mid-way)', async () => {
    const dir = tmp();
    const file = join(dir, 'index.json');
    writeFileSync(file, 'v1');
    linkSync(file, `${file}.bak`);
    await writeFileAtomic(file, 'v2', { backupPath: `${file}.bak` });
    expect(readFileSync(file, 'utf8')).toBe('v2');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('v1');
    expect(statSync(`${file}.bak`).nlink).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['index.json', 'index.json.bak']);
  });
});
