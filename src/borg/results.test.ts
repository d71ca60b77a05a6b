import { describe, expect, it } from 'vitest';
import { borgFixtureLines } from '../../test/support/recorded-borg.js';
import { EventCollector } from './collector.js';
import { checkFindings, parsePruneLine, parsePruneList } from './results.js';

const ID = '7824b18acc306a6b83e1dd1a90e8ae2b16bd07d898179d88ae874bc261deaf9e';

describe('parsePruneLine', () => {
  it.each([
    [
      `Keeping archive (rule: daily #1):        2026-11-26_05:38:26                  Thu, 2026-11-26 05:38:26 [${ID}]`,
      {
        action: 'keep',
        rule: 'daily #1',
        name: '2026-11-26_05:38:26',
        time: '2026-11-26T05:38:26',
        id: ID,
      },
    ],
    [
      `Keeping checkpoint archive:              a.checkpoint                         Thu, 2026-11-26 05:38:26 [${ID}]`,
      { action: 'keep', rule: 'checkpoint', name: 'a.checkpoint' },
    ],
    [
      `Pruning archive (12/30):                 my archive with spaces               Thu, 2026-11-26 05:38:26 [${ID}]`,
      { action: 'prune', rule: null, name: 'my archive with spaces' },
    ],
    [
      `Would prune:                             first                                Thu, 2026-11-26 05:37:36 [${ID}]`,
      { action: 'prune', name: 'first' },
    ],
  ])('%s', (line, expected) => expect(parsePruneLine(line)).toMatchObject(expected));

  it.each(['terminating with success status, rc 0', 'Keeping archive: no brackets', ''])(
    '%j is not a prune line',
    (line) => expect(parsePruneLine(line)).toBeNull(),
  );
});

describe('parsePruneList on real borg output', () => {
  it('prune-log-json.jsonl: 2 kept, 1 pruned; stats lines ignored', () => {
    const events = new EventCollector({}, true);
    borgFixtureLines('prune-log-json.jsonl').forEach((l) => events.line(l));
    const list = parsePruneList(events.infoLines);
    expect(list.kept.map((a) => [a.name, a.rule])).toEqual([
      ['third', 'secondly #1'],
      ['second', 'secondly #2'],
    ]);
    expect(list.pruned).toEqual([
      {
        name: 'first',
        rule: null,
        time: '2026-11-26T05:37:36',
        id: expect.stringMatching(/^f467c8/),
      },
    ]);
  });

  it('prune-dry-run-list.txt (the same text without JSON): Would prune', () => {
    const lines = borgFixtureLines('prune-dry-run-list.txt').map(parsePruneLine);
    expect(lines.map((l) => l?.action)).toEqual(['keep', 'keep', 'prune']);
  });
});

describe('checkFindings', () => {
  it('splits info report lines from warning/error problems', () => {
    const events = new EventCollector({}, true);
    const line = (levelname: string, message: string) =>
      events.line(
        JSON.stringify({
          type: 'log_message',
          time: 1,
          levelname,
          name: 'borg.repository',
          message,
        }),
      );
    line('INFO', 'Starting repository check');
    line('ERROR', 'Data integrity error: Segment entry checksum mismatch [segment 26, offset 8]');
    line('INFO', 'Finished full repository check, errors found.');
    expect(checkFindings(events)).toEqual({
      problems: ['Data integrity error: Segment entry checksum mismatch [segment 26, offset 8]'],
      report: ['Starting repository check', 'Finished full repository check, errors found.'],
    });
  });
});
