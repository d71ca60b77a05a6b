import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/core/models/index.js';
import { storeLayout } from '../../../src/storage/layout.js';
import { useTempDirs } from '../../support/temp.js';
import { createLocalStore } from '../../../src/storage/index.js';
import { storeEnv, testConfig } from './helpers.js';

function record(id: string, over: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    command: 'backup daily',
    repo: 'r',
    started_at: '2024-05-01T00:00:00.000Z',
    duration_ms: 1200,
    result: 'success',
    steps: [{ name: 'create', result: 'ok', duration_ms: 1000, borg_rc: 0 }],
    warnings: [],
    ...over,
  };
}

function setup(tmp: () => string, maxBytes?: number) {
  const home = tmp();
  const baseDir = join(home, '.borgboi');
  const config = testConfig(baseDir);
  if (maxBytes) config.logging = { ...config.logging, run_log_max_bytes: maxBytes };
  const store = createLocalStore(storeEnv(home, { config }));
  return { runLog: store.runLog, file: storeLayout(baseDir).runLogFile };
}

describe('JsonlRunLog', () => {
  const tmp = useTempDirs();

  it('appends one line per record (0600) and reads newest first', async () => {
    const { runLog, file } = setup(tmp);
    await runLog.append(record('1'));
    await runLog.append(record('2', { repo: 'other' }));
    await runLog.append(record('3', { command: 'backup run' }));
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(3);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await runLog.read()).map((r) => r.id)).toEqual(['3', '2', '1']);
    expect((await runLog.read({ repo: 'r' })).map((r) => r.id)).toEqual(['3', '1']);
    expect((await runLog.read({ command: 'backup daily' })).map((r) => r.id)).toEqual(['2', '1']);
    expect((await runLog.read({ limit: 1 })).map((r) => r.id)).toEqual(['3']);
    expect((await runLog.last('r'))?.id).toBe('3');
    expect((await runLog.last('r', 'backup daily'))?.id).toBe('1');
    expect(await runLog.last('nobody')).toBeNull();
  });

  it('a final record supersedes its start record; an unfinished start reads as interrupted', async () => {
    const { runLog } = setup(tmp);
    await runLog.append(record('a', { result: 'running', duration_ms: null }));
    await runLog.append(record('b', { result: 'running', duration_ms: null }));
    await runLog.append(record('a', { result: 'partial' }));
    const got = await runLog.read();
    expect(got.map((r) => [r.id, r.result])).toEqual([
      ['a', 'partial'],
      ['b', 'interrupted'],
    ]);
  });

  it('last(repo, command) skips a run that never wrote its final record', async () => {
    const { runLog } = setup(tmp);
    await runLog.append(record('done', { result: 'warning' }));
    await runLog.append(record('killed', { result: 'running', duration_ms: null }));
    expect((await runLog.last('r', 'backup daily'))?.id).toBe('done');
    expect(await runLog.last('r')).toMatchObject({ id: 'killed', result: 'interrupted' });
  });

  it('tolerates a torn last line, and the next append starts on a fresh line', async () => {
    const { runLog, file } = setup(tmp);
    await runLog.append(record('1'));
    appendFileSync(file, '{"id":"torn","comm');
    expect((await runLog.read()).map((r) => r.id)).toEqual(['1']);
    await runLog.append(record('2'));
    expect((await runLog.read()).map((r) => r.id)).toEqual(['2', '1']);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('rotates at run_log_max_bytes, keeps 3 old files, and reads across them', async () => {
    const { runLog, file } = setup(tmp, 4096);
    const big = 'w'.repeat(1500);
    for (let i = 1; i <= 12; i++) await runLog.append(record(String(i), { warnings: [big] }));
    for (const f of [file, `${file}.1`, `${file}.2`, `${file}.3`]) {
      expect(statSync(f).size).toBeLessThanOrEqual(4096);
    }
    expect(existsSync(`${file}.4`)).toBe(false);
    const ids = (await runLog.read()).map((r) => r.id);
    expect(ids.slice(0, 3)).toEqual(['12', '11', '10']);
    expect(ids).toEqual([...ids].sort((a, b) => Number(b) - Number(a)));
    expect(ids.length).toBeLessThan(12);
    expect((await runLog.read({ limit: 4 })).map((r) => r.id)).toEqual(['12', '11', '10', '9']);
  });

  it('reads newest first across 64 KiB chunk boundaries, with multi-byte text split by them', async () => {
    const { runLog } = setup(tmp);
    const text = 'ü€😀'.repeat(700);
    for (let i = 1; i <= 60; i++) await runLog.append(record(String(i), { warnings: [text] }));
    const got = await runLog.read();
    expect(got.map((r) => r.id)).toEqual(Array.from({ length: 60 }, (_, i) => String(60 - i)));
    expect(got.every((r) => r.warnings[0] === text)).toBe(true);
    expect((await runLog.read({ limit: 2 })).map((r) => r.id)).toEqual(['60', '59']);
  });

  it('a start record does not wait for the lock; a final record does', async () => {
    const { runLog, file } = setup(tmp);
    mkdirSync(`${file}.lock`, { recursive: true }); // held by a live writer (fresh mtime)
    await runLog.append(record('s', { result: 'running', duration_ms: null }));
    expect((await runLog.last('r'))?.result).toBe('interrupted');
    const final = runLog.append(record('s'));
    const state = await Promise.race([final.then(() => 'written'), delay(300, 'waiting')]);
    expect(state).toBe('waiting');
    rmSync(`${file}.lock`, { recursive: true });
    await final;
    expect((await runLog.last('r'))?.result).toBe('success');
  });

  it('a start record that would pass run_log_max_bytes rotates under the lock', async () => {
    const { runLog, file } = setup(tmp, 4096);
    await runLog.append(record('1', { warnings: ['w'.repeat(3500)] }));
    await runLog.append(
      record('2', { result: 'running', duration_ms: null, warnings: ['x'.repeat(900)] }),
    );
    expect(readFileSync(`${file}.1`, 'utf8')).toContain('"id":"1"');
    expect(readFileSync(file, 'utf8')).toContain('"id":"2"');
    expect((await runLog.read()).map((r) => [r.id, r.result])).toEqual([
      ['2', 'interrupted'],
      ['1', 'success'],
    ]);
  });

  it('rejects a record that does not match the schema', async () => {
    const { runLog } = setup(tmp);
    await expect(runLog.append({ ...record('x'), result: 'meh' as 'success' })).rejects.toThrow();
    expect(await runLog.read()).toEqual([]);
  });
});
