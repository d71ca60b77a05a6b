import { inspect } from 'node:util';

const REDACTED = '***REDACTED***';

/**
 * A passphrase. Its value is reachable only through `reveal()`; printing, string
 * interpolation, JSON and util.inspect all give `***REDACTED***`, so a passphrase cannot reach
 * logs, `--json` output or error text by accident.
 */
export class Passphrase {
  readonly #value: string;

  private constructor(value: string) {
    this.#value = value;
  }

  static of(value: string): Passphrase {
    return new Passphrase(value);
  }

  /** The secret itself: call only where it is handed to borg (via a pipe) or written to its file. */
  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  equals(other: Passphrase): boolean {
    return this.#value === other.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Passphrase(${REDACTED})`;
  }
}

export function isPassphrase(value: unknown): value is Passphrase {
  return value instanceof Passphrase;
}
