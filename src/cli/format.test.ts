import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatDuration, formatTimestamp, renderTable } from './format.js';

describe('format', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [10 * 1024 * 1024, '10.0 MiB'],
    [300 * 1024 ** 3, '300 GiB'],
    [null, '-'],
  ])('formatBytes(%s) = %s', (n, s) => expect(formatBytes(n)).toBe(s));

  it.each([
    [250, '250 ms'],
    [1_234, '1.2 s'],
    [65_000, '1m 05s'],
    [2 * 3600_000 + 10 * 60_000, '2h 10m'],
    [3 * 86_400_000 + 4 * 3600_000, '3d 4h'],
  ])('formatDuration(%s) = %s', (ms, s) => expect(formatDuration(ms)).toBe(s));

  it('formatAge', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(formatAge(null, now)).toBe('never');
    expect(formatAge('2026-11-26T11:59:30Z', now)).toBe('just now');
    expect(formatAge('2026-11-26T09:00:00Z', now)).toBe('3h 00m ago');
  });

  it('formatTimestamp keeps borg naive local times and shows UTC for ours', () => {
    expect(formatTimestamp('2026-11-26T05:38:26.000000')).toBe('2026-11-26 05:38:26');
    // borg prune's listing time (the 'T' of 'Tue' is not the ISO separator)
    expect(formatTimestamp('Tue, 2026-12-01 23:07:27')).toBe('Tue, 2026-12-01 23:07:27');
    expect(formatTimestamp('2026-11-26T05:38:26.123Z')).toBe('2026-11-26 05:38 UTC');
  });

  it('renderTable pads columns and right-aligns numbers', () => {
    const t = renderTable(
      [
        { n: 'alpha', s: '1 B' },
        { n: 'b', s: '10.0 MiB' },
      ],
      [
        { header: 'NAME', value: (r) => r.n },
        { header: 'SIZE', value: (r) => r.s, align: 'right' },
      ],
    );
    expect(t).toBe('NAME       SIZE\nalpha       1 B\nb      10.0 MiB');
  });
});
