import { describe, expect, it } from 'vitest';
import {
  addCronEntry,
  buildCronEntry,
  CRON_MARKER,
  cronTime,
  findCronEntry,
  removeCronEntry,
} from './cron.js';
import {
  buildServiceUnit,
  buildTimerUnit,
  dailyTimeOf,
  parseUnitFile,
  type ScheduleSpec,
} from './systemd-units.js';

const spec = (over: Partial<ScheduleSpec> = {}): ScheduleSpec => ({
  nodePath: '/usr/bin/node',
  cliPath: '/opt/borgboi/bin/borgboi.js',
  globalArgs: [],
  time: { hour: 2, minute: 30 },
  randomizedDelaySec: 1800,
  env: {},
  scope: 'system',
  ...over,
});

describe('systemd units', () => {
  it('the service runs the daily backup of every repo, niced and idle-IO', () => {
    const unit = parseUnitFile(buildServiceUnit(spec({ env: { BORGBOI_HOME: '/srv/bb' } })));
    expect(unit.Service).toEqual({
      Type: ['oneshot'],
      ExecStart: ['/usr/bin/node /opt/borgboi/bin/borgboi.js backup daily --all --log-format json'],
      Environment: ['BORGBOI_HOME=/srv/bb'],
      Nice: ['10'],
      IOSchedulingClass: ['idle'],
    });
    expect(unit.Unit).toMatchObject({
      After: ['network-online.target'],
      Wants: ['network-online.target'],
    });
  });

  it('user units do not depend on network-online.target (the user manager has none)', () => {
    expect(parseUnitFile(buildServiceUnit(spec({ scope: 'user' }))).Unit).not.toHaveProperty(
      'After',
    );
  });

  it('the timer is persistent with a randomized delay', () => {
    const unit = parseUnitFile(
      buildTimerUnit(spec({ time: { hour: 23, minute: 5 }, randomizedDelaySec: 5400 })),
    );
    expect(unit.Timer).toEqual({
      OnCalendar: ['*-*-* 23:05:00'],
      RandomizedDelaySec: ['1h 30min'],
      Persistent: ['true'],
      Unit: ['borgboi-daily.service'],
    });
    expect(unit.Install).toEqual({ WantedBy: ['timers.target'] });
    expect(dailyTimeOf(unit.Timer!.OnCalendar![0]!)).toEqual({ hour: 23, minute: 5 });
  });

  it.each([
    ['/opt/my borgboi/bin/borgboi.js', '"/opt/my borgboi/bin/borgboi.js"'],
    ['/opt/100%/borgboi.js', '/opt/100%%/borgboi.js'],
    ['/opt/$HOME/borgboi.js', '/opt/$$HOME/borgboi.js'],
    ['/opt/"q"/b.js', '"/opt/\\"q\\"/b.js"'],
  ])('quotes the script path %j as %s', (cliPath, word) => {
    const exec = parseUnitFile(buildServiceUnit(spec({ cliPath }))).Service!.ExecStart![0]!;
    expect(exec).toBe(`/usr/bin/node ${word} backup daily --all --log-format json`);
  });

  it('passes --config through and quotes Environment values with spaces', () => {
    const s = spec({ globalArgs: ['--config', '/etc/bb.yaml'], env: { BORGBOI_HOME: '/srv/b b' } });
    const unit = parseUnitFile(buildServiceUnit(s));
    expect(unit.Service!.ExecStart![0]).toContain('borgboi.js --config /etc/bb.yaml backup daily');
    expect(unit.Service!.Environment).toEqual(['"BORGBOI_HOME=/srv/b b"']);
  });

  it.each(['OnCalendar=daily', '*-*-* 2:30', 'Mon *-*-* 02:30:00'])(
    'dailyTimeOf(%j) is null (not ours)',
    (s) => {
      expect(dailyTimeOf(s)).toBeNull();
    },
  );

  it('parseUnitFile refuses a key outside a section', () => {
    expect(() => parseUnitFile('Key=1\n[A]\n')).toThrow(/not a unit file line/);
  });
});

describe('cron entry', () => {
  it('is a marker line plus one daily job line, shell-quoted, % escaped', () => {
    const s = spec({ env: { BORGBOI_HOME: "/srv/it's" }, cliPath: '/opt/50%/b.js' });
    const entry = buildCronEntry(s, { hour: 2, minute: 30 }, '/srv/log dir/schedule.log');
    expect(entry.split('\n')).toEqual([
      CRON_MARKER,
      "30 2 * * * BORGBOI_HOME='/srv/it'\\''s' /usr/bin/node '/opt/50\\%/b.js' " +
        "backup daily --all --log-format json >> '/srv/log dir/schedule.log' 2>&1",
      '',
    ]);
  });

  it.each([
    [0, 1800, { hour: 2, minute: 30 }],
    [0.5, 1800, { hour: 2, minute: 45 }],
    [0.999, 1800, { hour: 2, minute: 59 }],
    [0.999, 0, { hour: 2, minute: 30 }],
  ])('cronTime with random %d and delay %d s', (r, delay, at) => {
    expect(cronTime(spec({ randomizedDelaySec: delay }), () => r)).toEqual(at);
  });

  it('wraps past midnight', () => {
    expect(cronTime(spec({ time: { hour: 23, minute: 50 } }), () => 0.9)).toEqual({
      hour: 0,
      minute: 17,
    });
  });

  it('adds to, finds in and removes from a crontab without touching other lines', () => {
    const other = 'MAILTO=root\n0 5 * * * /usr/bin/other-job';
    const entry = buildCronEntry(spec(), { hour: 4, minute: 7 }, '/l.log');
    const added = addCronEntry(other, entry);
    expect(added).toBe(`${other}\n${entry}`);
    expect(findCronEntry(added)).toEqual({
      line: entry.split('\n')[1],
      time: { hour: 4, minute: 7 },
    });
    expect(removeCronEntry(added)).toBe(`${other}\n`);
    expect(findCronEntry(other)).toBeNull();
    expect(removeCronEntry(other)).toBe(other);
    expect(addCronEntry('', entry)).toBe(entry);
  });
});
