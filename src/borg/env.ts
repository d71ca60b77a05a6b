/**
 * borg's environment. Built from the caller's base env with every variable that could supply
 * a passphrase or answer a prompt removed, then only the narrow answers a verb needs added.
 * (borg-1.2.md §2: BORG_PASSPHRASE and BORG_PASSCOMMAND win over BORG_PASSPHRASE_FD, so they
 * must go; an inherited `*_IS_OK=yes` would silently accept a relocated repository.)
 */

/** The fd on which the runner writes the passphrase (stdio index 3). */
export const PASSPHRASE_FD = 3;

const REMOVED = new Set([
  'BORG_PASSPHRASE',
  'BORG_NEW_PASSPHRASE',
  'BORG_PASSCOMMAND',
  'BORG_PASSPHRASE_FD',
  'BORG_DISPLAY_PASSPHRASE',
  'BORG_RELOCATED_REPO_ACCESS_IS_OK',
  'BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK',
  'BORG_DELETE_I_KNOW_WHAT_I_AM_DOING',
  'BORG_CHECK_I_KNOW_WHAT_I_AM_DOING',
  // Our rc classification is borg 1.2's 0/1/2/128+N; a user's `modern` would change it on 1.4.
  'BORG_EXIT_CODES',
]);

/** Answers to borg's prompts; each is set only for the call that needs it. */
export interface PromptAnswers {
  /** `borg delete REPO` asks to type YES. */
  deleteRepo?: boolean | undefined;
  /** `borg check --repair` asks to type YES. */
  checkRepair?: boolean | undefined;
  /** "repository was previously located at …": only after `repo move` / S3 restore. */
  relocated?: boolean | undefined;
  /** "previously unknown unencrypted repository": only for import / restore of `none` repos. */
  unknownUnencrypted?: boolean | undefined;
}

export interface BorgEnvInput {
  base: Readonly<Record<string, string | undefined>>;
  withPassphraseFd: boolean;
  answers?: PromptAnswers | undefined;
}

export function buildBorgEnv(input: BorgEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.base)) {
    if (v !== undefined && !REMOVED.has(k)) env[k] = v;
  }
  const a = input.answers ?? {};
  // The yes/no prompts get an explicit answer either way, so borg never waits for one.
  env.BORG_RELOCATED_REPO_ACCESS_IS_OK = a.relocated ? 'yes' : 'no';
  env.BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK = a.unknownUnencrypted ? 'yes' : 'no';
  // The destructive ones accept exactly `YES`; left unset they abort (stdin is not a TTY).
  if (a.deleteRepo) env.BORG_DELETE_I_KNOW_WHAT_I_AM_DOING = 'YES';
  if (a.checkRepair) env.BORG_CHECK_I_KNOW_WHAT_I_AM_DOING = 'YES';
  if (input.withPassphraseFd) env.BORG_PASSPHRASE_FD = String(PASSPHRASE_FD);
  return env;
}
