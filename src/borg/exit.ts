import { constants } from 'node:os';
import { BorgError, InterruptedError, type BorgErrorKind } from '../core/errors.js';
import type { BorgErrorLine } from './collector.js';
import type { RunOutcome } from './runner.js';
import type { BorgRunInfo } from './types.js';

/**
 * Exit classification. borg 1.2 has rc 0 (ok), 1 (warning, the work was done), 2 (error) and
 * 128+N (signal N); errors are told apart by the `msgid` of their `--log-json` line.
 */
export function isWarning(rc: number | null): boolean {
  return rc === 1;
}

export function isFatal(rc: number | null, signal: string | null = null): boolean {
  return signal !== null || rc === null || rc >= 2;
}

const kindByMsgid: Record<string, BorgErrorKind> = {
  PassphraseWrong: 'passphrase-wrong',
  NoPassphraseFailure: 'passphrase-missing',
  PasscommandFailure: 'passphrase-missing',
  PasswordRetriesExceeded: 'passphrase-missing',
  'Repository.DoesNotExist': 'repo-missing',
  'Repository.ParentPathDoesNotExist': 'repo-missing',
  'Repository.InvalidRepository': 'not-a-repo',
  'Repository.InvalidRepositoryConfig': 'not-a-repo',
  'Repository.AtticRepository': 'not-a-repo',
  NoManifestError: 'not-a-repo',
  'Repository.AlreadyExists': 'repo-exists',
  'Repository.PathAlreadyExists': 'repo-exists',
  'Archive.DoesNotExist': 'archive-missing',
  'Archive.AlreadyExists': 'archive-exists',
  LockTimeout: 'lock-timeout',
  'Repository.StorageQuotaExceeded': 'quota-exceeded',
  'Repository.InsufficientFreeSpaceError': 'quota-exceeded',
  'Cache.RepositoryAccessAborted': 'relocated',
  'Cache.CacheInitAbortedError': 'aborted',
  'Signal.SIGTERM': 'interrupted',
  'Signal.SIGHUP': 'interrupted',
};

export function kindFromMsgid(msgid: string | undefined): BorgErrorKind {
  return (msgid && kindByMsgid[msgid]) || 'unknown';
}

const hints: Record<BorgErrorKind, string> = {
  'passphrase-wrong':
    "check the repo's key file (passphrases/<repo>.key) or pass --passphrase-file",
  'passphrase-missing': 'pass --passphrase-file or store the passphrase in the key file',
  'repo-missing': "see 'borgboi repo list' and check the repository path",
  'not-a-repo': "the path is not a (complete) borg repository; see 'borgboi repo list'",
  'repo-exists': "choose another path, or register it with 'borgboi repo import'",
  'archive-missing': "see 'borgboi backup list' for the archive names",
  'archive-exists': 'choose another archive name',
  'lock-timeout':
    "another borg holds the lock; wait for it, or if none is running use 'borg break-lock REPO'",
  'quota-exceeded': "raise it with 'borgboi repo set-quota', or prune and compact old archives",
  relocated: "the repository moved; register the new path with 'borgboi repo move'",
  aborted: 'borg refused to continue without a confirmation; see the message',
  interrupted: 'run the command again',
  'check-failed': "run 'borgboi repo check --repair' after backing up the repository",
  unknown: "run with --debug to see borg's full output",
};

export function hintFor(kind: BorgErrorKind): string {
  return hints[kind];
}

/** borg reports 128+N after catching signal N; a null rc means it was killed outright. */
export function signalFromRc(rc: number | null, signal: string | null): string | null {
  if (signal) return signal;
  if (rc === null || rc <= 128 || rc > 128 + 64) return null;
  const entry = Object.entries(constants.signals).find(([, n]) => n === rc - 128);
  return entry ? entry[0] : `signal ${rc - 128}`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** The last line of a Python traceback that names the exception (`OSError: [Errno 9] …`). */
function exceptionLine(errors: readonly BorgErrorLine[]): string | undefined {
  const lines = errors.flatMap((e) => e.message.split('\n'));
  return lines.reverse().find((l) => /^[\w.]+(Error|Exception)\b.*:/.test(l));
}

/** The one line that says what went wrong: borg's msgid'd error, else the best plain line. */
function summaryLine(o: RunOutcome): string {
  const errors = o.events.errors;
  const chosen = [...errors].reverse().find((e) => e.msgid) ?? errors.at(-1);
  if (chosen?.msgid === 'Exception') return exceptionLine(errors) ?? firstLine(chosen.message);
  if (chosen) return firstLine(chosen.message);
  const prompt = o.events.refusedPrompts.at(-1);
  if (prompt) return `borg asked for a confirmation (${prompt}) and none was given`;
  const raw = o.events.rawTail.filter((l) => !l.startsWith('terminating with '));
  return [...raw].reverse().find((l) => /error|exception/i.test(l)) ?? raw.at(-1) ?? '';
}

function failureKind(o: RunOutcome): BorgErrorKind {
  const errors = o.events.errors;
  const byMsgid = kindFromMsgid([...errors].reverse().find((e) => e.msgid)?.msgid);
  if (byMsgid !== 'unknown') return byMsgid;
  if (o.events.refusedPrompts.length > 0) return 'aborted';
  const ctrlC = errors.some((e) => e.message === 'Got Ctrl-C / SIGINT.');
  if (signalFromRc(o.rc, o.signal) || ctrlC) return 'interrupted';
  return 'unknown';
}

/** Builds the one-line BorgError of a failed run (rc >= 2 or a signal). */
export function borgErrorFrom(o: RunOutcome, command: readonly string[]): BorgError {
  const errors = o.events.errors;
  const kind = failureKind(o);
  const signal = signalFromRc(o.rc, o.signal);
  const status = signal ? `killed by ${signal}` : `exit status ${o.rc}`;
  const verb = command[0] === 'key' ? 'key export' : (command[0] ?? 'borg');
  const tail = errors.length > 0 ? errors.map((e) => e.message) : o.events.rawTail;
  return new BorgError(`borg ${verb} failed: ${summaryLine(o) || status}`, {
    kind,
    rc: o.signal ? null : o.rc,
    signal,
    command,
    stderrTail: [...tail],
    msgid: [...errors].reverse().find((e) => e.msgid)?.msgid,
    hint: hintFor(kind),
  });
}

/**
 * rc 0/1 → what the caller reports; an abort we asked for → InterruptedError (its cause holds
 * borg's own error, e.g. the checkpoint message); anything else fatal → BorgError.
 */
export function classifyOutcome(o: RunOutcome, command: readonly string[]): BorgRunInfo {
  if (o.interruptedBy) {
    const cause = isFatal(o.rc, o.signal) ? borgErrorFrom(o, command) : undefined;
    throw new InterruptedError(o.interruptedBy, cause);
  }
  if (o.events.handlerError !== undefined) throw o.events.handlerError;
  if (!o.stopped && isFatal(o.rc, o.signal)) throw borgErrorFrom(o, command);
  if (o.rc !== 1) return { rc: 0, warnings: [], durationMs: o.durationMs };
  // rc 1: the warnings are borg's warning-level messages (at rc 0 they are notices, e.g. init's).
  const warnings = [...o.events.warnings];
  if (o.events.droppedWarnings > 0) {
    warnings.push({ message: `… and ${o.events.droppedWarnings} more warnings` });
  }
  return { rc: 1, warnings, durationMs: o.durationMs };
}
