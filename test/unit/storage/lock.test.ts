import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCK_OPTIONS, withFileLock } from '../../../src/storage/lock.js';
import { useTempDirs } from '../../support/temp.js';

describe('withFileLock with the default options', () => {
  const tmp = useTempDirs();

  it('takes over the lock of a holder killed right after refreshing it, within the wait', async () => {
    const file = join(tmp(), 'repositories.json');
    mkdirSync(`${file}.lock`); // a fresh lock nobody will refresh or release
    // With a stale time not under the wait, this gives up with store-locked before the lock is stale.
    const got = await withFileLock(file, DEFAULT_LOCK_OPTIONS, async () => 'written');
    expect(got).toBe('written');
  }, 15_000);
});
