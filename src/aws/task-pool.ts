/**
 * Runs `work` over items with at most `concurrency` in flight. The queue is the array itself
 * (workers pull the next index), so memory stays flat whatever the number of files. The first
 * failure stops new work; in-flight items finish (their own aborts are the caller's business),
 * then that failure is thrown.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && !signal?.aborted) {
      const i = next++;
      if (i >= items.length) return;
      try {
        await work(items[i] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const n = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/** A counting semaphore: bounds how many multipart uploads buffer parts at once. */
export class Semaphore {
  #free: number;
  readonly #waiters: (() => void)[] = [];

  constructor(slots: number) {
    this.#free = Math.max(1, slots);
  }

  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiters.push(resolve));
    try {
      return await fn();
    } finally {
      const wake = this.#waiters.shift();
      if (wake) wake();
      else this.#free++;
    }
  }
}

/** Splits items into the ordered phases given by `phaseOf` (empty phases dropped). */
export function byPhase<T>(items: readonly T[], phaseOf: (item: T) => number): T[][] {
  const phases: T[][] = [];
  for (const item of items) (phases[phaseOf(item)] ??= []).push(item);
  return phases.filter((p) => p !== undefined && p.length > 0);
}
