import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUnitFile } from '../../src/schedule/systemd-units.js';
import { BIN, runBorgboi } from '../support/cli.js';
import { useTempDirs } from '../support/temp.js';

const tmp = useTempDirs();
const hasSystemdAnalyze = spawnSync('sh', ['-c', 'command -v systemd-analyze']).status === 0;

/** Splits `--print` output (`# path` header before each unit) into files. */
function splitUnits(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const chunk of stdout.split(/^# (?=\/)/m).filter(Boolean)) {
    const [path, ...rest] = chunk.split('\n');
    out[path!] = `${rest.join('\n').trimEnd()}\n`;
  }
  return out;
}

describe('borgboi schedule install --print', () => {
  it('systemd: a service + timer that systemd itself accepts', async () => {
    const home = tmp();
    const r = await runBorgboi(
      [
        'schedule',
        'install',
        '--systemd',
        '--print',
        '--time',
        '03:15',
        '--randomized-delay',
        '45m',
      ],
      { env: { BORGBOI_HOME: home } },
    );
    expect(r.code).toBe(0);
    const units = splitUnits(r.stdout);
    expect(Object.keys(units)).toEqual([
      '/etc/systemd/system/borgboi-daily.service',
      '/etc/systemd/system/borgboi-daily.timer',
    ]);
    const service = parseUnitFile(units['/etc/systemd/system/borgboi-daily.service']!);
    const timer = parseUnitFile(units['/etc/systemd/system/borgboi-daily.timer']!);
    expect(service.Service!.ExecStart).toEqual([
      `${process.execPath} ${BIN} backup daily --all --log-format json`,
    ]);
    expect(service.Service!.Environment).toEqual([`BORGBOI_HOME=${home}`]);
    expect(service.Service).toMatchObject({
      Nice: ['10'],
      IOSchedulingClass: ['idle'],
      Type: ['oneshot'],
    });
    expect(timer.Timer).toMatchObject({
      OnCalendar: ['*-*-* 03:15:00'],
      RandomizedDelaySec: ['45min'],
      Persistent: ['true'],
    });
    expect(existsSync(join(home, '.borgboi'))).toBe(false);

    if (hasSystemdAnalyze) {
      const dir = tmp();
      for (const [path, text] of Object.entries(units))
        writeFileSync(join(dir, path.split('/').at(-1)!), text);
      const v = spawnSync(
        'systemd-analyze',
        ['verify', join(dir, 'borgboi-daily.timer'), join(dir, 'borgboi-daily.service')],
        { encoding: 'utf8' },
      );
      expect(v.stderr).toBe('');
      expect(v.status).toBe(0);
    }
  });

  it('cron: one marker line and a daily job line that sh can run as cron would', async () => {
    const home = tmp();
    const r = await runBorgboi(
      ['schedule', 'install', '--cron', '--print', '--time', '04:00', '--randomized-delay', '0'],
      {
        env: { BORGBOI_HOME: home },
      },
    );
    expect(r.code).toBe(0);
    const [marker, line, end] = r.stdout.split('\n');
    expect(marker).toMatch(/^# borgboi daily backup \(managed by 'borgboi schedule'/);
    expect(end).toBe('');
    const m = /^(\d+) (\d+) \* \* \* (.*)$/.exec(line!);
    expect(m?.slice(1, 3)).toEqual(['0', '4']);
    expect(m![3]).toBe(
      `BORGBOI_HOME=${home} ${process.execPath} ${BIN} backup daily --all --log-format json >> ${join(home, '.borgboi', 'logs', 'schedule.log')} 2>&1`,
    );
    // Run the command part the way cron does (sh -c, % unescaped) to prove the quoting works.
    mkdirSync(join(home, '.borgboi', 'logs'), { recursive: true });
    const ran = spawnSync('sh', ['-c', m![3]!.replace(/\\%/g, '%')], {
      env: { PATH: process.env.PATH },
    });
    expect([126, 127]).not.toContain(ran.status);
    expect(existsSync(join(home, '.borgboi', 'logs', 'schedule.log'))).toBe(true);
  });

  it('--json prints the units as one document', async () => {
    const r = await runBorgboi(
      ['schedule', 'install', '--systemd', '--print', '--json', '--user'],
      { env: { BORGBOI_HOME: tmp(), HOME: '/home/x' } },
    );
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('systemd');
    expect(doc.units.timer.path).toBe('/home/x/.config/systemd/user/borgboi-daily.timer');
    expect(doc.units.service.text).toContain('ExecStart=');
  });
});

describe('borgboi schedule install / show / remove (temp unit dir)', () => {
  it('installs, shows the next run, refuses a duplicate, removes', async () => {
    const home = tmp();
    const units = join(tmp(), 'units');
    const env = { BORGBOI_HOME: home };
    const inst = await runBorgboi(
      ['schedule', 'install', '--systemd', '--unit-dir', units, '--time', '01:45'],
      { env },
    );
    expect(inst.code).toBe(0);
    expect(inst.stdout).toMatch(
      /^installed systemd timer: .*borgboi-daily.service, .*borgboi-daily.timer\nnext run: \d{4}-\d\d-\d\d 01:45 \(local\)/,
    );
    expect(inst.stderr).toMatch(/units written only; enable them with: systemctl daemon-reload/);
    expect(readdirSync(units).sort()).toEqual(['borgboi-daily.service', 'borgboi-daily.timer']);

    const show = await runBorgboi(['schedule', 'show', '--unit-dir', units, '--json'], { env });
    expect(show.code).toBe(0);
    const doc = JSON.parse(show.stdout);
    expect(doc.systemd).toMatchObject({
      onCalendar: '*-*-* 01:45:00',
      next: { source: 'computed' },
    });
    expect(new Date(doc.systemd.next.at).getMinutes()).toBe(45);

    const dup = await runBorgboi(['schedule', 'install', '--systemd', '--unit-dir', units], {
      env,
    });
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(
      /^Error: a borgboi schedule is already installed \(systemd timer .*\); see 'borgboi schedule show'/,
    );

    const rm = await runBorgboi(['schedule', 'remove', '--unit-dir', units], { env });
    expect(rm.code).toBe(0);
    expect(readdirSync(units)).toEqual([]);
    const again = await runBorgboi(['schedule', 'show', '--unit-dir', units], { env });
    expect(again.stdout).toBe(
      "no borgboi schedule installed; add one with 'borgboi schedule install'\n",
    );
  });

  const bad: Array<[string[], RegExp]> = [
    [['--time', '24:00'], /--time '24:00' is not a time of day; write HH:MM from 00:00 to 23:59/],
    [['--time', '7:5'], /--time '7:5' is not a time of day/],
    [['--time', 'noon'], /--time 'noon'/],
    [['--time', ''], /--time '' is not a time of day/],
    [['--randomized-delay', '2d'], /--randomized-delay '2d' is not a delay below 24h/],
    [['--randomized-delay', '-5m'], /--randomized-delay '-5m'/],
    [['--systemd', '--cron'], /give either --systemd or --cron, not both/],
    [['--unit-dir', ''], /--unit-dir: must not be empty/],
  ];

  it.each(bad)('bad input %j → exit 2, one line, nothing written', async (args, message) => {
    const home = tmp();
    const units = join(home, 'units');
    const r = await runBorgboi(['schedule', 'install', '--systemd', '--unit-dir', units, ...args], {
      env: { BORGBOI_HOME: home },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(home)).toEqual([]);
  });
});

describe('the scheduled command really starts borgboi', () => {
  it('ExecStart of the printed service runs the built CLI', () => {
    const out = execFileSync(
      process.execPath,
      [BIN, 'schedule', 'install', '--systemd', '--print'],
      {
        env: { PATH: process.env.PATH, BORGBOI_HOME: tmp() },
        encoding: 'utf8',
      },
    );
    const exec = /^ExecStart=(\S+) (\S+) /m.exec(out)!;
    expect(exec[1]).toBe(process.execPath);
    expect(existsSync(exec[2]!)).toBe(true);
  });
});
