import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { formatTimespan, nextDailyRun, parseDailyTime, parseDelay } from './time.js';

describe('parseDailyTime', () => {
  it.each([
    ['02:30', { hour: 2, minute: 30 }],
    ['2:30', { hour: 2, minute: 30 }],
    ['00:00', { hour: 0, minute: 0 }],
    ['23:59', { hour: 23, minute: 59 }],
    [' 07:05 ', { hour: 7, minute: 5 }],
  ])('%j', (text, t) => expect(parseDailyTime(text)).toEqual(t));

  it.each(['24:00', '12:60', '7:5', 'noon', '', '12', '12:00:00', '-1:00', '1230'])(
    'rejects %j',
    (text) => {
      expect(() => parseDailyTime(text)).toThrow(ValidationError);
      expect(() => parseDailyTime(text)).toThrow(
        /is not a time of day; write HH:MM from 00:00 to 23:59 \(e.g. 02:30\)/,
      );
    },
  );
});

describe('parseDelay', () => {
  it.each([
    ['30m', 1800],
    ['30min', 1800],
    ['1h', 3600],
    ['1h30m', 5400],
    ['1h 30min', 5400],
    ['90s', 90],
    ['90', 90],
    ['0', 0],
    ['23h59m', 86_340],
  ])('%j = %d s', (text, s) => expect(parseDelay(text)).toBe(s));

  it.each(['', 'soon', '-5m', '24h', '2d', '1.5h', 'm', '30x', '1h 2h'])('rejects %j', (text) => {
    expect(() => parseDelay(text)).toThrow(
      /is not a delay below 24h; write e.g. 30m, 1h, 1h30m or 0/,
    );
  });

  it.each([
    [0, '0'],
    [45, '45s'],
    [1800, '30min'],
    [5400, '1h 30min'],
    [3661, '1h 1min 1s'],
  ])('formatTimespan(%d) = %j', (s, text) => expect(formatTimespan(s)).toBe(text));
});

describe('nextDailyRun (local time)', () => {
  const at = (h: number, m: number, day = 10) => new Date(2026, 10, day, h, m, 0, 0);
  it.each([
    [at(1, 0), { hour: 2, minute: 30 }, at(2, 30)],
    [at(2, 30), { hour: 2, minute: 30 }, at(2, 30, 11)],
    [at(23, 59), { hour: 0, minute: 0 }, at(0, 0, 11)],
  ])('after %s', (now, time, next) => expect(nextDailyRun(time, now)).toEqual(next));
});
