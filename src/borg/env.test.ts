import { describe, expect, it } from 'vitest';
import { buildBorgEnv } from './env.js';

const inherited = {
  PATH: '/usr/bin',
  HOME: '/root',
  BORG_BASE_DIR: '/tmp/b',
  BORG_PASSPHRASE: 'leak',
  BORG_NEW_PASSPHRASE: 'leak',
  BORG_PASSCOMMAND: 'cat /leak',
  BORG_PASSPHRASE_FD: '9',
  BORG_DISPLAY_PASSPHRASE: 'yes',
  BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes',
  BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
  BORG_DELETE_I_KNOW_WHAT_I_AM_DOING: 'YES',
  BORG_CHECK_I_KNOW_WHAT_I_AM_DOING: 'YES',
  BORG_EXIT_CODES: 'modern',
  UNSET: undefined,
};

describe('buildBorgEnv', () => {
  it('drops every inherited passphrase source and prompt answer, keeps the rest', () => {
    expect(buildBorgEnv({ base: inherited, withPassphraseFd: false })).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      BORG_BASE_DIR: '/tmp/b',
      BORG_RELOCATED_REPO_ACCESS_IS_OK: 'no',
      BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'no',
    });
  });

  it.each([
    [{ deleteRepo: true }, { BORG_DELETE_I_KNOW_WHAT_I_AM_DOING: 'YES' }],
    [{ checkRepair: true }, { BORG_CHECK_I_KNOW_WHAT_I_AM_DOING: 'YES' }],
    [{ relocated: true }, { BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes' }],
    [{ unknownUnencrypted: true }, { BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes' }],
  ])('answers %j only when asked', (answers, expected) => {
    expect(buildBorgEnv({ base: {}, withPassphraseFd: false, answers })).toMatchObject(expected);
  });

  it('BORG_PASSPHRASE_FD=3 when the passphrase goes through the pipe', () => {
    const env = buildBorgEnv({ base: inherited, withPassphraseFd: true });
    expect(env.BORG_PASSPHRASE_FD).toBe('3');
    expect(Object.values(env)).not.toContain('leak');
  });
});
