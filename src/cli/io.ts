/** Where a command writes, and what the terminal can do. Built by src/bin; tests use createTestIo. */
export interface TextSink {
  write(text: string): unknown;
}

export interface IoStreams {
  stdout: TextSink;
  stderr: TextSink;
  /** Readable stdin for prompts and editors; null when not available. */
  stdin: NodeJS.ReadableStream | null;
  isStdinTTY: boolean;
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  /** Terminal width for tables and progress lines. */
  columns: number;
}

export interface TestIo extends IoStreams {
  out(): string;
  err(): string;
}

export function createTestIo(
  opts: Partial<Pick<IoStreams, 'isStdinTTY' | 'isStdoutTTY' | 'isStderrTTY' | 'columns'>> = {},
): TestIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    stdin: null,
    isStdinTTY: opts.isStdinTTY ?? false,
    isStdoutTTY: opts.isStdoutTTY ?? false,
    isStderrTTY: opts.isStderrTTY ?? false,
    columns: opts.columns ?? 100,
    out: () => out,
    err: () => err,
  };
}
