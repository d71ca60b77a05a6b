import type { OutputHandlers } from '../../borg/types.js';
import type { S3Progress } from '../../aws/types.js';
import type { RunStep } from '../models/index.js';
import type { PassphraseRequest } from '../../storage/types.js';

// Shared by every Orchestrator call: how a repo is named, the steps, the observer.

/** How a verb names its repository: by name, by path, or (neither) "this host's only repo". */
export type RepoRef =
  | { kind: 'name'; name: string }
  | { kind: 'path'; path: string }
  | { kind: 'default' };

export type StepName =
  | 'resolve'
  | 'hooks:before'
  | 'create'
  | 'prune'
  | 'compact'
  | 'check'
  | 'sync'
  | 'info'
  | 'metadata'
  | 'hooks:after'
  | 'hooks:error'
  | 'hooks:recovered'
  | 'notify'
  | 'textfile';

/** Live feedback for the CLI (spinners, progress line, notices). All optional. */
export interface WorkflowObserver {
  stepStarted?(e: { repo: string; step: StepName | string }): void;
  stepFinished?(e: {
    repo: string;
    step: StepName | string;
    result: RunStep['result'];
    durationMs: number;
    message?: string | undefined;
    /** borg's exit status of the step (0 ok, 1 warning, >= 2 failed); absent when no borg ran. */
    borgRc?: number | null | undefined;
  }): void;
  /** borg's parsed --log-json events of the current step. */
  borg?: OutputHandlers | undefined;
  s3?: ((p: S3Progress) => void) | undefined;
  /** Things done on the user's behalf: permissions fixed, stale lock cleared, passphrase migrated. */
  notice?(message: string): void;
}

/** Common to every call that opens a repo. */
export interface RepoCall {
  ref: RepoRef;
  passphrase?: PassphraseRequest | undefined;
  observer?: WorkflowObserver | undefined;
  signal?: AbortSignal | undefined;
}
